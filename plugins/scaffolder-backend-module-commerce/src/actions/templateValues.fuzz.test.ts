import os from 'node:os';
import path from 'node:path';
import fs from 'fs-extra';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  failureSummary,
  fuzzSeed,
  NO_FAILURES,
  type Random,
  seededRandom,
  unclearMessage,
} from '@internal/test-utils';
import { createAzureResourceGroupAction } from './azure/createResourceGroup';
import { createGitopsRegisterAction } from './gitops/registerApplication';
import { createPublishLocalAction } from './publish/publishLocal';
import { createValidateServiceAction } from './validateService';

// Fuzz-style: generated template values (wrong shapes, injection-like text, path traversal,
// 10 000-character strings, numbers no form offers) through every commerce action a service
// template hands them to, in the order the template runs them. Each action either accepts the
// value or refuses with an InputError (or NotAllowedError) that names the value and the rule;
// nothing is written outside the folders it owns. The form's JSON schema is the scaffolder's
// (packages/backend/src/badInput.integration.test.ts sends the same kind of values through it).
// Seeded: reproduce with FUZZ_SEED=<n> yarn backstage-cli package test templateValues.fuzz
const SEED = fuzzSeed();
const CASES = 300;

const WEIRD_TEXT = [
  '',
  ' ',
  '-',
  'a-',
  '1service',
  'Cart_Service',
  '..',
  '../x',
  '../../etc/passwd',
  'x/../../y',
  '/etc/passwd',
  'C:\\Windows',
  'cart-service\u0000',
  'cart\nservice',
  '${{ parameters.name }}',
  '${{ secrets.backstageToken }}',
  '{{ "x" | dump }}',
  '<%= process.exit(1) %>',
  '$(rm -rf /)',
  '`id`',
  "'; DROP TABLE entities; --",
  '😀-service',
  'ünïcödé',
  'a'.repeat(64),
  'a'.repeat(10_000),
  '__proto__',
  'constructor',
  'group:default/ghost-team',
  'user:default/guest',
  'group:default/',
  ':/',
  'group:default/checkout-team',
  'checkout-team',
  'cart-service',
  'payment-service',
];
const WEIRD_NUMBERS = [
  0,
  -1,
  -0,
  0.5,
  1,
  89.999,
  90,
  99.95,
  100,
  100.0001,
  1e308,
  -1e308,
  Number.MIN_VALUE,
  Number.MAX_SAFE_INTEGER + 2,
  NaN,
  Infinity,
  -Infinity,
  250,
  100,
];

/**
 * One submitted form, typed as the actions' schemas type it (the scaffolder checks types). Each
 * field is a good value half of the time, so whole forms pass too and the test sees what passes.
 */
function templateValues(r: Random) {
  const either = <T>(good: T[], weird: T[]) => r.pick(r.int(2) ? good : weird);
  return {
    name: either(['basket-service', 'a', 'search-2'], WEIRD_TEXT),
    owner: either(['checkout-team', 'group:default/checkout-team'], WEIRD_TEXT),
    monthlyBudgetUsd: either([250, 0.01], WEIRD_NUMBERS),
    availability: either([99.95, 99.9, 99.99], WEIRD_NUMBERS),
    latencyP95Ms: either([100, 1, 60000], WEIRD_NUMBERS),
    sourcePath: either<string | undefined>([undefined, '.'], WEIRD_TEXT),
    rolloutStrategy: either<string | undefined>(
      [undefined, 'canary', 'blueGreen'],
      WEIRD_TEXT,
    ),
  };
}

const catalog = catalogServiceMock({
  entities: [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'checkout-team' },
      spec: { type: 'team', children: [] },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'payment-service' },
      spec: {
        type: 'service',
        owner: 'group:default/payments-team',
        lifecycle: 'production',
      },
    },
  ],
});

/** Every file under `dir`, relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  if (!(await fs.pathExists(dir))) return [];
  const found: string[] = [];
  const walk = async (current: string) => {
    for (const entry of await fs.readdir(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) await walk(full);
      else found.push(path.relative(dir, full));
    }
  };
  await walk(dir);
  return found.sort();
}

/** What is wrong with a refusal: it must be typed, say what is wrong, and show no stack. */
function refusalProblems(error: unknown, value: string): string[] {
  const { name, message } = error as Error;
  if (!['InputError', 'NotAllowedError'].includes(name)) {
    return [`refused with ${name}: ${message}`];
  }
  const unclear = unclearMessage(message);
  const problems = unclear ? [unclear] : [];
  // The value is quoted so the person finds it, but a 10 000-character value must not bury
  // the rule the message states.
  if (value.length > 1000 && message.length >= 2000) {
    problems.push(
      `a ${message.length}-character message: ${message.slice(0, 200)}…`,
    );
  }
  return problems;
}

/** Whether a whole form is one a person could fill in (what validate may accept). */
function isGoodForm(values: ReturnType<typeof templateValues>): boolean {
  return (
    /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(values.name) &&
    values.name.length <= 63 &&
    values.monthlyBudgetUsd > 0 &&
    values.availability >= 90 &&
    values.availability < 100 &&
    Number.isInteger(values.latencyP95Ms) &&
    values.latencyP95Ms > 0 &&
    // Empty or missing: the blueprint's default, canary.
    (!values.rolloutStrategy ||
      ['canary', 'blueGreen'].includes(values.rolloutStrategy))
  );
}

