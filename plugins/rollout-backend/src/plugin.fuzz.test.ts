import fs from 'node:fs';
import path from 'node:path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { urlReaderServiceFactory } from '@backstage/backend-defaults/urlReader';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { EntityRolloutReport } from '@internal/plugin-rollout-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { parseAllDocuments, stringify } from 'yaml';
import {
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
import { rolloutPlugin } from './plugin';

// Fuzz-style: generated bad rollout policies, OpenSLO files, annotations and entity references
// against the rollout API. Seeded, so a failure is reproduced by running again with the seed
// it prints (FUZZ_SEED=<n> yarn backstage-cli package test plugin.fuzz).
const SEED = fuzzSeed();
const CASES = 150;

// ---- the rollout feature's fixtures ---------------------------------------------------------

const GIT_HOST = 'git.example.test';
const fixture = (file: string) =>
  fs.readFileSync(
    path.resolve(__dirname, '__fixtures__/order-service', file),
    'utf8',
  );
const GOOD = {
  rollout: fixture('deploy/rollout.yaml'),
  templates: fixture('deploy/analysis-templates.yaml'),
  slo: fixture('openslo.yaml'),
};

/** The parts of the Rollout the policy reader looks at: swapping the rest proves nothing. */
const rolloutDocument = () => {
  const full = parseAllDocuments(GOOD.rollout)[0]!.toJS();
  return {
    apiVersion: full.apiVersion,
    kind: full.kind,
    metadata: { name: full.metadata.name },
    spec: {
      strategy: {
        canary: {
          analysis: {
            startingStep: full.spec.strategy.canary.analysis.startingStep,
            templates: full.spec.strategy.canary.analysis.templates,
          },
          steps: full.spec.strategy.canary.steps.slice(0, 4),
        },
      },
    },
  };
};
const templateDocuments = () =>
  parseAllDocuments(GOOD.templates).map(d => d.toJS());
const sloDocuments = () => parseAllDocuments(GOOD.slo).map(d => d.toJS());

const yamlOf = (docs: unknown[]) =>
  docs.map(d => stringify(d) ?? '').join('---\n');

interface RolloutCase {
  files: { rollout?: string; templates?: string; slo?: string };
  annotations: Record<string, string>;
}

const STANDARD_ANNOTATIONS = {
  'commerce.platform/rollout-policy': 'deploy/',
  'commerce.platform/slo-file': 'openslo.yaml',
};

/** Annotation values a person could write: relative, absolute, broken or hostile. */
function weirdAnnotation(r: Random): string {
  return r.pick([
    ...WEIRD_STRINGS.filter(s => s.trim() !== ''),
    'url:',
    'url:not a url',
    'url:file:///etc/',
    'url:https://elsewhere.example.com/deploy/',
    `url:https://${GIT_HOST}/%zz/`,
    `url:https://${GIT_HOST}/${'a/'.repeat(2000)}`,
    '%',
    '%2e%2e/%2e%2e/',
    '/absolute/path',
    'deploy',
    'deploy//',
    'C:\\deploy',
  ]);
}

function generateCases(r: Random): RolloutCase[] {
  const all: RolloutCase[] = [];
  const withFiles = (files: RolloutCase['files']) =>
    all.push({
      files: { ...GOOD, ...files },
      annotations: STANDARD_ANNOTATIONS,
    });
  // Every field the reader looks at, swapped for every other type.
  for (const doc of typeSwaps(rolloutDocument())) {
    withFiles({ rollout: yamlOf([doc]) });
  }
  const templates = templateDocuments();
  for (const doc of typeSwaps(templates[0])) {
    withFiles({ templates: yamlOf([doc, templates[1]]) });
  }
  // And random damage to all three files, and to the annotations naming them.
  for (let i = 0; i < CASES; i++) {
    const file = r.pick(['rollout', 'templates', 'slo'] as const);
    const docs = {
      rollout: [rolloutDocument()],
      templates: templateDocuments(),
      slo: sloDocuments(),
    }[file];
    const text = (() => {
      switch (r.int(5)) {
        case 0:
        case 1:
          return yamlOf(docs.map(d => (r.int(2) ? mutate(r, d) : d)));
        case 2:
          return damage(r, GOOD[file]);
        case 3:
          return stringify(weirdValue(r)) ?? '';
        default:
          return r.pick([
            '',
            BILLION_LAUGHS,
            DEEPLY_NESTED_YAML,
            `${GOOD[file]}---\n`.repeat(200),
          ]);
      }
    })();
    withFiles({ [file]: text });
    if (r.int(4) === 0) {
      all[all.length - 1]!.annotations = {
        'commerce.platform/rollout-policy': weirdAnnotation(r),
        'commerce.platform/slo-file': weirdAnnotation(r),
      };
    }
  }
  return all;
}

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      annotations: {
        'backstage.io/managed-by-location': `url:https://${GIT_HOST}/${name}/catalog-info.yaml`,
        ...annotations,
      },
    },
    spec: { type: 'service', owner: 'checkout-team', lifecycle: 'production' },
  };
}

