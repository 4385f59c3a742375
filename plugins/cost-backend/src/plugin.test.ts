import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  CostOverview,
  EntityCostReport,
  ServiceKindEstimate,
} from '@internal/plugin-cost-common';
import request from 'supertest';
import { readCostConfig } from './config';
import costPlugin from './index';
import { createCostManagementService } from './services/CostManagement/AzureCostManagement';
import { costManagementServiceRef } from './services/CostManagement/costManagementServiceRef';
import {
  createFakeCostManagement,
  fakeCredential,
  queryResult,
  serviceTagQueryResult,
  type RecordedRequest,
} from './services/CostManagement/__testUtils__/fakeCostManagement';
import { eventually, localTestDatabaseIds } from '@internal/test-utils';

const repo = path.resolve(__dirname, '../../..');
const blueprintModel = (kind: string) =>
  readFileSync(
    path.join(
      repo,
      `packages/generator-commerce-service/templates/kinds/${kind}/infra/cost-model.yaml`,
    ),
    'utf8',
  );

const repositories = 'file:///data/repositories';

function service(
  name: string,
  kind: string,
  owner: string,
  budget: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location': `url:${repositories}/${name}/catalog-info.yaml`,
        'commerce.platform/cost-model': 'infra/cost-model.yaml',
        'commerce.platform/monthly-budget-usd': budget,
        'commerce.platform/service-kind': kind,
        'commerce.platform/azure-region': 'westeurope',
        ...annotations,
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: `group:default/${owner}`,
      system: 'commerce-platform',
    },
  };
}

function group(name: string, budget?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name,
      namespace: 'default',
      title: name.replace('-', ' '),
      ...(budget && {
        annotations: { 'commerce.platform/monthly-budget-usd': budget },
      }),
    },
    spec: { type: 'team', children: [] },
  };
}

const entities: Entity[] = [
  service('product-service', 'product', 'catalog-team', '100'),
  service('order-service', 'order', 'checkout-team', '320'),
  service('cart-service', 'cart', 'checkout-team', '600'),
  service('payment-service', 'payment', 'payments-team', '60'),
  // Its cost model names a Redis SKU the price sheet has no price for.
  service('search-service', 'cart', 'catalog-team', 'fifty'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'portal-docs', namespace: 'default' },
    spec: { type: 'website', owner: 'group:default/platform-team' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: 'commerce-platform',
      namespace: 'default',
      title: 'Commerce Platform',
      annotations: { 'commerce.platform/monthly-budget-usd': '3000' },
    },
    spec: { owner: 'group:default/platform-team' },
  },
  group('catalog-team', '100'),
  group('checkout-team', '920'),
  group('payments-team', '60'),
  group('platform-team', '1920'),
];

const files: Record<string, string> = {
  [`${repositories}/product-service/infra/cost-model.yaml`]:
    blueprintModel('product'),
  [`${repositories}/order-service/infra/cost-model.yaml`]:
    blueprintModel('order'),
  [`${repositories}/cart-service/infra/cost-model.yaml`]:
    blueprintModel('cart'),
  [`${repositories}/payment-service/infra/cost-model.yaml`]:
    blueprintModel('payment'),
  [`${repositories}/search-service/infra/cost-model.yaml`]: `apiVersion: commerce.platform/v1alpha1
kind: CostModel
environments:
  prod:
    - item: Azure Cache for Redis Enterprise E10
      priceId: redis.Enterprise.E10
      quantity: 1
    - item: Key Vault reads
      priceId: keyvault.standard.operations
      quantity: 1
      basis: assumed usage
`,
};

const urlReader = mockServices.urlReader.mock({
  readUrl: async (url: string) => {
    const text = files[url];
    if (text === undefined) throw new NotFoundError(`${url} not found`);
    return { buffer: async () => Buffer.from(text) } as any;
  },
});

const localConfig = {
  cost: {
    pricing: {
      priceSheetFile: path.join(repo, 'infra/pricing/azure-prices.yaml'),
    },
  },
  commerce: { platform: { infraDirectory: path.join(repo, 'infra') } },
};

async function startBackend(
  options: {
    config?: Record<string, unknown>;
    extraEntities?: Entity[];
    costManagement?: ReturnType<typeof createServiceFactory>;
  } = {},
) {
  const { server } = await startTestBackend({
    features: [
      costPlugin,
      mockServices.rootConfig.factory({
        data: (options.config ?? localConfig) as any,
      }),
      catalogServiceMock.factory({
        entities: [...entities, ...(options.extraEntities ?? [])],
      }),
      urlReader.factory,
      ...(options.costManagement ? [options.costManagement] : []),
    ],
  });
  return server;
}

