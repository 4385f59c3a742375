// The commerce AKS cluster: a system pool that runs only cluster add-ons and a user pool for the
// services, both spread over the region's availability zones, Entra ID sign-in with Azure RBAC
// (no local accounts), workload identity, and Container Insights into the platform workspace.

@description('Azure region of the cluster.')
param location string

@description('Tags for every resource.')
param tags object

@description('Name of the cluster.')
param clusterName string

@description('AKS pricing tier: Standard/Premium carry the uptime SLA, Free does not.')
@allowed([
  'Free'
  'Standard'
  'Premium'
])
param tier string

@description('Availability zones of both node pools; empty for a non-zonal (dev) cluster.')
param availabilityZones string[]

@description('VM size of the system node pool.')
param systemNodeVmSize string

@description('Minimum (and initial) node count of the system pool.')
param systemNodeCount int

@description('Maximum node count of the system pool.')
param systemNodeMaxCount int

@description('VM size of the user node pool.')
param userNodeVmSize string

@description('Minimum (and initial) node count of the user pool.')
param userNodeMinCount int

@description('Maximum node count of the user pool.')
param userNodeMaxCount int

@description('Name of the resource group AKS creates for nodes, load balancers and the gateway Private Link Service.')
param nodeResourceGroup string

@description('Name of the VNet the node subnets belong to (the cluster identity manages load balancers and the Private Link Service in it).')
param virtualNetworkName string

@description('Subnet of the system node pool.')
param systemNodeSubnetId string

@description('Subnet of the user node pool.')
param userNodeSubnetId string

@description('Log Analytics workspace for Container Insights and control-plane logs.')
param logAnalyticsWorkspaceId string

@description('Entra groups made cluster administrators through Azure RBAC (local accounts are disabled).')
param clusterAdminGroupObjectIds string[]

var controlPlaneIdentityName = 'id-${clusterName}'

// The AVM pool type takes zones as integers; an empty list must stay an empty list, because the
// module turns a missing (null) list into zones 1, 2 and 3.
var zones = map(availabilityZones, zone => int(zone))

// Ephemeral OS disks live on the VM's local temp disk (75 GiB on a D2ds_v5): faster node
// start-up and re-imaging, and no managed-disk cost. 64 GB fits every size the parameters allow.
var osDiskSizeGb = 64

// Network Contributor: the cluster creates the gateway's internal load balancer and its Private
// Link Service in the VNet's subnets, which needs join/read rights there.
var networkContributorRoleId = subscriptionResourceId(
  'Microsoft.Authorization/roleDefinitions',
  '4d97b98b-1d4f-4787-a291-c67834d212e7'
)

// A user-assigned control-plane identity, so its VNet rights exist before the cluster does.
module controlPlaneIdentity 'br/public:avm/res/managed-identity/user-assigned-identity:0.4.1' = {
  name: 'platform-aks-identity'
  params: {
    name: controlPlaneIdentityName
    location: location
    tags: tags
  }
}

resource virtualNetwork 'Microsoft.Network/virtualNetworks@2024-07-01' existing = {
  name: virtualNetworkName
}

resource networkContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(virtualNetwork.id, controlPlaneIdentityName, networkContributorRoleId)
  scope: virtualNetwork
  properties: {
    roleDefinitionId: networkContributorRoleId
    principalId: controlPlaneIdentity.outputs.principalId
    principalType: 'ServicePrincipal'
  }
}

