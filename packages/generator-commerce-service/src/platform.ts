/**
 * Facts about the shared platform every generated service plugs into (defined by infra/ of the
 * portal repository). One place, so a platform change is one edit here and a regenerate.
 */
export const platform = {
  githubOrg: 'commerce',
  containerRegistry: 'commerceplatform.azurecr.io',
  /** The Gateway API gateway in front of the services (the API gateway ADR). */
  gateway: {
    name: 'commerce-gateway',
    namespace: 'gateway-system',
    /** Where Envoy Gateway runs the Gateway's Envoy pods (its default deployment mode). */
    envoyNamespace: 'envoy-gateway-system',
  },
  /** Prometheus the canary analysis queries. */
  prometheusAddress:
    'http://prometheus-server.monitoring.svc.cluster.local:9090',
  monitoringNamespace: 'monitoring',
  /** Labels of the Prometheus pods (infra/cluster/monitoring/prometheus.yaml). */
  prometheusPodLabels: { 'app.kubernetes.io/name': 'prometheus-server' },
  /** Every service serves GET /metrics on this port, apart from its API (METRICS_PORT). */
  metricsPort: 9464,
  argoCdNamespace: 'argocd',
  keyVaultName: 'kv-commerce-platform',
  logAnalyticsWorkspace: 'log-commerce-platform',
  platformResourceGroup: 'rg-commerce-platform',
  aksOidcIssuerParam: 'aksOidcIssuerUrl',
} as const;

/** The canary: traffic weights and how long each step soaks before the next. */
export const canarySteps: Array<{ weight: number; pause: string }> = [
  { weight: 1, pause: '5m' },
  { weight: 5, pause: '5m' },
  { weight: 25, pause: '10m' },
  { weight: 50, pause: '10m' },
];
