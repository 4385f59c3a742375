import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  EntitySloHistories,
  EntitySloReport,
  SloHistory,
} from '@internal/plugin-slo-common';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { sloPlugin } from './plugin';
import {
  alertList,
  fakePrometheusApi,
  matrix,
  promError,
  type PromReply,
  type PromRequest,
  vector,
} from './services/PrometheusQuerier/__testUtils__/fakePrometheusApi';

const server = setupServer();
beforeAll(() =>
  server.listen({
    // supertest talks to the test backend on localhost; everything else must be faked.
    onUnhandledRequest: (req, print) => {
      if (!['127.0.0.1', 'localhost'].includes(new URL(req.url).hostname)) {
        print.error();
      }
    },
  }),
);
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const PROMETHEUS = 'http://prometheus.test:9090';
const GIT = 'https://git.example.com/commerce';

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      annotations: {
        'backstage.io/managed-by-location': `url:${GIT}/${name}/blob/main/catalog-info.yaml`,
        ...annotations,
      },
    },
    spec: { type: 'service', owner: 'checkout-team', lifecycle: 'production' },
  };
}

function slo(name: string, target: number, good: string, total: string) {
  return `apiVersion: openslo/v1
kind: SLO
metadata:
  name: ${name}
  displayName: ${name.replace(/-/g, ' ')}
spec:
  service: order-service
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 28d
      isRolling: true
  indicator:
    spec:
      ratioMetric:
        good:
          metricSource:
            type: Prometheus
            spec:
              query: ${good}
        total:
          metricSource:
            type: Prometheus
            spec:
              query: ${total}
  objectives:
    - target: ${target}
`;
}

const AVAILABILITY_GOOD =
  'sum(rate(http_requests_total{service="order-service",status_code!~"5.."}[{{.window}}]))';
const AVAILABILITY_TOTAL =
  'sum(rate(http_requests_total{service="order-service"}[{{.window}}]))';
const LATENCY_GOOD =
  'sum(rate(http_request_duration_seconds_bucket{service="order-service",le="0.15"}[{{.window}}]))';
const LATENCY_TOTAL =
  'sum(rate(http_request_duration_seconds_count{service="order-service"}[{{.window}}]))';

const ORDER_SLOS = `${slo(
  'order-service-availability',
  0.9995,
  AVAILABILITY_GOOD,
  AVAILABILITY_TOTAL,
)}---\n${slo('order-service-latency', 0.95, LATENCY_GOOD, LATENCY_TOTAL)}`;

// Document 1 is fine, document 2 has a YAML syntax error, document 3 an impossible target.
const CART_SLOS = `${slo(
  'cart-service-availability',
  0.9995,
  'sum(rate(good[{{.window}}]))',
  'sum(rate(all[{{.window}}]))',
)}---
apiVersion: openslo/v1
kind: SLO
metadata: {name: cart-service-latency
---
${slo(
  'cart-service-errors',
  99.95,
  'sum(rate(good[{{.window}}]))',
  'sum(rate(all[{{.window}}]))',
)}`;

const files: Record<string, string> = {
  [`${GIT}/order-service/blob/main/openslo.yaml`]: ORDER_SLOS,
  [`${GIT}/cart-service/blob/main/openslo.yaml`]: CART_SLOS,
  [`${GIT}/payment-service/blob/main/openslo.yaml`]: '{ not: yaml: at all',
};

const entities = [
  component('order-service', {
    'commerce.platform/slo-file': 'openslo.yaml',
    'commerce.platform/grafana-dashboard-uid': 'slo-order-service',
  }),
  component('cart-service', { 'commerce.platform/slo-file': 'openslo.yaml' }),
  component('payment-service', {
    'commerce.platform/slo-file': 'openslo.yaml',
  }),
  component('product-service', {}),
  component('search-service', { 'commerce.platform/slo-file': 'slo.yaml' }),
  component('inventory-service', {
    'commerce.platform/slo-file': 'openslo.yaml',
  }),
];

