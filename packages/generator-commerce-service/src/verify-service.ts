/**
 * Verifies a generated service the way its own CI would: install, type check, lint, build and
 * test against the real stores (REQUIRE_STORE=1: a missing store fails instead of skipping),
 * then, with --loadtest, its CI's load-test gate (loadTestGate below). Used by the blueprint's
 * test:generated and, as a command, by the portal's platform-run test (the CI suite):
 *
 *   node src/verify-service.ts [--loadtest] <service directory>
 *
 * LOADTEST_SECONDS (default 5) is each load test's measured length; LOADTEST_RATE replaces one
 * pod's rate on a machine too busy to serve it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { localStores, loadTestService } from './testing/run-service.ts';

/** A verification step that failed, with everything the step printed. */
export class ServiceVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceVerificationError';
  }
}

const steps: string[][] = [
  ['install', '--no-audit', '--no-fund', '--loglevel=error'],
  ['run', 'typecheck'],
  ['run', 'lint'],
  ['run', 'slo:check'],
  ['run', 'build'],
  ['test'],
];

function npm(cwd: string, args: string[]): string {
  const result = spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, REQUIRE_STORE: '1', CI: 'true', NO_COLOR: '1' },
    timeout: 10 * 60_000,
  });
  // eslint-disable-next-line no-control-regex
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.replace(
    /\x1b\[[0-9;]*m/g,
    '',
  );
  if (result.status !== 0) {
    throw new ServiceVerificationError(
      `\`npm ${args.join(' ')}\` failed in ${cwd} (${
        result.error ?? `exit ${result.status}`
      }):\n${output}`,
    );
  }
  return output;
}

/** Runs every step; returns the test run's output. Throws on the first failure. */
export function verifyService(serviceDir: string): string {
  let testOutput = '';
  for (const args of steps) testOutput = npm(serviceDir, args);
  if (
    !/Tests\s+\d+ passed/.test(testOutput) ||
    /skipped|SKIPPING/.test(testOutput)
  ) {
    throw new ServiceVerificationError(
      `the tests in ${serviceDir} did not all run and pass:\n${testOutput}`,
    );
  }
  return testOutput;
}

/** The blueprint kind a generated service was made from (its catalog-info.yaml says). */
export function serviceKindOf(serviceDir: string): string {
  const annotation = 'commerce.platform/service-kind';
  const kind = parseAllDocuments(
    readFileSync(path.join(serviceDir, 'catalog-info.yaml'), 'utf8'),
  )
    .map(
      doc =>
        doc.toJS() as {
          kind?: string;
          metadata?: { annotations?: Record<string, string> };
        },
    )
    .find(entity => entity?.kind === 'Component')?.metadata?.annotations?.[
    annotation
  ];
  if (!kind) {
    throw new ServiceVerificationError(
      `${serviceDir}/catalog-info.yaml has no ${annotation} annotation: is it a generated service?`,
    );
  }
  return kind;
}

/**
 * The service's CI load-test gate, on this machine: the built service on its local store
 * (or doubles) at one pod's rate must pass `npm run loadtest`; then, with every answer of the
 * store delayed past the p95 objective, the same gate must fail and name the latency objective.
 * Returns both runs' output (p50/p95/p99, req/s); throws when either did not do what it must.
 */
export async function loadTestGate(
  serviceDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const kind = serviceKindOf(serviceDir);
  const openStore = localStores[kind];
  if (!openStore) {
    throw new ServiceVerificationError(
      `no local store for a ${kind} service to load-test on (src/testing/run-service.ts)`,
    );
  }
  const store = await openStore(serviceDir);
  try {
    const healthy = await loadTestService(kind, serviceDir, store, {
      LOADTEST_SECONDS: env.LOADTEST_SECONDS || '5',
      ...(env.LOADTEST_RATE ? { LOADTEST_RATE: env.LOADTEST_RATE } : {}),
    });
    if (healthy.code !== 0 || !/PASS: every objective/.test(healthy.output)) {
      // The one cause outside the service: a machine too busy to give it one pod's CPU.
      const [load] = loadavg();
      throw new ServiceVerificationError(
        `\`npm run loadtest\` failed on a healthy ${kind} store in ${serviceDir} (exit ${
          healthy.code
        }; load average ${load!.toFixed(
          1,
        )} on ${availableParallelism()} cores: on a busy machine LOADTEST_RATE lowers the rate):\n${
          healthy.output
        }\n${healthy.serviceLog}`,
      );
    }
    const threshold = Number(
      /objective p\d+ ≤ ([\d.]+) ms/.exec(healthy.output)?.[1],
    );
    // Every answer of the store half as late again as the objective allows a whole request.
    const storeDelayMs = Math.ceil(threshold * 1.5);
    const slow = await loadTestService(
      kind,
      serviceDir,
      store,
      {
        LOADTEST_SECONDS: '2',
        ...(env.LOADTEST_RATE ? { LOADTEST_RATE: env.LOADTEST_RATE } : {}),
      },
      { storeDelayMs },
    );
    if (
      slow.code !== 1 ||
      !/latency objective \S+-latency missed: p95 \d+ ms > [\d.]+ ms/.test(
        slow.output,
      )
    ) {
      throw new ServiceVerificationError(
        `\`npm run loadtest\` did not fail its latency objective with the ${kind} store ${storeDelayMs} ms slow (exit ${slow.code}):\n${slow.output}\n${slow.serviceLog}`,
      );
    }
    return `${healthy.output}\nWith the store ${storeDelayMs} ms slow, the gate fails as it must:\n${slow.output}`;
  } finally {
    await store.close();
  }
}

if (
  process.argv[1] &&
  fileURLToPath(import.meta.url) === path.resolve(process.argv[1])
) {
  const args = process.argv.slice(2);
  const withLoadTest = args.includes('--loadtest');
  const dir = args.find(arg => !arg.startsWith('--'));
  if (!dir) {
    console.error(
      'usage: node src/verify-service.ts [--loadtest] <service directory>',
    );
    process.exit(2);
  }
  try {
    console.log(verifyService(path.resolve(dir)));
    if (withLoadTest) console.log(await loadTestGate(path.resolve(dir)));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
