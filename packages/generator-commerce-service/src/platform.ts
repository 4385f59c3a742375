import {
  orderPaymentStatusWriteRole,
  orderReadAllRole,
} from './kinds/openapi.ts';

/**
 * Facts about the shared platform every generated service plugs into (defined by infra/ of the
 * portal repository). One place, so a platform change is one edit here and a regenerate.
 */
export const platform = {
  githubOrg: 'commerce',
  containerRegistry: 'commerceplatform.azurecr.io',
  /**
   * The organization's runner group whose GitHub-hosted runners join the platform's runner VNet
   * (infra/modules/network.bicep): the only runners that reach the private production registry.
   * The jobs that push an image run on it (`runs-on: { group: ... }`): the generated pipeline's
   * deploy-dev and the portal's own deploy job (.github/workflows/portal.yml names it too; a test
   * holds the two equal). Created once by an organization owner (infra/README.md).
   */
  privateNetworkRunnerGroup: 'commerce-platform-vnet',
  /** The Gateway API gateway in front of the services (the API gateway ADR). */
  gateway: {
    name: 'commerce-gateway',
    namespace: 'gateway-system',
    /** Where Envoy Gateway runs the Gateway's Envoy pods (its default deployment mode). */
    envoyNamespace: 'envoy-gateway-system',
  },
  /**
   * The catalog Resource public traffic enters through (catalog/platform-resources.yaml): every
   * service dependsOn it, so the leads' review counts the request path's chain (Front Door,
   * Private Link, load balancer, gateway, nodes) in its availability.
   */
  edgeResourceRef: 'resource:default/commerce-front-door',
  /** Prometheus the canary analysis queries. */
  prometheusAddress:
    'http://prometheus-server.monitoring.svc.cluster.local:9090',
  /**
   * The portal (infra/portal/configmap.yaml PORTAL_BASE_URL, a placeholder host until the Front
   * Door domain is chosen): its TechDocs serve each service's runbook, the alerts' runbook_url.
   */
  portalUrl: 'https://portal.commerce.example.com',
  /** Uid of the Prometheus data source in the platform's Grafana, which the dashboards query. */
  grafanaDatasourceUid: 'prometheus',
  /** rollouts-pod-template-hash as Prometheus' pod-label relabelling names it (the canary's pods). */
  canaryHashLabel: 'rollouts_pod_template_hash',
  monitoringNamespace: 'monitoring',
  /**
   * Labels of the Prometheus pods: the Prometheus Operator's for the Prometheus named
   * prometheus-server (infra/cluster/monitoring/prometheus.yaml).
   */
  prometheusPodLabels: {
    'app.kubernetes.io/name': 'prometheus',
    'app.kubernetes.io/instance': 'prometheus-server',
  },
  /**
   * The CPU utilisation every service's HPA holds its pods at (deploy/hpa.yaml): one pod's share
   * of the load is its capacity × this, the rate `npm run loadtest` drives it at.
   */
  hpaCpuTargetPercent: 70,
  /** The most pods every service's HPA scales to: the service's load ceiling is this × one pod's rate. */
  hpaMaxReplicas: 10,
  /** Every service serves GET /metrics on this port, apart from its API (METRICS_PORT). */
  metricsPort: 9464,
  argoCdNamespace: 'argocd',
  /**
   * The platform's own vault (the portal's and the cluster's secrets). Services keep theirs in a
   * vault of their own per environment (src/keyVault.ts), never here.
   */
  keyVaultName: 'kv-commerce-platform',
  /**
   * The platform output (and portal environment variable) naming privatelink.vaultcore.azure.net:
   * a service's prod vault registers its private endpoint there (infra/delivery.bicepparam).
   */
  keyVaultPrivateDnsZoneVariable: 'KEY_VAULT_PRIVATE_DNS_ZONE_ID',
  logAnalyticsWorkspace: 'log-commerce-platform',
  platformResourceGroup: 'rg-commerce-platform',
  aksOidcIssuerParam: 'aksOidcIssuerUrl',
  /**
   * The organisation's Entra ID tenant (directory) id. Every service's tokens are issued by
   * this tenant: the gateway's SecurityPolicy checks `iss` and fetches the signing keys from
   * it. An identifier, not a secret; the same value as the repository variable AZURE_TENANT_ID.
   * Generated files carry this all-zero placeholder (the Nil UUID, never a real tenant); the
   * generated pipeline's gitops job writes AZURE_TENANT_ID over it in deploy/configmap.yaml and
   * deploy/securitypolicy.yaml. (The API app's client id has its own placeholder: src/entra.ts.)
   */
  entraTenantId: '00000000-0000-0000-0000-000000000000',
  /** What the gateway enforces in front of every service (src/edge.ts). */
  edge: {
    /**
     * The request header the gateway copies a verified token's `sub` into, so the rate limit
     * can count per subject. The gateway's ClientTrafficPolicy (infra/cluster/gateway) strips
     * it from every incoming request first, so only a verified token can set it; services read
     * the subject from the token itself, never from this header.
     */
    subjectHeader: 'x-commerce-jwt-sub',
    /** Local rate limits (per Envoy replica and route match; see backendtrafficpolicy.yaml). */
    rateLimits: {
      perClientIpPerMinute: 1200,
      perSubjectPerMinute: 600,
    },
  },
  /**
   * The order service payment-service charges orders of (checkout integrity): its in-cluster
   * address (the stable Service: the canary split is the gateway's, not this caller's), the app
   * id URI its tokens are for, and the app roles payment-service's identity holds on it.
   */
  orderService: {
    name: 'order-service',
    namespace: 'checkout-team',
    url: 'http://order-service-stable.checkout-team.svc.cluster.local',
    audience: 'api://order-service',
    roles: [orderReadAllRole, orderPaymentStatusWriteRole],
  },
  /** The one caller of those order-service operations, admitted to order-service's API port. */
  paymentService: { name: 'payment-service', namespace: 'payments-team' },
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

/**
 * The blue-green release (rolloutStrategy blueGreen). The previous version stays up for
 * scaleDownDelaySeconds after the post-promotion analysis passed: long enough to see the first
 * alerts of the new version and switch back without starting pods, short enough not to pay for
 * twice the pods for long.
 */
export const blueGreen = { scaleDownDelaySeconds: 600 } as const;
