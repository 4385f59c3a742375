// The platform's private network: one VNet, a subnet per kind of tenant, an NSG on every subnet,
// and the private DNS zones that make private endpoints resolve inside the VNet.
//
// AKS runs Azure CNI Overlay: nodes take VNet addresses, pods take addresses from a private
// overlay range, so the VNet is sized for nodes only and scaling pods never exhausts a subnet.
// Separate system and user node subnets keep the two pools' addresses (and NSG rules) apart.
//
// CI's pushes to the private registry come from GitHub-hosted runners injected into a VNet of
// ours (Azure private networking for GitHub-hosted runners): a small runner VNet, peered with
// this one, whose subnet is delegated to GitHub.Network/networkSettings. It is a VNet of its own
// because GitHub supports this only in some regions and westeurope is not one of them; the
// runners' region is runnerLocation (docs/decisions/0043-runners-in-the-platform-vnet-for-private-data-planes.md).

@description('Azure region of the network resources.')
param location string

@description('Tags for every resource.')
param tags object

@description('Name of the virtual network.')
param virtualNetworkName string

@description('Region of the runner VNet: one where GitHub offers Azure private networking for its hosted runners.')
param runnerLocation string

@description('Database id of the GitHub organization whose hosted runners join the runner subnet (businessId of GitHub.Network/networkSettings).')
param githubOrganizationDatabaseId string

// Address plan. Services and pods live in the cluster's own ranges (aks.bicep), not in here.
var addressSpace = '10.40.0.0/16'
var userNodePrefix = '10.40.0.0/22'
var systemNodePrefix = '10.40.4.0/24'
var privateEndpointPrefix = '10.40.5.0/24'
var postgresPrefix = '10.40.6.0/24'
var gatewayPrefix = '10.40.7.0/24'

var systemSubnetName = 'snet-aks-system'
var userSubnetName = 'snet-aks-user'
var privateEndpointSubnetName = 'snet-private-endpoints'
var postgresSubnetName = 'snet-postgres'
var gatewaySubnetName = 'snet-gateway'

// The runner VNet (runnerLocation), outside addressSpace so the two can peer. One /24: 251 usable
// addresses (Azure keeps 5), one per running job, so the runner group's maximum concurrency stays
// at or under 190 (GitHub asks for a 30 % buffer over it).
var runnerAddressSpace = '10.41.0.0/24'
var runnerPrefix = '10.41.0.0/24'
var runnerVirtualNetworkName = '${virtualNetworkName}-runners'
var runnerSubnetName = 'snet-github-runners'

// The gateway Service's internal load balancer takes this fixed address, so the Front Door origin
// (edge.bicep) can name it before Kubernetes has created anything.
var gatewayInternalIp = '10.40.7.10'

// Pods reach private endpoints and PostgreSQL SNATed to their node's address (overlay), so the
// node subnets are the only legitimate sources.
var nodePrefixes = [
  systemNodePrefix
  userNodePrefix
]

