/**
 * Generated services are code we ship: generate each kind, then run the generated
 * repository's own install, type check, lint and tests against the real stores on this
 * machine (REQUIRE_STORE=1: a missing store fails instead of skipping).
 *
 *   node --test src/generated-services.e2e.ts          (all kinds)
 *   KINDS=cart node --test src/generated-services.e2e.ts
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { kindParts } from './kinds/index.ts';
import { generateService } from './cli.ts';
import { sampleOptions } from './testing/sample-options.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const workDir = path.join(repoRoot, '.data', 'generated-services');

const selected = (
  process.env.KINDS?.split(',') ?? Object.keys(kindParts)
).filter(kind => kind in kindParts);

function run(cwd: string, command: string, args: string[]) {
  const result = spawnSync(command, args, {
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
  assert.equal(
    result.status,
    0,
    `\`${command} ${args.join(' ')}\` failed in ${cwd} (${
      result.error ?? `exit ${result.status}`
    }):\n${output}`,
  );
  return output;
}

describe('generated services install, type-check, lint and pass their own tests', () => {
  for (const kind of selected) {
    it(`${kind}-service`, { timeout: 15 * 60_000 }, async () => {
      const out = path.join(workDir, `${kind}-service`);
      rmSync(out, { recursive: true, force: true });
      mkdirSync(out, { recursive: true });
      await generateService(out, sampleOptions[kind]!);

      run(out, 'npm', [
        'install',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
      ]);
      run(out, 'npm', ['run', 'typecheck']);
      run(out, 'npm', ['run', 'lint']);
      run(out, 'npm', ['run', 'build']);
      const tests = run(out, 'npm', ['test']);
      assert.match(tests, /Tests\s+\d+ passed/);
      assert.doesNotMatch(tests, /skipped|SKIPPING/);
    });
  }
});