describe('GET /api/cost/v1/entities/:kind/:namespace/:name (estimates)', () => {
  it('prices the service’s cost model with the price sheet', async () => {
    const server = await startBackend();
    const res = await request(server).get(
      '/api/cost/v1/entities/component/default/cart-service',
    );
    expect(res.status).toBe(200);
    const report: EntityCostReport = res.body;
    // Redis Premium P1 1.5 × 0.61 × 730 = 667.95, + its private endpoint 7.30 with data and
    // DNS queries 0.70, + Key Vault 0.03.
    expect(report).toEqual({
      entityRef: 'component:default/cart-service',
      kind: 'estimate',
      currency: 'USD',
      month: new Date().toISOString().slice(0, 7),
      monthlyUsd: 675.98,
      atMaxScaleUsd: 675.98,
      budgetUsd: 600,
      trend: [],
      topResources: [
        {
          name: 'Azure Cache for Redis Premium P1 (6 GB), primary + 2 replicas across zones 1-3',
          monthlyUsd: 667.95,
          detail: '1.5 × redis.Premium.P1 (cache-hour; list price)',
        },
        {
          name: 'Private endpoint of the cache in the platform VNet (prod has no public access)',
          monthlyUsd: 7.3,
          detail: '1 × privatelink.endpoint (endpoint-hour; list price)',
        },
        {
          name: "Private DNS queries resolving the cache's host name (on the platform's privatelink zone)",
          monthlyUsd: 0.4,
          detail: '1 × privatedns.queries (million-queries; assumed usage)',
        },
        {
          name: 'Private Link data processed out of the cache (responses)',
          monthlyUsd: 0.2,
          detail: '20 × privatelink.data.outbound (GB; assumed usage)',
        },
        {
          name: 'Private Link data processed into the cache (requests)',
          monthlyUsd: 0.1,
          detail: '10 × privatelink.data.inbound (GB; assumed usage)',
        },
        {
          name: "Key Vault reads of the Redis URL secret (start-up only; on the service's own vault per environment)",
          monthlyUsd: 0.03,
          detail:
            '1 × keyvault.standard.operations (10k-operations; assumed usage)',
        },
      ],
      source: expect.stringContaining(
        `estimate: the prod resources of ${repositories}/cart-service/infra/cost-model.yaml, priced with the price sheet (westeurope list prices as of 2026-11-21)`,
      ),
      problems: [],
    });
    expect(report.source).toContain(
      'Azure Cost Management not configured: set commerce.azure.subscriptionId',
    );
  });

  it('reports a price missing from the sheet on that entity only, with a 200', async () => {
    const server = await startBackend();
    const res = await request(server).get(
      '/api/cost/v1/entities/component/default/search-service',
    );
    expect(res.status).toBe(200);
    expect(res.body.monthlyUsd).toBeUndefined();
    expect(res.body.problems).toEqual([
      `component:default/search-service: commerce.platform/monthly-budget-usd is "fifty"; write a positive amount of US dollars with digits only, e.g. '600'`,
      'no price for "redis.Enterprise.E10" in the price sheet (infra/pricing/azure-prices.yaml): add it with id, meter, unit, usd, source',
    ]);
    // What could be priced is still shown.
    expect(res.body.topResources).toHaveLength(1);

    const other = await request(server).get(
      '/api/cost/v1/entities/component/default/order-service',
    );
    // 2 × 0.191 × 730 + 64 × 0.131 = 287.24, + its private endpoint 7.85 = 295.09
    expect(other.body).toMatchObject({ monthlyUsd: 295.09, problems: [] });
  });

  it('says what is missing when there is no annotation or no file', async () => {
    const server = await startBackend({
      extraEntities: [
        service('legacy-service', 'order', 'checkout-team', '10', {
          'commerce.platform/cost-model': '',
        }),
        service('moved-service', 'order', 'checkout-team', '10'),
      ],
    });
    const legacy = await request(server).get(
      '/api/cost/v1/entities/component/default/legacy-service',
    );
    expect(legacy.status).toBe(200);
    expect(legacy.body.problems).toEqual([
      'component:default/legacy-service has no commerce.platform/cost-model annotation; add one naming its cost model, e.g. "commerce.platform/cost-model: infra/cost-model.yaml" (services generated by the blueprint have it)',
    ]);
    const moved = await request(server).get(
      '/api/cost/v1/entities/component/default/moved-service',
    );
    expect(moved.status).toBe(200);
    expect(moved.body.problems).toEqual([
      `the cost model cannot be used: component:default/moved-service: commerce.platform/cost-model names ${repositories}/moved-service/infra/cost-model.yaml, which does not exist; fix the annotation or add the file`,
    ]);
  });

  it('is 404 only for an entity the catalog does not have', async () => {
    const server = await startBackend();
    const res = await request(server).get(
      '/api/cost/v1/entities/component/default/nobody',
    );
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({
      name: 'NotFoundError',
      message: 'component:default/nobody is not in the catalog',
    });
  });

  it('reports a broken price sheet on the response instead of failing', async () => {
    const server = await startBackend({
      config: {
        ...localConfig,
        cost: { pricing: { priceSheetFile: path.join(repo, 'nope.yaml') } },
      },
    });
    const res = await request(server).get(
      '/api/cost/v1/entities/component/default/cart-service',
    );
    expect(res.status).toBe(200);
    expect(res.body.monthlyUsd).toBeUndefined();
    expect(res.body.problems).toEqual([
      `the price sheet cannot be used: ${path.join(
        repo,
        'nope.yaml',
      )} does not exist; check cost.pricing.priceSheetFile (a relative path starts at the backend's working directory)`,
    ]);
  });
});

