// The shared Azure platform of the commerce company: the AKS cluster every service runs on, its
// registry, vault and observability, the developer portal's own database, identity and TechDocs
// storage, and the public edge (Front Door Premium + WAF). One region, three availability zones
// in prod, aiming at 99.99 % for the commerce services for under $3,000 a month.
//
// Generated services find these by name in rg-commerce-platform (keep the names in step with
// packages/generator-commerce-service/src/platform.ts): Log Analytics workspace
// log-commerce-platform, registry commerceplatform (commerceplatform.azurecr.io; each service
// pushes to its own repository only), and the cluster's OIDC issuer (output AKS_OIDC_ISSUER_URL).
// Key Vault kv-commerce-platform holds the platform's own secrets; services have vaults of their
// own. A service's prod data store is
// private: its endpoint goes into the private-endpoint subnet and registers in the platform's
// privatelink zone (outputs PRIVATE_ENDPOINT_SUBNET_ID and *_PRIVATE_DNS_ZONE_ID, read by the
// services' main.prod.bicepparam).
//
// Two passes: the edge's origin is the Private Link Service Kubernetes creates for the gateway, so
// deploy first with deployFrontDoor = false, let Argo CD (infra/cluster/) bring up the gateway,
// then deploy with deployFrontDoor = true and approve the Private Link connection (edge.bicep).
//
// Argo CD and Argo Rollouts are installed from the manifests in infra/cluster/, not from here.
//
// What prod deploys, structurally (the cost estimator counts the same):
// cost-model: privateEndpoints=3 privateDnsZones=7 loadBalancers=2 publicIps=2 natGateways=1
//   private endpoints: Key Vault, Container Registry (Premium only), TechDocs blob (each
//     service's prod store brings its own endpoint, in its own cost model)
//   private DNS zones: vaultcore, azurecr, blob, the portal database's zone, and the services'
//     documents (Cosmos DB), redis.cache and postgres privatelink zones
//   load balancers: the AKS outbound (public) one and the gateway's internal one (created by AKS)
//   public IPs: the AKS outbound IP and the CI runners' egress IP; Front Door needs none of its own
//   NAT gateways: the CI runners' egress (network.bicep)
targetScope = 'resourceGroup'

@description('The portal\'s GitHub repository, owner/name: its workflow\'s identities trust this repository\'s pull requests (what-if) and production environment (deploy).')
param portalRepository string

@description('Deployment environment, used in tags, names and prod-only hardening.')
@allowed([
  'dev'
  'prod'
])
param environment string

@description('Azure region of every regional resource.')
param location string

@description('Owning team (tag).')
param owner string

@description('Cost allocation (tag); the portal reports spend per cost center.')
param costCenter string

@description('AKS pricing tier: Standard carries the financially backed API server SLA.')
@allowed([
  'Free'
  'Standard'
  'Premium'
])
param aksTier string

@description('Availability zones for the node pools and the portal database; empty for a non-zonal environment.')
param availabilityZones string[]

@description('VM size of the AKS system node pool (cluster add-ons only).')
param systemNodeVmSize string

@description('Minimum (and initial) node count of the system pool; 3 puts one node in each zone.')
@minValue(1)
param systemNodeCount int

@description('Maximum node count of the system pool.')
@minValue(1)
param systemNodeMaxCount int

@description('VM size of the AKS user node pool (the commerce services).')
param userNodeVmSize string

@description('Minimum (and initial) node count of the user pool.')
@minValue(1)
param userNodeMinCount int

@description('Maximum node count of the user pool; with the VM size, the ceiling of compute spend.')
@minValue(1)
param userNodeMaxCount int

@description('Name of the resource group AKS creates for nodes, load balancers and the gateway Private Link Service.')
param aksNodeResourceGroup string

@description('Deploy Front Door and the WAF (second pass, once the gateway Private Link Service exists).')
param deployFrontDoor bool

@description('Name of the Private Link Service the gateway Service creates (azure-pls-name annotation).')
param gatewayPrivateLinkServiceName string

