import fs from 'node:fs';
import net from 'node:net';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  type BackendFeature,
  coreServices,
  createServiceFactory,
  type SchedulerServiceTaskInvocationDefinition,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import localRepositoriesReader from '@internal/plugin-local-repositories-backend';
import {
  type DecisionList,
  type DriftRow,
  FINDING_RULES,
  type FindingRule,
  type PlatformReview,
  REVIEW_SNAPSHOT_STORED_TOPIC,
  type ReviewSnapshotStoredEvent,
} from '@internal/plugin-platform-review-common';
import type { Knex } from 'knex';
import request from 'supertest';
import {
  FOUR_SERVICES,
  fourServiceCatalog,
  serviceRepository,
} from './__testUtils__/catalog';
import {
  FOUR_SERVICES_COST,
  fakeCostBackend,
} from './__testUtils__/fakeCostBackend';
import { platformReviewPlugin } from './plugin';
import { eventually, localTestDatabaseIds } from '@internal/test-utils';

// The services' repositories, read through the local repositories reader (file:// URLs, as the
// local platform run registers them); the portal's own repository, a `file` location.
const repositories = createMockDirectory();
const portal = createMockDirectory();

const BOUNDARY_RULES = [
  'shared-data-store',
  'foreign-data-store',
  'gateway-owns-data',
];

/** The portal's root Component, as app-config.yaml's file location registers it. */
function portalComponent(): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'commerce-platform-portal',
      annotations: {
        'backstage.io/managed-by-location': `file:${portal.resolve(
          'catalog-info.yaml',
        )}`,
        'backstage.io/adr-location': 'docs/decisions',
      },
    },
    spec: {
      type: 'website',
      lifecycle: 'production',
      owner: 'group:default/platform-team',
      system: 'commerce-platform',
    },
  };
}

/** A Component of another team reading order-service's database directly. */
const orderReports: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'order-reports' },
  spec: {
    type: 'service',
    lifecycle: 'experimental',
    owner: 'group:default/catalog-team',
    system: 'commerce-platform',
    dependsOn: ['resource:default/order-service-db'],
  },
};

const DEFERRED_MESH = `---
status: deferred
date: 2026-11-21
decision-makers: [platform-team, engineering-leads]
revisit-trigger: more than 10 services in the catalog
revisit-by: 2020-01-31
---

# Defer a service mesh
`;

async function closedPortUrl(): Promise<string> {
  const port = await new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
  return `http://127.0.0.1:${port}`;
}

async function startReview(
  options: {
    entities?: Entity[];
    /** 'up' (default): a fake cost backend; 'down': nothing listens where discovery points. */
    cost?: 'up' | 'down';
    /** How long the fake cost backend takes to answer, to make refreshes overlap. */
    costDelayMs?: number;
    /**
     * A database to share with another backend, as replicas share one, with the real scheduler
     * (its global tasks are locked in that database). Default: a database of its own and the
     * mock scheduler, which runs no task by itself here (the first refresh waits 30 s).
     */
    sharedDatabase?: Knex;
    /** Whether the catalog cannot be read right now (default: it always can). */
    catalogDown?: () => boolean;
    /** `platformReview` config, e.g. `{ initialDelay: '1s' }`. */
    platformReview?: Record<string, string>;
    /**
     * Who the permission service lets refresh (as the commerce policy does: the platform
     * team). Default: the mock permission service, which allows everyone.
     */
    mayRefresh?: string[];
    /** More features, e.g. a scheduler of the test's own. */
    features?: BackendFeature[];
  } = {},
) {
  const cost = fakeCostBackend({
    status: 200,
    body: FOUR_SERVICES_COST,
    delayMs: options.costDelayMs,
  });
  const features: BackendFeature[] = [
    platformReviewPlugin,
    localRepositoriesReader,
    mockServices.rootConfig.factory({
      data: {
        commerce: { publish: { local: { directory: repositories.path } } },
        catalog: {
          locations: [
            { type: 'file', target: portal.resolve('catalog-info.yaml') },
          ],
        },
        ...(options.platformReview
          ? { platformReview: options.platformReview }
          : {}),
      },
    }),
    createServiceFactory({
      service: catalogServiceRef,
      deps: {},
      factory: () => {
        const catalog = catalogServiceMock({
          entities:
            options.entities ??
            fourServiceCatalog(repositories.path, [portalComponent()]),
        });
        const stream = catalog.streamEntities.bind(catalog);
        catalog.streamEntities = streamRequest => {
          if (options.catalogDown?.()) {
            throw new Error('connect ECONNREFUSED 127.0.0.1:7007');
          }
          return stream(streamRequest);
        };
        return catalog;
      },
    }),
  ];
  if (options.cost === 'down') {
    const base = await closedPortUrl();
    features.push(
      createServiceFactory({
        service: coreServices.discovery,
        deps: {},
        factory: () => ({
          getBaseUrl: async (pluginId: string) => `${base}/api/${pluginId}`,
          getExternalBaseUrl: async (pluginId: string) =>
            `${base}/api/${pluginId}`,
        }),
      }),
    );
  } else {
    features.push(cost.plugin);
  }
  if (options.mayRefresh) {
    const allowed = options.mayRefresh;
    features.push(
      createServiceFactory({
        service: coreServices.permissions,
        deps: {},
        factory: () =>
          mockServices.permissions.mock({
            async authorize(requests, { credentials } = {} as any) {
              const user = (
                credentials?.principal as { userEntityRef?: string }
              )?.userEntityRef;
              return requests.map(() => ({
                result:
                  user && allowed.includes(user)
                    ? AuthorizeResult.ALLOW
                    : AuthorizeResult.DENY,
              }));
            },
          }),
      }),
    );
  }
  if (options.sharedDatabase) {
    features.push(
      mockServices.database.factory({ knex: options.sharedDatabase }),
      schedulerServiceFactory,
    );
  }
  features.push(...(options.features ?? []));
  const backend = await startTestBackend({ features });
  return {
    server: backend.server,
    costCallers: cost.callers,
    stop: () => backend.stop(),
  };
}

async function getReview(
  server: Parameters<typeof request>[0],
  query = '',
): Promise<PlatformReview> {
  const response = await request(server).get(
    `/api/platform-review/v1/review${query}`,
  );
  expect(response.status).toBe(200);
  return response.body;
}