var nsgDefinitions = [
  {
    // AKS writes its own load-balancer rules on the node NICs; the subnet keeps Azure's
    // defaults (VNet and Azure Load Balancer in, nothing from the internet).
    name: 'nsg-aks-system'
    rules: []
  }
  {
    name: 'nsg-aks-user'
    rules: []
  }
  {
    name: 'nsg-private-endpoints'
    rules: [
      {
        // 443: Key Vault, registry, blob and Cosmos DB (the SDK's gateway mode); 5432: the
        // services' PostgreSQL servers; 6380: Azure Cache for Redis over TLS (non-clustered).
        // Any other store behind an endpoint here needs its port added, or it stays unreachable.
        name: 'allow-stores-from-nodes'
        properties: {
          access: 'Allow'
          direction: 'Inbound'
          priority: 100
          protocol: 'Tcp'
          sourceAddressPrefixes: nodePrefixes
          sourcePortRange: '*'
          destinationAddressPrefix: privateEndpointPrefix
          destinationPortRanges: [
            '443'
            '5432'
            '6380'
          ]
        }
      }
      {
        // CI's runners push images to the registry's endpoint (HTTPS only). The runner identity's
        // registry role, not the network, decides which repository it may write.
        name: 'allow-https-from-runners'
        properties: {
          access: 'Allow'
          direction: 'Inbound'
          priority: 110
          protocol: 'Tcp'
          sourceAddressPrefix: runnerPrefix
          sourcePortRange: '*'
          destinationAddressPrefix: privateEndpointPrefix
          destinationPortRange: '443'
        }
      }
      {
        name: 'deny-other-vnet-inbound'
        properties: {
          access: 'Deny'
          direction: 'Inbound'
          priority: 4000
          protocol: '*'
          // The VNet's own range and the peered runner VNet's, not the VirtualNetwork tag: that tag
          // also covers the host's 168.63.129.16 (DNS, health probes), which must stay reachable.
          sourceAddressPrefixes: [
            addressSpace
            runnerAddressSpace
          ]
          sourcePortRange: '*'
          destinationAddressPrefix: '*'
          destinationPortRange: '*'
        }
      }
    ]
  }
  {
    name: 'nsg-postgres'
    rules: [
      {
        name: 'allow-postgres-from-nodes'
        properties: {
          access: 'Allow'
          direction: 'Inbound'
          priority: 100
          protocol: 'Tcp'
          sourceAddressPrefixes: nodePrefixes
          sourcePortRange: '*'
          destinationAddressPrefix: postgresPrefix
          destinationPortRange: '5432'
        }
      }
      {
        // Zone-redundant HA replicates between primary and standby inside this subnet.
        name: 'allow-ha-replication-in-subnet'
        properties: {
          access: 'Allow'
          direction: 'Inbound'
          priority: 110
          protocol: 'Tcp'
          sourceAddressPrefix: postgresPrefix
          sourcePortRange: '*'
          destinationAddressPrefix: postgresPrefix
          destinationPortRanges: [
            '5432'
            '6432'
          ]
        }
      }
      {
        name: 'deny-other-vnet-inbound'
        properties: {
          access: 'Deny'
          direction: 'Inbound'
          priority: 4000
          protocol: '*'
          // The VNet's own range and the runners', not the VirtualNetwork tag: that tag also covers
          // the host's 168.63.129.16 (DNS, health probes), which must stay reachable.
          sourceAddressPrefixes: [
            addressSpace
            runnerAddressSpace
          ]
          sourcePortRange: '*'
          destinationAddressPrefix: '*'
          destinationPortRange: '*'
        }
      }
    ]
  }
  {
    // Holds the gateway's internal load-balancer frontend and the Private Link Service NAT
    // addresses; Front Door's traffic arrives from those NAT addresses (VirtualNetwork tag).
    name: 'nsg-gateway'
    rules: []
  }
]

module networkSecurityGroups 'br/public:avm/res/network/network-security-group:0.5.3' = [
  for nsg in nsgDefinitions: {
    name: 'platform-${nsg.name}'
    params: {
      name: nsg.name
      location: location
      tags: tags
      securityRules: nsg.rules
    }
  }
]

// The runner side. GitHub's hosted runners (larger runners, in the organization's runner group
// that uses this subnet: platform.ts privateNetworkRunnerGroup) get their NICs here for the
// length of a job. They need no inbound connection ever; outbound they reach the registry's
// endpoint on 443 and the internet through the NAT gateway (GitHub, Azure Resource Manager and
// Entra ID, base images and packages), and nothing else of the platform VNet.
module runnerNetworkSecurityGroup 'br/public:avm/res/network/network-security-group:0.5.3' = {
  name: 'platform-nsg-github-runners'
  params: {
    name: 'nsg-github-runners'
    location: runnerLocation
    tags: tags
    securityRules: [
      {
        name: 'deny-all-inbound'
        properties: {
          access: 'Deny'
          direction: 'Inbound'
          priority: 4000
          protocol: '*'
          sourceAddressPrefix: '*'
          sourcePortRange: '*'
          destinationAddressPrefix: '*'
          destinationPortRange: '*'
        }
      }
      {
        // The registry's private endpoint (registry and data endpoint addresses).
        name: 'allow-https-to-private-endpoints'
        properties: {
          access: 'Allow'
          direction: 'Outbound'
          priority: 100
          protocol: 'Tcp'
          sourceAddressPrefix: runnerPrefix
          sourcePortRange: '*'
          destinationAddressPrefix: privateEndpointPrefix
          destinationPortRange: '443'
        }
      }
      {
        // Nodes, databases, the gateway and every other port of the endpoints: a CI job has no
        // business there.
        name: 'deny-platform-vnet-outbound'
        properties: {
          access: 'Deny'
          direction: 'Outbound'
          priority: 200
          protocol: '*'
          sourceAddressPrefix: '*'
          sourcePortRange: '*'
          destinationAddressPrefix: addressSpace
          destinationPortRange: '*'
        }
      }
      {
        // GitHub's documented minimum is its own and the Actions service's addresses plus the
        // Storage tag; the jobs also pull base images and packages and call Azure's public APIs, so
        // the internet stays open outbound, through the NAT gateway's one address.
        name: 'allow-internet-outbound'
        properties: {
          access: 'Allow'
          direction: 'Outbound'
          priority: 300
          protocol: '*'
          sourceAddressPrefix: runnerPrefix
          sourcePortRange: '*'
          destinationAddressPrefix: 'Internet'
          destinationPortRange: '*'
        }
      }
    ]
  }
}

