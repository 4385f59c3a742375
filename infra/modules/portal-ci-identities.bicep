// The identities the portal's own workflow (.github/workflows/portal.yml) signs in to Azure as,
// through GitHub's OpenID Connect tokens (no secret). Two, so that a pull request never holds
// the deployer's rights: anyone who can open a pull request can change the workflow in their
// branch, and a pull_request job can obtain a token for whatever identity trusts it.
//
// - id-commerce-portal-whatif: trusted by `repo:<org>/<repo>:pull_request` only. Reader on this
//   resource group and the what-if action: it previews, it cannot change anything.
// - id-commerce-portal-deploy: trusted by `repo:<org>/<repo>:environment:production` only, so
//   only a job bound to the `production` environment gets its token, after the environment's
//   required reviewers approved. Contributor on this resource group (the platform), and the role
//   assignments infra/main.bicep makes; it pushes the portal image and rolls it out.
//
// The first deployment is made by a subscription owner (both identities must exist before the
// workflow can sign in); later ones by the deploy identity itself.

@description('Azure region of the identities.')
param location string

@description('Tags for every resource.')
param tags object

@description('The portal\'s GitHub repository, as owner/name (e.g. commerce/commerce-platform-portal).')
param githubRepository string

var githubIssuer = 'https://token.actions.githubusercontent.com'
var githubAudience = 'api://AzureADTokenExchange'

module whatIfIdentity 'br/public:avm/res/managed-identity/user-assigned-identity:0.4.1' = {
  name: 'platform-portal-ci-whatif-identity'
  params: {
    name: 'id-commerce-portal-whatif'
    location: location
    tags: tags
    federatedIdentityCredentials: [
      {
        name: 'github-pull-request'
        audiences: [
          githubAudience
        ]
        issuer: githubIssuer
        subject: 'repo:${githubRepository}:pull_request'
      }
    ]
  }
}

module deployIdentity 'br/public:avm/res/managed-identity/user-assigned-identity:0.4.1' = {
  name: 'platform-portal-ci-deploy-identity'
  params: {
    name: 'id-commerce-portal-deploy'
    location: location
    tags: tags
    federatedIdentityCredentials: [
      {
        name: 'github-environment-production'
        audiences: [
          githubAudience
        ]
        issuer: githubIssuer
        subject: 'repo:${githubRepository}:environment:production'
      }
    ]
  }
}

// Read everything in the group, and run what-if (which evaluates, never applies, a deployment).
resource whatIfRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'commerce-portal-ci-whatif')
  properties: {
    roleName: 'Commerce Portal CI What-If (${resourceGroup().name})'
    description: 'Reads the platform resource group and previews deployments (what-if); changes nothing.'
    type: 'CustomRole'
    assignableScopes: [
      resourceGroup().id
    ]
    permissions: [
      {
        actions: [
          '*/read'
          'Microsoft.Resources/deployments/whatIf/action'
          'Microsoft.Resources/deployments/validate/action'
        ]
        notActions: []
      }
    ]
  }
}

var contributorRoleId = subscriptionResourceId(
  'Microsoft.Authorization/roleDefinitions',
  'b24988ac-6180-42a0-ab88-20f7382dd24c'
)
// Role Based Access Control Administrator: infra/main.bicep assigns the platform identities'
// roles (Key Vault, storage, cluster), which Contributor cannot.
var rbacAdministratorRoleId = subscriptionResourceId(
  'Microsoft.Authorization/roleDefinitions',
  'f58310d9-a9f6-439a-9e8d-f62e7b41a168'
)

resource whatIfAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, 'id-commerce-portal-whatif', whatIfRole.id)
  properties: {
    roleDefinitionId: whatIfRole.id
    principalId: whatIfIdentity.outputs.principalId
    principalType: 'ServicePrincipal'
  }
}

resource deployContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, 'id-commerce-portal-deploy', contributorRoleId)
  properties: {
    roleDefinitionId: contributorRoleId
    principalId: deployIdentity.outputs.principalId
    principalType: 'ServicePrincipal'
  }
}

resource deployRbacAdministrator 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, 'id-commerce-portal-deploy', rbacAdministratorRoleId)
  properties: {
    roleDefinitionId: rbacAdministratorRoleId
    principalId: deployIdentity.outputs.principalId
    principalType: 'ServicePrincipal'
  }
}

@description('Client ID of the what-if identity (repository variable AZURE_WHATIF_CLIENT_ID).')
output whatIfClientId string = whatIfIdentity.outputs.clientId

@description('Client ID of the deploy identity (production environment variable AZURE_CLIENT_ID).')
output deployClientId string = deployIdentity.outputs.clientId

@description('Object ID of the deploy identity (granted the push to the portal\'s repository, modules/registry.bicep).')
output deployPrincipalId string = deployIdentity.outputs.principalId
