import type {
  CostOverview,
  EntityCostReport,
  ServiceKindEstimate,
} from '@internal/plugin-cost-common';

/** Where msw answers for the cost backend (mockApis.discovery's default base URL). */
export const costBaseUrl = 'http://example.com/api/cost';

export const orderServiceEntity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'order-service',
    namespace: 'default',
    annotations: {
      'commerce.platform/service-kind': 'order',
      'commerce.platform/monthly-budget-usd': '320',
    },
  },
  spec: { type: 'service', owner: 'checkout-team', lifecycle: 'production' },
};

export const orderServiceEstimate: EntityCostReport = {
  entityRef: 'component:default/order-service',
  kind: 'estimate',
  currency: 'USD',
  month: '2026-11',
  monthlyUsd: 312,
  budgetUsd: 320,
  trend: [],
  topResources: [
    {
      name: 'Azure SQL Database',
      monthlyUsd: 187.4,
      detail: 'sql-gp-2vcore x 1',
    },
    { name: 'Service Bus', monthlyUsd: 84, detail: 'servicebus-standard x 1' },
    { name: 'Log Analytics', monthlyUsd: 40.2, detail: 'log-gb x 14' },
    { name: 'Key Vault', monthlyUsd: 0.4, detail: 'keyvault-ops x 1' },
  ],
  source:
    'infra/cost-model.yaml priced with the price sheet of 2026-10-01 (westeurope)',
  problems: [],
};

export const systemEntity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'commerce-platform', namespace: 'default' },
  spec: { owner: 'platform-team' },
};

export const groupEntity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'checkout-team', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

export const overview: CostOverview = {
  platform: {
    kind: 'estimate',
    sharedUsd: 1450,
    servicesUsd: 1312,
    totalUsd: 2762,
    budgetUsd: 3000,
  },
  systems: [
    {
      entityRef: 'system:default/commerce-platform',
      kind: 'estimate',
      monthlyUsd: 1312,
      budgetUsd: 3000,
      services: [
        {
          entityRef: 'component:default/product-service',
          monthlyUsd: 96,
          kind: 'estimate',
        },
        {
          entityRef: 'component:default/order-service',
          monthlyUsd: 312,
          kind: 'estimate',
        },
        {
          entityRef: 'component:default/cart-service',
          monthlyUsd: 668,
          kind: 'estimate',
        },
        {
          entityRef: 'component:default/payment-service',
          monthlyUsd: 236,
          kind: 'estimate',
        },
      ],
      problems: [],
    },
  ],
  groups: [
    {
      entityRef: 'group:default/checkout-team',
      kind: 'estimate',
      monthlyUsd: 980,
      budgetUsd: 920,
      services: [
        {
          entityRef: 'component:default/order-service',
          monthlyUsd: 312,
          kind: 'estimate',
        },
        { entityRef: 'component:default/cart-service', kind: 'estimate' },
      ],
      problems: [
        'cart-service: no price for "redis-c1" in westeurope; add it to the price sheet.',
      ],
    },
  ],
  problems: [],
};

export const cartEstimate: ServiceKindEstimate = {
  serviceKind: 'cart',
  environment: 'prod',
  region: 'northeurope',
  currency: 'USD',
  monthlyUsd: 668,
  lines: [
    { name: 'Azure Cache for Redis', monthlyUsd: 410, detail: 'redis-c2 x 1' },
    { name: 'Cosmos DB', monthlyUsd: 190, detail: 'cosmos-ru x 1000' },
    { name: 'Log Analytics', monthlyUsd: 48, detail: 'log-gb x 16' },
    { name: 'Key Vault', monthlyUsd: 20, detail: 'keyvault-ops x 1' },
  ],
  pricesAsOf: '2026-10-01',
  warnings: [],
};
