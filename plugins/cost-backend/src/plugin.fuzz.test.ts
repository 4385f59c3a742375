import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  CostOverview,
  EntityCostReport,
} from '@internal/plugin-cost-common';
import request from 'supertest';
import { parse, stringify } from 'yaml';
import {
  BILLION_LAUGHS,
  damage,
  DEEPLY_NESTED_YAML,
  entityPath,
  failureSummary,
  fuzzSeed,
  mutate,
  pathSegment,
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
import costPlugin from './index';

// Fuzz-style: generated bad cost models, price sheets, budget annotations, entity references and
// query strings against the cost API. Seeded, so a failure is reproduced by running again with
// the seed it prints (FUZZ_SEED=<n> yarn backstage-cli package test plugin.fuzz).
const SEED = fuzzSeed();
const CASES = 150;

// ---- the cost feature's fixtures ------------------------------------------------------------

const repo = path.resolve(__dirname, '../../..');
const read = (file: string) => readFileSync(path.join(repo, file), 'utf8');
const CART_MODEL = read(
  'packages/generator-commerce-service/templates/kinds/cart/infra/cost-model.yaml',
);
const PRICE_SHEET = read('infra/pricing/azure-prices.yaml');
const REPOSITORIES = 'https://git.example.test';
const PRICE_SHEET_URL = 'https://prices.example.test/azure-prices.yaml';

/** The price sheet with a handful of prices (all the cart model needs), for type swaps. */
function smallPriceSheet() {
  const sheet = parse(PRICE_SHEET);
  return {
    ...sheet,
    prices: sheet.prices.filter((p: { id: string }) =>
      [
        'redis.Premium.P1',
        'keyvault.standard.operations',
        'aks.tier.Free',
      ].includes(p.id),
    ),
  };
}

function brokenYaml(r: Random, valid: object, text: string): string {
  switch (r.int(5)) {
    case 0:
    case 1:
      return stringify(mutate(r, valid)) ?? '';
    case 2:
      return damage(r, text);
    case 3:
      return stringify(weirdValue(r)) ?? '';
    default:
      return r.pick([
        '',
        BILLION_LAUGHS,
        DEEPLY_NESTED_YAML,
        `${text}---\n${text}`,
      ]);
  }
}

function service(
  name: string,
  annotations: Record<string, string> = {},
  spec: Record<string, unknown> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      annotations: {
        'backstage.io/managed-by-location': `url:${REPOSITORIES}/${name}/catalog-info.yaml`,
        'commerce.platform/cost-model': 'infra/cost-model.yaml',
        'commerce.platform/monthly-budget-usd': '600',
        'commerce.platform/service-kind': 'cart',
        'commerce.platform/azure-region': 'westeurope',
        ...annotations,
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/checkout-team',
      system: 'commerce-platform',
      ...spec,
    },
  };
}

const parents: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: 'commerce-platform',
      annotations: { 'commerce.platform/monthly-budget-usd': '3000' },
    },
    spec: { owner: 'group:default/platform-team' },
  },
  ...['checkout-team', 'platform-team'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name,
      annotations: { 'commerce.platform/monthly-budget-usd': '1000' },
    },
    spec: { type: 'team', children: [] },
  })),
];

/** Where a report has a number that is not one: JSON turns NaN and Infinity into null. */
function nonFiniteNumbers(value: unknown, where = 'report'): string[] {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? [] : [`${where} is ${value}`];
  }
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) =>
    child === null && /usd/i.test(key)
      ? [`${where}.${key} is null (NaN or Infinity before JSON)`]
      : nonFiniteNumbers(child, `${where}.${key}`),
  );
}

// ---- the tests ------------------------------------------------------------------------------

