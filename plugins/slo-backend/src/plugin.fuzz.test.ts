import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { EntitySloReport } from '@internal/plugin-slo-common';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { stringify } from 'yaml';
import {
  ALL_BYTES,
  BILLION_LAUGHS,
  damage,
  DEEPLY_NESTED_YAML,
  entityPath,
  failureSummary,
  fuzzSeed,
  mutate,
  NO_FAILURES,
  problemsOfCases,
  type Random,
  refusalProblems,
  seededRandom,
  typeSwaps,
  unclearMessages,
  WEIRD_STRINGS,
  weirdValue,
} from '@internal/test-utils';
import { sloPlugin } from './plugin';
import {
  fakePrometheusApi,
  matrix,
  vector,
} from './services/PrometheusQuerier/__testUtils__/fakePrometheusApi';

// Fuzz-style: generated bad OpenSLO files, entity references and query strings against the SLO
// API. Seeded, so a failure is reproduced by running again with the seed it prints
// (FUZZ_SEED=<n> yarn backstage-cli package test plugin.fuzz).
const SEED = fuzzSeed();
const CASES = 200;

// ---- the SLO feature's fixtures -------------------------------------------------------------

const PROMETHEUS = 'http://prometheus.test:9090';
const GIT = 'https://git.example.com/commerce';

const sloDocument = (name: string) => ({
  apiVersion: 'openslo/v1',
  kind: 'SLO',
  metadata: { name, displayName: 'Availability' },
  spec: {
    service: 'order-service',
    description: 'Requests answered without a server error',
    budgetingMethod: 'Occurrences',
    timeWindow: [{ duration: '28d', isRolling: true }],
    indicator: {
      spec: {
        ratioMetric: {
          good: {
            metricSource: {
              type: 'Prometheus',
              spec: {
                query:
                  'sum(rate(http_requests_total{status_code!~"5.."}[{{.window}}]))',
              },
            },
          },
          total: {
            metricSource: {
              type: 'Prometheus',
              spec: { query: 'sum(rate(http_requests_total[{{.window}}]))' },
            },
          },
        },
      },
    },
    objectives: [{ target: 0.9995 }],
  },
});

/** A broken OpenSLO file: a valid one with damaged values, damaged text, or something else. */
function brokenSloFile(r: Random, index: number): string {
  const valid = sloDocument(`objective-${index}`);
  switch (r.int(6)) {
    case 0:
    case 1:
      return stringify(mutate(r, valid));
    case 2:
      return `${stringify(valid)}---\n${stringify(mutate(r, valid))}`;
    case 3:
      return damage(r, stringify(valid));
    case 4:
      return stringify(weirdValue(r)) ?? '';
    default:
      return r.pick([
        '',
        '---\n---\n',
        BILLION_LAUGHS,
        DEEPLY_NESTED_YAML,
        ALL_BYTES,
        stringify({
          ...valid,
          spec: { ...valid.spec, description: 'x'.repeat(1_000_000) },
        }),
        stringify(valid).replace('28d', `${'9'.repeat(400)}d`),
        stringify(valid).replace('28d', '0.00001m'),
      ]);
  }
}

function component(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      annotations: {
        'backstage.io/managed-by-location': `url:${GIT}/${name}/blob/main/catalog-info.yaml`,
        'commerce.platform/slo-file': 'openslo.yaml',
      },
    },
    spec: { type: 'service', owner: 'checkout-team', lifecycle: 'production' },
  };
}

// ---- the tests ------------------------------------------------------------------------------

const server = setupServer();
beforeAll(() =>
  server.listen({
    onUnhandledRequest: (req, print) => {
      if (!['127.0.0.1', 'localhost'].includes(new URL(req.url).hostname)) {
        print.error();
      }
    },
  }),
);
afterAll(() => server.close());

