import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import {
  ALL_BYTES,
  BILLION_LAUGHS,
  DEEPLY_NESTED_YAML,
  entityPath,
  failureSummary,
  fuzzSeed,
  NO_FAILURES,
  pathSegment,
  type Random,
  seededRandom,
  unclearMessage,
  unclearMessages,
} from '@internal/test-utils';
import {
  availableTestDatabases,
  eventually,
  PortalBackend,
  repoRoot,
  startPortalBackend,
} from '@internal/tools';

// Bad input everywhere, against the real backend (src/index.ts with app-config.yaml): catalog
// files that do not parse, services whose OpenSLO file, cost model, rollout policy and budget
// are broken, generated requests to every endpoint of the portal's own plugins, and template
// values the form would never send. Each gets a 4xx with a message that says what was wrong, or
// a 200 that lists the problem on the entity it belongs to; never a 5xx, never a stack trace;
// and the backend keeps answering everything else exactly as before.
//
// Seeded: a failure's title names FUZZ_SEED; run again with FUZZ_SEED=<n> to get the same requests.
// The plugins' own *.fuzz.test.ts files generate many more inputs in-process; this file checks
// the same contract through the real catalog, URL readers, permissions and scaffolder.
const SEED = fuzzSeed();
const REQUESTS_PER_ENDPOINT = 40;

// ---- generation -----------------------------------------------------------------------------

// This file's own texts rather than the shared WEIRD_STRINGS: every one travels in a real request
// line (so the long one is shorter), and one names the good service so that some generated
// values reach a real entity.
const WEIRD_STRINGS = [
  '',
  ' ',
  '..',
  '../../etc/passwd',
  '\u0000',
  'a\nb: c',
  '😀 ünïcödé',
  '\u202e\u200b',
  'a'.repeat(5_000),
  '${{ parameters.name }}',
  '<script>alert(1)</script>',
  "'; DROP TABLE final_entities; --",
  '__proto__',
  'toString',
  'NaN',
  '-1',
  '1e309',
  'component:default/fuzz-good-service',
];

/** `prefix/kind/namespace/name` of this file's texts; the name is sometimes the broken service. */
function entityPathOf(r: Random, prefix: string, suffix = ''): string {
  return entityPath(r, prefix, {
    suffix,
    texts: WEIRD_STRINGS,
    knownName: 'fuzz-broken-service',
  });
}

/**
 * Entity references every entity route is sent, whatever the seed: NUL bytes (PostgreSQL
 * refuses them in text), separators inside a part, names far beyond the catalog's 63
 * characters, and the good service in capitals (the catalog matches case-insensitively).
 */
const EDGE_ENTITY_REFS = [
  'component/default/%00',
  'component/%00/fuzz-good-service',
  '%00/default/fuzz-good-service',
  `component/default/${'a'.repeat(5000)}`,
  `component/default/${encodeURIComponent('😀')}`,
  'component/default/%zz',
  'component/default/..%2F..%2Fetc%2Fpasswd',
  'comp%3Aonent/default/x',
  `component/default/${encodeURIComponent('x:y/z')}`,
  'component/%20/%20',
  'COMPONENT/DEFAULT/FUZZ-GOOD-SERVICE',
];

/** The edge references and `count` generated ones under `prefix`. */
function entityPaths(r: Random, count: number, prefix: string, suffix = '') {
  return [
    ...EDGE_ENTITY_REFS.map(ref => `${prefix}/${ref}${suffix}`),
    ...Array.from({ length: count }, () => entityPathOf(r, prefix, suffix)),
  ];
}

/** A query string of repeated keys, nested keys (qs), numbers out of range and weird text. */
function query(r: Random, keys: string[]): string {
  const value = () =>
    r.pick([
      encodeURIComponent(r.pick(WEIRD_STRINGS)),
      '0',
      '-7',
      '91',
      '7.5',
      'NaN',
      '99999999999999999999999',
      '%',
      '',
    ]);
  return Array.from({ length: 1 + r.int(4) }, () => {
    const key = r.pick(keys);
    return `${r.pick([
      key,
      `${key}[]`,
      `${key}[a]`,
      `${key}[a][b]`,
    ])}=${value()}`;
  }).join('&');
}

