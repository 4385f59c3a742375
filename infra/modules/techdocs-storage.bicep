// Storage for TechDocs: CI publishes the built sites to the `techdocs` container and the portal
// reads them (app-config.production.yaml, publisher azureBlobStorage). Both sign in with Entra
// identities, so shared keys are switched off; prod is reachable only through the blob private
// endpoint, so the TechDocs publish step runs on a runner inside the VNet.

@description('Azure region of the storage account.')
param location string

@description('Tags for every resource.')
param tags object

@description('Storage account name (TECHDOCS_STORAGE_ACCOUNT of the portal).')
param storageAccountName string

@description('Replication: ZRS in prod survives the loss of a zone.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
])
param skuName string

@description('Whether the account is reachable from public networks (dev only; still Entra-only).')
param publicNetworkAccessEnabled bool

@description('Subnet of the private endpoint.')
param privateEndpointSubnetId string

@description('Private DNS zone privatelink.blob.<storage suffix>.')
param privateDnsZoneId string

// 0.33.0: latest release; allowSharedKeyAccess, blobServices.containers, networkAcls and
// privateEndpoints (multi-service type, `service` required) as read in its main.bicep at that tag.
module storageAccount 'br/public:avm/res/storage/storage-account:0.33.0' = {
  name: 'platform-techdocs-storage'
  params: {
    name: storageAccountName
    location: location
    tags: tags
    kind: 'StorageV2'
    skuName: skuName
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    publicNetworkAccess: publicNetworkAccessEnabled ? 'Enabled' : 'Disabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: publicNetworkAccessEnabled ? 'Allow' : 'Deny'
    }
    blobServices: {
      // A bad publish can be undone: deleted blobs and containers are kept for a week.
      deleteRetentionPolicyEnabled: true
      deleteRetentionPolicyDays: 7
      containerDeleteRetentionPolicyEnabled: true
      containerDeleteRetentionPolicyDays: 7
      containers: [
        {
          name: 'techdocs'
          publicAccess: 'None'
        }
      ]
    }
    privateEndpoints: [
      {
        name: 'pep-${storageAccountName}-blob'
        service: 'blob'
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
  }
}

@description('Name of the storage account.')
output name string = storageAccount.outputs.name