/** A file whose read never answers, as a git host that hangs. */
const HUNG_FILE = `${GIT}/inventory-service/blob/main/openslo.yaml`;

async function startSloBackend(config: object) {
  const urlReader = mockServices.urlReader.mock({
    readUrl: async (url: string) => {
      if (url === HUNG_FILE) return new Promise(() => {});
      if (!(url in files)) throw new NotFoundError(`${url} not found`);
      return { buffer: async () => Buffer.from(files[url]) };
    },
  });
  const { server: backend } = await startTestBackend({
    features: [
      sloPlugin,
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({ data: config }),
      urlReader.factory,
    ],
  });
  return backend;
}

const withPrometheus = { slo: { prometheus: { baseUrl: PROMETHEUS } } };

/** Answers by exact PromQL, so a query with a wrong window gets no answer and fails. */
function answers(byQuery: Record<string, PromReply>) {
  return (r: PromRequest) => byQuery[r.query];
}

const w = (query: string, window: string) =>
  query.replace('{{.window}}', window);

/** The answer to a days that is not a whole number from 1 to 90. */
const BAD_DAYS =
  'query parameter days must match pattern "^([1-9]|[1-8][0-9]|90)$" (days: a whole number of days from 1 to 90, given once, e.g. days=28; without it, the objective\'s window)';

