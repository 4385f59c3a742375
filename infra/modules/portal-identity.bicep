// id-commerce-portal: the identity the portal's pods run as (workload identity, no secret), and
// everything it may do in this resource group. It is the Entra administrator of the portal
// database (portal-database.bicep takes its object ID).
//
// The portal also creates a resource group and runs a deployment for every new service. Its role
// for that is scoped to what it creates, not subscription Contributor: the custom role of
// infra/subscription/portal-access.bicep (resource groups, which Azure Policy holds to the
// platform's tags, deployments into them, the resource types of the service blueprint, cost
// queries, and role assignments of the listed roles only, by an ABAC condition). A
// resource-group template cannot grant it: a subscription owner deploys that file.
//
// Every new service's template also registers the service's API in Entra ID (Microsoft Graph
// Bicep: app registration, service principal, app roles, and payment-service's grants on
// order-service). That needs the Microsoft Graph application permission
// Application.ReadWrite.OwnedBy, granted below: the identity can create registrations and manage
// only those it owns, which are the ones it created. Granting a Graph permission needs an Entra
// role (Privileged Role Administrator) of whoever deploys this template; see infra/README.md.
extension microsoftGraphV1

@description('Azure region of the identity.')
param location string

@description('Tags for every resource.')
param tags object

@description('Name of the identity (also the PostgreSQL role the portal signs in as).')
param identityName string

@description('OIDC issuer URL of the AKS cluster.')
param aksOidcIssuerUrl string

@description('Kubernetes namespace of the portal.')
param kubernetesNamespace string

@description('Kubernetes service account of the portal.')
param kubernetesServiceAccount string

@description('The platform Key Vault (the portal reads its Entra client secret and GitHub App key there).')
param keyVaultName string

@description('The TechDocs storage account (the portal reads published docs).')
param techDocsStorageAccountName string

@description('The AKS cluster (the Kubernetes plugin reads workloads there).')
param clusterName string

// The same module and version the generated services use for their identities.
module identity 'br/public:avm/res/managed-identity/user-assigned-identity:0.4.1' = {
  name: 'platform-portal-identity'
  params: {
    name: identityName
    location: location
    tags: tags
    federatedIdentityCredentials: [
      {
        name: 'aks-${kubernetesServiceAccount}'
        audiences: [
          'api://AzureADTokenExchange'
        ]
        issuer: aksOidcIssuerUrl
        subject: 'system:serviceaccount:${kubernetesNamespace}:${kubernetesServiceAccount}'
      }
    ]
  }
}

var keyVaultSecretsUserRoleId = subscriptionResourceId(
  'Microsoft.Authorization/roleDefinitions',
  '4633458b-17de-408a-b874-0445c86b69e6'
)
var storageBlobDataContributorRoleId = subscriptionResourceId(
  'Microsoft.Authorization/roleDefinitions',
  'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
)
var aksRbacReaderRoleId = subscriptionResourceId(
  'Microsoft.Authorization/roleDefinitions',
  '7f6c6a51-bcf8-42ba-9220-52d62157d7db'
)

resource keyVault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

resource techDocsStorage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: techDocsStorageAccountName
}

resource cluster 'Microsoft.ContainerService/managedClusters@2025-10-01' existing = {
  name: clusterName
}

// Role assignment names use the identity's name, not its object ID, so they are known before
// the identity exists (and stay stable across redeployments).
resource keyVaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, identityName, keyVaultSecretsUserRoleId)
  scope: keyVault
  properties: {
    roleDefinitionId: keyVaultSecretsUserRoleId
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
  }
}

// Contributor, not Reader: the portal's TechDocs publisher also writes (migrations, or builder
// 'local' if the external CI build is ever switched off).
resource techDocsBlobContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(techDocsStorage.id, identityName, storageBlobDataContributorRoleId)
  scope: techDocsStorage
  properties: {
    roleDefinitionId: storageBlobDataContributorRoleId
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
  }
}

// Read access to pods, deployments and services through Azure RBAC. The built-in reader does not
// cover custom resources (Argo Rollouts): infra/portal/rollouts-reader.yaml binds a Kubernetes
// ClusterRole for those to this identity's object ID.
resource clusterReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(cluster.id, identityName, aksRbacReaderRoleId)
  scope: cluster
  properties: {
    roleDefinitionId: aksRbacReaderRoleId
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
  }
}

// Microsoft Graph's service principal in every tenant (its well-known app id), and the id of its
// app role Application.ReadWrite.OwnedBy (the same in every tenant, published by Microsoft).
var microsoftGraphAppId = '00000003-0000-0000-c000-000000000000'
var applicationReadWriteOwnedByRoleId = '18a4783c-866b-4cc7-a460-3d5e5662c884'

resource microsoftGraph 'Microsoft.Graph/servicePrincipals@v1.0' existing = {
  appId: microsoftGraphAppId
}

// Not AppRoleAssignment.ReadWrite.All or Application.ReadWrite.All: either would let the portal
// grant itself, or change, any application of the tenant. OwnedBy also covers payment-service's
// grant on order-service, because Graph lets the owner of an API's service principal assign its
// app roles, and this identity created (so owns) order-service's.
resource graphApplicationReadWriteOwnedBy 'Microsoft.Graph/appRoleAssignedTo@v1.0' = {
  appRoleId: applicationReadWriteOwnedByRoleId
  principalId: identity.outputs.principalId
  resourceId: microsoftGraph.id
}

@description('Name of the identity.')
output name string = identity.outputs.name

@description('Client ID of the identity (the service account annotation azure.workload.identity/client-id).')
output clientId string = identity.outputs.clientId

@description('Object ID of the identity.')
output principalId string = identity.outputs.principalId
