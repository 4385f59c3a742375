import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { ConfigMap, Service, ServiceAccount } from 'kubernetes-models/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import {
  AnalysisTemplate,
  Rollout,
} from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import { HTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1';
import { generateService } from '../../src/cli.ts';
import { kindParts } from '../../src/kinds/index.ts';
import { sampleOptions } from '../../src/testing/sample-options.ts';

type Model = new (data: never) => { validate(): void };
/** Every kind of object the blueprint writes, with the schema model that validates it. */
const models: Record<string, Model> = {
  'v1/ServiceAccount': ServiceAccount as Model,
  'v1/ConfigMap': ConfigMap as Model,
  'v1/Service': Service as Model,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler as Model,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget as Model,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy as Model,
  'argoproj.io/v1alpha1/Rollout': Rollout as Model,
  'argoproj.io/v1alpha1/AnalysisTemplate': AnalysisTemplate as Model,
  'argoproj.io/v1alpha1/Application': Application as Model,
  'gateway.networking.k8s.io/v1/HTTPRoute': HTTPRoute as Model,
};

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec?: any;
}

for (const kind of Object.keys(kindParts)) {
  const options = sampleOptions[kind]!;
  const name = options.name!;

  describe(`generated Kubernetes manifests (${kind})`, () => {
    let out: string;
    let objects: Array<{ file: string; object: K8sObject }>;

    before(async () => {
      out = mkdtempSync(path.join(tmpdir(), 'commerce-manifests-'));
      await generateService(out, options);
      objects = ['deploy', 'argocd'].flatMap(dir =>
        readdirSync(path.join(out, dir))
          .filter(f => f.endsWith('.yaml') && f !== 'kustomization.yaml')
          .flatMap(file =>
            parseAllDocuments(
              readFileSync(path.join(out, dir, file), 'utf8'),
            ).map(doc => ({
              file: `${dir}/${file}`,
              object: doc.toJS() as K8sObject,
            })),
          ),
      );
    });
    after(() => rmSync(out, { recursive: true, force: true }));

    const find = (objectKind: string, objectName = name) =>
      objects.find(
        o =>
          o.object.kind === objectKind && o.object.metadata.name === objectName,
      )?.object;

    it('validates every object against its schema', () => {
      assert.ok(objects.length >= 11);
      for (const { file, object } of objects) {
        const Model = models[`${object.apiVersion}/${object.kind}`];
        assert.ok(
          Model,
          `${file}: no schema model for ${object.apiVersion} ${object.kind}`,
        );
        assert.doesNotThrow(
          () => new Model(object as never).validate(),
          `${file} ${object.kind}`,
        );
      }
    });

    it('has a validator that rejects a broken Rollout (the check can fail)', () => {
      const rollout = structuredClone(find('Rollout')!);
      rollout.spec.strategy.canary.steps[0].setWeight = 'one';
      assert.throws(
        () => new Rollout(rollout as never).validate(),
        /setWeight must be integer/,
      );
    });

    it('lists every manifest in kustomization.yaml', () => {
      const kustomization = parse(
        readFileSync(path.join(out, 'deploy/kustomization.yaml'), 'utf8'),
      );
      const files = readdirSync(path.join(out, 'deploy')).filter(
        f => f !== 'kustomization.yaml',
      );
      assert.deepEqual([...kustomization.resources].sort(), files.sort());
    });

    it('rolls out 1 → 5 → 25 → 50 → 100 % with a pause at every step and analysis throughout', () => {
      const canary = find('Rollout')!.spec.strategy.canary;
      const weights = canary.steps
        .filter((s: any) => 'setWeight' in s)
        .map((s: any) => s.setWeight);
      assert.deepEqual(weights, [1, 5, 25, 50, 100]);
      const pauses = canary.steps.filter((s: any) => 'pause' in s);
      assert.equal(pauses.length, 4);
      assert.deepEqual(
        canary.analysis.templates.map((t: any) => t.templateName),
        [`${name}-success-rate`, `${name}-latency-p95`],
      );
      assert.equal(canary.stableService, `${name}-stable`);
      assert.equal(canary.canaryService, `${name}-canary`);
      assert.equal(
        canary.trafficRouting.plugins['argoproj-labs/gatewayAPI'].httpRoute,
        name,
      );
    });

    it('derives the analysis thresholds from the SLO given to the blueprint', () => {
      const successRate = find('AnalysisTemplate', `${name}-success-rate`)!;
      const latency = find('AnalysisTemplate', `${name}-latency-p95`)!;
      const threshold = (t: K8sObject) =>
        Number(
          /(?:>=|<=) ([0-9.]+)/.exec(t.spec.metrics[0].successCondition)![1],
        );
      assert.equal(
        threshold(successRate),
        Number((Number(options.availability) / 100).toFixed(6)),
      );
      assert.equal(threshold(latency), Number(options.latencyP95Ms) / 1000);
    });

    it('spreads pods across zones, runs them unprivileged with workload identity', () => {
      const pod = find('Rollout')!.spec.template;
      assert.equal(pod.metadata.labels['azure.workload.identity/use'], 'true');
      assert.equal(pod.spec.serviceAccountName, name);
      assert.equal(
        pod.spec.topologySpreadConstraints[0].topologyKey,
        'topology.kubernetes.io/zone',
      );
      assert.equal(pod.spec.securityContext.runAsNonRoot, true);
      assert.deepEqual(
        pod.spec.containers[0].securityContext.capabilities.drop,
        ['ALL'],
      );
      assert.equal(
        find('HorizontalPodAutoscaler')!.spec.scaleTargetRef.kind,
        'Rollout',
      );
    });
  });
}