/** Request bodies: not JSON, JSON of the wrong shape, and too big. */
function body(r: Random): string {
  return r.pick([
    '',
    'not json',
    '{"unterminated": ',
    'null',
    '[]',
    '42',
    '"text"',
    JSON.stringify({ templateRef: { toString: 1 }, values: 'x' }),
    JSON.stringify({ __proto__: { polluted: true } }),
    JSON.stringify({ a: 'x'.repeat(200_000) }),
    JSON.stringify(
      JSON.parse(`${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`) as object,
    ),
  ]);
}

// ---- the repositories the catalog reads -----------------------------------------------------

const fixture = (file: string) =>
  fs.readFileSync(
    path.join(repoRoot, 'plugins/rollout-backend/src/__fixtures__', file),
    'utf8',
  );
const CART_COST_MODEL = fs.readFileSync(
  path.join(
    repoRoot,
    'packages/generator-commerce-service/templates/kinds/cart/infra/cost-model.yaml',
  ),
  'utf8',
);

function catalogInfo(name: string, annotations: Record<string, string> = {}) {
  const all = {
    'commerce.platform/slo-file': 'openslo.yaml',
    'commerce.platform/cost-model': 'infra/cost-model.yaml',
    'commerce.platform/rollout-policy': 'deploy/',
    'commerce.platform/monthly-budget-usd': '600',
    'commerce.platform/service-kind': 'cart',
    ...annotations,
  };
  return `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  annotations:
${Object.entries(all)
  .map(([key, value]) => `    ${key}: ${JSON.stringify(value)}\n`)
  .join('')}spec:
  type: service
  lifecycle: production
  owner: group:default/checkout-team
  system: commerce-platform
`;
}

/** Repositories as the local platform run publishes them, by folder. */
const repositories: Record<string, Record<string, string>> = {
  'fuzz-good-service': {
    'catalog-info.yaml': catalogInfo('fuzz-good-service'),
    'openslo.yaml': fixture('order-service/openslo.yaml'),
    'infra/cost-model.yaml': CART_COST_MODEL,
    'deploy/rollout.yaml': fixture('order-service/deploy/rollout.yaml'),
    'deploy/analysis-templates.yaml': fixture(
      'order-service/deploy/analysis-templates.yaml',
    ),
  },
  'fuzz-broken-service': {
    'catalog-info.yaml': catalogInfo('fuzz-broken-service', {
      'commerce.platform/monthly-budget-usd': 'lots',
    }),
    // A key named toString (String() throws on it), a percentage for a ratio, and a
    // document that does not parse, between good ones.
    'openslo.yaml': `${fixture('order-service/openslo.yaml')
      .replace(
        'displayName: order-service availability',
        'displayName: {toString: 1}',
      )
      .replace('target: 0.95', 'target: 95')}---\nmetadata: {name: [\n`,
    'infra/cost-model.yaml': CART_COST_MODEL.replace(
      'quantity: 1.5',
      'quantity: {toString: 1}',
    ).replace('priceId: redis.Premium.P1', 'priceId: [redis]'),
    'deploy/rollout.yaml': fixture('order-service/deploy/rollout.yaml')
      .replace('name: order-service\n', 'name: {toString: 1}\n')
      .replace(
        '- templateName: order-service-latency-p95',
        '- templateName: {toString: 1}',
      ),
    'deploy/analysis-templates.yaml': fixture(
      'order-service/deploy/analysis-templates.yaml',
    ).replace(/metrics:\n( {4}- [^]*?)(?=---|$)/, 'metrics: 42\n'),
  },
  // Annotations that climb out of the repositories folder, or name no URL at all.
  'fuzz-escaping-service': {
    'catalog-info.yaml': catalogInfo('fuzz-escaping-service', {
      'commerce.platform/slo-file': 'url:file:///etc/passwd',
      'commerce.platform/cost-model': '../../../../../../../../etc/passwd',
      'commerce.platform/rollout-policy': 'url:not a url',
    }),
  },
};

