/*
 * Benchmark: wall time of the platform run (the commerce-platform template through the
 * scaffolder REST API) on a freshly started backend, first run and re-run. Prints numbers; the
 * target is under 60 s locally, excluding the generated repositories' own test runs (which the
 * platform run does not do: their CI does, and platformRun.integration.test.ts).
 *
 *   yarn bench:platform-run [--runs 3]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runTemplate } from '../platformRun';
import {
  eventually,
  repoRoot,
  startPortalBackend,
} from '../testing/startPortalBackend';

async function main() {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '2' } },
  });
  const runs = Math.max(1, Number(values.runs));
  const repositories = fs.mkdtempSync(
    path.join(os.tmpdir(), 'bench-platform-'),
  );
  const startedAt = Date.now();
  const backend = await startPortalBackend({
    database: { client: 'better-sqlite3' },
    config: {
      'commerce.publish.local.directory': repositories,
      'commerce.platform.infraDirectory': path.join(repoRoot, 'infra'),
    },
  });
  try {
    await eventually(async () => {
      const { status } = await backend.getJson(
        '/api/catalog/entities/by-name/template/default/commerce-platform',
      );
      return status === 200 ? true : undefined;
    }, 'the commerce-platform template');
    console.log(
      `backend ready with the template in the catalog: ${(
        (Date.now() - startedAt) /
        1000
      ).toFixed(1)} s`,
    );
    for (let i = 1; i <= runs; i++) {
      const result = await runTemplate({
        backendUrl: backend.baseUrl,
        token: backend.token,
        templateRef: 'template:default/commerce-platform',
        values: { environment: 'prod' },
      });
      const slowest = [...result.steps]
        .sort((a, b) => b.seconds - a.seconds)
        .slice(0, 3)
        .map(s => `${s.name} ${s.seconds.toFixed(1)} s`)
        .join(', ');
      console.log(
        `run ${i}${i === 1 ? ' (creates)' : ' (re-run, updates)'}: ${
          result.status
        } in ${result.seconds.toFixed(1)} s — slowest steps: ${slowest}`,
      );
      if (result.status !== 'completed') {
        console.log(result.failure?.log.join('\n'));
        process.exitCode = 1;
        break;
      }
    }
  } finally {
    await backend.stop();
    fs.rmSync(repositories, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(`bench:platform-run: ${(error as Error).message}`);
  process.exitCode = 1;
});