describe('GET /api/slo/v1/entities/:kind/:namespace/:name', () => {
  it('measures each objective over its window and the last 1 h and 6 h', async () => {
    const { requests } = fakePrometheusApi(
      server,
      PROMETHEUS,
      answers({
        // 99.98 % over 28 days against 99.95 %: 40 % of the budget spent.
        [w(AVAILABILITY_GOOD, '28d')]: vector(1, '99.98'),
        [w(AVAILABILITY_TOTAL, '28d')]: vector(1, '100'),
        [w(AVAILABILITY_GOOD, '1h')]: vector(1, '9.999'),
        [w(AVAILABILITY_TOTAL, '1h')]: vector(1, '10'),
        [w(AVAILABILITY_GOOD, '6h')]: vector(1, '19.99'),
        [w(AVAILABILITY_TOTAL, '6h')]: vector(1, '20'),
        // 90 % fast against 95 %: the budget is overspent.
        [w(LATENCY_GOOD, '28d')]: vector(1, '45', '45'),
        [w(LATENCY_TOTAL, '28d')]: vector(1, '100'),
        [w(LATENCY_GOOD, '1h')]: vector(1),
        [w(LATENCY_TOTAL, '1h')]: vector(1),
        [w(LATENCY_GOOD, '6h')]: vector(1, 'NaN'),
        [w(LATENCY_TOTAL, '6h')]: vector(1, '0'),
      }),
    );
    const backend = await startSloBackend(withPrometheus);
    const before = Date.now() / 1000;
    const res = await request(backend).get(
      '/api/slo/v1/entities/component/default/order-service',
    );
    const after = Date.now() / 1000;
    expect(res.status).toBe(200);
    const report: EntitySloReport = res.body;

    expect(report).toMatchObject({
      entityRef: 'component:default/order-service',
      sloFileUrl: `${GIT}/order-service/blob/main/openslo.yaml`,
      source: {
        type: 'prometheus',
        message: 'Measured by Prometheus at http://prometheus.test:9090.',
      },
      problems: [],
    });
    const [availability, latency] = report.slos;
    expect(availability).toMatchObject({
      name: 'order-service-availability',
      displayName: 'order service availability',
      objective: 0.9995,
      windowDays: 28,
      indicator: { good: AVAILABILITY_GOOD, total: AVAILABILITY_TOTAL },
    });
    expect(availability.errorBudget.fullOutageMinutes).toBeCloseTo(20.16, 6);
    expect(availability.measurementError).toBeUndefined();
    expect(availability.measurement!.attainment).toBeCloseTo(0.9998, 9);
    expect(availability.measurement!.budgetRemaining).toBeCloseTo(0.6, 9);
    expect(availability.measurement!.burnRate1h).toBeCloseTo(0.2, 9);
    expect(availability.measurement!.burnRate6h).toBeCloseTo(1, 9);
    expect(availability.measurement!.status).toBe('ok');

    expect(latency.measurement).toMatchObject({
      attainment: 0.9,
      status: 'critical',
    });
    expect(latency.measurement!.budgetRemaining).toBeCloseTo(-1, 9);
    // No traffic in the last hours: no burn rate rather than a made-up zero.
    expect(latency.measurement).not.toHaveProperty('burnRate1h');
    expect(latency.measurement).not.toHaveProperty('burnRate6h');

    // Exactly the twelve queries, with the window substituted, all at the same instant; beside
    // them one daily range query of each total (the days held) and one read of the alerts.
    const instant = requests.filter(r => r.path === '/api/v1/query');
    expect(instant.map(r => `${r.path} ${r.query}`).sort()).toEqual(
      [AVAILABILITY_GOOD, AVAILABILITY_TOTAL, LATENCY_GOOD, LATENCY_TOTAL]
        .flatMap(q => ['28d', '1h', '6h'].map(window => w(q, window)))
        .map(q => `/api/v1/query ${q}`)
        .sort(),
    );
    expect(
      requests
        .filter(r => r.path !== '/api/v1/query')
        .map(r => `${r.method} ${r.path} ${r.query}`)
        .sort(),
    ).toEqual(
      [
        'GET /api/v1/alerts ',
        `POST /api/v1/query_range ${w(AVAILABILITY_TOTAL, '1d')}`,
        `POST /api/v1/query_range ${w(LATENCY_TOTAL, '1d')}`,
      ].sort(),
    );
    // Neither was answered here: the measurement stands, and says what it could not read.
    expect(availability.measurement!.history).toBeUndefined();
    expect(availability.measurement!.historyError).toMatch(
      /^Prometheus at http:\/\/prometheus\.test:9090 refused sum\(rate\(http_requests_total\{service="order-service"\}\[1d\]\)\): bad_data: fake Prometheus has no answer/,
    );
    expect(report.alerts.status).toBe('error');
    expect(report.alerts.message).toMatch(
      /^Alerts could not be read: Prometheus at http:\/\/prometheus\.test:9090 refused GET \/api\/v1\/alerts: bad_data: /,
    );
    const times = new Set(instant.map(r => r.time));
    expect(times.size).toBe(1);
    const time = Number([...times][0]);
    expect(time).toBeGreaterThanOrEqual(Math.floor(before) - 1);
    expect(time).toBeLessThanOrEqual(after + 1);
    expect(availability.measurement!.measuredAt).toBe(
      new Date(time * 1000).toISOString(),
    );
  });

  it('reports a failing query on its SLO only and still measures the others', async () => {
    fakePrometheusApi(server, PROMETHEUS, r =>
      r.query.includes('http_request_duration_seconds_bucket')
        ? promError('bad_data', 'unknown function "rat"')
        : vector(1, '1'),
    );
    const backend = await startSloBackend(withPrometheus);
    const res = await request(backend).get(
      '/api/slo/v1/entities/component/default/order-service',
    );
    expect(res.status).toBe(200);
    const [availability, latency] = (res.body as EntitySloReport).slos;
    expect(availability.measurement).toMatchObject({
      attainment: 1,
      budgetRemaining: 1,
      status: 'ok',
    });
    expect(latency.measurement).toBeUndefined();
    expect(latency.measurementError).toMatch(
      /^Prometheus at http:\/\/prometheus\.test:9090 refused sum\(rate\(http_request_duration_seconds_bucket\{service="order-service",le="0\.15"\}\[(28d|1h|6h)\]\)\): bad_data: unknown function "rat"$/,
    );
  });

  it('lists objectives and error budgets, and says what to configure, without a data source', async () => {
    const { requests } = fakePrometheusApi(server, PROMETHEUS, () =>
      vector(1, '1'),
    );
    const backend = await startSloBackend({});
    const res = await request(backend).get(
      '/api/slo/v1/entities/component/default/order-service',
    );
    expect(res.status).toBe(200);
    const report: EntitySloReport = res.body;
    expect(report.source.type).toBe('none');
    expect(report.source.message).toMatch(
      /^No measurements: Prometheus is not configured \(set slo\.prometheus\.baseUrl/,
    );
    expect(report.slos.map(s => [s.name, s.objective])).toEqual([
      ['order-service-availability', 0.9995],
      ['order-service-latency', 0.95],
    ]);
    expect(report.slos[1].errorBudget.fullOutageMinutes).toBeCloseTo(2016, 6);
    expect(report.slos.every(s => !s.measurement && !s.measurementError)).toBe(
      true,
    );
    expect(requests).toEqual([]);
  });

  it('keeps a broken OpenSLO file’s problems on its own entity', async () => {
    fakePrometheusApi(server, PROMETHEUS, () => vector(1, '1'));
    const backend = await startSloBackend(withPrometheus);
    const [cart, order] = await Promise.all([
      request(backend).get(
        '/api/slo/v1/entities/component/default/cart-service',
      ),
      request(backend).get(
        '/api/slo/v1/entities/component/default/order-service',
      ),
    ]);

    expect(cart.status).toBe(200);
    const cartReport: EntitySloReport = cart.body;
    expect(cartReport.slos.map(s => s.name)).toEqual([
      'cart-service-availability',
    ]);
    expect(cartReport.slos[0].measurement?.status).toBe('ok');
    expect(cartReport.problems).toHaveLength(2);
    expect(cartReport.problems[0]).toMatch(
      /^document 2: YAML syntax error: .+ at line \d+, column \d+/,
    );
    expect(cartReport.problems[1]).toBe(
      'document 3 (cart-service-errors): spec.objectives[0].target is 99.95; write a ratio between 0 and 1, e.g. 0.9995 for 99.95 %',
    );

    expect(order.status).toBe(200);
    expect((order.body as EntitySloReport).problems).toEqual([]);
    expect((order.body as EntitySloReport).slos).toHaveLength(2);
  });

  it('answers 200 with the problem when the whole file is unreadable YAML', async () => {
    const backend = await startSloBackend(withPrometheus);
    const res = await request(backend).get(
      '/api/slo/v1/entities/component/default/payment-service',
    );
    expect(res.status).toBe(200);
    expect(res.body.slos).toEqual([]);
    expect(res.body.problems).toEqual([
      expect.stringMatching(
        /^document 1: YAML syntax error: .+ at line 1, column \d+$/,
      ),
    ]);
  });

  it('names the URL it tried when the file is missing', async () => {
    const backend = await startSloBackend(withPrometheus);
    const res = await request(backend).get(
      '/api/slo/v1/entities/component/default/search-service',
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      sloFileUrl: `${GIT}/search-service/blob/main/slo.yaml`,
      slos: [],
      problems: [
        `component:default/search-service: commerce.platform/slo-file names ${GIT}/search-service/blob/main/slo.yaml, which does not exist; fix the annotation or add the file`,
      ],
    });
  });

  it('reports an OpenSLO file whose read hangs as a problem within commerce.reading.timeoutSeconds', async () => {
    const backend = await startSloBackend({
      ...withPrometheus,
      commerce: { reading: { timeoutSeconds: 0.1 } },
    });
    const started = Date.now();
    const res = await request(backend).get(
      '/api/slo/v1/entities/component/default/inventory-service',
    );
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      sloFileUrl: HUNG_FILE,
      slos: [],
      problems: [
        `Could not read the OpenSLO file ${HUNG_FILE} of component:default/inventory-service: git.example.com did not answer within 0.1 s (reading ${HUNG_FILE}). Try again later, or raise commerce.reading.timeoutSeconds if git.example.com is only slow.`,
      ],
    });
  });

  it('says to add the annotation when an entity has none', async () => {
    const backend = await startSloBackend(withPrometheus);
    const res = await request(backend).get(
      '/api/slo/v1/entities/component/default/product-service',
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      entityRef: 'component:default/product-service',
      source: {
        type: 'prometheus',
        message: 'Measured by Prometheus at http://prometheus.test:9090.',
      },
      problems: [
        'component:default/product-service has no commerce.platform/slo-file annotation: add one naming its OpenSLO file, e.g. "commerce.platform/slo-file: openslo.yaml"',
      ],
      slos: [],
      // No objective, so no service label to look for: Prometheus is not asked.
      alerts: { status: 'read', alerts: [] },
      dashboard: {
        message:
          'No dashboard: component:default/product-service has no commerce.platform/grafana-dashboard-uid annotation (the blueprint writes it with environments/prod/grafana-dashboard.yaml).',
      },
    });
  });

  it('is 404 for an entity that is not in the catalog', async () => {
    const backend = await startSloBackend(withPrometheus);
    const res = await request(backend).get(
      '/api/slo/v1/entities/component/default/no-such-service',
    );
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({
      name: 'NotFoundError',
      message:
        'component:default/no-such-service is not in the catalog; check the kind, namespace and name',
    });
  });
});