@description('Container Registry SKU; only Premium can be private (private endpoint, public access off).')
@allowed([
  'Basic'
  'Standard'
  'Premium'
])
param containerRegistrySku string

@description('Key Vault SKU.')
@allowed([
  'standard'
  'premium'
])
param keyVaultSku string

@description('Log Analytics daily ingestion cap in GB (whole GB).')
@minValue(1)
param logDailyQuotaGb int

@description('Log Analytics retention in days (the first 31 days are free of retention charges).')
@minValue(30)
@maxValue(730)
param logRetentionDays int

@description('Compute tier of the portal database.')
@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param portalDatabaseTier string

@description('Compute SKU of the portal database, matching its tier.')
param portalDatabaseSkuName string

@description('High availability of the portal database.')
@allowed([
  'Disabled'
  'SameZone'
  'ZoneRedundant'
])
param portalDatabaseHighAvailability string

@description('Storage of the portal database in GB (it grows automatically).')
@minValue(32)
param portalDatabaseStorageGb int

@description('Replication of the TechDocs storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
])
param techDocsStorageSku string

@description('Requests per minute one client IP may send through Front Door before the WAF blocks it.')
@minValue(10)
param frontDoorRateLimitPerMinute int

@description('Entra groups that administer the cluster (Azure RBAC; local accounts are disabled).')
param clusterAdminGroupObjectIds string[] = []

// GitHub offers Azure private networking for its hosted runners in these regions only (not in
// westeurope): the runner VNet goes into one of them, peered with the platform VNet.
@description('Region of the VNet CI\'s GitHub-hosted runners join (one GitHub supports for Azure private networking); peered with the platform VNet.')
@allowed([
  'australiaeast'
  'brazilsouth'
  'canadacentral'
  'canadaeast'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'francecentral'
  'germanywestcentral'
  'japaneast'
  'koreacentral'
  'northcentralus'
  'northeurope'
  'norwayeast'
  'southcentralus'
  'southeastasia'
  'southindia'
  'swedencentral'
  'switzerlandnorth'
  'uksouth'
  'westus'
  'westus2'
  'westus3'
])
param runnerLocation string

@description('Database id of the GitHub organization (GET /orgs/<org> .id, a workflow\'s github.repository_owner_id) whose hosted runners join the runner subnet.')
@minLength(1)
param githubOrganizationDatabaseId string

var tags = {
  owner: owner
  service: 'commerce-platform'
  'cost-center': costCenter
  environment: environment
}

var isProd = environment == 'prod'

// Referenced by name from generated services: keep exactly. Vault and registry names are global
// DNS names, so these three cannot exist in two environments at once (see main.dev.bicepparam).
var keyVaultName = 'kv-commerce-platform'
var logAnalyticsWorkspaceName = 'log-commerce-platform'
var containerRegistryName = 'commerceplatform'

var clusterName = 'aks-commerce-platform'
var virtualNetworkName = 'vnet-commerce-platform'
var applicationInsightsName = 'appi-commerce-platform'
var portalIdentityName = 'id-commerce-portal'
var monitoringIdentityName = 'id-commerce-monitoring'
// Global DNS names: the environment keeps dev and prod apart.
var techDocsStorageAccountName = 'stcommercetechdocs${environment}'
var portalDatabaseServerName = 'psql-commerce-portal-${environment}'

module monitoring 'modules/monitoring.bicep' = {
  name: 'commerce-platform-monitoring'
  params: {
    location: location
    tags: tags
    workspaceName: logAnalyticsWorkspaceName
    applicationInsightsName: applicationInsightsName
    dailyQuotaGb: logDailyQuotaGb
    retentionDays: logRetentionDays
  }
}

module network 'modules/network.bicep' = {
  name: 'commerce-platform-network'
  params: {
    location: location
    tags: tags
    virtualNetworkName: virtualNetworkName
    runnerLocation: runnerLocation
    githubOrganizationDatabaseId: githubOrganizationDatabaseId
  }
}

