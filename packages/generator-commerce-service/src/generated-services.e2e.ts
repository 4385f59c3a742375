/**
 * Generated services are code we ship: generate each kind, then run the generated
 * repository's own install, type check, lint and tests against the real stores on this
 * machine (REQUIRE_STORE=1: a missing store fails instead of skipping).
 *
 *   node --test src/generated-services.e2e.ts          (all kinds)
 *   KINDS=cart node --test src/generated-services.e2e.ts
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { kindParts } from './kinds/index.ts';
import { generateService } from './cli.ts';
import { sampleOptions } from './testing/sample-options.ts';
import { verifyService } from './verify-service.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const workDir = path.join(repoRoot, '.data', 'generated-services');

const selected = (
  process.env.KINDS?.split(',') ?? Object.keys(kindParts)
).filter(kind => kind in kindParts);

describe('generated services install, type-check, lint and pass their own tests', () => {
  for (const kind of selected) {
    it(`${kind}-service`, { timeout: 15 * 60_000 }, async () => {
      const out = path.join(workDir, `${kind}-service`);
      rmSync(out, { recursive: true, force: true });
      mkdirSync(out, { recursive: true });
      await generateService(out, sampleOptions[kind]!);

      verifyService(out);
    });
  }
});
