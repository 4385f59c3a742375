// The portal's own PostgreSQL flexible server. VNet-integrated (a delegated subnet and a private
// DNS zone, no public endpoint), Microsoft Entra authentication only: the portal's workload
// identity is the Entra administrator and signs in with a token, so no password exists.

@description('Azure region of the server.')
param location string

@description('Tags for every resource.')
param tags object

@description('Server name (a global DNS name).')
param serverName string

@description('Compute tier; zone-redundant HA needs GeneralPurpose or MemoryOptimized.')
@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param tier string

@description('Compute SKU, matching the tier.')
param skuName string

@description('High-availability mode.')
@allowed([
  'Disabled'
  'SameZone'
  'ZoneRedundant'
])
param highAvailability string

@description('Storage size in GB.')
param storageSizeGb int

@description('Whether the region\'s availability zones are used (primary pinned to zone 1).')
param zonal bool

@description('Backup retention in days.')
param backupRetentionDays int

@description('Whether backups are also kept in the paired region.')
param geoRedundantBackup bool

@description('Subnet delegated to Microsoft.DBforPostgreSQL/flexibleServers.')
param delegatedSubnetId string

@description('Private DNS zone linked to the VNet.')
param privateDnsZoneId string

@description('Object ID of the portal identity, made Entra administrator.')
param administratorObjectId string

@description('Name of the portal identity: the PostgreSQL role it signs in as (POSTGRES_USER).')
param administratorName string

@description('Log Analytics workspace for server metrics.')
param logAnalyticsWorkspaceId string

// 0.16.0: the version the generated services' data stores pin (Entra-only authConfig, the
// administrators list, delegatedSubnetResourceId and privateDnsZoneArmResourceId).
module server 'br/public:avm/res/db-for-postgre-sql/flexible-server:0.16.0' = {
  name: 'platform-portal-postgres'
  params: {
    name: serverName
    location: location
    tags: tags
    // The major version the portal's CI tests against.
    version: '16'
    tier: tier
    skuName: skuName
    availabilityZone: zonal ? 1 : -1
    highAvailability: highAvailability
    // The standby sits in another zone than the primary (zone 1).
    highAvailabilityZone: highAvailability == 'ZoneRedundant' ? 2 : -1
    storageSizeGB: storageSizeGb
    autoGrow: 'Enabled'
    backupRetentionDays: backupRetentionDays
    geoRedundantBackup: geoRedundantBackup ? 'Enabled' : 'Disabled'
    authConfig: {
      activeDirectoryAuth: 'Enabled'
      passwordAuth: 'Disabled'
      tenantId: tenant().tenantId
    }
    // The Entra administrator has CREATEDB, which Backstage needs to create its
    // backstage_plugin_* databases (pluginDivisionMode: database, ensureExists: true).
    administrators: [
      {
        objectId: administratorObjectId
        principalName: administratorName
        principalType: 'ServicePrincipal'
        tenantId: tenant().tenantId
      }
    ]
    delegatedSubnetResourceId: delegatedSubnetId
    privateDnsZoneArmResourceId: privateDnsZoneId
    // A VNet-integrated server has no public endpoint at all.
    publicNetworkAccess: 'Disabled'
    diagnosticSettings: [
      {
        workspaceResourceId: logAnalyticsWorkspaceId
        metricCategories: [
          {
            category: 'AllMetrics'
          }
        ]
      }
    ]
  }
}

@description('Name of the server.')
output name string = server.outputs.name

@description('Host name of the server (resolves to its private address inside the VNet).')
output fqdn string = server.outputs.fqdn ?? ''