// Explicit egress: a new subnet has no default outbound access, and the runners must reach GitHub.
resource runnerEgressIp 'Microsoft.Network/publicIPAddresses@2024-05-01' = {
  name: 'pip-github-runners-egress'
  location: runnerLocation
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Regional'
  }
  properties: {
    publicIPAllocationMethod: 'Static'
    publicIPAddressVersion: 'IPv4'
  }
}

resource runnerNatGateway 'Microsoft.Network/natGateways@2024-05-01' = {
  name: 'ng-github-runners'
  location: runnerLocation
  tags: tags
  sku: {
    name: 'Standard'
  }
  properties: {
    idleTimeoutInMinutes: 4
    publicIpAddresses: [
      {
        id: runnerEgressIp.id
      }
    ]
  }
}

module runnerVirtualNetwork 'br/public:avm/res/network/virtual-network:0.10.1' = {
  name: 'platform-runner-vnet'
  params: {
    name: runnerVirtualNetworkName
    location: runnerLocation
    tags: tags
    addressPrefixes: [
      runnerAddressSpace
    ]
    subnets: [
      {
        name: runnerSubnetName
        addressPrefix: runnerPrefix
        networkSecurityGroupResourceId: runnerNetworkSecurityGroup.outputs.resourceId
        natGatewayResourceId: runnerNatGateway.id
        defaultOutboundAccess: false
        // GitHub's Actions service attaches and detaches the runners' NICs through this.
        delegation: 'GitHub.Network/networkSettings'
      }
    ]
  }
}

// Binds the runner subnet to the GitHub organization. GitHub's resource provider tags it with
// GitHubId, the value an organization owner enters once as the organization's Azure private
// network configuration (infra/README.md). Its tags belong to the provider: a template's would
// replace GitHubId, so none are passed.
resource runnerNetworkSettings 'GitHub.Network/networkSettings@2024-04-02' = {
  name: 'ghns-commerce-platform-runners'
  location: runnerLocation
  properties: {
    businessId: githubOrganizationDatabaseId
    subnetId: '${runnerVirtualNetwork.outputs.resourceId}/subnets/${runnerSubnetName}'
  }
}

module virtualNetwork 'br/public:avm/res/network/virtual-network:0.10.1' = {
  name: 'platform-vnet'
  params: {
    name: virtualNetworkName
    location: location
    tags: tags
    addressPrefixes: [
      addressSpace
    ]
    subnets: [
      {
        name: systemSubnetName
        addressPrefix: systemNodePrefix
        networkSecurityGroupResourceId: networkSecurityGroups[0].outputs.resourceId
      }
      {
        name: userSubnetName
        addressPrefix: userNodePrefix
        networkSecurityGroupResourceId: networkSecurityGroups[1].outputs.resourceId
      }
      {
        name: privateEndpointSubnetName
        addressPrefix: privateEndpointPrefix
        networkSecurityGroupResourceId: networkSecurityGroups[2].outputs.resourceId
        // Without this the NSG above would not apply to private endpoint traffic.
        privateEndpointNetworkPolicies: 'Enabled'
      }
      {
        name: postgresSubnetName
        addressPrefix: postgresPrefix
        networkSecurityGroupResourceId: networkSecurityGroups[3].outputs.resourceId
        delegation: 'Microsoft.DBforPostgreSQL/flexibleServers'
      }
      {
        name: gatewaySubnetName
        addressPrefix: gatewayPrefix
        networkSecurityGroupResourceId: networkSecurityGroups[4].outputs.resourceId
        // A Private Link Service can only take NAT addresses from a subnet with these policies off.
        privateLinkServiceNetworkPolicies: 'Disabled'
      }
    ]
    // Both directions; no forwarded traffic, no gateway transit: the runners reach the endpoints.
    peerings: [
      {
        name: 'peer-platform-to-runners'
        remoteVirtualNetworkResourceId: runnerVirtualNetwork.outputs.resourceId
        allowVirtualNetworkAccess: true
        allowForwardedTraffic: false
        allowGatewayTransit: false
        useRemoteGateways: false
        remotePeeringEnabled: true
        remotePeeringName: 'peer-runners-to-platform'
        remotePeeringAllowVirtualNetworkAccess: true
        remotePeeringAllowForwardedTraffic: false
      }
    ]
  }
}

