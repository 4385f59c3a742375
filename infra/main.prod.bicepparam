using 'main.bicep'

// Production: three availability zones, zone-redundant database, SLA-backed AKS tier, private-only
// registry, vault, storage and database, and the Front Door edge (second pass; see main.bicep).
// Every value is a plain literal: the cost estimator reads this file by parameter name.

param environment = 'prod'
param location = 'westeurope'
param owner = 'platform-team'
param costCenter = 'cc-platform'

// The portal repository whose workflow deploys this (its CI identities trust it).
param portalRepository = 'commerce/commerce-platform-portal'

// CI's GitHub-hosted runners join a VNet in the nearest region GitHub supports for Azure private
// networking (westeurope is not one), peered with the platform VNet. The organization's database
// id is the workflow's github.repository_owner_id (portal.yml sets it); by hand:
// GITHUB_ORGANIZATION_DATABASE_ID=$(gh api orgs/commerce --jq .id).
param runnerLocation = 'northeurope'
param githubOrganizationDatabaseId = readEnvironmentVariable('GITHUB_ORGANIZATION_DATABASE_ID')

param aksTier = 'Standard'
param availabilityZones = ['1', '2', '3']
param systemNodeVmSize = 'Standard_D2ds_v5'
param systemNodeCount = 3
param systemNodeMaxCount = 5
param userNodeVmSize = 'Standard_D4ds_v5'
param userNodeMinCount = 3
param userNodeMaxCount = 10
param aksNodeResourceGroup = 'rg-commerce-platform-aks-nodes'

// The very first deployment of a new environment overrides this with deployFrontDoor=false on the
// command line: the gateway's Private Link Service does not exist yet (main.bicep, edge.bicep).
param deployFrontDoor = true
param gatewayPrivateLinkServiceName = 'pls-commerce-gateway'
param frontDoorRateLimitPerMinute = 2000

param containerRegistrySku = 'Premium'
param keyVaultSku = 'standard'

param logDailyQuotaGb = 2
param logRetentionDays = 30

param portalDatabaseTier = 'GeneralPurpose'
param portalDatabaseSkuName = 'Standard_D2ds_v5'
param portalDatabaseHighAvailability = 'ZoneRedundant'
param portalDatabaseStorageGb = 32

param techDocsStorageSku = 'Standard_ZRS'

// Object IDs of the Entra groups that administer the cluster (local accounts are disabled, so
// without one only the portal's read access exists). Fill in before the first deployment.
param clusterAdminGroupObjectIds = []
