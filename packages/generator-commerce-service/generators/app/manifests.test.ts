import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { schemaProblems } from '@internal/iac-checks';
import { generateService } from '../../src/cli.ts';
import { kindParts } from '../../src/kinds/index.ts';
import { sampleOptions } from '../../src/testing/sample-options.ts';

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

    it('validates every object against its schema', async () => {
      assert.ok(objects.length >= 11);
      assert.deepEqual(await schemaProblems(objects as never), []);
    });

    it('has a validator that rejects a broken Rollout (the check can fail)', async () => {
      const rollout = structuredClone(find('Rollout')!);
      rollout.spec.strategy.canary.steps[0].setWeight = 'one';
      const [problem] = await schemaProblems([
        { file: 'deploy/rollout.yaml', object: rollout as never },
      ]);
      assert.match(problem ?? '', /setWeight must be integer/);
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

    it("labels the Rollout, its pods and its AnalysisRuns for the portal's Kubernetes tab", () => {
      const rollout = find('Rollout')!;
      const label = 'backstage.io/kubernetes-id';
      assert.equal((rollout.metadata as any).labels[label], name);
      assert.equal(rollout.spec.template.metadata.labels[label], name);
      assert.equal(
        rollout.spec.strategy.canary.analysis.analysisRunMetadata.labels[label],
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

    it('keeps metrics internal: their own port, scraped by Prometheus only, never routed', () => {
      const pod = find('Rollout')!.spec.template;
      assert.deepEqual(pod.spec.containers[0].ports, [
        { name: 'http', containerPort: 8080 },
        { name: 'metrics', containerPort: 9464 },
      ]);
      assert.equal(pod.metadata.annotations['prometheus.io/port'], '9464');
      assert.equal((find('ConfigMap') as any).data.METRICS_PORT, '9464');
      assert.deepEqual(find('Service', `${name}-metrics`)!.spec.ports, [
        { name: 'metrics', port: 9464, targetPort: 'metrics' },
      ]);
      for (const routed of ['stable', 'canary']) {
        assert.deepEqual(
          find('Service', `${name}-${routed}`)!.spec.ports.map(
            (p: any) => p.targetPort,
          ),
          ['http'],
        );
      }
      const backends = find('HTTPRoute')!.spec.rules.flatMap((r: any) =>
        r.backendRefs.map((b: any) => `${b.name}:${b.port}`),
      );
      assert.deepEqual(backends, [`${name}-stable:80`, `${name}-canary:80`]);

      const ingress = find('NetworkPolicy')!.spec.ingress;
      const rule = (port: string) => {
        const found = ingress.filter((r: any) =>
          r.ports.some((p: any) => p.port === port),
        );
        assert.equal(found.length, 1, `one ingress rule for ${port}`);
        assert.deepEqual(found[0].ports, [{ port, protocol: 'TCP' }]);
        return found[0].from;
      };
      assert.deepEqual(rule('metrics'), [
        {
          namespaceSelector: {
            matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' },
          },
          podSelector: {
            matchLabels: { 'app.kubernetes.io/name': 'prometheus-server' },
          },
        },
      ]);
      const gateway = JSON.stringify(rule('http'));
      assert.match(gateway, /gateway-system/);
      assert.doesNotMatch(gateway, /monitoring/);
      assert.equal(ingress.length, 2);
    });

    it("gives prod Entra ID's issuer and the service's app ID URI as audience, and no switch to turn auth off", () => {
      const data = (find('ConfigMap') as any).data as Record<string, string>;
      assert.match(
        data.AUTH_ISSUER!,
        /^https:\/\/login\.microsoftonline\.com\/[0-9a-f-]{36}\/v2\.0$/,
      );
      assert.equal(data.AUTH_AUDIENCE, `api://${name}`);
      assert.match(
        data.AUTH_JWKS_URL!,
        /^https:\/\/login\.microsoftonline\.com\/[0-9a-f-]{36}\/discovery\/v2\.0\/keys$/,
      );
      assert.deepEqual(
        Object.keys(data).filter(k =>
          /^AUTH_|BYPASS|INSECURE|SKIP_AUTH|NO_AUTH/i.test(k),
        ),
        ['AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWKS_URL'],
      );
    });
  });
}
