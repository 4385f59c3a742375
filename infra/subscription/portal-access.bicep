// What the portal's identity (id-commerce-portal, infra/modules/portal-identity.bicep) may do in
// the subscription, and nothing more: create the services' resource groups, deploy into them, and
// hand out the few roles the services' Bicep assigns. Not Contributor on the subscription: with
// that, anyone who can make the portal run a step could change anything in it, the platform
// included (docs/decisions/0031-portal-azure-role-scoped-to-what-it-creates.md).
//
// Deployed at subscription scope by a subscription owner (once, and again when this file
// changes); the platform's own deploy identity works in its resource group only and cannot:
//   az deployment sub create --location westeurope \
//     --template-file infra/subscription/portal-access.bicep \
//     --parameters portalPrincipalId=<PORTAL_IDENTITY_PRINCIPAL_ID output of infra/main.bicep> \
//       tags='{"owner":"platform-team","service":"commerce-platform","cost-center":"<cc>","environment":"prod"}'
targetScope = 'subscription'

@description('Object ID of the portal\'s identity (the PORTAL_IDENTITY_PRINCIPAL_ID output of infra/main.bicep).')
param portalPrincipalId string

@description('The platform\'s tags: every resource group in the subscription must carry tags of these names (the values are each group\'s own).')
param tags object

// The one list of roles the portal may assign (infra/tests/portal-access.test.ts checks it
// against the service blueprint's Bicep).
// The one custom role the portal hands out: what-if for each service's pull-request identity (the
// services' infra/delivery.bicep names it by this same deterministic id).
resource whatIfRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(subscription().id, 'commerce-deployment-what-if')
  properties: {
    roleName: 'Commerce deployment what-if'
    description: 'Preview (what-if) and validate deployments; changes nothing. Assigned with Reader to each service\'s pull-request identity on its own resource groups.'
    type: 'CustomRole'
    permissions: [
      {
        actions: [
          'Microsoft.Resources/deployments/whatIf/action'
          'Microsoft.Resources/deployments/validate/action'
        ]
        notActions: []
      }
    ]
    assignableScopes: [
      subscription().id
    ]
  }
}

// The second custom role the portal hands out: a service's deploy identity places its prod
// stores' private endpoints in the platform subnet and registers them in the platform's
// privatelink zones (linked-access checks on every deployment that references them), and may do
// nothing else in the platform's group. The services' infra/delivery.bicep names it by this id.
resource privateEndpointJoinRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(subscription().id, 'commerce-private-endpoint-join')
  properties: {
    roleName: 'Commerce private endpoint join'
    description: 'Join the platform subnet and private DNS zones with a private endpoint; nothing else. Assigned to each service\'s deploy identity on the platform\'s resource group.'
    type: 'CustomRole'
    permissions: [
      {
        actions: [
          'Microsoft.Network/virtualNetworks/subnets/join/action'
          'Microsoft.Network/privateDnsZones/join/action'
        ]
        notActions: []
      }
    ]
    assignableScopes: [
      subscription().id
    ]
  }
}

var assignableRoleIds = concat(map(loadJsonContent('portal-assignable-roles.json').roles, role => role.id), [whatIfRole.name, privateEndpointJoinRole.name])
var assignableRoleList = join(assignableRoleIds, ', ')

// Resource groups, the deployments into them (what-if included), and the resource types the
// service blueprint (packages/generator-commerce-service/templates) declares: its stores, their
// private endpoints and diagnostics, the services' identities and secrets. No Microsoft.Compute,
// no networks or clusters, no policy and no role definitions.
resource provisionerRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(subscription().id, 'commerce-portal-service-provisioner')
  properties: {
    roleName: 'Commerce Portal Service Provisioner'
    description: 'Creates the commerce services\' resource groups and deploys their Bicep; assigns only the roles listed in infra/subscription/portal-assignable-roles.json.'
    type: 'CustomRole'
    assignableScopes: [
      subscription().id
    ]
    permissions: [
      {
        actions: [
          'Microsoft.Resources/subscriptions/read'
          'Microsoft.Resources/subscriptions/resourceGroups/read'
          'Microsoft.Resources/subscriptions/resourceGroups/write'
          'Microsoft.Resources/deployments/*'
          'Microsoft.Authorization/roleAssignments/read'
          'Microsoft.Authorization/roleAssignments/write'
          'Microsoft.Authorization/roleAssignments/delete'
          'Microsoft.DBforPostgreSQL/flexibleServers/*'
          'Microsoft.DocumentDB/databaseAccounts/*'
          'Microsoft.Cache/redis/*'
          'Microsoft.ManagedIdentity/userAssignedIdentities/*'
          // Each service environment's own vault (the blueprint's delivery-access.bicep) and its
          // private endpoint; the policy below keeps every vault on RBAC authorization, so this
          // write cannot turn a vault (the platform's included) to access policies.
          'Microsoft.KeyVault/vaults/read'
          'Microsoft.KeyVault/vaults/write'
          'Microsoft.KeyVault/vaults/privateEndpointConnectionsApproval/action'
          'Microsoft.KeyVault/vaults/secrets/*'
          'Microsoft.Network/privateEndpoints/*'
          'Microsoft.Network/virtualNetworks/subnets/join/action'
          'Microsoft.Network/privateDnsZones/join/action'
          'Microsoft.Insights/diagnosticSettings/*'
          'Microsoft.OperationalInsights/workspaces/read'
          // The cost feature: actual spend per service resource group.
          'Microsoft.CostManagement/query/action'
          'Microsoft.CostManagement/query/read'
        ]
        notActions: []
      }
    ]
  }
}

