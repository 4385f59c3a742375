import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { unpinnedActions, workflowProblems } from '@internal/iac-checks';
import { parse } from 'yaml';
import { generateService } from '../../src/cli.ts';
import { kindParts } from '../../src/kinds/index.ts';
import { sampleOptions } from '../../src/testing/sample-options.ts';

for (const [kind, part] of Object.entries(kindParts)) {
  describe(`generated GitHub workflows (${kind})`, () => {
    let out: string;
    let workflows: Array<{ file: string; content: string }>;

    before(async () => {
      out = mkdtempSync(path.join(tmpdir(), 'commerce-workflows-'));
      await generateService(out, sampleOptions[kind]!);
      const dir = path.join(out, '.github/workflows');
      workflows = readdirSync(dir).map(file => ({
        file,
        content: readFileSync(path.join(dir, file), 'utf8'),
      }));
    });
    after(() => rmSync(out, { recursive: true, force: true }));

    it('parse without errors in GitHub’s workflow parser', () => {
      assert.ok(workflows.length > 0);
      for (const { file, content } of workflows) {
        assert.deepEqual(workflowProblems(file, content), [], file);
      }
    });

    it('uses a parser that does report a broken workflow (the check can fail)', () => {
      const broken = workflows[0]!.content.replace('runs-on:', 'runs-onn:');
      assert.ok(workflowProblems('broken.yml', broken).length > 0);
    });

    it('pins every third-party action to a full commit SHA', () => {
      for (const { file, content } of workflows) {
        assert.deepEqual(unpinnedActions(content), [], file);
      }
    });

    it('signs in to Azure with OIDC only, and tests against the store as a service container', () => {
      const pipeline = parse(
        workflows.find(w => w.file === 'pipeline.yml')!.content,
      );
      assert.equal(
        pipeline.jobs.test.services?.store?.image,
        part.dataStore.ciService?.image,
      );
      assert.equal(pipeline.jobs.test.env.REQUIRE_STORE, '1');
      assert.equal(pipeline.jobs.infra.permissions['id-token'], 'write');
      const text = JSON.stringify(pipeline);
      assert.doesNotMatch(text, /client-secret|creds:|AZURE_CREDENTIALS/);
      assert.match(text, /trivy-action/);
      assert.match(text, /what-if/);
    });
  });
}
