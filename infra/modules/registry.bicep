// The platform's container registry (commerceplatform.azurecr.io). The cluster pulls with its
// kubelet identity; no admin user, no passwords. Premium (prod) is reachable only through its
// private endpoint, so every job that pushes runs on the organization's runner group
// commerce-platform-vnet (platform.ts privateNetworkRunnerGroup): GitHub-hosted runners in the
// runner VNet (network.bicep), peered with the platform VNet, that resolve this registry through
// privatelink.azurecr.io and may reach the endpoint subnet on 443 only. Those are the portal's
// deploy job and each service's deploy-dev; no other job reaches the registry. Basic (dev)
// cannot be private (docs/decisions/0043-runners-in-the-platform-vnet-for-private-data-planes.md).
//
// Role assignment mode "RBAC Registry + ABAC Repository Permissions" (AbacRepositoryPermissions):
// a pusher is granted one repository, by a condition on the repository name, never the registry
// (docs/decisions/0041-registry-and-vault-per-service-identity.md). In this mode AcrPull, AcrPush
// and AcrDelete are not honoured and Owner/Contributor/Reader carry no data-plane rights, so:
//   - the AKS kubelet holds Container Registry Repository Reader with no condition (it pulls
//     every service's image; pulling by name needs no catalog listing, so no Catalog Lister);
//   - the portal's CI deploy identity holds Container Registry Repository Writer on the portal's
//     own repository only (it pushed with Contributor before);
//   - each service's deploy identity holds Repository Writer on its own repository, assigned by
//     the service's infra/delivery.bicep (the portal's role may assign that role, here too).

@description('Azure region of the registry.')
param location string

@description('Tags for every resource.')
param tags object

@description('Registry name; generated services pull from <name>.azurecr.io.')
param registryName string

@description('Registry SKU: Premium for private endpoint, zone redundancy and retention.')
@allowed([
  'Basic'
  'Standard'
  'Premium'
])
param sku string

@description('Object ID of the AKS kubelet identity, granted Container Registry Repository Reader (every repository).')
param kubeletIdentityObjectId string

@description('Object ID of the portal\'s CI deploy identity, granted Container Registry Repository Writer on portalRepository only.')
param portalDeployPrincipalId string

@description('The repository the portal\'s own image is pushed to.')
param portalRepository string = 'commerce-platform-portal'

@description('Subnet of the private endpoint.')
param privateEndpointSubnetId string

@description('Private DNS zone privatelink.azurecr.io.')
param privateDnsZoneId string

@description('Log Analytics workspace for registry audit logs.')
param logAnalyticsWorkspaceId string

var isPremium = sku == 'Premium'

// Built-in ABAC-enabled registry roles (the same ids in every tenant).
var repositoryReader = 'b93aa761-3e63-49ed-ac28-beffa264f7ac'
var repositoryWriter = '2a1e307c-b015-4ebd-883e-5b7698a07328'

// A Repository Writer condition: each of the role's four data actions only on one repository.
// An action left out of the list would be allowed on every repository.
var portalRepositoryCondition = '((!(ActionMatches{\'Microsoft.ContainerRegistry/registries/repositories/content/read\'}) AND !(ActionMatches{\'Microsoft.ContainerRegistry/registries/repositories/metadata/read\'}) AND !(ActionMatches{\'Microsoft.ContainerRegistry/registries/repositories/content/write\'}) AND !(ActionMatches{\'Microsoft.ContainerRegistry/registries/repositories/metadata/write\'})) OR (@Request[Microsoft.ContainerRegistry/registries/repositories:name] StringEqualsIgnoreCase \'${portalRepository}\'))'

// 0.12.1: latest release; roleAssignments, privateEndpoints and publicNetworkAccess as read in
// its main.bicep at that tag.
module registry 'br/public:avm/res/container-registry/registry:0.12.1' = {
  name: 'platform-acr'
  params: {
    name: registryName
    location: location
    tags: tags
    acrSku: sku
    acrAdminUserEnabled: false
    // Repository-scoped grants (ABAC conditions on role assignments); see the header.
    roleAssignmentMode: 'AbacRepositoryPermissions'
    // Only Premium supports private endpoints and turning public access off.
    publicNetworkAccess: isPremium ? 'Disabled' : null
    privateEndpoints: isPremium
      ? [
          {
            name: 'pep-${registryName}'
            subnetResourceId: privateEndpointSubnetId
            privateDnsZoneGroup: {
              privateDnsZoneGroupConfigs: [
                {
                  privateDnsZoneResourceId: privateDnsZoneId
                }
              ]
            }
            tags: tags
          }
        ]
      : []
    roleAssignments: [
      {
        roleDefinitionIdOrName: repositoryReader
        principalId: kubeletIdentityObjectId
        principalType: 'ServicePrincipal'
        description: 'AKS nodes pull every service image.'
      }
      {
        roleDefinitionIdOrName: repositoryWriter
        principalId: portalDeployPrincipalId
        principalType: 'ServicePrincipal'
        description: 'The portal workflow pushes the portal image, to its own repository only.'
        condition: portalRepositoryCondition
        conditionVersion: '2.0'
      }
    ]
    diagnosticSettings: [
      {
        workspaceResourceId: logAnalyticsWorkspaceId
        logCategoriesAndGroups: [
          {
            categoryGroup: 'allLogs'
          }
        ]
      }
    ]
  }
}

@description('Name of the registry.')
output name string = registry.outputs.name

@description('Login server of the registry.')
output loginServer string = registry.outputs.loginServer