// Role assignments only of the listed roles, only to service principals (the services' managed
// identities), and never to the portal itself: it cannot widen its own access. Deleting is held
// to the same roles. ABAC conditions on role assignments (conditionVersion 2.0) are what Azure
// offers for "delegate role assignment management with conditions".
var roleAssignmentCondition = '((!(ActionMatches{\'Microsoft.Authorization/roleAssignments/write\'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${assignableRoleList}} AND @Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {\'ServicePrincipal\'} AND @Request[Microsoft.Authorization/roleAssignments:PrincipalId] ForAnyOfAllValues:GuidNotEquals {${portalPrincipalId}})) AND ((!(ActionMatches{\'Microsoft.Authorization/roleAssignments/delete\'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${assignableRoleList}}))'

resource portalProvisioner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(subscription().id, portalPrincipalId, provisionerRole.id)
  properties: {
    roleDefinitionId: provisionerRole.id
    principalId: portalPrincipalId
    principalType: 'ServicePrincipal'
    description: 'The Commerce Platform Portal creates service resource groups and deploys into them.'
    condition: roleAssignmentCondition
    conditionVersion: '2.0'
  }
}

// ABAC cannot test a resource group's tags for resourceGroups/write, so Azure Policy does: a
// resource group without the platform's tags is refused, whoever creates it (the portal's
// commerce:azure:create-resource-group always sets them). Cost reporting relies on the same tags.
var requiredTagNames = objectKeys(tags)

resource requireTags 'Microsoft.Authorization/policyDefinitions@2023-04-01' = {
  name: 'commerce-resource-groups-carry-platform-tags'
  properties: {
    displayName: 'Commerce resource groups carry the platform tags'
    description: 'Refuses a resource group without the tags ${join(requiredTagNames, ', ')}.'
    policyType: 'Custom'
    mode: 'All'
    policyRule: {
      if: {
        allOf: [
          {
            field: 'type'
            equals: 'Microsoft.Resources/subscriptions/resourceGroups'
          }
          {
            anyOf: [for name in requiredTagNames: {
              field: 'tags[${name}]'
              exists: false
            }]
          }
        ]
      }
      then: {
        effect: 'deny'
      }
    }
  }
}

resource requireTagsAssignment 'Microsoft.Authorization/policyAssignments@2024-04-01' = {
  name: 'commerce-rg-platform-tags'
  properties: {
    displayName: 'Commerce resource groups carry the platform tags'
    policyDefinitionId: requireTags.id
    enforcementMode: 'Default'
  }
}

// The portal (and a service's deploy identity, Contributor on its groups) may write vaults: a
// vault switched to access policies would let whoever writes it grant itself every secret. Azure
// Policy refuses any vault without RBAC authorization, whoever writes it.
resource requireRbacVaults 'Microsoft.Authorization/policyDefinitions@2023-04-01' = {
  name: 'commerce-key-vaults-use-rbac-authorization'
  properties: {
    displayName: 'Commerce Key Vaults use RBAC authorization'
    description: 'Refuses a Key Vault whose enableRbacAuthorization is not true (no access policies).'
    policyType: 'Custom'
    mode: 'All'
    policyRule: {
      if: {
        allOf: [
          {
            field: 'type'
            equals: 'Microsoft.KeyVault/vaults'
          }
          {
            field: 'Microsoft.KeyVault/vaults/enableRbacAuthorization'
            notEquals: true
          }
        ]
      }
      then: {
        effect: 'deny'
      }
    }
  }
}

resource requireRbacVaultsAssignment 'Microsoft.Authorization/policyAssignments@2024-04-01' = {
  name: 'commerce-kv-rbac-only'
  properties: {
    displayName: 'Commerce Key Vaults use RBAC authorization'
    policyDefinitionId: requireRbacVaults.id
    enforcementMode: 'Default'
  }
}

@description('ID of the portal\'s custom role.')
output PORTAL_ROLE_DEFINITION_ID string = provisionerRole.id
