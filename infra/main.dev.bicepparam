using 'main.bicep'

// Dev: NOT zone-redundant (no availability zones, database without high availability, LRS
// storage, Free AKS tier without SLA) and NO edge: Front Door and the WAF are never deployed here,
// so the gateway is reached from inside the VNet only. The registry is Basic, hence public and
// without a private endpoint; vault and storage keep their private endpoints but also allow
// public access (still Entra-only). Same shape as prod, a fraction of the cost.
// Known limit: Key Vault kv-commerce-platform and registry commerceplatform keep their names here
// too (generated services hard-code them), and those names are unique across all of Azure, in any
// subscription. Until they get an environment suffix, dev and prod cannot exist at the same time.
// Every value is a plain literal: the cost estimator reads this file by parameter name.

param environment = 'dev'
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

param aksTier = 'Free'
param availabilityZones = []
param systemNodeVmSize = 'Standard_D2ds_v5'
param systemNodeCount = 1
param systemNodeMaxCount = 2
param userNodeVmSize = 'Standard_D2ds_v5'
param userNodeMinCount = 1
param userNodeMaxCount = 3
param aksNodeResourceGroup = 'rg-commerce-platform-dev-aks-nodes'

param deployFrontDoor = false
param gatewayPrivateLinkServiceName = 'pls-commerce-gateway'
param frontDoorRateLimitPerMinute = 2000

param containerRegistrySku = 'Basic'
param keyVaultSku = 'standard'

// Whole GB only (the parameter is an int): 1 GB a day is plenty for dev.
param logDailyQuotaGb = 1
param logRetentionDays = 30

param portalDatabaseTier = 'Burstable'
// B2s, not B1ms: B1ms allows 50 connections, and two portal replicas (one database per plugin,
// each with its own pool) were measured at 57 at peak (packages/backend/src/replicas.integration.test.ts).
param portalDatabaseSkuName = 'Standard_B2s'
param portalDatabaseHighAvailability = 'Disabled'
param portalDatabaseStorageGb = 32

param techDocsStorageSku = 'Standard_LRS'

// Object IDs of the Entra groups that administer the cluster.
param clusterAdminGroupObjectIds = []
