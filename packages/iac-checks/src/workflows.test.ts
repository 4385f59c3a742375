import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unpinnedActions, workflowProblems } from './workflows.ts';

const workflow = `name: ci
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
      - uses: ./.github/actions/local
      - run: echo ok
`;

describe('workflow checks', () => {
  it('accepts a valid workflow', () => {
    assert.deepEqual(workflowProblems('ci.yml', workflow), []);
  });

  it('reports a broken workflow', () => {
    assert.ok(
      workflowProblems('ci.yml', workflow.replace('runs-on:', 'runs-onn:'))
        .length > 0,
    );
  });

  it('reports actions not pinned to a commit SHA with its version', () => {
    const text = `${workflow}      - uses: azure/login@v2
      - uses: aquasecurity/trivy-action@dc5a429b52fcf669ce959baa2c2dd26090d2a6c4
`;
    assert.deepEqual(unpinnedActions(workflow), []);
    assert.deepEqual(unpinnedActions(text), [
      'azure/login@v2',
      'aquasecurity/trivy-action@dc5a429b52fcf669ce959baa2c2dd26090d2a6c4',
    ]);
  });
});
