/**
 * Facts about the shared platform every generated service plugs into (defined by infra/ of the
 * portal repository). One place, so a platform change is one edit here and a regenerate.
 */
export const platform = {
  githubOrg: 'commerce',
  containerRegistry: 'commerceplatform.azurecr.io',
  /** The Gateway API gateway in front of the services (the API gateway ADR). */
  gateway: { name: 'commerce-gateway', namespace: 'gateway-system' },
  /** Prometheus the canary analysis queries. */
  prometheusAddress:
    'http://prometheus-server.monitoring.svc.cluster.local:9090',
  monitoringNamespace: 'monitoring',
  argoCdNamespace: 'argocd',
  keyVaultName: 'kv-commerce-platform',
  logAnalyticsWorkspace: 'log-commerce-platform',
  platformResourceGroup: 'rg-commerce-platform',
  aksOidcIssuerParam: 'aksOidcIssuerUrl',
  /** Platform output (and deploy environment variable) of the private-endpoint subnet's ID. */
  privateEndpointSubnetVariable: 'PRIVATE_ENDPOINT_SUBNET_ID',
} as const;

/** The canary: traffic weights and how long each step soaks before the next. */
export const canarySteps: Array<{ weight: number; pause: string }> = [
  { weight: 1, pause: '5m' },
  { weight: 5, pause: '5m' },
  { weight: 25, pause: '10m' },
  { weight: 50, pause: '10m' },
];