describe(`the SLO API under bad input (FUZZ_SEED=${SEED})`, () => {
  const r = seededRandom(SEED);
  const files: Record<string, string> = {
    [`${GIT}/order-service/blob/main/openslo.yaml`]: stringify(
      sloDocument('order-service-availability'),
    ),
  };
  const brokenFiles = [
    ...typeSwaps(sloDocument('swapped')).map(doc => stringify(doc)),
    ...Array.from({ length: CASES }, (_, i) => brokenSloFile(r, i)),
  ];
  const broken = brokenFiles.map((text, i) => {
    const name = `broken-${i}`;
    files[`${GIT}/${name}/blob/main/openslo.yaml`] = text;
    return name;
  });
  let backend: any;

  const reportOf = (name: string) =>
    request(backend).get(`/api/slo/v1/entities/component/default/${name}`);

  /** The good entity's report without measurement times, and whether the backend is alive. */
  async function goodAnswer() {
    const health = await request(backend).get('/.backstage/health/v1/liveness');
    const res = await reportOf('order-service');
    const report: EntitySloReport = res.body;
    return {
      health: health.status,
      status: res.status,
      report: {
        ...report,
        slos: report.slos?.map(s => ({
          ...s,
          measurement: { ...s.measurement, measuredAt: undefined },
        })),
      },
    };
  }
  let unaffected: Awaited<ReturnType<typeof goodAnswer>>;

  beforeAll(async () => {
    // Every query answers, so what is measured depends only on the file.
    fakePrometheusApi(server, PROMETHEUS, q =>
      q.path.endsWith('query_range') ? matrix() : vector(1, '1'),
    );
    const urlReader = mockServices.urlReader.mock({
      readUrl: async (url: string) => {
        if (!(url in files)) throw new NotFoundError(`${url} not found`);
        return { buffer: async () => Buffer.from(files[url]) };
      },
    });
    ({ server: backend } = await startTestBackend({
      features: [
        sloPlugin,
        catalogServiceMock.factory({
          entities: ['order-service', ...broken].map(component),
        }),
        mockServices.rootConfig.factory({
          data: { slo: { prometheus: { baseUrl: PROMETHEUS } } },
        }),
        urlReader.factory,
      ],
    }));
    unaffected = await goodAnswer();
    const reference = unaffected.report;
    // The baseline the tests compare with must itself be a good answer.
    if (
      unaffected.status !== 200 ||
      reference.slos.length !== 1 ||
      reference.problems.length > 0
    ) {
      throw new Error(`bad baseline: ${JSON.stringify(unaffected)}`);
    }
  });

  it('reports a broken OpenSLO file on its own entity with 200 and readable problems', async () => {
    const problems = await problemsOfCases(
      broken,
      name => JSON.stringify(files[`${GIT}/${name}/blob/main/openslo.yaml`]),
      async name => {
        const res = await reportOf(name);
        if (res.status !== 200) {
          return [
            `HTTP ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`,
          ];
        }
        const report: EntitySloReport = res.body;
        const found = unclearMessages('problem', report.problems);
        if (report.slos.length === 0 && report.problems.length === 0) {
          found.push('no objective, and no problem saying why');
        }
        for (const slo of report.slos) {
          if (
            typeof slo.name !== 'string' ||
            typeof slo.displayName !== 'string'
          ) {
            found.push(`${JSON.stringify(slo.name)}: a name that is not text`);
          }
          if (
            !Number.isFinite(slo.windowDays) ||
            !Number.isFinite(slo.errorBudget.fullOutageMinutes)
          ) {
            found.push(`${slo.name}: a window or budget that is not a number`);
          }
          found.push(
            ...unclearMessages(`${slo.name}: measurementError`, [
              slo.measurementError ?? 'none',
            ]),
          );
          // The history of an objective that was read is served too.
          const history = await request(backend)
            .get(`/api/slo/v1/entities/component/default/${name}/history`)
            .query({ slo: slo.name });
          if (history.status !== 200) {
            found.push(
              ...refusalProblems(history).map(p => `${slo.name} history: ${p}`),
            );
          }
        }
        return found;
      },
    );
    expect(failureSummary(problems)).toEqual(NO_FAILURES);
    expect(await goodAnswer()).toEqual(unaffected);
  }, 60_000);

  it('refuses malformed entity references with a 4xx and a message', async () => {
    const paths = Array.from(
      { length: CASES },
      () =>
        `${entityPath(r, '/api/slo/v1/entities')}${
          r.int(3) === 0 ? '/history?slo=x' : ''
        }`,
    );
    const problems = await problemsOfCases(
      paths,
      p => p,
      async p => refusalProblems(await request(backend).get(p)),
    );
    expect(failureSummary(problems)).toEqual(NO_FAILURES);
    expect(await goodAnswer()).toEqual(unaffected);
  }, 60_000);

  it('refuses malformed history queries with 400 and says what to send', async () => {
    const value = () =>
      r.pick([
        encodeURIComponent(String(r.pick(WEIRD_STRINGS))),
        '0',
        '-7',
        '91',
        '7.5',
        '1e2',
        '0x10',
        'NaN',
        'Infinity',
        '99999999999999999999999',
        ' 7',
        '',
      ]);
    const queries = Array.from({ length: CASES }, () => {
      const params: string[] = [];
      for (let n = r.int(4); n >= 0; n--) {
        const key = r.pick(['slo', 'days', 'days[a]', 'slo[]', 'days[]', 'x']);
        params.push(
          key === 'slo' && r.int(2)
            ? 'slo=order-service-availability'
            : `${key}=${value()}`,
        );
      }
      return params.join('&');
    });
    let answered = 0;
    const problems = await problemsOfCases(
      queries,
      q => q,
      async q => {
        const res = await request(backend).get(
          `/api/slo/v1/entities/component/default/order-service/history?${q}`,
        );
        if (res.status !== 200) return refusalProblems(res);
        answered++;
        // Only a request naming the objective (and at most one usable days) is answered.
        return /(^|&)slo=order-service-availability(&|$)/.test(q) &&
          res.body.points.length > 0
          ? []
          : [`answered 200: ${JSON.stringify(res.body).slice(0, 300)}`];
      },
    );
    expect(failureSummary(problems)).toEqual(NO_FAILURES);
    expect(answered).toBeGreaterThan(0);
    expect(await goodAnswer()).toEqual(unaffected);
  }, 60_000);

  it('ignores bodies, and refuses other methods, on its read-only routes', async () => {
    const bodies = [
      'not json',
      '{"unterminated": ',
      JSON.stringify({ slo: { toString: 1 } }),
      'x'.repeat(200_000),
    ];
    const statuses: Record<string, number> = {};
    for (const [i, body] of bodies.entries()) {
      for (const method of ['get', 'post', 'put', 'delete'] as const) {
        const res = await request(backend)
          [method]('/api/slo/v1/entities/component/default/order-service')
          .set('content-type', 'application/json')
          .send(body);
        statuses[`${method} body ${i}`] = res.status;
      }
    }
    expect(Object.entries(statuses).filter(([, s]) => s >= 500)).toEqual([]);
    expect(statuses['get body 3']).toBe(200);
    expect(statuses['post body 0']).toBe(404);
    expect(await goodAnswer()).toEqual(unaffected);
  });
});