describe('GET /api/cost/v1/overview (estimates)', () => {
  it('rolls services and the shared platform up per system and team, with one broken service', async () => {
    const server = await startBackend();
    const res = await request(server).get('/api/cost/v1/overview');
    expect(res.status).toBe(200);
    const overview: CostOverview = res.body;
    // Services 32.13 + 295.09 + 675.98 + 0.03 = 1,003.23 (search-service has no figure); the
    // platform's prod estimate is 1,954.88 (plugins/cost-common platformEstimate.test.ts).
    expect(overview.platform).toEqual({
      kind: 'estimate',
      sharedUsd: 1954.88,
      servicesUsd: 1003.23,
      totalUsd: 2958.11,
      budgetUsd: 3000,
    });
    expect(overview.problems).toEqual([]);
    expect(overview.systems).toEqual([
      expect.objectContaining({
        entityRef: 'system:default/commerce-platform',
        title: 'Commerce Platform',
        monthlyUsd: 2958.11,
        budgetUsd: 3000,
        sharedUsd: 1954.88,
        problems: [
          'component:default/search-service has no figure this month (see its own problems); the total leaves it out',
        ],
      }),
    ]);
    expect(overview.systems[0].services).toHaveLength(5);
    expect(
      overview.groups.map(g => [g.entityRef, g.monthlyUsd, g.budgetUsd]),
    ).toEqual([
      ['group:default/catalog-team', 32.13, 100],
      ['group:default/checkout-team', 971.07, 920],
      ['group:default/payments-team', 0.03, 60],
      ['group:default/platform-team', 1954.88, 1920],
    ]);
    const checkout = overview.groups[1];
    expect(checkout.problems).toEqual([]);
    expect(checkout.services).toEqual([
      {
        entityRef: 'component:default/order-service',
        kind: 'estimate',
        monthlyUsd: 295.09,
      },
      {
        entityRef: 'component:default/cart-service',
        kind: 'estimate',
        monthlyUsd: 675.98,
      },
    ]);
    // The website without a service kind is not a service.
    expect(JSON.stringify(overview)).not.toContain('portal-docs');
  });

  it('asks the catalog a fixed number of times, however many services there are', async () => {
    const catalog = catalogServiceMock({ entities });
    const getEntities = jest.spyOn(catalog, 'getEntities');
    const getEntitiesByRefs = jest.spyOn(catalog, 'getEntitiesByRefs');
    const getEntityByRef = jest.spyOn(catalog, 'getEntityByRef');
    const { server } = await startTestBackend({
      features: [
        costPlugin,
        mockServices.rootConfig.factory({ data: localConfig }),
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => catalog,
        }),
        urlReader.factory,
      ],
    });
    await request(server).get('/api/cost/v1/overview').expect(200);
    expect(getEntities).toHaveBeenCalledTimes(1);
    // The services' Systems and Groups, then the platform's owner (it owns no service).
    expect(getEntitiesByRefs).toHaveBeenCalledTimes(2);
    expect(getEntityByRef).not.toHaveBeenCalled();
  });

  it('lists only the System or team a card asks for, and refuses anything else', async () => {
    const server = await startBackend();
    const system = await request(server)
      .get('/api/cost/v1/overview?system=commerce-platform')
      .expect(200);
    expect(system.body.systems.map((s: any) => s.entityRef)).toEqual([
      'system:default/commerce-platform',
    ]);
    expect(system.body.groups).toEqual([]);
    expect(system.body.platform.totalUsd).toBe(2958.11);

    const team = await request(server)
      .get('/api/cost/v1/overview?group=group:default/checkout-team')
      .expect(200);
    expect(team.body.systems).toEqual([]);
    expect(
      team.body.groups.map((g: any) => [g.entityRef, g.monthlyUsd]),
    ).toEqual([['group:default/checkout-team', 971.07]]);

    const wrongKind = await request(server).get(
      '/api/cost/v1/overview?system=group:default/checkout-team',
    );
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.error.message).toBe(
      'system: "group:default/checkout-team" is a group, not a system; use an entity ref such as system:default/commerce-platform',
    );
    const unknown = await request(server).get('/api/cost/v1/overview?team=x');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe(
      'unknown query parameter "team"; this request takes system and group',
    );
  });

  it('says the shared platform is not configured without an infra folder', async () => {
    const server = await startBackend({ config: { cost: localConfig.cost } });
    const res = await request(server).get('/api/cost/v1/overview');
    expect(res.status).toBe(200);
    expect(res.body.platform).toMatchObject({
      sharedUsd: 0,
      totalUsd: 1003.23,
    });
    expect(res.body.problems).toEqual([
      "not configured: set commerce.platform.infraDirectory or commerce.platform.infraUrl (this repository's infra/ folder) to estimate the shared platform's cost",
    ]);
  });
});