module aks 'modules/aks.bicep' = {
  name: 'commerce-platform-aks'
  params: {
    location: location
    tags: tags
    clusterName: clusterName
    tier: aksTier
    availabilityZones: availabilityZones
    systemNodeVmSize: systemNodeVmSize
    systemNodeCount: systemNodeCount
    systemNodeMaxCount: systemNodeMaxCount
    userNodeVmSize: userNodeVmSize
    userNodeMinCount: userNodeMinCount
    userNodeMaxCount: userNodeMaxCount
    nodeResourceGroup: aksNodeResourceGroup
    // By name (a constant), so what-if can resolve the role assignment on the VNet; the subnet IDs
    // below already order this after the network.
    virtualNetworkName: virtualNetworkName
    systemNodeSubnetId: network.outputs.systemNodeSubnetId
    userNodeSubnetId: network.outputs.userNodeSubnetId
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
    clusterAdminGroupObjectIds: clusterAdminGroupObjectIds
  }
}

module registry 'modules/registry.bicep' = {
  name: 'commerce-platform-registry'
  params: {
    location: location
    tags: tags
    registryName: containerRegistryName
    sku: containerRegistrySku
    kubeletIdentityObjectId: aks.outputs.kubeletIdentityObjectId
    portalDeployPrincipalId: portalCiIdentities.outputs.deployPrincipalId
    privateEndpointSubnetId: network.outputs.privateEndpointSubnetId
    privateDnsZoneId: network.outputs.containerRegistryDnsZoneId
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'commerce-platform-key-vault'
  params: {
    location: location
    tags: tags
    keyVaultName: keyVaultName
    sku: keyVaultSku
    // Dev stays reachable for people and CI runners outside the VNet; prod only privately.
    publicNetworkAccessEnabled: !isProd
    privateEndpointSubnetId: network.outputs.privateEndpointSubnetId
    privateDnsZoneId: network.outputs.keyVaultDnsZoneId
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
  }
}

module techDocs 'modules/techdocs-storage.bicep' = {
  name: 'commerce-platform-techdocs'
  params: {
    location: location
    tags: tags
    storageAccountName: techDocsStorageAccountName
    skuName: techDocsStorageSku
    publicNetworkAccessEnabled: !isProd
    privateEndpointSubnetId: network.outputs.privateEndpointSubnetId
    privateDnsZoneId: network.outputs.blobDnsZoneId
  }
}

// The portal creates a resource group and a deployment per new service: its subscription-scope
// role (a custom role limited to that, not Contributor) is infra/subscription/portal-access.bicep,
// deployed by a subscription owner, since this resource-group template cannot grant it.
module portalIdentity 'modules/portal-identity.bicep' = {
  name: 'commerce-platform-portal-identity'
  // The role assignments address the vault and the account by name, so wait for them.
  dependsOn: [
    keyVault
    techDocs
  ]
  params: {
    location: location
    tags: tags
    identityName: portalIdentityName
    aksOidcIssuerUrl: aks.outputs.oidcIssuerUrl
    kubernetesNamespace: 'backstage'
    kubernetesServiceAccount: 'commerce-portal'
    keyVaultName: keyVaultName
    techDocsStorageAccountName: techDocsStorageAccountName
    clusterName: clusterName
  }
}

// The identities .github/workflows/portal.yml signs in as: what-if for pull requests, deploy for
// jobs of the production environment only.
module portalCiIdentities 'modules/portal-ci-identities.bicep' = {
  name: 'commerce-platform-portal-ci-identities'
  params: {
    location: location
    tags: tags
    githubRepository: portalRepository
  }
}

// The cluster's monitoring stack reads its receiver URLs and Grafana's admin password from the
// vault through the Secrets Store CSI driver, as this identity (infra/cluster/monitoring).
module monitoringIdentity 'modules/monitoring-identity.bicep' = {
  name: 'commerce-platform-monitoring-identity'
  dependsOn: [
    keyVault
  ]
  params: {
    location: location
    tags: tags
    identityName: monitoringIdentityName
    aksOidcIssuerUrl: aks.outputs.oidcIssuerUrl
    kubernetesNamespace: 'monitoring'
    kubernetesServiceAccounts: [
      'alertmanager'
      'grafana'
    ]
    keyVaultName: keyVaultName
  }
}

module portalDatabase 'modules/portal-database.bicep' = {
  name: 'commerce-platform-portal-database'
  params: {
    location: location
    tags: tags
    serverName: portalDatabaseServerName
    tier: portalDatabaseTier
    skuName: portalDatabaseSkuName
    highAvailability: portalDatabaseHighAvailability
    storageSizeGb: portalDatabaseStorageGb
    zonal: !empty(availabilityZones)
    // Prod keeps five weeks of point-in-time restore, also in the paired region.
    backupRetentionDays: isProd ? 35 : 7
    geoRedundantBackup: isProd
    delegatedSubnetId: network.outputs.postgresSubnetId
    privateDnsZoneId: network.outputs.postgresDnsZoneId
    administratorObjectId: portalIdentity.outputs.principalId
    administratorName: portalIdentity.outputs.name
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
  }
}

// Second pass only: the Private Link Service exists once the gateway Service runs in the cluster.
module edge 'modules/edge.bicep' = if (deployFrontDoor) {
  name: 'commerce-platform-edge'
  dependsOn: [
    aks
  ]
  params: {
    location: location
    tags: tags
    profileName: 'afd-commerce-platform'
    endpointName: 'fde-commerce-platform'
    wafPolicyName: 'wafcommerceplatform'
    rateLimitPerMinute: frontDoorRateLimitPerMinute
    privateLinkServiceId: resourceId(
      aksNodeResourceGroup,
      'Microsoft.Network/privateLinkServices',
      gatewayPrivateLinkServiceName
    )
    gatewayInternalIp: network.outputs.gatewayInternalIp
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
  }
}

// Outputs for CI and for the portal's environment. Nothing secret: the Application Insights
// connection string is read from Azure by whoever needs it, never passed through here.
@description('Name of the AKS cluster.')
output AKS_CLUSTER_NAME string = aks.outputs.name

@description('Resource group of the AKS cluster.')
output AKS_RESOURCE_GROUP string = resourceGroup().name

@description('API server URL of the AKS cluster (the portal\'s Kubernetes plugin).')
output AKS_CLUSTER_API_URL string = 'https://${aks.outputs.controlPlaneFqdn}:443'

@description('OIDC issuer URL for workload identity federations (generated services\' aksOidcIssuerUrl).')
output AKS_OIDC_ISSUER_URL string = aks.outputs.oidcIssuerUrl

@description('Resource group of the AKS nodes, load balancers and gateway Private Link Service.')
output AKS_NODE_RESOURCE_GROUP string = aks.outputs.nodeResourceGroup

@description('Name of the container registry.')
output CONTAINER_REGISTRY_NAME string = registry.outputs.name

@description('Login server of the container registry.')
output CONTAINER_REGISTRY_LOGIN_SERVER string = registry.outputs.loginServer

@description('Name of the platform Key Vault.')
output KEY_VAULT_NAME string = keyVault.outputs.name

@description('URI of the platform Key Vault.')
output KEY_VAULT_URI string = keyVault.outputs.uri

@description('Resource ID of the Log Analytics workspace.')
output LOG_ANALYTICS_WORKSPACE_ID string = monitoring.outputs.workspaceId

@description('Name of the Log Analytics workspace.')
output LOG_ANALYTICS_WORKSPACE_NAME string = monitoring.outputs.workspaceName

@description('Name of the Application Insights component.')
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName

@description('Client ID of the portal\'s workload identity (service account annotation).')
output PORTAL_IDENTITY_CLIENT_ID string = portalIdentity.outputs.clientId

@description('Client ID of the identity pull-request jobs of portal.yml sign in as (repository variable AZURE_WHATIF_CLIENT_ID).')
output PORTAL_CI_WHATIF_CLIENT_ID string = portalCiIdentities.outputs.whatIfClientId

@description('Client ID of the identity portal.yml\'s production jobs sign in as (production environment variable AZURE_CLIENT_ID).')
output PORTAL_CI_DEPLOY_CLIENT_ID string = portalCiIdentities.outputs.deployClientId

@description('Object ID of the portal\'s workload identity (Kubernetes RoleBindings for Argo Rollouts).')
output PORTAL_IDENTITY_PRINCIPAL_ID string = portalIdentity.outputs.principalId

@description('Client ID of the monitoring stack\'s workload identity (its service accounts and SecretProviderClasses).')
output MONITORING_IDENTITY_CLIENT_ID string = monitoringIdentity.outputs.clientId

@description('Host of the portal database (POSTGRES_HOST).')
output PORTAL_DATABASE_HOST string = portalDatabase.outputs.fqdn

@description('Entra role the portal signs in to its database as (POSTGRES_USER).')
output PORTAL_DATABASE_USER string = portalIdentity.outputs.name

@description('Storage account of TechDocs (TECHDOCS_STORAGE_ACCOUNT).')
output TECHDOCS_STORAGE_ACCOUNT string = techDocs.outputs.name

@description('Subnet for the gateway Service (azure-load-balancer-internal-subnet, azure-pls-ip-configuration-subnet).')
output GATEWAY_SUBNET_NAME string = network.outputs.gatewaySubnetName

@description('Fixed internal IP of the gateway Service (azure-load-balancer-ipv4), the Front Door origin.')
output GATEWAY_INTERNAL_IP string = network.outputs.gatewayInternalIp

@description('Name the gateway Service gives its Private Link Service (azure-pls-name).')
output GATEWAY_PRIVATE_LINK_SERVICE_NAME string = gatewayPrivateLinkServiceName

// The services' prod .bicepparam files read these four from the environment the portal (and a
// service's pipeline) deploys them with, as they read AKS_OIDC_ISSUER_URL.
@description('Subnet the services\' private endpoints go into (PRIVATE_ENDPOINT_SUBNET_ID).')
output PRIVATE_ENDPOINT_SUBNET_ID string = network.outputs.privateEndpointSubnetId

@description('Zone privatelink.documents.azure.com, linked to the VNet (product services\' Cosmos DB).')
output COSMOS_PRIVATE_DNS_ZONE_ID string = network.outputs.cosmosDnsZoneId

@description('Zone privatelink.redis.cache.windows.net, linked to the VNet (cart services\' Redis).')
output REDIS_PRIVATE_DNS_ZONE_ID string = network.outputs.redisDnsZoneId

@description('Zone privatelink.postgres.database.azure.com, linked to the VNet (order services\' PostgreSQL).')
output POSTGRES_PRIVATE_DNS_ZONE_ID string = network.outputs.postgresPrivateLinkDnsZoneId

// Read by the services' infra/delivery.bicepparam (deployed by the portal only): each service's
// prod Key Vault registers its private endpoint in the same zone as the platform vault.
@description('Zone privatelink.vaultcore.azure.net, linked to the VNet (services\' prod Key Vaults).')
output KEY_VAULT_PRIVATE_DNS_ZONE_ID string = network.outputs.keyVaultDnsZoneId

// CI's runners: an organization owner adds this once as the organization's Azure private network
// configuration and gives it to the runner group platform.ts names (infra/README.md).
@description('GitHubId of the runner subnet\'s GitHub network settings (organization settings, Hosted compute networking).')
output RUNNER_NETWORK_SETTINGS_GITHUB_ID string = network.outputs.runnerNetworkSettingsGitHubId

@description('Public address CI\'s runners reach the internet from (their NAT gateway).')
output RUNNER_EGRESS_IP string = network.outputs.runnerEgressIpAddress

@description('Host name of the Front Door endpoint; empty until the edge is deployed.')
output FRONT_DOOR_ENDPOINT_HOSTNAME string = edge.?outputs.?endpointHostName ?? ''