// 0.14.0: latest release; since 0.12.0 aadProfile, securityProfile (workload identity),
// autoUpgradeProfile and the network settings are typed API objects (CHANGELOG).
module cluster 'br/public:avm/res/container-service/managed-cluster:0.14.0' = {
  name: 'platform-aks'
  dependsOn: [
    networkContributor
  ]
  params: {
    name: clusterName
    location: location
    tags: tags
    skuName: 'Base'
    skuTier: tier
    nodeResourceGroup: nodeResourceGroup
    managedIdentities: {
      userAssignedResourceIds: [
        controlPlaneIdentity.outputs.resourceId
      ]
    }
    // Entra ID sign-in, authorised by Azure RBAC; no static kubeconfig credentials exist.
    aadProfile: {
      managed: true
      enableAzureRBAC: true
      tenantID: tenant().tenantId
    }
    enableRBAC: true
    disableLocalAccounts: true
    // The API server stays reachable from CI and from the portal's Kubernetes plugin, but only
    // with an Entra token. A private cluster would add a private endpoint and DNS zone.
    publicNetworkAccess: 'Enabled'
    // Workload identity: pods exchange their service-account token (issued by the OIDC issuer)
    // for an Entra token of a user-assigned identity; no secret is ever mounted.
    enableOidcIssuerProfile: true
    securityProfile: {
      workloadIdentity: {
        enabled: true
      }
      imageCleaner: {
        enabled: true
        intervalHours: 168
      }
    }
    // Azure CNI Overlay with the Cilium dataplane: pods off the VNet address space, network
    // policies enforced in eBPF.
    networkPlugin: 'azure'
    networkPluginMode: 'overlay'
    networkDataplane: 'cilium'
    networkPolicy: 'cilium'
    podCidr: '10.244.0.0/16'
    serviceCidr: '10.100.0.0/16'
    dnsServiceIP: '10.100.0.10'
    // Egress through the AKS-managed public load balancer with one managed public IP: the only
    // public IP of the platform, outbound only (no inbound rules are ever created on it).
    outboundType: 'loadBalancer'
    loadBalancerSku: 'standard'
    managedOutboundIPCount: 1
    primaryAgentPoolProfiles: [
      {
        name: 'system'
        mode: 'System'
        type: 'VirtualMachineScaleSets'
        vmSize: systemNodeVmSize
        osType: 'Linux'
        osSKU: 'AzureLinux'
        osDiskType: 'Ephemeral'
        osDiskSizeGB: osDiskSizeGb
        availabilityZones: zones
        count: systemNodeCount
        enableAutoScaling: true
        minCount: systemNodeCount
        maxCount: systemNodeMaxCount
        vnetSubnetResourceId: systemNodeSubnetId
        // Keeps service workloads off the nodes that run CoreDNS, konnectivity and metrics.
        nodeTaints: [
          'CriticalAddonsOnly=true:NoSchedule'
        ]
        upgradeSettings: {
          maxSurge: '33%'
        }
      }
    ]
    agentPools: [
      {
        name: 'user'
        mode: 'User'
        type: 'VirtualMachineScaleSets'
        vmSize: userNodeVmSize
        osType: 'Linux'
        osSKU: 'AzureLinux'
        osDiskType: 'Ephemeral'
        osDiskSizeGB: osDiskSizeGb
        availabilityZones: zones
        count: userNodeMinCount
        enableAutoScaling: true
        minCount: userNodeMinCount
        maxCount: userNodeMaxCount
        vnetSubnetResourceId: userNodeSubnetId
        upgradeSettings: {
          maxSurge: '33%'
        }
      }
    ]
    // Patch releases and node images arrive by themselves, inside the windows below; minor
    // Kubernetes upgrades stay a deliberate change.
    autoUpgradeProfile: {
      upgradeChannel: 'patch'
      nodeOSUpgradeChannel: 'NodeImage'
    }
    maintenanceConfigurations: [
      {
        name: 'aksManagedAutoUpgradeSchedule'
        maintenanceWindow: {
          schedule: {
            weekly: {
              intervalWeeks: 1
              dayOfWeek: 'Sunday'
            }
          }
          durationHours: 4
          utcOffset: '+00:00'
          startTime: '02:00'
        }
      }
      {
        name: 'aksManagedNodeOSUpgradeSchedule'
        maintenanceWindow: {
          schedule: {
            weekly: {
              intervalWeeks: 1
              dayOfWeek: 'Saturday'
            }
          }
          durationHours: 4
          utcOffset: '+00:00'
          startTime: '02:00'
        }
      }
    ]
    // Pods read Key Vault secrets as mounted files (Secrets Store CSI driver), rotated in place.
    enableKeyvaultSecretsProvider: true
    enableSecretRotation: true
    enableStorageProfileDiskCSIDriver: true
    enableStorageProfileSnapshotController: true
    costAnalysisEnabled: tier != 'Free'
    // Container Insights (the monitoring add-on) with its managed identity: the workspace accepts
    // no shared keys. What it collects is the data collection rule below.
    omsAgentEnabled: true
    omsAgentUseAADAuth: true
    monitoringWorkspaceResourceId: logAnalyticsWorkspaceId
    // Control-plane logs that answer "who changed what" without the volume of the full audit log.
    diagnosticSettings: [
      {
        workspaceResourceId: logAnalyticsWorkspaceId
        logAnalyticsDestinationType: 'Dedicated'
        logCategoriesAndGroups: [
          {
            category: 'kube-audit-admin'
          }
          {
            category: 'guard'
          }
          {
            category: 'cluster-autoscaler'
          }
        ]
      }
    ]
    roleAssignments: [
      for groupId in clusterAdminGroupObjectIds: {
        roleDefinitionIdOrName: 'Azure Kubernetes Service RBAC Cluster Admin'
        principalId: groupId
        principalType: 'Group'
      }
    ]
  }
}