/** Catalog files that must be refused, or registered with their error on the Location. */
const MALFORMED_CATALOG_FILES: Record<string, string> = {
  'yaml-syntax':
    'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: x\n',
  'invalid-name': catalogInfo('Not A Valid Name!'),
  'spec-not-a-map':
    'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: fuzz-spec-not-a-map}\nspec: 5\n',
  'not-an-entity': '- just\n- a list\n',
  'billion-laughs': BILLION_LAUGHS,
  'deeply-nested': DEEPLY_NESTED_YAML,
  binary: ALL_BYTES,
};

// ---- what every answer must look like -------------------------------------------------------

/**
 * The shared JAVASCRIPT_WORDS with two differences for the real HTTP stack: without "Unexpected
 * token", which express's JSON body parser puts in its 400 for a malformed body (upstream's
 * wording, and the position it names is enough), and with the message backend-defaults'
 * internal error filter puts in place of a hidden one.
 */
const INTERNAL_WORDS =
  /Cannot (read|convert|set)|is not (a function|iterable|defined)|\[object Object\]|undefined is not|Maximum call stack|An internal error occurred/;

/** Messages a person can act on: not empty, no stack, no JavaScript internals. */
const clearMessageProblem = (message: unknown) =>
  unclearMessage(message, INTERNAL_WORDS);

interface Answer {
  status: number;
  text: string;
  json?: any;
}

