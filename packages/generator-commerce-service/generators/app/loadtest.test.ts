import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { generateService } from '../../src/cli.ts';
import { kindParts } from '../../src/kinds/index.ts';
import { sampleOptions } from '../../src/testing/sample-options.ts';

// Every kind's load test: the same rate arithmetic in deploy/hpa.yaml, README and the script,
// and a store its CI can start. The runs themselves: verify-service's loadTestGate.
for (const [kind, part] of Object.entries(kindParts)) {
  describe(`the load test of a generated ${kind} service`, () => {
    let out: string;
    const read = (file: string) => readFileSync(path.join(out, file), 'utf8');

    before(async () => {
      out = mkdtempSync(path.join(tmpdir(), 'commerce-loadtest-'));
      await generateService(out, sampleOptions[kind]!);
    });
    after(() => rmSync(out, { recursive: true, force: true }));

    it('ships npm run loadtest with the kind’s scenario', () => {
      assert.ok(existsSync(path.join(out, 'scripts/loadtest.ts')));
      const pkg = JSON.parse(read('package.json'));
      assert.equal(pkg.scripts.loadtest, 'node scripts/loadtest.ts');
      assert.ok(pkg.devDependencies.autocannon);
      const script = read('scripts/loadtest.ts');
      for (const request of part.loadTest.requests) {
        assert.ok(script.includes(JSON.stringify(request.path)), request.path);
      }
    });

    it('says in README how its rate follows from the HPA and the SLO, with the numbers of deploy/hpa.yaml', () => {
      const hpa = parse(read('deploy/hpa.yaml'));
      const capacity = Number(
        hpa.metadata.annotations['commerce.platform/pod-capacity-rps'],
      );
      const target = hpa.spec.metrics.find(
        (m: { type: string }) => m.type === 'Resource',
      ).resource.target.averageUtilization;
      const maxPods = hpa.spec.maxReplicas;
      assert.equal(capacity, part.loadTest.podCapacityRps);
      const rate = Math.round((capacity * target) / 100);

      const readme = read('README.md');
      const section = readme.slice(readme.indexOf('## Load test'));
      assert.ok(
        section.startsWith('## Load test'),
        'README has a Load test section',
      );
      assert.match(
        section,
        new RegExp(
          `${capacity} × ${target} % = \\*\\*${rate} requests per second\\*\\*`,
        ),
      );
      assert.match(
        section,
        new RegExp(
          `\`maxReplicas\` \\(${maxPods}\\) the service carries ${maxPods} × ${rate} = ${(
            maxPods * rate
          ).toLocaleString('en-US')} requests per second`,
        ),
      );
      // The objectives the gate holds are the SLO's, as typed.
      assert.match(
        section,
        new RegExp(`p95 within ${sampleOptions[kind]!.latencyP95Ms} ms`),
      );
      assert.match(section, /CI runs it on every change/);
      assert.doesNotMatch(section, /CI does not run it/);
    });

    it('has a store its CI starts: a service container, or a local server from the service itself', () => {
      const { ciService, ciLocalServer } = part.dataStore;
      assert.ok(Boolean(ciService) !== Boolean(ciLocalServer));
      if (ciLocalServer) {
        const program = ciLocalServer.command.split(' ')[1]!;
        const pkg = JSON.parse(read('package.json'));
        assert.ok(
          ciLocalServer.command.startsWith('npx ')
            ? Object.keys(pkg.devDependencies).some(dep =>
                dep.endsWith(`/${program}`),
              )
            : existsSync(path.join(out, program)),
          ciLocalServer.command,
        );
      }
    });
  });
}
