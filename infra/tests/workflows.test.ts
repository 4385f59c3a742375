import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { unpinnedActions, workflowProblems } from '@internal/iac-checks';
import { filesUnder, read } from './support.ts';

const workflows = filesUnder('.github/workflows', /\.ya?ml$/).map(file => ({
  file,
  content: read(file),
}));

describe("the portal's GitHub workflows", () => {
  it('exist and parse without errors in GitHub’s workflow parser', () => {
    assert.ok(workflows.length > 0);
    for (const { file, content } of workflows) {
      assert.deepEqual(workflowProblems(file, content), [], file);
    }
  });

  it('pin every third-party action to a full commit SHA', () => {
    for (const { file, content } of workflows) {
      assert.deepEqual(unpinnedActions(content), [], file);
    }
  });

  it('build, test, scan, lint and what-if the Bicep, and deploy from main only, with OIDC', () => {
    const { file, content } = workflows.find(w =>
      w.file.endsWith('portal.yml'),
    )!;
    const workflow = parse(content);
    const text = JSON.stringify(workflow);
    assert.match(text, /\.ci\/run/, `${file} runs the test suite`);
    assert.match(text, /trivy-action/, `${file} scans the image`);
    assert.match(text, /bicep (build|lint)/, `${file} compiles the Bicep`);
    assert.match(text, /what-if/, `${file} previews the deployment`);
    assert.doesNotMatch(text, /client-secret|creds:|AZURE_CREDENTIALS/);
    const deploy = workflow.jobs.deploy;
    assert.ok(deploy, `${file} has a deploy job`);
    assert.match(String(deploy.if), /refs\/heads\/main/);
    assert.equal(deploy.permissions?.['id-token'], 'write');
  });
});
