// kv-commerce-platform: the platform's own secrets (the portal's, the cluster's monitoring). Each
// service keeps its secrets in a vault of its own per environment (decision record
// 0041-registry-and-vault-per-service-identity), never here. RBAC authorization only
// (no access policies), purge protection so a deleted secret can always be recovered, reachable
// through its private endpoint (public access off in prod).

@description('Azure region of the vault.')
param location string

@description('Tags for every resource.')
param tags object

@description('Vault name; generated services reference it by name.')
param keyVaultName string

@description('Vault SKU.')
@allowed([
  'standard'
  'premium'
])
param sku string

@description('Whether the vault is reachable from public networks (dev only; still Entra RBAC).')
param publicNetworkAccessEnabled bool

@description('Subnet of the private endpoint.')
param privateEndpointSubnetId string

@description('Private DNS zone privatelink.vaultcore.azure.net.')
param privateDnsZoneId string

@description('Log Analytics workspace for the vault audit log.')
param logAnalyticsWorkspaceId string

// 0.14.0: latest release; enableRbacAuthorization, enablePurgeProtection,
// softDeleteRetentionInDays, networkAcls and privateEndpoints as read in its main.bicep at that tag.
module vault 'br/public:avm/res/key-vault/vault:0.14.0' = {
  name: 'platform-key-vault'
  params: {
    name: keyVaultName
    location: location
    tags: tags
    sku: sku
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    // Nothing (VMs, disk encryption, ARM template parameters) reads this vault on its own behalf.
    enableVaultForDeployment: false
    enableVaultForDiskEncryption: false
    enableVaultForTemplateDeployment: false
    publicNetworkAccess: publicNetworkAccessEnabled ? 'Enabled' : 'Disabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: publicNetworkAccessEnabled ? 'Allow' : 'Deny'
    }
    privateEndpoints: [
      {
        name: 'pep-${keyVaultName}'
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
    diagnosticSettings: [
      {
        workspaceResourceId: logAnalyticsWorkspaceId
        logCategoriesAndGroups: [
          {
            categoryGroup: 'audit'
          }
        ]
      }
    ]
  }
}

@description('Name of the vault.')
output name string = vault.outputs.name

@description('URI of the vault.')
output uri string = vault.outputs.uri
