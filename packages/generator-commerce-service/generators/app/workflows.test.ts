import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  NoOperationTraceWriter,
  parseWorkflow,
} from '@actions/workflow-parser';
import { parse } from 'yaml';
import { generateService } from '../../src/cli.ts';

// GitHub's own workflow parser (needs --import ./src/testing/json-modules.ts, see package.json).
const parse_ = (name: string, content: string) =>
  parseWorkflow({ name, content }, new NoOperationTraceWriter())
    .context.errors.getErrors()
    .map(e => e.message);

describe('generated GitHub workflows', () => {
  let out: string;
  let workflows: Array<{ file: string; content: string }>;

  before(async () => {
    out = mkdtempSync(path.join(tmpdir(), 'commerce-workflows-'));
    await generateService(out, {
      kind: 'cart',
      name: 'cart-service',
      owner: 'checkout-team',
      availability: '99.95',
      latencyP95Ms: '100',
      monthlyBudgetUsd: '250',
    });
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
      assert.deepEqual(parse_(file, content), [], file);
    }
  });

  it('uses a parser that does report a broken workflow (the check can fail)', () => {
    const broken = workflows[0]!.content.replace('runs-on:', 'runs-onn:');
    assert.ok(parse_('broken.yml', broken).length > 0);
  });

  it('pins every third-party action to a full commit SHA', () => {
    for (const { file, content } of workflows) {
      for (const [, ref] of content.matchAll(/uses:\s*([^\s#]+)/g)) {
        assert.match(
          ref!,
          /^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/,
          `${file}: ${ref}`,
        );
      }
    }
  });

  it('signs in to Azure with OIDC only, and tests against the store as a service container', () => {
    const pipeline = parse(
      workflows.find(w => w.file === 'pipeline.yml')!.content,
    );
    assert.equal(pipeline.jobs.test.services.store.image, 'redis:7-alpine');
    assert.equal(pipeline.jobs.test.env.REQUIRE_STORE, '1');
    assert.equal(pipeline.jobs.infra.permissions['id-token'], 'write');
    const text = JSON.stringify(pipeline);
    assert.doesNotMatch(text, /client-secret|creds:|AZURE_CREDENTIALS/);
    assert.match(text, /trivy-action/);
    assert.match(text, /what-if/);
  });
});
