import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { schemaModel, schemaProblems } from './kubernetes.ts';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'portal' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'portal' } },
    template: {
      metadata: { labels: { app: 'portal' } },
      spec: { containers: [{ name: 'portal', image: 'portal:1' }] },
    },
  },
};

describe('Kubernetes schema checks', () => {
  it('finds models for core, apps, Argo and Gateway API kinds', async () => {
    for (const [apiVersion, kind] of [
      ['v1', 'Service'],
      ['apps/v1', 'Deployment'],
      ['argoproj.io/v1alpha1', 'Rollout'],
      ['argoproj.io/v1alpha1', 'Application'],
      ['gateway.networking.k8s.io/v1', 'Gateway'],
    ]) {
      assert.ok(await schemaModel(apiVersion!, kind!), `${apiVersion} ${kind}`);
    }
  });

  it('accepts a valid object', async () => {
    assert.deepEqual(
      await schemaProblems([{ file: 'd.yaml', object: deployment }]),
      [],
    );
  });

  it('reports a schema violation and a kind it has no schema for', async () => {
    const problems = await schemaProblems([
      {
        file: 'd.yaml',
        object: {
          ...deployment,
          spec: { ...deployment.spec, replicas: 'two' },
        },
      },
      {
        file: 'x.yaml',
        object: {
          apiVersion: 'example.com/v1',
          kind: 'Widget',
          metadata: { name: 'w' },
        },
      },
    ]);
    assert.equal(problems.length, 2);
    assert.match(
      problems[0]!,
      /^d\.yaml: Deployment\/portal: .*replicas must be integer/,
    );
    assert.equal(
      problems[1],
      'x.yaml: Widget/w: no schema for example.com/v1 Widget',
    );
  });
});