/** A raw request with the static token: any method, path and body, nothing encoded for us. */
function send(
  backend: PortalBackend,
  method: string,
  urlPath: string,
  payload?: string,
  contentType = 'application/json',
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${backend.baseUrl}${urlPath}`,
      {
        method,
        agent: false,
        headers: {
          authorization: `Bearer ${backend.token}`,
          accept: 'application/json',
          ...(payload === undefined
            ? {}
            : {
                'content-type': contentType,
                'content-length': Buffer.byteLength(payload),
              }),
        },
        timeout: 60_000,
      },
      res => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', chunk => (text += chunk));
        res.on('end', () => {
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: the text is reported as it is
          }
          resolve({ status: res.statusCode ?? 0, text, json });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${urlPath} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** What is wrong with an answer to a bad request, or undefined: a 4xx says why, never a 5xx. */
function badAnswerProblem(answer: Answer): string | undefined {
  if (answer.status >= 500 || answer.status < 200) {
    return `HTTP ${answer.status}: ${answer.text.slice(0, 1500)}`;
  }
  if (answer.status >= 400) {
    // The backend's router answers an unknown route 404 without a body.
    if (answer.status === 404 && !answer.text) return undefined;
    // The scaffolder lists JSON-schema errors instead of one message.
    const message =
      answer.json?.error?.message ??
      answer.json?.errors
        ?.map((e: { message?: string }) => e.message)
        .join('; ');
    const problem = clearMessageProblem(message);
    return problem && `HTTP ${answer.status}: ${problem}`;
  }
  return undefined;
}

interface BadRequest {
  method: string;
  path: string;
  body?: string;
}

/** Sends every request, in order; what was wrong with each badly answered one. */
async function badlyAnswered(
  backend: PortalBackend,
  requests: BadRequest[],
): Promise<string[]> {
  const problems: string[] = [];
  for (const request of requests) {
    let problem: string | undefined;
    try {
      problem = badAnswerProblem(
        await send(backend, request.method, request.path, request.body),
      );
    } catch (error) {
      problem = `no answer: ${(error as Error).message}`;
    }
    if (problem) {
      problems.push(
        `${request.method} ${request.path.slice(0, 300)}${
          request.body === undefined
            ? ''
            : ` body ${JSON.stringify(request.body.slice(0, 200))}`
        }\n  → ${problem.slice(0, 1500)}`,
      );
    }
  }
  return problems;
}

/** What is wrong with the end of a task the form's schema let through. */
async function taskFailureProblem(
  backend: PortalBackend,
  taskId: string,
): Promise<string | undefined> {
  const task = await eventually(
    async () => {
      const { body: t } = await backend.getJson(
        `/api/scaffolder/v2/tasks/${taskId}`,
      );
      return ['failed', 'completed', 'cancelled'].includes(t?.status)
        ? t
        : undefined;
    },
    `task ${taskId} to finish`,
    120_000,
  );
  if (task.status !== 'failed') return `the task ${task.status}`;
  const { body: events } = await backend.getJson(
    `/api/scaffolder/v2/tasks/${taskId}/events`,
  );
  if (
    !events.some(
      (e: any) => e.body?.stepId === 'validate' && e.body?.status === 'failed',
    )
  ) {
    return 'it did not stop at the validate step';
  }
  // The scaffolder logs the step's stack trace (upstream behaviour); what the task page shows
  // as the failure is the completion event's error message.
  const completion = events.find((e: any) => e.type === 'completion');
  const message = completion?.body?.error?.message;
  return /cannot be created yet/.test(message ?? '')
    ? clearMessageProblem(message)
    : `the task's failure does not say why: ${JSON.stringify(
        completion?.body,
      ).slice(0, 800)}`;
}

/**
 * What is wrong with a dry run of text the form lets through: the service it generates must
 * hold exactly what was typed, or the run must refuse the text with a 4xx that says why.
 */
function injectionProblem(
  dryRun: Answer,
  description: string,
): string | undefined {
  if (dryRun.status !== 200) return badAnswerProblem(dryRun);
  const failedStep = dryRun.json.log.find(
    (l: any) => l.body.status === 'failed',
  );
  if (failedStep) return clearMessageProblem(failedStep.body.message);
  const file = dryRun.json.directoryContents.find(
    (f: any) => f.path === 'catalog-info.yaml',
  );
  if (!file) return 'no catalog-info.yaml was generated';
  const text = Buffer.from(file.base64Content, 'base64').toString();
  const component = parseAllDocuments(text)
    .map(d => (d.errors.length ? undefined : d.toJS()))
    .find((e: any) => e?.kind === 'Component');
  // The system is written as the blueprint shortens it; only the description is free text.
  return component?.metadata?.description === description &&
    !('malicious' in (component?.spec ?? {}))
    ? undefined
    : `catalog-info.yaml does not hold what was typed:\n${text.slice(0, 1500)}`;
}

// ---- the tests ------------------------------------------------------------------------------

describe.each(availableTestDatabases().map(db => [db.client, db] as const))(
  `bad input against the real backend on %s (FUZZ_SEED=${SEED})`,
  (_client, database) => {
    let backend: PortalBackend;
    let folder: string;
    const GOOD_PATHS = [
      '/api/slo/v1/entities/component/default/fuzz-good-service',
      '/api/cost/v1/entities/component/default/fuzz-good-service',
      '/api/rollout/v1/entities/component/default/fuzz-good-service',
      '/api/catalog/entities/by-name/component/default/fuzz-good-service',
    ];
    /** Readiness, and the good service's answers by URL path. */
    async function goodAnswers() {
      const answers: Record<string, unknown> = {
        readiness: (
          await send(backend, 'GET', '/.backstage/health/v1/readiness')
        ).status,
      };
      for (const p of GOOD_PATHS) {
        const answer = await send(backend, 'GET', p);
        answers[p] = { status: answer.status, body: answer.json };
      }
      return answers;
    }
    /** What goodAnswers gave before any bad input. */
    let reference: Awaited<ReturnType<typeof goodAnswers>>;
    const entity = async (name: string) => {
      const { status, body: found } = await backend.getJson(
        `/api/catalog/entities/by-name/component/default/${name}`,
      );
      return status === 200 ? found : undefined;
    };
    const register = (file: string) =>
      backend.postJson('/api/catalog/locations', {
        type: 'url',
        target: pathToFileURL(path.join(folder, file)).href,
      });
    const getFeature = (feature: string, name: string) =>
      send(
        backend,
        'GET',
        `/api/${feature}/v1/entities/component/default/${name}`,
      );

    beforeAll(async () => {
      folder = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-input-'));
      for (const [repo, files] of Object.entries(repositories)) {
        for (const [file, text] of Object.entries(files)) {
          fs.mkdirSync(path.dirname(path.join(folder, repo, file)), {
            recursive: true,
          });
          fs.writeFileSync(path.join(folder, repo, file), text);
        }
      }
      for (const [name, text] of Object.entries(MALFORMED_CATALOG_FILES)) {
        fs.mkdirSync(path.join(folder, 'malformed', name), { recursive: true });
        fs.writeFileSync(
          path.join(folder, 'malformed', name, 'catalog-info.yaml'),
          text,
        );
      }
      backend = await startPortalBackend({
        database,
        config: { 'commerce.publish.local.directory': folder },
      });
      for (const repo of Object.keys(repositories)) {
        const { status, body: answer } = await register(
          `${repo}/catalog-info.yaml`,
        );
        if (status !== 201) {
          throw new Error(
            `registering ${repo}: ${status} ${JSON.stringify(answer)}`,
          );
        }
      }
      await Promise.all(
        Object.keys(repositories).map(name =>
          eventually(() => entity(name), `${name} in the catalog`, 90_000),
        ),
      );
      reference = await goodAnswers();
      // The baseline the tests compare with must itself be a good answer.
      const slo = reference[GOOD_PATHS[0]!] as { status: number; body: any };
      if (
        reference.readiness !== 200 ||
        GOOD_PATHS.some(
          p => (reference[p] as { status: number }).status !== 200,
        ) ||
        slo.body.problems.length > 0
      ) {
        throw new Error(
          `bad baseline: ${JSON.stringify(reference).slice(0, 2000)}`,
        );
      }
    }, 240_000);

    afterAll(async () => {
      await backend?.stop();
      if (folder) fs.rmSync(folder, { recursive: true, force: true });
    }, 60_000);

    it('reports broken OpenSLO, cost model, rollout and budget files on their own entity, with 200', async () => {
      const [slo, cost, rollout] = await Promise.all(
        ['slo', 'cost', 'rollout'].map(f =>
          getFeature(f, 'fuzz-broken-service'),
        ),
      );
      expect([slo!.status, cost!.status, rollout!.status]).toEqual([
        200, 200, 200,
      ]);
      expect([
        ...unclearMessages('slo', slo!.json.problems, INTERNAL_WORDS),
        ...unclearMessages('cost', cost!.json.problems, INTERNAL_WORDS),
        ...unclearMessages('rollout', rollout!.json.problems, INTERNAL_WORDS),
      ]).toEqual([]);
      expect(slo!.json.problems).toEqual(
        expect.arrayContaining([
          expect.stringContaining('metadata.displayName is {"toString":1}'),
          expect.stringContaining('spec.objectives[0].target is 95'),
          expect.stringMatching(/^document 3: YAML syntax error/),
        ]),
      );
      expect(cost!.json.problems).toEqual(
        expect.arrayContaining([
          expect.stringContaining('monthly-budget-usd is "lots"'),
          expect.stringContaining('quantity must be a number'),
        ]),
      );
      expect(cost!.json.monthlyUsd).toBeUndefined();
      expect(rollout!.json.problems).toEqual(
        expect.arrayContaining([
          expect.stringContaining(`metadata.name is {"toString":1}`),
          expect.stringContaining('spec.metrics is 42'),
        ]),
      );
      expect(await goodAnswers()).toEqual(reference);
    });

    it('never reads outside the repositories folder, whatever an annotation names', async () => {
      const answers = await Promise.all(
        ['slo', 'cost', 'rollout'].map(f =>
          getFeature(f, 'fuzz-escaping-service'),
        ),
      );
      expect(answers.map(a => a.status)).toEqual([200, 200, 200]);
      for (const answer of answers) {
        expect(answer.text).not.toMatch(/root:x?:0:0/);
        expect(answer.json.problems.length).toBeGreaterThan(0);
        expect(
          unclearMessages('problem', answer.json.problems, INTERNAL_WORDS),
        ).toEqual([]);
      }
    });

    it('refuses malformed catalog files with a 400 that says what is wrong, and keeps serving the rest', async () => {
      const answers: Record<string, unknown> = {};
      for (const name of Object.keys(MALFORMED_CATALOG_FILES)) {
        const location = JSON.stringify({
          type: 'url',
          target: pathToFileURL(
            path.join(folder, 'malformed', name, 'catalog-info.yaml'),
          ).href,
        });
        // What the catalog-import page does first: read the file and say what is wrong with it.
        // These messages are the catalog's own (upstream), so only the contract is checked here:
        // a 400 with a message, no stack.
        const dryRun = await send(
          backend,
          'POST',
          '/api/catalog/locations?dryRun=true',
          location,
        );
        const message: string = dryRun.json?.error?.message ?? '';
        // Registering it anyway is accepted and processed in the background, where the error
        // stays with that location.
        const registered = await send(
          backend,
          'POST',
          '/api/catalog/locations',
          location,
        );
        answers[name] = {
          dryRun: dryRun.status,
          explained: /\S/.test(message) && !/\n\s+at /.test(message),
          registered: registered.status,
        };
      }
      expect(answers).toEqual(
        Object.fromEntries(
          Object.keys(MALFORMED_CATALOG_FILES).map(name => [
            name,
            { dryRun: 400, explained: true, registered: 201 },
          ]),
        ),
      );
      expect(await goodAnswers()).toEqual(reference);
    }, 120_000);

    /** Requests for one API, generated from the seed and the API's name (stable per API). */
    const generated = (
      api: string,
      make: (
        r: Random,
      ) => Array<{ method: string; path: string; body?: string }>,
    ) =>
      make(
        seededRandom(
          SEED + [...api].reduce((sum, c) => sum + c.charCodeAt(0), 0),
        ),
      );
    const n = REQUESTS_PER_ENDPOINT;
    const times = <T>(count: number, make: () => T) =>
      Array.from({ length: count }, make);
    const get = (paths: string[]) =>
      paths.map(p => ({ method: 'GET', path: p }));

    it.each([
      [
        'slo',
        (r: Random) => [
          ...get(entityPaths(r, n, '/api/slo/v1/entities')),
          ...get(
            entityPaths(r, n, '/api/slo/v1/entities', '/history?slo=x&days=7'),
          ),
          ...times(n, () => ({
            method: 'GET',
            path: entityPathOf(
              r,
              '/api/slo/v1/entities',
              `/history?${query(r, ['slo', 'days'])}`,
            ),
          })),
          ...times(n, () => ({
            method: 'GET',
            path: `/api/slo/v1/entities/component/default/fuzz-good-service/history?${query(
              r,
              ['slo', 'days'],
            )}`,
          })),
        ],
      ],
      [
        'cost',
        (r: Random) => [
          ...get(entityPaths(r, n, '/api/cost/v1/entities')),
          ...times(n, () => ({
            method: 'GET',
            path: `/api/cost/v1/overview?${query(r, ['system', 'group'])}`,
          })),
          ...times(n, () => ({
            method: 'GET',
            path: `/api/cost/v1/estimates/${r.pick([
              'cart',
              'order',
              pathSegment(r, WEIRD_STRINGS),
            ])}?${query(r, ['environment', 'region'])}`,
          })),
        ],
      ],
      [
        'rollout',
        (r: Random) => get(entityPaths(r, n, '/api/rollout/v1/entities')),
      ],
      [
        'platform-review',
        (r: Random) => [
          ...times(n, () => ({
            method: 'GET',
            path: `/api/platform-review/v1/review?${query(r, [
              'system',
              'team',
            ])}`,
          })),
          ...get(
            entityPaths(r, n, '/api/platform-review/v1/entities', '/decisions'),
          ),
          ...times(10, () => ({
            method: 'POST',
            path: '/api/platform-review/v1/refresh',
            body: body(r),
          })),
        ],
      ],
      [
        'the wrong method, with a bad body',
        (r: Random) =>
          times(20, () => ({
            method: r.pick(['POST', 'PUT', 'DELETE', 'PATCH']),
            path: r.pick([
              '/api/slo/v1/entities/component/default/fuzz-good-service',
              '/api/cost/v1/overview',
              '/api/rollout/v1/entities/component/default/fuzz-good-service',
              '/api/platform-review/v1/decisions',
            ]),
            body: body(r),
          })),
      ],
    ])(
      'answers generated bad requests to %s with a 4xx and a message, never a 5xx',
      async (api, make) => {
        expect(
          failureSummary(await badlyAnswered(backend, generated(api, make))),
        ).toEqual(NO_FAILURES);
        expect(await goodAnswers()).toEqual(reference);
      },
      300_000,
    );

    it('refuses bad template values with a 400 naming the field, or a failed validate step saying why', async () => {
      const r = seededRandom(SEED + 1);
      const good = {
        name: 'fuzz-new-service',
        description: 'A service the bad-input test never creates.',
        owner: 'group:default/checkout-team',
        system: 'system:default/commerce-platform',
        availability: 99.95,
        latencyP95Ms: 100,
        region: 'westeurope',
        monthlyBudgetUsd: 250,
      };
      const WRONG: Record<string, unknown[]> = {
        name: [
          '',
          '../x',
          'Cart_Service',
          'a'.repeat(64),
          'a'.repeat(10_000),
          '${{ parameters.owner }}',
          42,
          null,
          ['x'],
        ],
        description: ['x'.repeat(201), 7, { a: 1 }],
        // The last two pass the form's schema; the validate step must refuse them.
        owner: [
          42,
          null,
          ['group:default/checkout-team'],
          { toString: 1 },
          'group:default/ghost-team',
          'user:default/guest',
        ],
        availability: [100, 42, '99.95', null, -1],
        latencyP95Ms: [0, -1, 1.5, 60001, '100', null],
        region: ['mars', '', 5],
        monthlyBudgetUsd: [0, -50, '250', null, 'NaN'],
      };
      const values = () => {
        const form: Record<string, unknown> = { ...good };
        // One to three fields wrong, or one required field missing.
        if (r.int(6) === 0) {
          delete form[r.pick(['name', 'owner', 'description', 'region'])];
        } else {
          for (let k = 1 + r.int(3); k > 0; k--) {
            const field = r.pick(Object.keys(WRONG));
            form[field] = r.pick(WRONG[field]!);
          }
        }
        return form;
      };
      const before = fs.readdirSync(folder).sort();
      const problems: string[] = [];
      const tasks = [
        ...Array.from({ length: 30 }, () =>
          JSON.stringify({
            templateRef: 'template:default/cart-service',
            values: values(),
          }),
        ),
        // Requests the form never sends.
        '',
        'not json',
        '{}',
        JSON.stringify({ templateRef: 'template:default/cart-service' }),
        JSON.stringify({
          templateRef: 'template:default/no-such-template',
          values: good,
        }),
        JSON.stringify({ templateRef: 'not a ref at all', values: good }),
        JSON.stringify({
          templateRef: 'template:default/cart-service',
          values: 'x',
        }),
        JSON.stringify({
          templateRef: 'template:default/cart-service',
          values: null,
        }),
      ];
      // Through the real scaffolder: its JSON-schema check of the form, then the template's
      // steps, where validate must stop whatever the schema let through.
      let created = 0;
      for (const task of tasks) {
        const answer = await send(
          backend,
          'POST',
          '/api/scaffolder/v2/tasks',
          task,
        );
        let problem: string | undefined;
        if (answer.status === 201) {
          created++;
          problem = await taskFailureProblem(backend, answer.json.id);
        } else {
          problem = badAnswerProblem(answer);
        }
        if (problem) {
          problems.push(`POST /v2/tasks ${task.slice(0, 300)}\n  → ${problem}`);
        }
      }
      // Text the form lets through, which later steps write into YAML and code.
      const template = await backend.getJson(
        '/api/catalog/entities/by-name/template/default/cart-service',
      );
      for (const injected of [
        {
          ...good,
          description:
            'Says "hi": {x: 1} # not a comment ${{ parameters.owner }} <%= 1 %> \'; --',
        },
        {
          ...good,
          system: 'system:default/commerce-platform\nmalicious: true',
        },
      ]) {
        const dryRun = await send(
          backend,
          'POST',
          '/api/scaffolder/v2/dry-run',
          JSON.stringify({
            template: template.body,
            values: injected,
            secrets: {},
            directoryContents: [],
          }),
        );
        const problem = injectionProblem(dryRun, injected.description);
        if (problem) {
          problems.push(
            `dry run of ${JSON.stringify({
              description: injected.description,
              system: injected.system,
            })}\n  → ${problem}`,
          );
        }
      }

      expect(failureSummary(problems)).toEqual(NO_FAILURES);
      // Some forms passed the schema, so the validate step was exercised too.
      expect(created).toBeGreaterThan(0);
      // Nothing was published.
      expect(fs.readdirSync(folder).sort()).toEqual(before);
      expect(await goodAnswers()).toEqual(reference);
    }, 600_000);
  },
);
