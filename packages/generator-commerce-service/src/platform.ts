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
} as const;

/** The canary: traffic weights and how long each step soaks before the next. */
export const canarySteps: Array<{ weight: number; pause: string }> = [
  { weight: 1, pause: '5m' },
  { weight: 5, pause: '5m' },
  { weight: 25, pause: '10m' },
  { weight: 50, pause: '10m' },
];