describe('GET /api/cost/v1/estimates/:serviceKind', () => {
  it('prices the blueprint’s cost model of a kind for the template form', async () => {
    const server = await startBackend();
    const res = await request(server).get(
      '/api/cost/v1/estimates/order?environment=dev',
    );
    expect(res.status).toBe(200);
    const estimate: ServiceKindEstimate = res.body;
    // B2s 0.091 × 730 = 66.43; 32 GB × 0.131 = 4.19
    expect(estimate).toEqual({
      serviceKind: 'order',
      environment: 'dev',
      region: 'westeurope',
      currency: 'USD',
      monthlyUsd: 70.62,
      atMaxScaleUsd: 70.62,
      lines: [
        {
          name: 'PostgreSQL flexible server Burstable B2s, one server',
          monthlyUsd: 66.43,
          detail:
            '1 × postgres.flexible.Burstable.Standard_B2s (server-hour; list price)',
        },
        {
          name: 'PostgreSQL storage, 32 GB',
          monthlyUsd: 4.19,
          detail: '32 × postgres.flexible.storage (GB-month; list price)',
        },
      ],
      pricesAsOf: '2026-11-21',
      warnings: [],
    });
  });

  it('defaults to prod and warns about another region', async () => {
    const server = await startBackend();
    const res = await request(server).get(
      '/api/cost/v1/estimates/product?region=swedencentral',
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      environment: 'prod',
      region: 'swedencentral',
      monthlyUsd: 32.13,
      atMaxScaleUsd: 229.23,
      warnings: [
        "the prices are westeurope list prices; swedencentral's differ, so treat the figure as approximate",
      ],
    });
  });

  it('lists the valid kinds for an unknown one, and refuses bad parameters', async () => {
    const server = await startBackend();
    const unknown = await request(server).get(
      '/api/cost/v1/estimates/inventory',
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({
      name: 'InputError',
      message:
        'unknown service kind "inventory"; the blueprint has cost models for cart, order, payment, product',
    });
    const staging = await request(server).get(
      '/api/cost/v1/estimates/cart?environment=staging',
    );
    expect(staging.status).toBe(400);
    expect(staging.body.error.message).toContain(
      'there is no "staging" environment; the model has prod, dev',
    );
    const bad = await request(server).get(
      '/api/cost/v1/estimates/cart?region=West%20Europe',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'query parameter region must match pattern "^[a-z][a-z0-9]*$" (region: an Azure region name such as westeurope (the default), given once)',
    );
  });

  it('answers 503 with the reason when the price sheet is broken', async () => {
    const server = await startBackend({
      config: {
        cost: {
          pricing: {
            priceSheetFile: path.join(repo, 'infra/pricing/usage.yaml'),
          },
        },
      },
    });
    const res = await request(server).get('/api/cost/v1/estimates/cart');
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(
      /^the price sheet cannot be used: .*usage\.yaml: The price sheet is not valid:\n- currency/,
    );
  });
});