// Container Insights with managed-identity authentication reads what to collect from a data
// collection rule associated with the cluster (the CLI creates these; a template must).
module containerInsightsRule 'br/public:avm/res/insights/data-collection-rule:0.11.0' = {
  name: 'platform-aks-container-insights-dcr'
  params: {
    name: 'MSCI-${location}-${clusterName}'
    location: location
    tags: tags
    dataCollectionRuleProperties: {
      kind: 'Linux'
      description: 'Container Insights for ${clusterName}'
      dataSources: {
        extensions: [
          {
            name: 'ContainerInsightsExtension'
            extensionName: 'ContainerInsights'
            streams: [
              'Microsoft-ContainerInsights-Group-Default'
            ]
            extensionSettings: {
              dataCollectionSettings: {
                interval: '1m'
                namespaceFilteringMode: 'Off'
                enableContainerLogV2: true
              }
            }
          }
        ]
      }
      destinations: {
        logAnalytics: [
          {
            name: 'ciworkspace'
            workspaceResourceId: logAnalyticsWorkspaceId
          }
        ]
      }
      dataFlows: [
        {
          streams: [
            'Microsoft-ContainerInsights-Group-Default'
          ]
          destinations: [
            'ciworkspace'
          ]
        }
      ]
    }
  }
}

resource managedCluster 'Microsoft.ContainerService/managedClusters@2025-10-01' existing = {
  name: clusterName
}

// An extension resource without tags of its own (the rule it points to carries them).
resource containerInsightsAssociation 'Microsoft.Insights/dataCollectionRuleAssociations@2023-03-11' = {
  name: 'ContainerInsightsExtension'
  scope: managedCluster
  dependsOn: [
    cluster
  ]
  properties: {
    dataCollectionRuleId: containerInsightsRule.outputs.resourceId
    description: 'Sends Container Insights data of the cluster to the platform workspace.'
  }
}

@description('Name of the cluster.')
output name string = cluster.outputs.name

@description('Resource ID of the cluster.')
output resourceId string = cluster.outputs.resourceId

@description('OIDC issuer URL that workload identity federations trust.')
output oidcIssuerUrl string = cluster.outputs.oidcIssuerUrl!

@description('Object ID of the kubelet identity (pulls images).')
output kubeletIdentityObjectId string = cluster.outputs.kubeletIdentityObjectId!

@description('FQDN of the API server.')
output controlPlaneFqdn string = cluster.outputs.controlPlaneFQDN

@description('Resource group of the nodes, load balancers and the gateway Private Link Service.')
output nodeResourceGroup string = nodeResourceGroup
