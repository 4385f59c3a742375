/**
 * Generated services are code we ship: generate each kind, then run the generated
 * repository's own install, type check, lint and tests against the real stores on this
 * machine (REQUIRE_STORE=1: a missing store fails instead of skipping). Then each kind's CI
 * load-test step: the built service on its store (or the doubles its CI runs), `npm run
 * loadtest` at one pod's rate, which must pass, and fail with the store slower than the
 * latency objective (verify-service's loadTestGate; CI runs the same through the platform run).
 *
 *   node --test src/generated-services.e2e.ts          (all kinds)
 *   KINDS=cart node --test src/generated-services.e2e.ts
 *   LOADTEST_SECONDS=10 ...                            (each load test's length; default 5)
 *   LOADTEST_RATE=100 ...                              (instead of one pod's rate: a slow machine)
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { kindParts } from './kinds/index.ts';
import { generateService } from './cli.ts';
import { sampleOptions } from './testing/sample-options.ts';
import { loadTestGate, verifyService } from './verify-service.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const workDir = path.join(repoRoot, '.data', 'generated-services');

const selected = (
  process.env.KINDS?.split(',') ?? Object.keys(kindParts)
).filter(kind => kind in kindParts);

const loadTestSeconds = process.env.LOADTEST_SECONDS || '5';

describe('generated services install, type-check, lint and pass their own tests', () => {
  for (const kind of selected) {
    const out = path.join(workDir, `${kind}-service`);
    it(`${kind}-service`, { timeout: 15 * 60_000 }, async () => {
      rmSync(out, { recursive: true, force: true });
      mkdirSync(out, { recursive: true });
      await generateService(out, sampleOptions[kind]!);

      verifyService(out);
    });

    // After the step above: it installed and built the service.
    it(
      `${kind}-service: npm run loadtest passes at one pod's rate, and fails with its store slower than the objective`,
      { timeout: 5 * 60_000 },
      async () => {
        const output = await loadTestGate(out, {
          ...process.env,
          LOADTEST_SECONDS: loadTestSeconds,
        });
        // p50/p95/p99 and req/s, as the service's CI prints them.
        console.log(output);
        assert.match(output, /PASS: every objective/);
        assert.match(output, /p50 \d+ ms, p95 \d+ ms, p99 \d+ ms/);
        assert.match(
          output,
          new RegExp(
            `latency objective ${sampleOptions[kind]!.name}-latency missed`,
          ),
        );
      },
    );
  }
});