describe('the report’s alerts, dashboard link and days held', () => {
  const DAY = 86400;
  const RUNBOOK =
    'https://portal.example.com/docs/default/component/order-service/runbook/';
  const alertOf = (
    service: string,
    alertname: string,
    severity: string,
    state: string,
    activeAt: string,
  ) => ({
    labels: {
      alertname,
      severity,
      service,
      team: 'checkout-team',
      slo: `${service}-availability`,
    },
    annotations: {
      summary: `${service} availability burns its error budget`,
      runbook_url: `${RUNBOOK}#${alertname.toLowerCase()}`,
    },
    state,
    activeAt,
    value: '1e+00',
  });

  it('lists the service’s pending and firing alerts, links its dashboard, and says how many days Prometheus holds', async () => {
    const { requests } = fakePrometheusApi(server, PROMETHEUS, r => {
      if (r.path === '/api/v1/alerts') {
        return alertList(
          alertOf(
            'order-service',
            'SLOBudgetBurnSlow',
            'ticket',
            'pending',
            '2026-12-07T10:00:00.5Z',
          ),
          alertOf(
            'order-service',
            'SLOBudgetBurnFast',
            'page',
            'firing',
            '2026-12-07T11:13:29.11983645Z',
          ),
          // Another service's alert, as the same Prometheus holds every team's rules.
          alertOf(
            'cart-service',
            'SLOBudgetBurnFast',
            'page',
            'firing',
            '2026-12-07T09:00:00Z',
          ),
        );
      }
      if (r.path === '/api/v1/query_range') {
        // Samples on the last four daily steps only: a service four days old.
        const end = Number(r.end);
        return matrix(
          [3, 2, 1, 0].map(d => [
            end - d * DAY,
            r.query.includes('duration') ? '0' : '5',
          ]),
        );
      }
      return vector(1, '1');
    });
    const backend = await startSloBackend({
      slo: {
        prometheus: { baseUrl: PROMETHEUS },
        grafana: { baseUrl: 'https://grafana.example.com/' },
      },
    });
    const res = await request(backend).get(
      '/api/slo/v1/entities/component/default/order-service',
    );
    expect(res.status).toBe(200);
    const report: EntitySloReport = res.body;

    expect(report.alerts).toEqual({
      status: 'read',
      alerts: [
        {
          name: 'SLOBudgetBurnFast',
          state: 'firing',
          severity: 'page',
          slo: 'order-service-availability',
          since: '2026-12-07T11:13:29.119Z',
          summary: 'order-service availability burns its error budget',
          runbookUrl: `${RUNBOOK}#slobudgetburnfast`,
        },
        {
          name: 'SLOBudgetBurnSlow',
          state: 'pending',
          severity: 'ticket',
          slo: 'order-service-availability',
          since: '2026-12-07T10:00:00.500Z',
          summary: 'order-service availability burns its error budget',
          runbookUrl: `${RUNBOOK}#slobudgetburnslow`,
        },
      ],
    });
    expect(report.dashboard).toEqual({
      url: 'https://grafana.example.com/d/slo-order-service',
    });
    for (const objective of report.slos) {
      // A day without traffic (the latency total's 0) is still a day held.
      expect(objective.measurement!.history).toEqual({
        daysHeld: 4,
        windowDays: 28,
        partial: true,
      });
      expect(objective.measurement!.historyError).toBeUndefined();
    }

    // The days held: one point a day over the 28-day window, ending at the measuring instant.
    const ranges = requests.filter(r => r.path === '/api/v1/query_range');
    expect(ranges).toHaveLength(2);
    for (const range of ranges) {
      expect(range.step).toBe(String(DAY));
      expect(Number(range.end) - Number(range.start)).toBeCloseTo(27 * DAY, 3);
      expect(new Date(Number(range.end) * 1000).toISOString()).toBe(
        report.slos[0].measurement!.measuredAt,
      );
    }
    // Alerts are read with GET, which Prometheus's alerts API requires (POST is 405).
    expect(
      requests.filter(r => r.path === '/api/v1/alerts').map(r => r.method),
    ).toEqual(['GET']);
  });

  it('holds the whole window when the first day has a sample', async () => {
    fakePrometheusApi(server, PROMETHEUS, r => {
      if (r.path === '/api/v1/alerts') return alertList();
      if (r.path === '/api/v1/query_range') {
        const end = Number(r.end);
        return matrix(
          Array.from({ length: 28 }, (_, d): [number, string] => [
            end - d * DAY,
            '1',
          ]),
        );
      }
      return vector(1, '1');
    });
    const backend = await startSloBackend(withPrometheus);
    const res = await request(backend).get(
      '/api/slo/v1/entities/component/default/order-service',
    );
    const report: EntitySloReport = res.body;
    expect(report.alerts).toEqual({ status: 'read', alerts: [] });
    expect(report.slos[0].measurement!.history).toEqual({
      daysHeld: 28,
      windowDays: 28,
      partial: false,
    });
    // The uid is there; Grafana's address is not.
    expect(report.dashboard).toEqual({
      message:
        'Dashboard not configured: set slo.grafana.baseUrl to link to Grafana.',
    });
  });

  it('says alerts are not configured when no data source is', async () => {
    const { requests } = fakePrometheusApi(server, PROMETHEUS, () =>
      alertList(),
    );
    const backend = await startSloBackend({});
    const res = await request(backend).get(
      '/api/slo/v1/entities/component/default/order-service',
    );
    expect((res.body as EntitySloReport).alerts).toEqual({
      status: 'not-configured',
      alerts: [],
      message: 'No alerts: Prometheus is not configured.',
    });
    expect(requests).toEqual([]);
  });
});