describe(`commerce actions under bad template values (FUZZ_SEED=${SEED})`, () => {
  let root: string;
  let workspace: string;
  let repositories: string;
  const config = () =>
    new ConfigReader({
      commerce: { publish: { local: { directory: repositories } } },
      scaffolder: {
        defaultAuthor: { name: 'Portal', email: 'portal@example.com' },
      },
    });

  beforeAll(async () => {
    // Two levels down, so a name that climbs out (../../x) still lands where the test looks.
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'template-values-fuzz-'));
    workspace = path.join(root, 'a/b/workspace');
    repositories = path.join(root, 'a/b/repositories');
    await fs.outputFile(path.join(workspace, 'catalog-info.yaml'), 'kind: x\n');
    await fs.outputFile(
      path.join(workspace, 'argocd/application-prod.yaml'),
      'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: basket-service}\n',
    );
  });
  afterAll(() => fs.remove(root));

  it('refuses every bad value with an explained InputError, and writes nothing outside its folders', async () => {
    const r = seededRandom(SEED);
    const validate = createValidateServiceAction({ catalog });
    const publish = createPublishLocalAction({ config: config() });
    const resourceGroup = createAzureResourceGroupAction({ config: config() });
    const gitops = createGitopsRegisterAction({
      config: config(),
      catalog,
      integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
    });
    const before = await filesUnder(root);
    const run = async (
      action: { handler: (ctx: any) => Promise<void> },
      input: Record<string, unknown>,
      isDryRun = false,
    ) => {
      const ctx = {
        ...createMockActionContext({
          input: input as never,
          workspacePath: workspace,
        }),
        isDryRun,
      };
      await action.handler(ctx);
      return ctx;
    };
    const problems: string[] = [];
    let accepted = 0;
    /** Runs one step; what is wrong with how it refused, or [] when it accepted. */
    const attempt = async (
      step: string,
      value: string,
      action: () => Promise<unknown>,
    ): Promise<{ accepted: boolean; problems: string[]; message?: string }> => {
      try {
        await action();
        return { accepted: true, problems: [] };
      } catch (error) {
        return {
          accepted: false,
          message: (error as Error).message,
          problems: refusalProblems(error, value).map(p => `${step}: ${p}`),
        };
      }
    };

    for (let i = 0; i < CASES; i++) {
      const values = templateValues(r);
      const found: string[] = [];
      // The template's order: validate first; the later steps check again for themselves,
      // so each is also given the values validate refused.
      const validated = await attempt(
        'commerce:service:validate',
        JSON.stringify(values),
        () => run(validate, values),
      );
      found.push(...validated.problems);
      if (validated.accepted) {
        accepted++;
        if (!isGoodForm(values)) found.push('validate accepted a bad form');
      } else {
        // Every rule the form breaks is named in the one message.
        const message = validated.message ?? '';
        if (
          !(values.monthlyBudgetUsd > 0) &&
          !message.includes('Monthly budget')
        ) {
          found.push('the budget problem is not named');
        }
        if (
          !(values.availability >= 90 && values.availability < 100) &&
          !message.includes('Availability')
        ) {
          found.push('the availability problem is not named');
        }
        if (
          values.rolloutStrategy &&
          !['canary', 'blueGreen'].includes(values.rolloutStrategy) &&
          !message.includes('Rollout strategy')
        ) {
          found.push('the rollout strategy problem is not named');
        }
      }
      for (const step of [
        await attempt('commerce:publish:local (dry run)', values.name, () =>
          run(
            publish,
            { name: values.name, sourcePath: values.sourcePath },
            true,
          ),
        ),
        await attempt('commerce:azure:resource-group', values.name, () =>
          run(resourceGroup, {
            name: `rg-${values.name}`,
            location: 'westeurope',
            tags: {
              owner: values.owner,
              service: values.name,
              'cost-center': `cc-${values.owner}`,
              environment: 'prod',
            },
          }),
        ),
        await attempt('commerce:gitops:register', values.name, () =>
          run(gitops, { name: values.name, environment: 'prod' }),
        ),
      ]) {
        found.push(...step.problems);
      }
      problems.push(
        ...found.map(
          p =>
            `case ${i} ${JSON.stringify(values).slice(0, 300)}: ${p.slice(
              0,
              600,
            )}`,
        ),
      );
    }

    // A real publish of a name that passed stays inside the repositories folder, and nothing
    // else was written anywhere.
    const published = await run(publish, { name: 'basket-service' });
    expect(published.output).toHaveBeenCalledWith(
      'repoPath',
      path.join(repositories, 'basket-service'),
    );
    const written = (await filesUnder(root)).filter(f => !before.includes(f));
    expect(written.length).toBeGreaterThan(0);
    for (const file of written) {
      expect(file).toMatch(/^a\/b\/repositories\/basket-service\//);
    }

    expect(failureSummary(problems)).toEqual(NO_FAILURES);
    // Some whole forms were good, so the test saw what passes too.
    expect(accepted).toBeGreaterThan(0);
  }, 90_000);
});