describe('with Azure Cost Management configured', () => {
  const subscriptionId = '6f1c2a7e-0000-4000-8000-000000000001';
  const now = new Date('2026-11-21T10:30:00Z');
  const rg = `/subscriptions/${subscriptionId}/resourcegroups/rg-cart-service/providers`;

  function costManagement(
    answer: (request: RecordedRequest) => { status: number; body?: unknown },
  ) {
    const fake = createFakeCostManagement(answer);
    const factory = createServiceFactory({
      service: costManagementServiceRef,
      deps: { config: coreServices.rootConfig, cache: coreServices.cache },
      factory: ({ config, cache }) =>
        createCostManagementService(readCostConfig(config), {
          cache,
          httpClient: fake.httpClient,
          credential: fakeCredential,
          now: () => now,
        }),
    });
    return { factory, requests: fake.requests };
  }

  const azureConfig = {
    ...localConfig,
    commerce: { ...localConfig.commerce, azure: { subscriptionId } },
  };

  it('queries the service’s tagged cost by month and resource, and reports it as actual', async () => {
    const fake = costManagement(() => ({
      status: 200,
      body: queryResult(
        [
          ['PreTaxCost', 'Number'],
          ['BillingMonth', 'Datetime'],
          ['ResourceId', 'String'],
          ['Currency', 'String'],
        ],
        [
          [
            441.2,
            '2026-09-01T00:00:00',
            `${rg}/microsoft.cache/redis/redis-cart-abc`,
            'USD',
          ],
          [
            445.3,
            '2026-10-01T00:00:00',
            `${rg}/microsoft.cache/redis/redis-cart-abc`,
            'USD',
          ],
          [
            300.1,
            '2026-11-01T00:00:00',
            `${rg}/microsoft.cache/redis/redis-cart-abc`,
            'USD',
          ],
          [
            0.004,
            '2026-11-01T00:00:00',
            `${rg}/microsoft.managedidentity/userassignedidentities/id-cart-service`,
            'USD',
          ],
        ],
      ),
    }));
    const server = await startBackend({
      config: azureConfig,
      costManagement: fake.factory,
    });
    const res = await request(server).get(
      '/api/cost/v1/entities/component/default/cart-service',
    );
    expect(res.status).toBe(200);

    expect(fake.requests).toHaveLength(1);
    const [sent] = fake.requests;
    expect(sent).toMatchObject({
      method: 'POST',
      path: `/subscriptions/${subscriptionId}/providers/Microsoft.CostManagement/query`,
      apiVersion: '2022-10-01',
      authorization: 'Bearer fake-arm-token',
    });
    expect(sent.body).toEqual({
      type: 'ActualCost',
      timeframe: 'Custom',
      timePeriod: {
        from: '2026-05-01T00:00:00.000Z',
        to: '2026-11-21T10:30:00.000Z',
      },
      dataset: {
        granularity: 'Monthly',
        aggregation: { totalCost: { name: 'PreTaxCost', function: 'Sum' } },
        grouping: [{ type: 'Dimension', name: 'ResourceId' }],
        filter: {
          and: [
            {
              tags: {
                name: 'service',
                operator: 'In',
                values: ['cart-service'],
              },
            },
            { tags: { name: 'environment', operator: 'In', values: ['prod'] } },
          ],
        },
      },
    });

    expect(res.body).toEqual({
      entityRef: 'component:default/cart-service',
      kind: 'actual',
      currency: 'USD',
      month: '2026-11',
      monthlyUsd: 300.1,
      budgetUsd: 600,
      trend: [
        { month: '2026-05', usd: 0 },
        { month: '2026-06', usd: 0 },
        { month: '2026-07', usd: 0 },
        { month: '2026-08', usd: 0 },
        { month: '2026-09', usd: 441.2 },
        { month: '2026-10', usd: 445.3 },
      ],
      topResources: [
        {
          name: 'redis-cart-abc',
          monthlyUsd: 300.1,
          detail: `${rg}/microsoft.cache/redis/redis-cart-abc`,
        },
        {
          name: 'id-cart-service',
          monthlyUsd: 0,
          detail: `${rg}/microsoft.managedidentity/userassignedidentities/id-cart-service`,
        },
      ],
      source: `Azure Cost Management: actual cost, month to date, of the resources in subscription ${subscriptionId} tagged service=cart-service and environment=prod`,
      problems: [],
    });
  });

  it('reports $0 actual when Cost Management has nothing, and asks about the tags if a bill was expected', async () => {
    const fake = costManagement(() => ({ status: 204 }));
    const server = await startBackend({
      config: azureConfig,
      costManagement: fake.factory,
    });
    // Stripe is payment's store: no Azure bill is expected.
    const payment = await request(server).get(
      '/api/cost/v1/entities/component/default/payment-service',
    );
    expect(payment.status).toBe(200);
    expect(payment.body).toMatchObject({
      kind: 'actual',
      monthlyUsd: 0,
      budgetUsd: 60,
      topResources: [],
      problems: [],
    });
    const cart = await request(server).get(
      '/api/cost/v1/entities/component/default/cart-service',
    );
    expect(cart.body).toMatchObject({
      kind: 'actual',
      monthlyUsd: 0,
      problems: [
        'Azure Cost Management has no cost since 2026-05 for resources tagged service=cart-service and environment=prod, though its cost model expects $675.98 a month; if the service is deployed, check its resources carry those tags (its infra/main.bicep sets them)',
      ],
    });
  });

  it('falls back to the estimate and says why when Azure refuses', async () => {
    const fake = costManagement(() => ({
      status: 403,
      body: {
        error: {
          code: 'AuthorizationFailed',
          message:
            "The client 'id-commerce-portal' does not have authorization to perform action 'Microsoft.CostManagement/query/action'",
        },
      },
    }));
    const server = await startBackend({
      config: azureConfig,
      costManagement: fake.factory,
    });
    const res = await request(server).get(
      '/api/cost/v1/entities/component/default/order-service',
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'estimate', monthlyUsd: 295.09 });
    expect(res.body.problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Azure Cost Management refused the query \\(AuthorizationFailed: The client .*\\); give the backend's identity the Cost Management Reader role on subscription ${subscriptionId}; showing the estimate instead$`,
        ),
      ),
    ]);
  });

  it('takes every service’s and the platform’s month to date from one query grouped by the service tag', async () => {
    const fake = costManagement(() => ({
      status: 200,
      body: serviceTagQueryResult([
        [1210.4, 'service', 'commerce-platform', 'USD'],
        [15.2, 'service', 'product-service', 'USD'],
        [180.75, 'service', 'order-service', 'USD'],
        [310.1, 'service', 'cart-service', 'USD'],
      ]),
    }));
    const server = await startBackend({
      config: azureConfig,
      costManagement: fake.factory,
    });
    const res = await request(server).get('/api/cost/v1/overview');
    expect(res.status).toBe(200);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0].body).toMatchObject({
      type: 'ActualCost',
      timeframe: 'Custom',
      timePeriod: {
        from: '2026-11-01T00:00:00.000Z',
        to: '2026-11-21T10:30:00.000Z',
      },
      dataset: {
        grouping: [{ type: 'TagKey', name: 'service' }],
        filter: {
          and: [
            {
              tags: {
                name: 'service',
                operator: 'In',
                values: [
                  'product-service',
                  'order-service',
                  'cart-service',
                  'payment-service',
                  'search-service',
                  'commerce-platform',
                ],
              },
            },
            { tags: { name: 'environment', operator: 'In', values: ['prod'] } },
          ],
        },
      },
    });
    // 15.20 + 180.75 + 310.10 (payment and search: no cost) = 506.05
    expect(res.body.platform).toEqual({
      kind: 'actual',
      sharedUsd: 1210.4,
      servicesUsd: 506.05,
      totalUsd: 1716.45,
      budgetUsd: 3000,
    });
    expect(res.body.problems).toEqual([]);
    expect(
      res.body.groups.map((g: any) => [g.entityRef, g.kind, g.monthlyUsd]),
    ).toEqual([
      ['group:default/catalog-team', 'actual', 15.2],
      ['group:default/checkout-team', 'actual', 490.85],
      ['group:default/payments-team', 'actual', 0],
      ['group:default/platform-team', 'actual', 1210.4],
    ]);
  });
});