describe(`the cost API under bad input (FUZZ_SEED=${SEED})`, () => {
  const r = seededRandom(SEED);
  const files = new Map<string, string>([
    [`${REPOSITORIES}/cart-service/infra/cost-model.yaml`, CART_MODEL],
    [PRICE_SHEET_URL, PRICE_SHEET],
  ]);
  const model = parse(CART_MODEL);
  const cases: { name: string; entity: Entity; model: string }[] = [];
  const add = (
    text: string,
    annotations: Record<string, string> = {},
    spec: Record<string, unknown> = {},
  ) => {
    const name = `broken-${cases.length}`;
    files.set(`${REPOSITORIES}/${name}/infra/cost-model.yaml`, text);
    cases.push({ name, entity: service(name, annotations, spec), model: text });
  };
  for (const doc of typeSwaps(model)) add(stringify(doc) ?? '');
  for (let i = 0; i < CASES; i++) {
    const weirdText = () => String(r.pick(WEIRD_STRINGS));
    const annotations: Record<string, string> = {};
    if (r.int(3) === 0)
      annotations['commerce.platform/monthly-budget-usd'] = r.pick([
        weirdText(),
        '0',
        '-5',
        '1e3',
        '600.123',
        '99999999999999999999999999',
        '9'.repeat(400),
        ' 600 ',
      ]);
    if (r.int(4) === 0)
      annotations['commerce.platform/cost-model'] = weirdText();
    if (r.int(5) === 0)
      annotations['commerce.platform/azure-region'] = weirdText();
    const spec =
      r.int(5) === 0 ? { system: weirdValue(r), owner: weirdValue(r) } : {};
    add(
      r.int(4) ? brokenYaml(r, model, CART_MODEL) : CART_MODEL,
      annotations,
      spec,
    );
  }

  let backend: any;
  let reference: EntityCostReport;
  /** Services in the platform's System whose report has no figure (filled by the first test). */
  const withoutFigure: string[] = [];
  let now = Date.now();
  const reportOf = (name: string) =>
    request(backend).get(`/api/cost/v1/entities/component/default/${name}`);

  /** The good entity's report, and whether the backend is alive. */
  async function goodAnswer() {
    const health = await request(backend).get('/.backstage/health/v1/liveness');
    const res = await reportOf('cart-service');
    return {
      health: health.status,
      status: res.status,
      report: res.body as EntityCostReport,
    };
  }
  let unaffected: Awaited<ReturnType<typeof goodAnswer>>;

  beforeAll(async () => {
    // The price sheet is kept for a minute: tests move the clock on to have it read again.
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const urlReader = mockServices.urlReader.mock({
      readUrl: async (url: string) => {
        const text = files.get(url);
        if (text === undefined) throw new NotFoundError(`${url} not found`);
        return { buffer: async () => Buffer.from(text) } as any;
      },
    });
    ({ server: backend } = await startTestBackend({
      features: [
        costPlugin,
        mockServices.rootConfig.factory({
          data: {
            cost: { pricing: { priceSheetUrl: PRICE_SHEET_URL } },
            commerce: {
              platform: { infraDirectory: path.join(repo, 'infra') },
            },
          },
        }),
        catalogServiceMock.factory({
          entities: [
            service('cart-service'),
            ...parents,
            ...cases.map(c => c.entity),
          ],
        }),
        urlReader.factory,
      ],
    }));
    unaffected = await goodAnswer();
    reference = unaffected.report;
    // The baseline the tests compare with must itself be a good answer.
    if (
      unaffected.status !== 200 ||
      reference.problems.length > 0 ||
      !(reference.monthlyUsd! > 0)
    ) {
      throw new Error(`bad baseline: ${JSON.stringify(unaffected)}`);
    }
  });
  afterAll(() => jest.restoreAllMocks());

  it('reports a broken cost model, budget or annotation on its own entity with 200 and readable problems', async () => {
    const problems = await problemsOfCases(
      cases,
      c =>
        JSON.stringify({
          model: c.model,
          annotations: c.entity.metadata.annotations,
          spec: c.entity.spec,
        }),
      async c => {
        const res = await reportOf(c.name);
        if (res.status !== 200) {
          return [
            `HTTP ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`,
          ];
        }
        const report: EntityCostReport = res.body;
        if (
          report.monthlyUsd === undefined &&
          c.entity.spec?.system === 'commerce-platform'
        ) {
          withoutFigure.push(report.entityRef);
        }
        return [
          ...unclearMessages('problem', report.problems),
          ...unclearMessages('source', [report.source]),
          ...unclearMessages(
            'line',
            report.topResources.map(line => line.detail),
          ),
          ...nonFiniteNumbers(report),
        ];
      },
    );
    expect(failureSummary(problems)).toEqual(NO_FAILURES);
    expect(await goodAnswer()).toEqual(unaffected);
  }, 90_000);

  it('still gives the overview, with every broken service named on its System', async () => {
    const res = await request(backend).get('/api/cost/v1/overview');
    expect(res.status).toBe(200);
    const overview: CostOverview = res.body;
    const rollups = [...overview.systems, ...overview.groups];
    expect([
      ...nonFiniteNumbers(overview, 'overview'),
      ...unclearMessages('overview', overview.problems),
      ...rollups.flatMap(rollup =>
        unclearMessages(rollup.entityRef, rollup.problems),
      ),
    ]).toEqual([]);
    // Each one is named on the System's roll-up, which still adds up the others.
    expect(withoutFigure.length).toBeGreaterThan(50);
    const system = overview.systems.find(
      s => s.entityRef === 'system:default/commerce-platform',
    );
    expect(
      withoutFigure.filter(
        ref =>
          !system?.problems.includes(
            `${ref} has no figure this month (see its own problems); the total leaves it out`,
          ),
      ),
    ).toEqual([]);
    expect(system?.monthlyUsd).toBeGreaterThan(reference.monthlyUsd!);
    expect(await goodAnswer()).toEqual(unaffected);
  }, 60_000);

  it('reports a broken price sheet on every figure, answers 503 for the template estimate, and recovers', async () => {
    const valid = smallPriceSheet();
    const sheets = [
      ...typeSwaps(valid).map(doc => stringify(doc) ?? ''),
      ...Array.from({ length: 40 }, () =>
        brokenYaml(r, valid, stringify(valid)),
      ),
    ];
    let refused = 0;
    const problems = await problemsOfCases(
      sheets,
      sheet => sheet,
      async sheet => {
        files.set(PRICE_SHEET_URL, sheet);
        now += 61_000;
        const [entity, estimate] = await Promise.all([
          reportOf('cart-service'),
          request(backend).get('/api/cost/v1/estimates/cart'),
        ]);
        if (entity.status !== 200) return [`entity: HTTP ${entity.status}`];
        const found = [
          ...unclearMessages('entity problem', entity.body.problems),
          ...nonFiniteNumbers(entity.body),
        ];
        if (estimate.status === 200) {
          // Some swaps leave a usable sheet (e.g. a price the cart model does not use).
          found.push(
            ...nonFiniteNumbers(estimate.body, 'estimate'),
            ...unclearMessages('estimate warning', estimate.body.warnings),
          );
        } else if (estimate.status !== 503) {
          found.push(`estimate: HTTP ${estimate.status}`);
        } else {
          // Designed: the sheet is the operator's, not the caller's; the card says so.
          refused++;
          const message = estimate.body.error?.message;
          found.push(...unclearMessages('estimate 503', [message]));
          if (!entity.body.problems.includes(message)) {
            found.push(
              'the entity does not report the sheet problem the estimate does',
            );
          }
        }
        return found;
      },
    );
    files.set(PRICE_SHEET_URL, PRICE_SHEET);
    now += 61_000;
    expect(failureSummary(problems)).toEqual(NO_FAILURES);
    expect(refused).toBeGreaterThan(100);
    expect(await goodAnswer()).toEqual(unaffected);
  }, 90_000);

  it('refuses malformed entity references with a 4xx and a message', async () => {
    const paths = Array.from({ length: CASES }, () =>
      entityPath(r, '/api/cost/v1/entities'),
    );
    const problems = await problemsOfCases(
      paths,
      p => p,
      async p => refusalProblems(await request(backend).get(p)),
    );
    expect(failureSummary(problems)).toEqual(NO_FAILURES);
    expect(await goodAnswer()).toEqual(unaffected);
  }, 60_000);

  it('refuses malformed estimate and overview requests with 400 and says what to send', async () => {
    const value = () =>
      r.pick([
        encodeURIComponent(String(r.pick(WEIRD_STRINGS))),
        'staging',
        'prod',
        'WestEurope',
        'westeurope',
        '%',
        '',
      ]);
    const requests = Array.from({ length: CASES }, () => {
      const params = Array.from({ length: r.int(4) }, () => {
        const key = r.pick([
          'environment',
          'region',
          'environment[a]',
          'region[]',
          'system',
          'group',
          'x',
        ]);
        return `${key}=${value()}`;
      }).join('&');
      return r.int(3) === 0
        ? `/api/cost/v1/overview?${params}`
        : `/api/cost/v1/estimates/${r.pick([
            'cart',
            'order',
            pathSegment(r),
          ])}?${params}`;
    });
    const problems = await problemsOfCases(
      requests,
      p => p,
      async p => {
        const res = await request(backend).get(p);
        return res.status === 200
          ? nonFiniteNumbers(res.body)
          : refusalProblems(res);
      },
    );
    expect(failureSummary(problems)).toEqual(NO_FAILURES);
    expect(await goodAnswer()).toEqual(unaffected);
  }, 60_000);
});
