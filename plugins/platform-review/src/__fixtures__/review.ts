import type {
  DecisionList,
  DecisionRecord,
  PlatformReview,
} from '@internal/plugin-platform-review-common';

/** Where the tests' discovery API puts the backend. */
export const BASE_URL = 'http://localhost:7007/api/platform-review';

const portal = 'component:default/commerce-platform-portal';

/** 0011: deferred, and its spend clause fired. */
export const serverlessCheckout: DecisionRecord = {
  entityRef: portal,
  file: '0011-defer-serverless-checkout.md',
  url: 'https://github.com/acme/commerce-platform-portal/blob/main/docs/decisions/0011-defer-serverless-checkout.md',
  title:
    'Defer serverless checkout; scale the checkout services on AKS for peaks',
  status: 'deferred',
  date: '2026-11-21',
  decisionMakers: ['platform-team', 'checkout-team', 'payments-team'],
  revisitTrigger:
    'monthly platform spend over $3,000, or the AKS node pool at its 10-node maximum during a checkout peak',
  revisitBy: '2027-02-28',
  overdue: false,
  triggerEvaluation: [
    {
      clause: 'monthly platform spend over $3,000',
      evaluable: true,
      fired: true,
      detail: 'the platform costs $3,412 a month (estimate)',
    },
    {
      clause: 'the AKS node pool at its 10-node maximum during a checkout peak',
      evaluable: false,
    },
  ],
  triggerFired: true,
  problems: [],
};

/** 0013: deferred and past its revisit-by date; nothing fired. */
export const chaosExperiments: DecisionRecord = {
  entityRef: portal,
  file: '0013-defer-chaos-experiments.md',
  url: 'https://github.com/acme/commerce-platform-portal/blob/main/docs/decisions/0013-defer-chaos-experiments.md',
  title:
    'Defer automated chaos experiments (Azure Chaos Studio); run manual game days',
  status: 'deferred',
  date: '2026-11-21',
  decisionMakers: ['platform-team', 'engineering-leads'],
  revisitTrigger:
    'more than 6 services in the catalog, or an SLO breach caused by a single-zone or single-dependency failure',
  revisitBy: '2026-10-31',
  overdue: true,
  triggerEvaluation: [
    {
      clause: 'more than 6 services in the catalog',
      evaluable: true,
      fired: false,
      detail: '4 services in the catalog',
    },
    {
      clause:
        'an SLO breach caused by a single-zone or single-dependency failure',
      evaluable: false,
    },
  ],
  triggerFired: false,
  problems: [],
};

/** 0009: deferred, neither due nor fired. */
export const serviceMesh: DecisionRecord = {
  entityRef: portal,
  file: '0009-defer-service-mesh.md',
  url: 'https://github.com/acme/commerce-platform-portal/blob/main/docs/decisions/0009-defer-service-mesh.md',
  title:
    'Defer a service mesh; NetworkPolicy and Gateway API cover today’s needs',
  status: 'deferred',
  date: '2026-11-21',
  decisionMakers: ['platform-team', 'engineering-leads'],
  revisitTrigger:
    'more than 10 services in the catalog, or service-to-service mTLS required by a compliance audit',
  revisitBy: '2027-03-31',
  overdue: false,
  triggerEvaluation: [
    {
      clause: 'more than 10 services in the catalog',
      evaluable: true,
      fired: false,
      detail: '4 services in the catalog',
    },
    {
      clause: 'service-to-service mTLS required by a compliance audit',
      evaluable: false,
    },
  ],
  triggerFired: false,
  problems: [],
};

/** 0004: accepted, so not on the "not yet" list. */
export const gatewayApi: DecisionRecord = {
  entityRef: portal,
  file: '0004-gateway-api-with-envoy-gateway-not-apim.md',
  url: 'https://github.com/acme/commerce-platform-portal/blob/main/docs/decisions/0004-gateway-api-with-envoy-gateway-not-apim.md',
  title: 'Gateway API with Envoy Gateway, not API Management',
  status: 'accepted',
  date: '2026-11-20',
  decisionMakers: ['platform-team'],
  overdue: false,
  triggerEvaluation: [],
  triggerFired: false,
  problems: [],
};

/** A record whose front matter could not be read. */
export const brokenRecord: DecisionRecord = {
  entityRef: portal,
  file: '0021-untitled.md',
  title: '0021-untitled.md',
  status: 'unknown',
  decisionMakers: [],
  overdue: false,
  triggerEvaluation: [],
  triggerFired: false,
  problems: [
    '0021-untitled.md: the front matter is not YAML (line 2: unexpected ":"); write it as key: value lines between two --- lines',
  ],
};

