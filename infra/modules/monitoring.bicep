// One Log Analytics workspace for the cluster, the platform resources and every service, and
// the workspace-based Application Insights the services send traces to.

@description('Azure region of the monitoring resources.')
param location string

@description('Tags for every resource.')
param tags object

@description('Name of the Log Analytics workspace (generated services reference it by name).')
param workspaceName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Daily ingestion cap in GB: the hard fence on the biggest variable cost.')
param dailyQuotaGb int

@description('Days logs are kept.')
param retentionDays int

// 0.16.1: latest release; dailyQuotaGb is a string since 0.15.0 (CHANGELOG), hence string().
module workspace 'br/public:avm/res/operational-insights/workspace:0.16.1' = {
  name: 'platform-log-analytics'
  params: {
    name: workspaceName
    location: location
    tags: tags
    skuName: 'PerGB2018'
    dataRetention: retentionDays
    dailyQuotaGb: string(dailyQuotaGb)
    features: {
      // Entra-only ingestion (Container Insights uses its managed identity, see aks.bicep).
      disableLocalAuth: true
      // Teams read their own services' logs through resource permissions, not the whole workspace.
      enableLogAccessUsingOnlyResourcePermissions: true
    }
  }
}

module applicationInsights 'br/public:avm/res/insights/component:0.8.0' = {
  name: 'platform-app-insights'
  params: {
    name: applicationInsightsName
    location: location
    tags: tags
    kind: 'web'
    applicationType: 'web'
    workspaceResourceId: workspace.outputs.resourceId
    // Client IPs are personal data; the module default keeps them.
    disableIpMasking: false
  }
}

@description('Resource ID of the Log Analytics workspace.')
output workspaceId string = workspace.outputs.resourceId

@description('Name of the Log Analytics workspace.')
output workspaceName string = workspace.outputs.name

@description('Name of the Application Insights component (its connection string is read from Azure, never output).')
output applicationInsightsName string = applicationInsights.outputs.name