// The zones private endpoints and the VNet-integrated portal database register in. The blob
// zone is privatelink.blob.core.windows.net in the public cloud; built from the environment so
// the template stays cloud-neutral (no-hardcoded-env-urls). The last three are for the generated
// services' own stores (Cosmos DB, Redis, PostgreSQL), whose prod endpoints each service deploys
// into snet-private-endpoints: one zone per store type serves every service, so the zones live
// here, linked to the VNet once, and the services get their IDs (main.bicep outputs).
var privateDnsZoneNames = [
  'privatelink.vaultcore.azure.net'
  'privatelink.azurecr.io'
  'privatelink.blob.${az.environment().suffixes.storage}'
  'commerce-portal.private.postgres.database.azure.com'
  'privatelink.documents.azure.com'
  'privatelink.redis.cache.windows.net'
  'privatelink.postgres.database.azure.com'
]

module privateDnsZones 'br/public:avm/res/network/private-dns-zone:0.8.1' = [
  for (zoneName, index) in privateDnsZoneNames: {
    name: 'platform-dns-${index}'
    params: {
      name: zoneName
      location: 'global'
      tags: tags
      // The registry's zone is linked to the runner VNet too, so the runners resolve
      // commerceplatform.azurecr.io to its private endpoint; the other zones are not.
      virtualNetworkLinks: concat(
        [
          {
            virtualNetworkResourceId: virtualNetwork.outputs.resourceId
            registrationEnabled: false
            tags: tags
          }
        ],
        zoneName == 'privatelink.azurecr.io'
          ? [
              {
                virtualNetworkResourceId: runnerVirtualNetwork.outputs.resourceId
                registrationEnabled: false
                tags: tags
              }
            ]
          : []
      )
    }
  }
]

@description('Resource ID of the virtual network.')
output virtualNetworkId string = virtualNetwork.outputs.resourceId

@description('Name of the virtual network.')
output virtualNetworkName string = virtualNetwork.outputs.name

@description('Subnet of the AKS system node pool.')
output systemNodeSubnetId string = '${virtualNetwork.outputs.resourceId}/subnets/${systemSubnetName}'

@description('Subnet of the AKS user node pool.')
output userNodeSubnetId string = '${virtualNetwork.outputs.resourceId}/subnets/${userSubnetName}'

@description('Subnet of the private endpoints.')
output privateEndpointSubnetId string = '${virtualNetwork.outputs.resourceId}/subnets/${privateEndpointSubnetName}'

@description('Subnet delegated to PostgreSQL flexible server.')
output postgresSubnetId string = '${virtualNetwork.outputs.resourceId}/subnets/${postgresSubnetName}'

@description('Subnet of the gateway internal load balancer and its Private Link Service.')
output gatewaySubnetName string = gatewaySubnetName

@description('Fixed private address of the gateway internal load balancer.')
output gatewayInternalIp string = gatewayInternalIp

@description('Private DNS zone for Key Vault private endpoints.')
output keyVaultDnsZoneId string = privateDnsZones[0].outputs.resourceId

@description('Private DNS zone for Container Registry private endpoints.')
output containerRegistryDnsZoneId string = privateDnsZones[1].outputs.resourceId

@description('Private DNS zone for blob private endpoints.')
output blobDnsZoneId string = privateDnsZones[2].outputs.resourceId

@description('Private DNS zone of the VNet-integrated portal database.')
output postgresDnsZoneId string = privateDnsZones[3].outputs.resourceId

@description('Private DNS zone for Cosmos DB (NoSQL) private endpoints of the services.')
output cosmosDnsZoneId string = privateDnsZones[4].outputs.resourceId

@description('Private DNS zone for Azure Cache for Redis private endpoints of the services.')
output redisDnsZoneId string = privateDnsZones[5].outputs.resourceId

@description('Private DNS zone for PostgreSQL flexible server private endpoints of the services.')
output postgresPrivateLinkDnsZoneId string = privateDnsZones[6].outputs.resourceId

@description('Resource ID of the runner subnet (delegated to GitHub.Network/networkSettings).')
output runnerSubnetId string = '${runnerVirtualNetwork.outputs.resourceId}/subnets/${runnerSubnetName}'

@description('Resource ID of the GitHub network settings of the runner subnet.')
output runnerNetworkSettingsId string = runnerNetworkSettings.id

@description('GitHubId of the network settings: what GitHub asks for when the organization adds the Azure private network.')
output runnerNetworkSettingsGitHubId string = runnerNetworkSettings.tags.GitHubId

@description('Public address the runners reach the internet from.')
output runnerEgressIpAddress string = runnerEgressIp.properties.ipAddress