/** The whole platform, after the platform template ran. */
export const review: PlatformReview = {
  generatedAt: '2026-11-22T08:30:00.000Z',
  filters: {},
  ownership: [
    {
      service: 'component:default/order-service',
      owner: 'group:default/checkout-team',
      system: 'system:default/commerce-platform',
      dataStores: [
        {
          entityRef: 'resource:default/order-service-db',
          owner: 'group:default/checkout-team',
          type: 'database',
        },
        {
          entityRef: 'resource:default/cart-service-cache',
          owner: 'group:default/checkout-team',
          type: 'cache',
        },
      ],
      providesApis: ['api:default/order-service-api'],
      consumesApis: ['api:default/payment-service-api'],
    },
    {
      service: 'component:default/payment-service',
      owner: 'group:default/payments-team',
      system: 'system:default/commerce-platform',
      dataStores: [
        {
          entityRef: 'resource:default/payment-service-stripe',
          owner: 'group:default/payments-team',
          type: 'external-service',
        },
      ],
      providesApis: ['api:default/payment-service-api'],
      consumesApis: [],
    },
    {
      service: 'component:default/legacy-reports',
      dataStores: [],
      providesApis: [],
      consumesApis: [],
    },
  ],
  findings: [
    {
      rule: 'foreign-data-store',
      severity: 'error',
      message:
        'order-service depends on cart-service-cache, the data store of cart-service, instead of calling its API',
      fix: 'Call cart-service-api from order-service and remove resource:default/cart-service-cache from its dependsOn',
      entityRefs: [
        'component:default/order-service',
        'resource:default/cart-service-cache',
      ],
      systems: ['system:default/commerce-platform'],
      teams: ['group:default/checkout-team'],
    },
    {
      rule: 'missing-owner',
      severity: 'warning',
      message: 'legacy-reports has no owner',
      fix: 'Set spec.owner of legacy-reports to the Group that runs it',
      entityRefs: ['component:default/legacy-reports'],
      systems: [],
      teams: [],
    },
    {
      rule: 'slo-not-achievable',
      severity: 'error',
      message:
        'order-service declares 99.99 % availability; its hard dependencies allow at most 99.94 %',
      fix: 'Lower order-service’s objective to 99.9 %, or make payment-service a soft dependency (commerce.platform/soft-dependencies)',
      entityRefs: [
        'component:default/order-service',
        'component:default/payment-service',
      ],
      systems: ['system:default/commerce-platform'],
      teams: ['group:default/checkout-team'],
    },
  ],
  slo: [
    {
      service: 'component:default/order-service',
      declared: 0.9999,
      achievable: 0.99940005,
      achievableOk: false,
      chain: [
        {
          entityRef: 'component:default/payment-service',
          availability: 0.9995,
          source: 'SLO (openslo.yaml)',
        },
        {
          entityRef: 'resource:default/order-service-db',
          availability: 0.9999,
          source: 'SLA annotation',
        },
      ],
      softDependencies: ['component:default/cart-service'],
      explanation:
        'order-service declares 99.99 % but needs payment-service ≥ 99.99 %, which declares 99.95 %',
    },
    {
      service: 'component:default/payment-service',
      declared: 0.9995,
      achievable: 0.9999,
      achievableOk: true,
      chain: [
        {
          entityRef: 'resource:default/payment-service-stripe',
          availability: 0.9999,
          source: 'SLA annotation',
        },
      ],
      softDependencies: [],
      explanation:
        'payment-service declares 99.95 %; its hard dependencies compose to 99.99 % (resource:payment-service-stripe 99.99 %), which supports it.',
    },
    {
      service: 'component:default/cart-service',
      declared: 0.9995,
      achievable: 1,
      achievableOk: false,
      chain: [],
      softDependencies: [],
      unknownDependencies: ['resource:default/cart-service-cache'],
      explanation:
        'cart-service declares 99.95 %, but the availability of resource:cart-service-cache is unknown (no SLA annotation), so the review cannot confirm it.',
    },
  ],
  spend: [
    {
      entityRef: 'system:default/commerce-platform',
      title: 'Commerce Platform',
      scope: 'system',
      kind: 'estimate',
      monthlyUsd: 3412,
      budgetUsd: 3000,
      overBudget: true,
    },
    {
      entityRef: 'group:default/checkout-team',
      title: 'Checkout team',
      scope: 'team',
      kind: 'actual',
      monthlyUsd: 812.4,
      budgetUsd: 920,
      overBudget: false,
    },
    {
      entityRef: 'group:default/payments-team',
      title: 'Payments team',
      scope: 'team',
      kind: 'estimate',
      monthlyUsd: 236,
      overBudget: false,
    },
  ],
  notYet: [serverlessCheckout, chaosExperiments, serviceMesh],
  drift: [
    {
      service: 'component:default/order-service',
      blueprintVersion: '0.1.0',
      currentVersion: '0.2.0',
      behind: true,
    },
    {
      service: 'component:default/payment-service',
      blueprintVersion: '0.2.0',
      currentVersion: '0.2.0',
      behind: false,
    },
  ],
  systems: [
    {
      entityRef: 'system:default/commerce-platform',
      title: 'Commerce Platform',
    },
    { entityRef: 'system:default/back-office' },
  ],
  teams: [
    { entityRef: 'group:default/checkout-team', title: 'Checkout team' },
    { entityRef: 'group:default/payments-team', title: 'Payments team' },
  ],
  problems: [],
};

/** A review with nothing to report, to check that every empty state says why. */
export const quietReview: PlatformReview = {
  ...review,
  ownership: [],
  findings: [],
  slo: [],
  spend: [],
  notYet: [],
  drift: [
    {
      service: 'component:default/payment-service',
      blueprintVersion: '0.2.0',
      currentVersion: '0.2.0',
      behind: false,
    },
  ],
};

/** The portal's own decisions, as its Decisions tab reads them. */
export const portalDecisions: DecisionList = {
  decisions: [gatewayApi, serviceMesh, chaosExperiments, brokenRecord],
  problems: [],
};