describe('GET /api/slo/v1/entities/:kind/:namespace/:name/history', () => {
  const DAY = 86400;

  it('reads the daily SLI over the window, oldest first, ending now', async () => {
    const { requests } = fakePrometheusApi(server, PROMETHEUS, r => {
      const end = Number(r.end);
      const start = Number(r.start);
      const days = (end - start) / DAY + 1;
      const at = (i: number) => start + i * DAY;
      if (r.query === w(AVAILABILITY_GOOD, '1d')) {
        // Day 2 has no samples at all: no traffic that day.
        return matrix(
          Array.from(
            { length: days },
            (_, i) => [at(i), '999'] as [number, string],
          ).filter((_, i) => i !== 1),
        );
      }
      if (r.query === w(AVAILABILITY_TOTAL, '1d')) {
        return matrix(
          Array.from(
            { length: days },
            (_, i) => [at(i), '1000'] as [number, string],
          ).filter((_, i) => i !== 1),
        );
      }
      return undefined;
    });
    const backend = await startSloBackend(withPrometheus);
    const before = Math.floor(Date.now() / 1000);
    const res = await request(backend).get(
      '/api/slo/v1/entities/component/default/order-service/history?slo=order-service-availability',
    );
    expect(res.status).toBe(200);
    const history: SloHistory = res.body;
    expect(history).toMatchObject({
      entityRef: 'component:default/order-service',
      slo: 'order-service-availability',
      objective: 0.9995,
      source: { type: 'prometheus' },
    });

    expect(requests.map(r => [r.path, r.query, r.step])).toEqual(
      expect.arrayContaining([
        ['/api/v1/query_range', w(AVAILABILITY_GOOD, '1d'), String(DAY)],
        ['/api/v1/query_range', w(AVAILABILITY_TOTAL, '1d'), String(DAY)],
      ]),
    );
    expect(requests).toHaveLength(2);
    const end = Number(requests[0].end);
    expect(end).toBeGreaterThanOrEqual(before);
    expect(Number(requests[0].start)).toBe(end - 27 * DAY);

    expect(history.points).toHaveLength(28);
    expect(history.points[0]).toEqual({
      time: new Date((end - 27 * DAY) * 1000).toISOString(),
      sli: 0.999,
    });
    expect(history.points[1]).toEqual({
      time: new Date((end - 26 * DAY) * 1000).toISOString(),
    });
    expect(history.points[27].time).toBe(new Date(end * 1000).toISOString());
  });

  it('takes the number of days from the query', async () => {
    const { requests } = fakePrometheusApi(server, PROMETHEUS, () => matrix());
    const backend = await startSloBackend(withPrometheus);
    const res = await request(backend).get(
      '/api/slo/v1/entities/component/default/order-service/history?slo=order-service-latency&days=7',
    );
    expect(res.status).toBe(200);
    expect(res.body.points).toHaveLength(7);
    expect(res.body.points.every((p: object) => !('sli' in p))).toBe(true);
    expect(Number(requests[0].end) - Number(requests[0].start)).toBe(6 * DAY);
  });

  // The messages are the OpenAPI validator's, each ending with the parameter's description from
  // src/schema/openapi.yaml, which says what to send.
  it.each([
    ['slo=order-service-availability&days=0', BAD_DAYS],
    ['slo=order-service-availability&days=91', BAD_DAYS],
    ['slo=order-service-availability&days=a%20week', BAD_DAYS],
    [
      'days=7',
      "query parameter slo is required (slo: the objective's metadata.name in the OpenSLO file, given once, e.g. slo=order-service-availability)",
    ],
    [
      'slo=a&slo=b',
      "query parameter slo must be string (slo: the objective's metadata.name in the OpenSLO file, given once, e.g. slo=order-service-availability)",
    ],
  ])('refuses ?%s with 400', async (query, message) => {
    const backend = await startSloBackend(withPrometheus);
    const res = await request(backend).get(
      `/api/slo/v1/entities/component/default/order-service/history?${query}`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ name: 'InputError', message });
  });

  it('is 404 for an objective the file does not hold, naming the ones it does', async () => {
    const backend = await startSloBackend(withPrometheus);
    const res = await request(backend).get(
      '/api/slo/v1/entities/component/default/order-service/history?slo=order-service-throughput',
    );
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      'component:default/order-service has no SLO named "order-service-throughput": its objectives are order-service-availability, order-service-latency',
    );
  });

  it('is 503 with Prometheus’s error when the range query fails', async () => {
    fakePrometheusApi(server, PROMETHEUS, () =>
      promError(
        'execution',
        'query processing would load too many samples into memory',
        422,
      ),
    );
    const backend = await startSloBackend(withPrometheus);
    const res = await request(backend).get(
      '/api/slo/v1/entities/component/default/order-service/history?slo=order-service-availability&days=7',
    );
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(
      /^The history of component:default\/order-service's SLO "order-service-availability" could not be read: Prometheus at http:\/\/prometheus\.test:9090 refused .+: execution: query processing would load too many samples into memory$/,
    );
  });

  it('returns no points, with the source saying why, when nothing is configured', async () => {
    const backend = await startSloBackend({});
    const res = await request(backend).get(
      '/api/slo/v1/entities/component/default/order-service/history?slo=order-service-availability',
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      objective: 0.9995,
      source: { type: 'none' },
      points: [],
    });
  });
});

