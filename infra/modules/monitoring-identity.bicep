// id-commerce-monitoring: the identity of the cluster's monitoring stack (infra/cluster/monitoring),
// used only by the Secrets Store CSI driver to read the stack's secrets from Key Vault: the teams'
// Alertmanager receiver URLs and Grafana's admin password. Workload identity, no secret; one
// federated credential per service account that mounts a SecretProviderClass. It can read the
// platform vault's secrets and do nothing else (a vault per stack would cost more operations and
// more names for the same boundary; 0008).

@description('Azure region of the identity.')
param location string

@description('Tags for every resource.')
param tags object

@description('Name of the identity.')
param identityName string

@description('OIDC issuer URL of the AKS cluster.')
param aksOidcIssuerUrl string

@description('Kubernetes namespace of the monitoring stack.')
param kubernetesNamespace string

@description('Service accounts in that namespace that mount Key Vault secrets.')
param kubernetesServiceAccounts string[]

@description('The platform Key Vault.')
param keyVaultName string

// The same module and version as the portal's identity and the generated services'.
module identity 'br/public:avm/res/managed-identity/user-assigned-identity:0.4.1' = {
  name: 'platform-monitoring-identity'
  params: {
    name: identityName
    location: location
    tags: tags
    federatedIdentityCredentials: [
      for account in kubernetesServiceAccounts: {
        name: 'aks-${kubernetesNamespace}-${account}'
        audiences: [
          'api://AzureADTokenExchange'
        ]
        issuer: aksOidcIssuerUrl
        subject: 'system:serviceaccount:${kubernetesNamespace}:${account}'
      }
    ]
  }
}

var keyVaultSecretsUserRoleId = subscriptionResourceId(
  'Microsoft.Authorization/roleDefinitions',
  '4633458b-17de-408a-b874-0445c86b69e6'
)

resource keyVault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

resource keyVaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, identityName, keyVaultSecretsUserRoleId)
  scope: keyVault
  properties: {
    roleDefinitionId: keyVaultSecretsUserRoleId
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
  }
}

@description('Client ID of the identity (service account annotations, SecretProviderClass clientID).')
output clientId string = identity.outputs.clientId

@description('Object ID of the identity.')
output principalId string = identity.outputs.principalId