describe('the API document', () => {
  it('serves its OpenAPI document at /api/cost/openapi.json, with the paths under /api/cost', async () => {
    const server = await startBackend();
    const res = await request(server).get('/api/cost/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      // openapi-merge, which the utils serve the document through, labels it 3.0.3.
      openapi: expect.stringMatching(/^3\./),
      info: { title: 'cost' },
    });
    expect(Object.keys(res.body.paths).sort()).toEqual(
      [
        '/api/cost/v1/entities/{kind}/{namespace}/{name}',
        '/api/cost/v1/overview',
        '/api/cost/v1/estimates/{serviceKind}',
      ].sort(),
    );
  });
});

// Production runs several backend replicas on one database. SQLite in memory stands in for it
// here (one connection, shared by both test backends); PostgreSQL too when the environment has
// one (POSTGRES_HOST), reached through TestDatabases' connection-string variable.
const replicaDatabaseIds = localTestDatabaseIds();
const replicaDatabases = TestDatabases.create({
  ids: replicaDatabaseIds,
  disableDocker: true,
});

describe.each(replicaDatabases.eachSupportedId())(
  'costPlugin, two replicas on one %s database',
  databaseId => {
    const running: { stop(): Promise<void> }[] = [];

    afterEach(async () => {
      await Promise.all(running.splice(0).map(backend => backend.stop()));
    });

    it('computes the overview on one replica per run, and both serve the one stored', async () => {
      const knex = await replicaDatabases.init(databaseId);
      // Each replica's own catalog client (one catalog behind both), counting its reads.
      const startReplica = async () => {
        const catalog = catalogServiceMock({ entities });
        const getEntities = jest.spyOn(catalog, 'getEntities');
        const backend = await startTestBackend({
          features: [
            costPlugin,
            mockServices.rootConfig.factory({ data: localConfig }),
            createServiceFactory({
              service: catalogServiceRef,
              deps: {},
              factory: () => catalog,
            }),
            urlReader.factory,
            // The real scheduler: its global tasks are locked in the shared database.
            mockServices.database.factory({ knex }),
            schedulerServiceFactory,
          ],
        });
        running.push(backend);
        return { server: backend.server, getEntities };
      };
      const a = await startReplica();
      const b = await startReplica();

      // On an empty database the first request triggers the task and waits for its run.
      const fromB = await request(b.server)
        .get('/api/cost/v1/overview')
        .expect(200);
      const fromA = await request(a.server)
        .get('/api/cost/v1/overview')
        .expect(200);
      expect(fromA.body).toEqual(fromB.body);
      expect(fromA.body.platform.totalUsd).toBe(2958.11);
      const runs = () =>
        a.getEntities.mock.calls.length + b.getEntities.mock.calls.length;
      expect(runs()).toBe(1);
      expect(await knex('cost_overview').first()).toMatchObject({
        revision: 1,
        runs_ended: 1,
        last_error: null,
      });
      const { body } = await request(a.server).get(
        '/api/cost/.backstage/scheduler/v1/tasks',
      );
      expect(body.tasks).toEqual([
        expect.objectContaining({
          taskId: 'cost-overview-refresh',
          scope: 'global',
        }),
      ]);

      // A run on either replica (here asked of A) is what both serve next.
      const cartModel = `${repositories}/cart-service/infra/cost-model.yaml`;
      const before = files[cartModel];
      files[cartModel] = blueprintModel('order');
      try {
        await request(a.server)
          .post(
            '/api/cost/.backstage/scheduler/v1/tasks/cost-overview-refresh/trigger',
          )
          .expect(200);
        await eventually(async () =>
          expect(await knex('cost_overview').first()).toMatchObject({
            revision: 2,
          }),
        );
      } finally {
        files[cartModel] = before!;
      }
      const afterA = await request(a.server).get('/api/cost/v1/overview');
      const afterB = await request(b.server).get('/api/cost/v1/overview');
      expect(afterB.body).toEqual(afterA.body);
      // cart 675.98 → order 295.09
      expect(afterB.body.platform.servicesUsd).toBeCloseTo(
        1003.23 - 675.98 + 295.09,
        2,
      );
      expect(runs()).toBe(2);
    }, 60_000);
  },
);
