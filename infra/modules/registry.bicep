// The platform's container registry (commerceplatform.azurecr.io). The cluster pulls with its
// kubelet identity; no admin user, no passwords. Premium (prod) is reachable only through its
// private endpoint, so CI pushes from a runner inside the VNet; Basic (dev) cannot be private.

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

@description('Object ID of the AKS kubelet identity, granted AcrPull.')
param kubeletIdentityObjectId string

@description('Subnet of the private endpoint.')
param privateEndpointSubnetId string

@description('Private DNS zone privatelink.azurecr.io.')
param privateDnsZoneId string

@description('Log Analytics workspace for registry audit logs.')
param logAnalyticsWorkspaceId string

var isPremium = sku == 'Premium'

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
        roleDefinitionIdOrName: 'AcrPull'
        principalId: kubeletIdentityObjectId
        principalType: 'ServicePrincipal'
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