describe('GET /api/slo/v1/entities/:kind/:namespace/:name/histories', () => {
  const DAY = 86400;

  it('reads every objective’s history with one catalog lookup and one file read', async () => {
    const { requests } = fakePrometheusApi(server, PROMETHEUS, r => {
      if (r.query === w(LATENCY_GOOD, '1d')) {
        return promError('execution', 'query timed out', 422);
      }
      const start = Number(r.start);
      return matrix([
        [start, r.query.includes('status_code') ? '999' : '1000'],
      ]);
    });
    const catalog = catalogServiceMock({ entities });
    const getEntityByRef = jest.spyOn(catalog, 'getEntityByRef');
    const reads: string[] = [];
    const urlReader = mockServices.urlReader.mock({
      readUrl: async (url: string) => {
        reads.push(url);
        if (!(url in files)) throw new NotFoundError(`${url} not found`);
        return { buffer: async () => Buffer.from(files[url]) };
      },
    });
    const { server: backend } = await startTestBackend({
      features: [
        sloPlugin,
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => catalog,
        }),
        mockServices.rootConfig.factory({ data: withPrometheus }),
        urlReader.factory,
      ],
    });

    const res = await request(backend).get(
      '/api/slo/v1/entities/component/default/order-service/histories?days=7',
    );
    expect(res.status).toBe(200);
    const body: EntitySloHistories = res.body;
    // One request for the whole tab, however many objectives the file has: per objective, the
    // catalog and the file would each be read again.
    expect(getEntityByRef).toHaveBeenCalledTimes(1);
    expect(reads).toEqual([`${GIT}/order-service/blob/main/openslo.yaml`]);
    expect(requests).toHaveLength(4);
    expect(body.entityRef).toBe('component:default/order-service');
    expect(body.source.type).toBe('prometheus');
    const [availability, latency] = body.histories;
    expect(availability).toMatchObject({
      slo: 'order-service-availability',
      objective: 0.9995,
    });
    expect(availability.points).toHaveLength(7);
    expect(availability.points[0].sli).toBe(0.999);
    expect(availability.error).toBeUndefined();
    // The failing objective says why; the other one is still there.
    expect(latency).toMatchObject({
      slo: 'order-service-latency',
      points: [],
      error: expect.stringMatching(
        /^The history of component:default\/order-service's SLO "order-service-latency" could not be read: .*query timed out/,
      ),
    });
    expect(Number(requests[0].end) - Number(requests[0].start)).toBe(6 * DAY);
  });

  it('refuses a bad number of days and answers 404 for an unknown entity', async () => {
    const backend = await startSloBackend(withPrometheus);
    const bad = await request(backend).get(
      '/api/slo/v1/entities/component/default/order-service/histories?days=91',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(BAD_DAYS);
    const missing = await request(backend).get(
      '/api/slo/v1/entities/component/default/no-such-service/histories',
    );
    expect(missing.status).toBe(404);
  });
});

describe('the API document', () => {
  it('serves its OpenAPI document at /api/slo/openapi.json, with the paths under /api/slo', async () => {
    const backend = await startSloBackend({});
    const res = await request(backend).get('/api/slo/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      // openapi-merge, which the utils serve the document through, labels it 3.0.3.
      openapi: expect.stringMatching(/^3\./),
      info: { title: 'slo' },
    });
    expect(Object.keys(res.body.paths).sort()).toEqual(
      [
        '/api/slo/v1/entities/{kind}/{namespace}/{name}',
        '/api/slo/v1/entities/{kind}/{namespace}/{name}/history',
        '/api/slo/v1/entities/{kind}/{namespace}/{name}/histories',
      ].sort(),
    );
  });
});
