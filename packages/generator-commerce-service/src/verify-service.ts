/**
 * Verifies a generated service the way its own CI would: install, type check, lint, build and
 * test against the real stores (REQUIRE_STORE=1: a missing store fails instead of skipping).
 * Used by the blueprint's test:generated and, as a command, by the portal's scaffolder test:
 *
 *   node src/verify-service.ts <service directory>
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

if (
  process.argv[1] &&
  fileURLToPath(import.meta.url) === path.resolve(process.argv[1])
) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node src/verify-service.ts <service directory>');
    process.exit(2);
  }
  try {
    console.log(verifyService(path.resolve(dir)));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