beforeEach(() => {
  repositories.clear();
  portal.clear();
  repositories.setContent(
    Object.fromEntries(FOUR_SERVICES.map(s => [s.name, serviceRepository(s)])),
  );
  portal.setContent({
    'catalog-info.yaml': '# read by the catalog, not by the review\n',
    'docs/decisions/README.md': '# Decisions\n',
    'docs/decisions/0009-defer-service-mesh.md': DEFERRED_MESH,
  });
});

describe('platformReviewPlugin', () => {
  it('reviews the four services: owners, data stores, objectives, spend, no boundary finding', async () => {
    const { server, costCallers } = await startReview();

    const review = await getReview(server);

    expect(
      review.ownership
        .filter(
          row =>
            row.service.startsWith('component:default/') &&
            row.service.endsWith('-service'),
        )
        .map(row => ({
          service: row.service,
          owner: row.owner,
          dataStores: row.dataStores.map(d => d.entityRef),
        })),
    ).toEqual(
      expect.arrayContaining(
        FOUR_SERVICES.map(s => ({
          service: `component:default/${s.name}`,
          owner: `group:default/${s.owner}`,
          dataStores: [`resource:default/${s.name}-${s.store.suffix}`],
        })),
      ),
    );
    expect(
      review.findings.filter(f => BOUNDARY_RULES.includes(f.rule)),
    ).toEqual([]);
    // Objectives from each repository's openslo.yaml.
    expect(
      Object.fromEntries(review.slo.map(s => [s.service, s.declared])),
    ).toMatchObject({
      'component:default/order-service': 0.9999,
      'component:default/payment-service': 0.9995,
    });
    // Spend from the cost backend, asked with the review's own service token.
    expect(review.spend).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          entityRef: 'system:default/commerce-platform',
          monthlyUsd: 2500,
          budgetUsd: 3000,
          overBudget: false,
        }),
      ]),
    );
    expect(costCallers).toEqual(['plugin:platform-review']);
    // The portal's deferred decision, past its revisit-by date, is on the "not yet" list.
    expect(review.notYet).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/commerce-platform-portal',
        file: '0009-defer-service-mesh.md',
        status: 'deferred',
        overdue: true,
      }),
    ]);
    expect(review.problems).toEqual([]);
    expect(review.systems.map(s => s.entityRef)).toContain(
      'system:default/commerce-platform',
    );
  });

  it('finds a service of another team reading order-service-db, naming both', async () => {
    const { server } = await startReview({
      entities: fourServiceCatalog(repositories.path, [orderReports]),
    });

    const review = await getReview(server);

    const boundary = review.findings.filter(f =>
      BOUNDARY_RULES.includes(f.rule),
    );
    expect(boundary.length).toBeGreaterThan(0);
    for (const finding of boundary) {
      expect(finding.entityRefs).toEqual(
        expect.arrayContaining([
          'component:default/order-reports',
          'resource:default/order-service-db',
        ]),
      );
      expect(finding.message).toMatch(/order-reports/);
      expect(finding.message).toMatch(/order-service-db/);
    }
  });

  it('lists decision records from the repositories and answers per entity', async () => {
    const { server } = await startReview({
      entities: fourServiceCatalog(repositories.path, [
        portalComponent(),
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Domain',
          metadata: {
            name: 'commerce',
            annotations: { 'backstage.io/adr-location': 'docs/decisions' },
          },
          spec: { owner: 'group:default/platform-team' },
        },
      ]),
    });

    const all = await request(server).get('/api/platform-review/v1/decisions');
    expect(all.status).toBe(200);
    const list: DecisionList = all.body;
    expect(list.decisions.map(d => `${d.entityRef} ${d.file}`).sort()).toEqual(
      [
        'component:default/commerce-platform-portal 0009-defer-service-mesh.md',
        ...FOUR_SERVICES.map(
          s => `component:default/${s.name} 0001-own-data-store.md`,
        ),
      ].sort(),
    );
    expect(list.problems).toEqual([]);
    const order = list.decisions.find(
      d => d.entityRef === 'component:default/order-service',
    )!;
    expect(order).toMatchObject({
      status: 'accepted',
      url: `${repositories
        .resolve('order-service/docs/decisions')
        .replace(/^/, 'file://')}/0001-own-data-store.md`,
    });

    const one = await request(server).get(
      '/api/platform-review/v1/entities/component/default/order-service/decisions',
    );
    expect(one.status).toBe(200);
    expect(one.body.decisions).toEqual([order]);

    // The deferred record's trigger is evaluated against the catalog (four services, not > 10).
    const mesh = list.decisions.find(
      d => d.file === '0009-defer-service-mesh.md',
    );
    expect(mesh).toMatchObject({ overdue: true, triggerFired: false });
    expect(mesh!.triggerEvaluation).toEqual([
      expect.objectContaining({ evaluable: true, fired: false }),
    ]);

    const none = await request(server).get(
      '/api/platform-review/v1/entities/group/default/checkout-team/decisions',
    );
    expect(none.body).toEqual({ decisions: [], problems: [] });

    // In the catalog but not in the snapshot (the review reads no Domains): no records, and
    // since it names a decisions folder, why.
    const domain = await request(server).get(
      '/api/platform-review/v1/entities/domain/default/commerce/decisions',
    );
    expect(domain.status).toBe(200);
    expect(domain.body).toEqual({
      decisions: [],
      problems: [
        expect.stringMatching(
          /^domain:default\/commerce was added to the catalog after the review's last refresh \(.*\); its decisions are read at the next refresh, or now with POST \/api\/platform-review\/v1\/refresh$/,
        ),
      ],
    });

    const unknown = await request(server).get(
      '/api/platform-review/v1/entities/component/default/no-such-service/decisions',
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe(
      'The catalog has no entity component:default/no-such-service; check the kind, namespace and name',
    );
  });

  it("serves a record's Markdown by entity and file name, and nothing else", async () => {
    const { server } = await startReview();
    const base =
      '/api/platform-review/v1/entities/component/default/commerce-platform-portal/decisions';

    const mesh = await request(server).get(
      `${base}/0009-defer-service-mesh.md`,
    );
    expect(mesh.status).toBe(200);
    expect(mesh.body.markdown).toBe('# Defer a service mesh');
    expect(mesh.body.record).toMatchObject({
      entityRef: 'component:default/commerce-platform-portal',
      file: '0009-defer-service-mesh.md',
      title: 'Defer a service mesh',
      status: 'deferred',
      revisitBy: '2020-01-31',
      overdue: true,
    });

    const unknownFile = await request(server).get(`${base}/0042-no-such.md`);
    expect(unknownFile.status).toBe(404);
    expect(unknownFile.body.error.message).toMatch(
      /^component:default\/commerce-platform-portal has no decision record 0042-no-such\.md \(as of the review's refresh at .*\); its records are listed at \/api\/platform-review\/v1\/entities\/component\/default\/commerce-platform-portal\/decisions$/,
    );
    // The folder's README is on disk but is no record.
    expect((await request(server).get(`${base}/README.md`)).status).toBe(404);

    const unknownEntity = await request(server).get(
      '/api/platform-review/v1/entities/component/default/no-such-service/decisions/0009-defer-service-mesh.md',
    );
    expect(unknownEntity.status).toBe(404);
    expect(unknownEntity.body.error.message).toBe(
      'The catalog has no entity component:default/no-such-service; check the kind, namespace and name',
    );

    // No way out of the folder: encoded slashes and dots are refused by the document's pattern.
    for (const file of [
      '..%2F..%2Fcatalog-info.yaml',
      '..%2Fdecisions%2F0009-defer-service-mesh.md',
      '%2E%2E%2F0009-defer-service-mesh.md',
      '.0009-defer-service-mesh.md',
      '0009-defer-service-mesh.yaml',
    ]) {
      const response = await request(server).get(`${base}/${file}`);
      expect({ file, status: response.status }).toEqual({ file, status: 400 });
      expect(response.body.error.name).toBe('InputError');
    }
    const nested = await request(server).get(
      `${base}/../../../catalog-info.md`,
    );
    expect(nested.status).not.toBe(200);
  });

  it("answers an entity's own findings, and 404 for an entity the catalog does not have", async () => {
    const { server } = await startReview({
      entities: fourServiceCatalog(repositories.path, [
        portalComponent(),
        orderReports,
      ]),
    });
    const review = await getReview(server);
    const findingsOf = async (path: string) => {
      const response = await request(server).get(
        `/api/platform-review/v1/entities/${path}/findings`,
      );
      expect(response.status).toBe(200);
      expect(response.body.generatedAt).toBe(review.generatedAt);
      return response.body.findings as PlatformReview['findings'];
    };

    const reports = await findingsOf('component/default/order-reports');
    expect(reports.map(f => f.rule)).toEqual(
      expect.arrayContaining(['foreign-data-store']),
    );
    expect(reports).toEqual(
      review.findings.filter(f =>
        f.entityRefs.includes('component:default/order-reports'),
      ),
    );

    // The portal's deferred record is overdue: a due decision on the entity that holds it.
    const portalFindings = await findingsOf(
      'component/default/commerce-platform-portal',
    );
    expect(portalFindings).toEqual([
      expect.objectContaining({
        rule: 'decision-due',
        entityRefs: ['component:default/commerce-platform-portal'],
      }),
    ]);

    const unknown = await request(server).get(
      '/api/platform-review/v1/entities/component/default/no-such-service/findings',
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe(
      'The catalog has no entity component:default/no-such-service; check the kind, namespace and name',
    );
  });

  it('reports a missing decisions folder and a folder outside the catalog as problems', async () => {
    fs.rmSync(repositories.resolve('cart-service/docs'), { recursive: true });
    const escaping = portalComponent();
    escaping.metadata.name = 'escaping';
    escaping.metadata.annotations!['backstage.io/adr-location'] = '../..';
    const { server } = await startReview({
      entities: fourServiceCatalog(repositories.path, [
        portalComponent(),
        escaping,
      ]),
    });

    const response = await request(server).get(
      '/api/platform-review/v1/entities/component/default/cart-service/decisions',
    );
    expect(response.body).toEqual({
      decisions: [],
      problems: [
        'component:default/cart-service: backstage.io/adr-location names "docs/decisions", which does not exist; fix the annotation or add the folder',
      ],
    });
    const review = await getReview(server);
    expect(review.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^component:default\/escaping: backstage.io\/adr-location "\.\.\/\.\." leads to .*, outside the folders of the catalog's configured file locations/,
        ),
      ]),
    );
  });

  it('still reviews when the cost backend is down, saying spend is not shown', async () => {
    const { server } = await startReview({ cost: 'down' });

    const review = await getReview(server);

    expect(review.problems).toEqual([
      expect.stringMatching(
        /^Spend is not shown: the cost backend could not be reached at http:\/\/127\.0\.0\.1:\d+\/api\/cost\/v1\/overview \(.*ECONNREFUSED.*\)/,
      ),
      expect.stringMatching(/^spend: no cost overview was given/),
    ]);
    expect(review.spend).toEqual([]);
    expect(review.ownership.length).toBeGreaterThan(0);
    expect(review.slo.length).toBeGreaterThan(0);
  });

  it('reports a missing SLO file and picks up a changed one at the next refresh', async () => {
    fs.rmSync(repositories.resolve('payment-service/openslo.yaml'));
    const { server } = await startReview();

    const before = await getReview(server);
    expect(before.problems).toEqual([
      expect.stringContaining(
        'component:default/payment-service: commerce.platform/slo-file names file://',
      ),
    ]);

    repositories.addContent({
      'payment-service': {
        'openslo.yaml': serviceRepository({
          ...FOUR_SERVICES[3]!,
          availability: 0.999,
        })['openslo.yaml'],
        'docs/decisions/0002-stripe-webhooks.md':
          '---\nstatus: accepted\ndate: 2026-11-21\ndecision-makers: [payments-team]\n---\n\n# Stripe webhooks\n',
      },
    });
    const refreshed = await request(server).post(
      '/api/platform-review/v1/refresh',
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({
      entityCount: expect.any(Number),
      problems: [],
    });

    const after = await getReview(server);
    expect(
      after.slo.find(s => s.service === 'component:default/payment-service')
        ?.declared,
    ).toBe(0.999);
    // The decisions folder was read again too: a record added meanwhile is there.
    const decisions = await request(server).get(
      '/api/platform-review/v1/entities/component/default/payment-service/decisions',
    );
    expect(
      decisions.body.decisions.map((d: { file: string }) => d.file),
    ).toEqual(['0001-own-data-store.md', '0002-stripe-webhooks.md']);
    expect(Date.parse(after.generatedAt)).toBeGreaterThanOrEqual(
      Date.parse(before.generatedAt),
    );
  });

  it('lets the platform team rebuild the review, and refuses everyone else before any build', async () => {
    const { server, costCallers } = await startReview({
      mayRefresh: ['user:default/priya.nair'],
    });
    const initial = await getReview(server);
    const buildsBefore = costCallers.length;

    const refused = await request(server)
      .post('/api/platform-review/v1/refresh')
      .set(
        'Authorization',
        mockCredentials.user.header('user:default/amara.okafor'),
      );
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining(
        'Only the platform team may rebuild the platform review now',
      ),
    });
    // Refused before anything was read: no build, the same snapshot.
    expect(costCallers).toHaveLength(buildsBefore);
    expect((await getReview(server)).generatedAt).toBe(initial.generatedAt);

    const allowed = await request(server)
      .post('/api/platform-review/v1/refresh')
      .set(
        'Authorization',
        mockCredentials.user.header('user:default/priya.nair'),
      );
    expect(allowed.status).toBe(200);
    expect(costCallers).toHaveLength(buildsBefore + 1);
  });

  it('builds only in the scheduler task: the first request and a refresh trigger it', async () => {
    // The scheduler as the mock scheduler behaves, recording what the plugin asks of it.
    const scheduled: SchedulerServiceTaskInvocationDefinition[] = [];
    const scheduler = mockServices.scheduler.mock({
      async scheduleTask(task) {
        scheduled.push(task);
      },
      async triggerTask(id) {
        const task = scheduled.find(t => t.id === id);
        await task?.fn(new AbortController().signal);
      },
    });
    const triggerTask = scheduler.triggerTask as jest.Mock;
    const { server, costCallers } = await startReview({
      features: [scheduler.factory],
    });
    expect(scheduled).toEqual([
      expect.objectContaining({
        id: 'platform-review-refresh',
        scope: 'global',
      }),
    ]);

    await getReview(server);
    expect(triggerTask.mock.calls).toEqual([['platform-review-refresh']]);
    expect(costCallers).toHaveLength(1);

    // Served from the stored snapshot: no trigger, no build.
    await getReview(server);
    expect(triggerTask).toHaveBeenCalledTimes(1);

    await request(server).post('/api/platform-review/v1/refresh').expect(200);
    expect(triggerTask.mock.calls).toEqual([
      ['platform-review-refresh'],
      ['platform-review-refresh'],
    ]);
    expect(costCallers).toHaveLength(2);
  });

  it('announces each stored snapshot on the events service; its digest changes only with the records', async () => {
    const events = mockServices.events();
    const announced: ReviewSnapshotStoredEvent[] = [];
    await events.subscribe({
      id: 'test',
      topics: [REVIEW_SNAPSHOT_STORED_TOPIC],
      async onEvent({ eventPayload }) {
        announced.push(eventPayload as ReviewSnapshotStoredEvent);
      },
    });
    const { server } = await startReview({
      features: [
        createServiceFactory({
          service: eventsServiceRef,
          deps: {},
          factory: () => events,
        }),
      ],
    });

    const first = await getReview(server);
    const { body: list } = await request(server)
      .get('/api/platform-review/v1/decisions')
      .expect(200);
    // A rebuild that finds the same records, then one that finds a record more.
    await request(server).post('/api/platform-review/v1/refresh').expect(200);
    repositories.addContent({
      'payment-service/docs/decisions/0002-stripe-webhooks.md':
        '---\nstatus: accepted\ndate: 2026-11-21\ndecision-makers: [payments-team]\n---\n\n# Stripe webhooks\n',
    });
    await request(server).post('/api/platform-review/v1/refresh').expect(200);

    await eventually(() => expect(announced).toHaveLength(3));
    const count = (list as DecisionList).decisions.length;
    expect(count).toBeGreaterThan(0);
    expect(announced).toEqual([
      {
        buildNumber: 1,
        generatedAt: first.generatedAt,
        decisionCount: count,
        decisionsDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
      expect.objectContaining({
        buildNumber: 2,
        decisionCount: count,
        decisionsDigest: announced[0]!.decisionsDigest,
      }),
      expect.objectContaining({
        buildNumber: 3,
        decisionCount: count + 1,
      }),
    ]);
    expect(announced[2]!.decisionsDigest).not.toBe(
      announced[0]!.decisionsDigest,
    );
  });

  it('answers 304 to a page that has the current review, and a new review after a refresh', async () => {
    const { server } = await startReview();

    const first = await request(server).get('/api/platform-review/v1/review');
    expect(first.status).toBe(200);
    expect(first.headers.etag).toMatch(/^"[\w-]+"$/);
    const again = await request(server)
      .get('/api/platform-review/v1/review')
      .set('If-None-Match', first.headers.etag);
    expect(again.status).toBe(304);
    // Another filter is another answer.
    const filtered = await request(server)
      .get('/api/platform-review/v1/review?team=checkout-team')
      .set('If-None-Match', first.headers.etag);
    expect(filtered.status).toBe(200);

    await request(server).post('/api/platform-review/v1/refresh').expect(200);
    const refreshed = await request(server)
      .get('/api/platform-review/v1/review')
      .set('If-None-Match', first.headers.etag);
    expect(refreshed.status).toBe(200);
    expect(refreshed.headers.etag).not.toBe(first.headers.etag);
  });

  it('sends gzip to clients that accept it and plain JSON to the others', async () => {
    const { server } = await startReview();

    const gzipped = await request(server)
      .get('/api/platform-review/v1/review')
      .set('Accept-Encoding', 'gzip');
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    const plain = await request(server)
      .get('/api/platform-review/v1/review')
      .set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['content-type']).toMatch(/^application\/json/);
    // supertest decompressed the first: the same review either way.
    expect(plain.body).toEqual(gzipped.body);
    expect(plain.body.ownership.length).toBeGreaterThan(0);
  });

  it('runs overlapping refreshes one after another, each answering with a new snapshot', async () => {
    // A slow cost backend keeps the first refresh running while the others are asked for.
    const { server, costCallers } = await startReview({ costDelayMs: 300 });
    const initial = await getReview(server);
    expect(costCallers).toHaveLength(1);

    const first = request(server)
      .post('/api/platform-review/v1/refresh')
      .then();
    await eventually(() => expect(costCallers).toHaveLength(2));
    const later = await Promise.all(
      [1, 2].map(() => request(server).post('/api/platform-review/v1/refresh')),
    );
    const answers = [await first, ...later];

    expect(answers.map(a => a.status)).toEqual([200, 200, 200]);
    // The two asked while the first ran share one run after it, strictly later (the first
    // run's cost call takes 300 ms): three builds in all, not four.
    const [t1, t2, t3] = answers.map(a => Date.parse(a.body.generatedAt));
    expect(t1).toBeGreaterThan(Date.parse(initial.generatedAt));
    expect(t2).toBeGreaterThan(t1!);
    expect(t3).toBe(t2);
    expect(costCallers).toHaveLength(3);
  });

  it('answers 503 to a refresh that cannot read the catalog, and keeps serving the last snapshot', async () => {
    let catalogDown = false;
    const { server } = await startReview({ catalogDown: () => catalogDown });
    const before = await request(server).get('/api/platform-review/v1/review');
    expect(before.status).toBe(200);

    catalogDown = true;
    const refreshed = await request(server).post(
      '/api/platform-review/v1/refresh',
    );

    expect(refreshed.status).toBe(503);
    expect(refreshed.body.error).toMatchObject({
      name: 'ServiceUnavailableError',
      message:
        'The platform review could not read the catalog: connect ECONNREFUSED 127.0.0.1:7007',
    });
    const after = await request(server).get('/api/platform-review/v1/review');
    expect(after.status).toBe(200);
    expect(after.headers.etag).toBe(before.headers.etag);

    // The next refresh that can read it builds again.
    catalogDown = false;
    await request(server).post('/api/platform-review/v1/refresh').expect(200);
    const recovered = await request(server).get(
      '/api/platform-review/v1/review',
    );
    expect(recovered.headers.etag).not.toBe(before.headers.etag);
  });

  it('filters by system and team', async () => {
    const { server } = await startReview({
      entities: fourServiceCatalog(repositories.path, [orderReports]),
    });

    const checkout = await getReview(
      server,
      '?team=group:default/checkout-team',
    );
    expect(checkout.filters).toEqual({ team: 'group:default/checkout-team' });
    expect(checkout.ownership.map(r => r.service).sort()).toEqual([
      'component:default/cart-service',
      'component:default/order-service',
    ]);

    // A bare name is read as a ref of the parameter's kind.
    const payments = await getReview(server, '?team=payments-team');
    expect(payments.ownership.map(r => r.service)).toEqual([
      'component:default/payment-service',
    ]);

    const system = await getReview(
      server,
      '?system=system:default/commerce-platform',
    );
    expect(system.ownership.length).toBe(5);

    const unknown = await getReview(server, '?system=system:default/nowhere');
    expect(unknown.ownership).toEqual([]);
    expect(unknown.problems[0]).toBe(
      "system:default/nowhere is not a System in the catalog; pick one of the review's systems",
    );
  });

  it.each([
    [
      '?team=component:default/order-service',
      'team: "component:default/order-service" is a component, not a group; use an entity ref such as group:default/checkout-team',
    ],
    // The OpenAPI validator's messages end with the parameter's description from
    // src/schema/openapi.yaml, which says what to send.
    [
      '?system=',
      "query parameter system is empty (system: one System's entity ref, given once, e.g. system=system:default/commerce-platform (the kind and namespace may be left out))",
    ],
    [
      '?team=a&team=b',
      "query parameter team must be string (team: one team's (Group's) entity ref, given once, e.g. team=group:default/checkout-team (the kind and namespace may be left out))",
    ],
    [
      '?owner=checkout-team',
      'unknown query parameter "owner"; this request takes system and team',
    ],
  ])('answers 400 for %s', async (query, message) => {
    const { server } = await startReview();

    const response = await request(server).get(
      `/api/platform-review/v1/review${query}`,
    );

    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ name: 'InputError', message });
  });

  it.each([
    [
      'component/%2F/%20',
      'path parameter namespace must match pattern "^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$" (namespace: the entity\'s namespace, e.g. default (letters, digits and single dashes between them, at most 63 characters))',
    ],
    [
      '%3Cscript%3E%2F/default/x',
      'path parameter kind must match pattern "^[A-Za-z][A-Za-z0-9]*$" (kind: the entity\'s kind as the catalog spells it, e.g. component (letters and digits, starting with a letter, at most 63 characters))',
    ],
  ])('answers 400, not 500, for the decisions of %s', async (path, message) => {
    const { server } = await startReview();

    const response = await request(server).get(
      `/api/platform-review/v1/entities/${path}/decisions`,
    );

    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      name: 'InputError',
      message,
    });
  });

  describe('paged lists', () => {
    const page = async (
      server: Parameters<typeof request>[0],
      list: string,
      query = '',
    ) => {
      const response = await request(server).get(
        `/api/platform-review/v1/review/${list}${query}`,
      );
      expect(response.status).toBe(200);
      return response.body;
    };

    it('pages the ownership map: every row once, the last page short, past the end empty', async () => {
      const { server } = await startReview({
        entities: fourServiceCatalog(repositories.path, [orderReports]),
      });
      const review = await getReview(server);
      const services = review.ownership.map(r => r.service).sort();
      expect(services.length).toBe(5);

      const first = await page(server, 'ownership', '?limit=2');
      expect(first).toMatchObject({
        generatedAt: review.generatedAt,
        totalCount: 5,
        offset: 0,
        limit: 2,
      });
      const second = await page(server, 'ownership', '?offset=2&limit=2');
      const last = await page(server, 'ownership', '?offset=4&limit=2');
      expect(last.items.length).toBe(1);
      expect(
        [...first.items, ...second.items, ...last.items].map(
          (r: { service: string }) => r.service,
        ),
      ).toEqual(services);
      const beyond = await page(server, 'ownership', '?offset=50&limit=2');
      expect(beyond).toMatchObject({ items: [], totalCount: 5, offset: 50 });
      // Rows carry what the map shows.
      expect(first.items[0]).toEqual(
        review.ownership.find(r => r.service === services[0]),
      );
    });

    it('sorts by a column with ties in service order, both ways, so pages never overlap', async () => {
      const { server } = await startReview({
        entities: fourServiceCatalog(repositories.path, [orderReports]),
      });
      const all = await page(server, 'ownership', '?orderBy=owner&limit=500');
      const rows = all.items.map((r: { owner: string; service: string }) => [
        r.owner,
        r.service,
      ]);
      // checkout-team owns cart-service and order-service: a tie, in service order.
      expect(rows).toEqual(
        [...rows].sort((a, b) =>
          a[0] === b[0] ? a[1].localeCompare(b[1]) : a[0].localeCompare(b[0]),
        ),
      );
      const desc = await page(
        server,
        'ownership',
        '?orderBy=owner&order=desc&limit=500',
      );
      const descRows = desc.items.map(
        (r: { owner: string; service: string }) => [r.owner, r.service],
      );
      expect(descRows).toEqual(
        [...rows].sort((a, b) =>
          a[0] === b[0] ? a[1].localeCompare(b[1]) : b[0].localeCompare(a[0]),
        ),
      );
      // One row at a time gives the same order as one page of all.
      const oneByOne = [];
      for (let offset = 0; offset < all.totalCount; offset++) {
        const one = await page(
          server,
          'ownership',
          `?orderBy=owner&limit=1&offset=${offset}`,
        );
        oneByOne.push(one.items[0].service);
      }
      expect(oneByOne).toEqual(rows.map((r: string[]) => r[1]));
    });

    it('searches any column ignoring case, within the System and team filters', async () => {
      const { server } = await startReview({
        entities: fourServiceCatalog(repositories.path, [orderReports]),
      });
      // The owner's name, or a data store's owner's: order-reports reads order-service-db.
      const checkout = await page(server, 'ownership', '?search=CHECKOUT-Team');
      expect(
        checkout.items.map((r: { service: string }) => r.service).sort(),
      ).toEqual([
        'component:default/cart-service',
        'component:default/order-reports',
        'component:default/order-service',
      ]);
      for (const row of checkout.items) {
        expect(JSON.stringify(row)).toContain('checkout-team');
      }
      expect(checkout.totalCount).toBe(3);
      // A data store's name finds the services using it.
      const store = await page(server, 'ownership', '?search=Order-Service-DB');
      expect(
        store.items.map((r: { service: string }) => r.service).sort(),
      ).toEqual(expect.arrayContaining(['component:default/order-service']));
      const filtered = await page(
        server,
        'ownership',
        '?team=checkout-team&search=cart&limit=1',
      );
      expect(filtered).toMatchObject({
        totalCount: 1,
        items: [{ service: 'component:default/cart-service' }],
      });
      const none = await page(server, 'ownership', '?search=no-such-thing');
      expect(none).toMatchObject({ items: [], totalCount: 0 });
    });

    it('pages the findings in the page order, and the summary counts them without listing them', async () => {
      const { server } = await startReview({
        entities: fourServiceCatalog(repositories.path, [orderReports]),
      });
      const review = await getReview(server);
      const findings = await page(server, 'findings', '?limit=500');
      expect(findings.totalCount).toBe(review.findings.length);
      expect(findings.items).toEqual(expect.arrayContaining(review.findings));
      const foreign = await page(
        server,
        'findings',
        '?search=ORDER-REPORTS&limit=500',
      );
      expect(foreign.items.length).toBeGreaterThan(0);
      for (const finding of foreign.items) {
        expect(JSON.stringify(finding).toLowerCase()).toContain(
          'order-reports',
        );
      }
      // By rule in the page's order (boundary rules first), errors first within one.
      const ranks = findings.items.map(
        (f: { rule: FindingRule; severity: string }) =>
          FINDING_RULES.indexOf(f.rule) * 10 +
          ['error', 'warning', 'info'].indexOf(f.severity),
      );
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      expect(BOUNDARY_RULES).toContain(findings.items[0].rule);

      const summary = (
        await request(server).get('/api/platform-review/v1/review/summary')
      ).body;
      expect(summary).not.toHaveProperty('ownership');
      expect(summary).not.toHaveProperty('findings');
      expect(summary.ownershipCount).toBe(review.ownership.length);
      expect(
        Object.values(summary.findingCounts).reduce(
          (a: number, b) => a + (b as number),
          0,
        ),
      ).toBe(review.findings.length);
      const team = (
        await request(server).get(
          '/api/platform-review/v1/review/summary?team=payments-team',
        )
      ).body;
      expect(team.ownershipCount).toBe(1);
    });

    it('pages the SLO and drift rows, and the summary counts them without listing them', async () => {
      const { server } = await startReview({
        entities: fourServiceCatalog(repositories.path, [orderReports]),
      });
      const review = await getReview(server);
      expect(review.slo.length).toBeGreaterThan(2);
      expect(review.drift.length).toBeGreaterThan(2);

      // Every row once, by service (the default order), two at a time.
      for (const list of ['slo', 'drift'] as const) {
        const rows: unknown[] = [];
        for (let offset = 0; ; offset += 2) {
          const one = await page(server, list, `?offset=${offset}&limit=2`);
          expect(one).toMatchObject({
            generatedAt: review.generatedAt,
            totalCount: review[list].length,
            offset,
            limit: 2,
          });
          if (one.items.length === 0) break;
          rows.push(...one.items);
        }
        expect(rows).toEqual(
          [...review[list]].sort((a, b) => a.service.localeCompare(b.service)),
        );
      }

      const byAchievable = await page(
        server,
        'slo',
        '?orderBy=achievable&order=desc&limit=500',
      );
      const achievable = byAchievable.items.map(
        (r: { achievable: number }) => r.achievable,
      );
      expect(achievable).toEqual([...achievable].sort((a, b) => b - a));
      const payment = await page(server, 'slo', '?search=PAYMENT-service');
      expect(payment.totalCount).toBeGreaterThan(0);
      for (const row of payment.items) {
        expect(JSON.stringify(row).toLowerCase()).toContain('payment-service');
      }
      const teamSlo = await page(server, 'slo', '?team=payments-team');
      expect(teamSlo.items.map((r: { service: string }) => r.service)).toEqual([
        'component:default/payment-service',
      ]);

      const byService = (rows: DriftRow[]) =>
        [...rows].sort((a, b) => a.service.localeCompare(b.service));
      const behind = await page(server, 'drift', '?behind=true&limit=500');
      expect(behind.items).toEqual(
        byService(review.drift.filter(r => r.behind)),
      );
      const current = await page(server, 'drift', '?behind=false&limit=500');
      expect(current.items).toEqual(
        byService(review.drift.filter(r => !r.behind)),
      );
      expect(current.totalCount + behind.totalCount).toBe(review.drift.length);
      const byVersion = await page(
        server,
        'drift',
        '?orderBy=blueprintVersion&order=desc&limit=500',
      );
      expect(byVersion.totalCount).toBe(review.drift.length);
      // A service without a version sorts first ascending, so last here.
      expect(byVersion.items.at(-1)).toEqual(
        review.drift.find(r => !r.blueprintVersion),
      );

      const summary = (
        await request(server).get('/api/platform-review/v1/review/summary')
      ).body;
      expect(summary).not.toHaveProperty('slo');
      expect(summary).not.toHaveProperty('drift');
      expect(summary).toMatchObject({
        sloCount: review.slo.length,
        sloNotAchievableCount: review.slo.filter(
          r =>
            r.declared !== undefined &&
            !r.achievableOk &&
            !r.unknownDependencies?.length,
        ).length,
        driftCount: review.drift.length,
        driftBehindCount: review.drift.filter(r => r.behind).length,
        currentBlueprintVersion: review.drift[0].currentVersion,
      });
      const team = (
        await request(server).get(
          '/api/platform-review/v1/review/summary?team=payments-team',
        )
      ).body;
      expect(team).toMatchObject({ sloCount: 1, driftCount: 1 });
    });

    it('pages every decision record, narrowed by status, search and team', async () => {
      const { server } = await startReview();
      const all = await page(server, 'decisions', '?limit=500');
      const list: DecisionList = (
        await request(server).get('/api/platform-review/v1/decisions')
      ).body;
      expect(all.totalCount).toBe(list.decisions.length);
      expect(all.statuses).toEqual(
        [...new Set(list.decisions.map(d => d.status))].sort(),
      );
      const deferred = await page(server, 'decisions', '?status=deferred');
      expect(deferred.items).toEqual([
        expect.objectContaining({ file: '0009-defer-service-mesh.md' }),
      ]);
      expect(deferred.statuses).toEqual(all.statuses);
      const mesh = await page(server, 'decisions', '?search=SERVICE%20MESH');
      expect(mesh.items.map((d: { file: string }) => d.file)).toContain(
        '0009-defer-service-mesh.md',
      );
      const byTitle = await page(
        server,
        'decisions',
        '?orderBy=title&order=desc&limit=500',
      );
      const titles = byTitle.items.map((d: { title: string }) =>
        d.title.toLowerCase(),
      );
      expect(titles).toEqual([...titles].sort().reverse());
      const payments = await page(
        server,
        'decisions',
        '?team=payments-team&limit=500',
      );
      expect(
        payments.items.every((d: { entityRef: string }) =>
          ['component:default/payment-service'].includes(d.entityRef),
        ),
      ).toBe(true);
    });

    it.each([
      [
        'ownership?limit=0',
        /query parameter limit must be >= 1 .*from 1 to 500/,
      ],
      [
        'ownership?limit=501',
        /query parameter limit must be <= 500 .*from 1 to 500/,
      ],
      ['ownership?offset=-1', /query parameter offset must be >= 0/],
      ['ownership?offset=two', /query parameter offset must be integer/],
      [
        'ownership?order=up',
        /query parameter order must be equal to one of the allowed values.*asc or desc/,
      ],
      [
        'ownership?orderBy=rule',
        /query parameter orderBy must be equal to one of the allowed values.*one of service, owner or system/,
      ],
      [
        'findings?orderBy=owner',
        /query parameter orderBy must be equal to one of the allowed values.*one of rule, severity or message/,
      ],
      [
        'decisions?orderBy=file',
        /query parameter orderBy must be equal to one of the allowed values.*one of title, status, date or entityRef/,
      ],
      [
        `ownership?search=${'x'.repeat(201)}`,
        /query parameter search .*200 characters/,
      ],
      [
        'slo?orderBy=owner',
        /query parameter orderBy must be equal to one of the allowed values.*one of service, declared or achievable/,
      ],
      [
        'drift?orderBy=currentVersion',
        /query parameter orderBy must be equal to one of the allowed values.*one of service or blueprintVersion/,
      ],
      ['drift?behind=maybe', /query parameter behind must be boolean/],
      ['slo?limit=501', /query parameter limit must be <= 500/],
      ['slo?behind=true', /unknown query parameter "behind"/],
      ['findings?page=2', /unknown query parameter "page"/],
    ])(
      'answers 400 for %s, naming the parameter and what it takes',
      async (query, message) => {
        const { server } = await startReview();
        const response = await request(server).get(
          `/api/platform-review/v1/review/${query}`,
        );
        expect(response.status).toBe(400);
        expect(response.body.error.name).toBe('InputError');
        expect(response.body.error.message).toMatch(message);
      },
    );
  });

  it('serves its OpenAPI document at /api/platform-review/openapi.json, with the paths under /api/platform-review', async () => {
    const { server } = await startReview();
    const res = await request(server).get('/api/platform-review/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      // openapi-merge, which the utils serve the document through, labels it 3.0.3.
      openapi: expect.stringMatching(/^3\./),
      info: { title: 'platform-review' },
    });
    expect(Object.keys(res.body.paths).sort()).toEqual(
      [
        '/api/platform-review/v1/review',
        '/api/platform-review/v1/review/summary',
        '/api/platform-review/v1/review/ownership',
        '/api/platform-review/v1/review/findings',
        '/api/platform-review/v1/review/decisions',
        '/api/platform-review/v1/review/slo',
        '/api/platform-review/v1/review/drift',
        '/api/platform-review/v1/decisions',
        '/api/platform-review/v1/entities/{kind}/{namespace}/{name}/decisions',
        '/api/platform-review/v1/entities/{kind}/{namespace}/{name}/decisions/{file}',
        '/api/platform-review/v1/entities/{kind}/{namespace}/{name}/findings',
        '/api/platform-review/v1/refresh',
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
  'platformReviewPlugin, two replicas on one %s database',
  databaseId => {
    let knex: Knex;
    const running: { stop(): Promise<void> }[] = [];

    async function startReplica(
      options: Parameters<typeof startReview>[0] = {},
    ) {
      const replica = await startReview({
        sharedDatabase: knex,
        // The scheduled refresh: soon after the first replica starts, then not for an hour.
        platformReview: { initialDelay: '1s', refreshInterval: '1h' },
        ...options,
      });
      running.push(replica);
      return replica;
    }

    const buildState = () => knex('platform_review_builds').first();

    beforeEach(async () => {
      knex = await replicaDatabases.init(databaseId);
    });

    afterEach(async () => {
      await Promise.all(running.splice(0).map(replica => replica.stop()));
    });

    it('runs the scheduled refresh on one replica, and both serve its snapshot', async () => {
      const a = await startReplica();
      await eventually(async () =>
        expect(await buildState()).toMatchObject({ published_build: 1 }),
      );
      expect(a.costCallers).toEqual(['plugin:platform-review']);
      // What built it: the scheduler's task of global scope, the one thing that builds.
      const { body } = await request(a.server).get(
        '/api/platform-review/.backstage/scheduler/v1/tasks',
      );
      expect(body.tasks).toEqual([
        expect.objectContaining({
          taskId: 'platform-review-refresh',
          scope: 'global',
        }),
      ]);

      // A replica starting later joins the schedule in the database instead of running the
      // task itself after its own initial delay (what a task of local scope would do).
      const b = await startReplica();
      await new Promise(resolve => setTimeout(resolve, 3000));
      expect(await buildState()).toMatchObject({
        claimed_build: 1,
        published_build: 1,
      });
      expect(b.costCallers).toEqual([]);

      const fromA = await request(a.server).get(
        '/api/platform-review/v1/review',
      );
      const fromB = await request(b.server).get(
        '/api/platform-review/v1/review',
      );
      expect(fromB.status).toBe(200);
      expect(fromB.body).toEqual(fromA.body);
      expect(fromB.headers.etag).toBe(fromA.headers.etag);
      // Served from the stored snapshot: neither replica built again for a request.
      expect([...a.costCallers, ...b.costCallers]).toHaveLength(1);
    }, 30_000);

    it('serves a refresh asked of one replica from the other at once', async () => {
      const a = await startReplica();
      const b = await startReplica();
      // Each replica holds the first snapshot in memory (B waits for the scheduled build).
      const before = await getReview(b.server);
      expect(
        before.slo.find(s => s.service === 'component:default/payment-service')
          ?.declared,
      ).toBe(0.9995);
      const beforeEtag = (
        await request(a.server).get('/api/platform-review/v1/review')
      ).headers.etag;

      repositories.addContent({
        'payment-service': {
          'openslo.yaml': serviceRepository({
            ...FOUR_SERVICES[3]!,
            availability: 0.999,
          })['openslo.yaml'],
          'docs/decisions/0002-stripe-webhooks.md':
            '---\nstatus: accepted\ndate: 2026-11-21\ndecision-makers: [payments-team]\n---\n\n# Stripe webhooks\n',
        },
      });
      const refreshed = await request(a.server).post(
        '/api/platform-review/v1/refresh',
      );
      expect(refreshed.status).toBe(200);

      // Right after A's refresh answered, B answers from the new snapshot, with A's ETag.
      const fromB = await request(b.server).get(
        '/api/platform-review/v1/review',
      );
      expect(
        fromB.body.slo.find(
          (s: { service: string }) =>
            s.service === 'component:default/payment-service',
        )?.declared,
      ).toBe(0.999);
      expect(fromB.body.generatedAt).toBe(refreshed.body.generatedAt);
      const fromA = await request(a.server).get(
        '/api/platform-review/v1/review',
      );
      expect(fromB.headers.etag).toBe(fromA.headers.etag);
      expect(fromB.headers.etag).not.toBe(beforeEtag);
      const decisions = await request(b.server).get(
        '/api/platform-review/v1/entities/component/default/payment-service/decisions',
      );
      expect(
        decisions.body.decisions.map((d: { file: string }) => d.file),
      ).toEqual(['0001-own-data-store.md', '0002-stripe-webhooks.md']);
      // Two builds in all, each on whichever replica the scheduler gave it to: the first
      // snapshot, which both served, and the refresh asked of A.
      expect([...a.costCallers, ...b.costCallers]).toHaveLength(2);
    }, 30_000);

    it('runs a refresh asked of one replica while another build runs after that build, once', async () => {
      const a = await startReplica({ costDelayMs: 300 });
      const b = await startReplica({ costDelayMs: 300 });
      // Builds run on whichever replica the scheduler gives them to: count them on both.
      const builds = () => [...a.costCallers, ...b.costCallers];
      await getReview(a.server);
      expect(builds()).toHaveLength(1);

      const onA = request(a.server)
        .post('/api/platform-review/v1/refresh')
        .then();
      await eventually(() => expect(builds()).toHaveLength(2));
      const onB = await Promise.all(
        [1, 2].map(() =>
          request(b.server).post('/api/platform-review/v1/refresh'),
        ),
      );
      const first = await onA;

      expect([first.status, ...onB.map(r => r.status)]).toEqual([
        200, 200, 200,
      ]);
      // B's two requests came while A's refresh built: they share one build after it.
      expect(Date.parse(onB[0]!.body.generatedAt)).toBeGreaterThan(
        Date.parse(first.body.generatedAt),
      );
      expect(onB[1]!.body.generatedAt).toBe(onB[0]!.body.generatedAt);
      expect(builds()).toHaveLength(3);
      expect(await buildState()).toMatchObject({
        claimed_build: 3,
        published_build: 3,
      });
    }, 30_000);
  },
);