// ---- the tests ------------------------------------------------------------------------------

describe(`the rollout API under bad input (FUZZ_SEED=${SEED})`, () => {
  const r = seededRandom(SEED);
  const generated = generateCases(r);
  // The git host: every repository's files by URL path.
  const files = new Map<string, string>();
  const put = (repo: string, c: RolloutCase['files']) => {
    if (c.rollout !== undefined)
      files.set(`/${repo}/deploy/rollout.yaml`, c.rollout);
    if (c.templates !== undefined)
      files.set(`/${repo}/deploy/analysis-templates.yaml`, c.templates);
    if (c.slo !== undefined) files.set(`/${repo}/openslo.yaml`, c.slo);
  };
  put('order-service', GOOD);
  const names = generated.map((c, i) => {
    put(`broken-${i}`, c.files);
    return `broken-${i}`;
  });

  const gitHost = setupServer(
    // A pattern, not a path: msw decodes paths and throws on the malformed escapes generated here.
    http.get(new RegExp(`^https://${GIT_HOST}/`), ({ request: req }) => {
      const text = files.get(new URL(req.url).pathname);
      return text === undefined
        ? new HttpResponse(null, { status: 404 })
        : new HttpResponse(text);
    }),
  );
  let backend: any;
  const reportOf = (name: string) =>
    request(backend).get(`/api/rollout/v1/entities/component/default/${name}`);

  /** The good entity's report, and whether the backend is alive. */
  async function goodAnswer() {
    const health = await request(backend).get('/.backstage/health/v1/liveness');
    const res = await reportOf('order-service');
    return {
      health: health.status,
      status: res.status,
      report: res.body as EntityRolloutReport,
    };
  }
  let unaffected: Awaited<ReturnType<typeof goodAnswer>>;

  beforeAll(async () => {
    gitHost.listen({
      onUnhandledRequest(req, print) {
        if (!['127.0.0.1', 'localhost'].includes(new URL(req.url).hostname)) {
          print.error();
        }
      },
    });
    ({ server: backend } = await startTestBackend({
      features: [
        rolloutPlugin,
        urlReaderServiceFactory,
        mockServices.rootConfig.factory({
          data: { backend: { reading: { allow: [{ host: GIT_HOST }] } } },
        }),
        catalogServiceMock.factory({
          entities: [
            component('order-service', STANDARD_ANNOTATIONS),
            ...generated.map((c, i) => component(names[i]!, c.annotations)),
          ],
        }),
      ],
    }));
    unaffected = await goodAnswer();
    // The baseline the tests compare with must itself be a good answer.
    if (unaffected.status !== 200 || unaffected.report.problems.length > 0) {
      throw new Error(`bad baseline: ${JSON.stringify(unaffected)}`);
    }
  });
  afterAll(() => gitHost.close());

  it('reports a broken policy, SLO file or annotation on its own entity with 200 and readable problems', async () => {
    const problems = await problemsOfCases(
      generated.map((c, i) => ({ ...c, name: names[i]! })),
      c => JSON.stringify(c),
      async c => {
        const res = await reportOf(c.name);
        if (res.status !== 200) {
          return [
            `HTTP ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`,
          ];
        }
        const report: EntityRolloutReport = res.body;
        const found = [
          ...unclearMessages('problem', report.problems),
          ...report.findings.flatMap(f =>
            unclearMessages('finding', [f.message, f.fix]),
          ),
        ];
        const policy = report.policy;
        if (policy) {
          const wrong = [
            typeof policy.name !== 'string' && 'name',
            policy.steps.some(
              step =>
                !Number.isFinite(step.weight) ||
                (step.pause !== undefined && typeof step.pause !== 'string'),
            ) && 'steps',
            policy.thresholds.some(
              t =>
                typeof t.template !== 'string' ||
                typeof t.metric !== 'string' ||
                !Number.isFinite(t.value),
            ) && 'thresholds',
            policy.argoSteps.some(step => typeof step !== 'string') &&
              'argoSteps',
          ].filter(Boolean);
          if (wrong.length > 0) {
            found.push(
              `policy fields of the wrong type (${wrong.join(
                ', ',
              )}): ${JSON.stringify(policy).slice(0, 500)}`,
            );
          }
        }
        return found;
      },
    );
    expect(failureSummary(problems)).toEqual(NO_FAILURES);
    expect(await goodAnswer()).toEqual(unaffected);
  }, 90_000);

  it('refuses malformed entity references with a 4xx and a message', async () => {
    const paths = Array.from({ length: CASES }, () =>
      entityPath(r, '/api/rollout/v1/entities'),
    );
    const problems = await problemsOfCases(
      paths,
      p => p,
      async p => refusalProblems(await request(backend).get(p)),
    );
    expect(failureSummary(problems)).toEqual(NO_FAILURES);
    expect(await goodAnswer()).toEqual(unaffected);
  }, 60_000);
});
