import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import {
  readManifests,
  schemaProblems,
  secretLiterals,
  type KubernetesObject,
} from '@internal/iac-checks';
import { platform } from 'generator-commerce-service/src/platform.ts';
import { filesUnder, read, repoRoot } from './support.ts';

// kustomization.yaml is kustomize's, not the cluster's; *.crd.yaml holds custom resources whose
// schema no package here ships (the Secrets Store CSI driver's SecretProviderClass).
const isNotAnObject = (file: string) =>
  file.endsWith('kustomization.yaml') || file.endsWith('.crd.yaml');
const objects = ['infra/cluster', 'infra/portal'].flatMap(dir =>
  readManifests(path.join(repoRoot, dir), isNotAnObject).map(o => ({
    ...o,
    file: path.relative(repoRoot, o.file),
  })),
);
const find = (kind: string, name: string) =>
  objects.find(o => o.object.kind === kind && o.object.metadata.name === name)
    ?.object as (KubernetesObject & { spec: any }) | undefined;

describe('the cluster and portal manifests', () => {
  it('validate against their schemas', async () => {
    assert.ok(objects.length >= 20, `${objects.length} objects`);
    assert.deepEqual(await schemaProblems(objects), []);
  });

  it('are each listed in their kustomization, and remote bases are pinned to a release', () => {
    for (const file of filesUnder('infra', /^kustomization\.yaml$/)) {
      const dir = path.dirname(file);
      const kustomization = parse(read(file));
      const listed: string[] = [
        ...(kustomization.resources ?? []),
        ...(kustomization.patches ?? []).map((p: { path?: string }) => p.path),
      ].filter(Boolean);
      for (const entry of listed) {
        if (/^https?:\/\//.test(entry)) {
          assert.match(entry, /\/v\d+\.\d+\.\d+\//, `${file}: ${entry}`);
        } else {
          assert.ok(
            existsSync(path.join(repoRoot, dir, entry)),
            `${file}: ${entry} does not exist`,
          );
        }
      }
      for (const yaml of readdirSync(path.join(repoRoot, dir))) {
        if (yaml.endsWith('.yaml') && yaml !== 'kustomization.yaml') {
          assert.ok(listed.includes(yaml), `${file} does not list ${yaml}`);
        }
      }
    }
  });

  it('hold no secret', () => {
    for (const file of filesUnder('infra', /\.ya?ml$/)) {
      assert.deepEqual(secretLiterals(file, read(file)), []);
    }
    const config = find('ConfigMap', 'commerce-portal-env');
    assert.ok(config);
    for (const key of Object.keys(config.data as object)) {
      assert.doesNotMatch(key, /SECRET|PASSWORD|PRIVATE_KEY|API_TOKEN/, key);
    }
  });

  it('run the portal as two zone-spread replicas with probes, a disruption budget and workload identity', () => {
    const deployment = find('Deployment', 'commerce-portal');
    assert.ok(deployment);
    assert.equal(deployment.spec.replicas, 2);
    const pod = deployment.spec.template;
    assert.equal(pod.metadata.labels['azure.workload.identity/use'], 'true');
    const [container] = pod.spec.containers;
    assert.equal(
      container.readinessProbe.httpGet.path,
      '/.backstage/health/v1/readiness',
    );
    assert.equal(
      container.livenessProbe.httpGet.path,
      '/.backstage/health/v1/liveness',
    );
    assert.equal(container.securityContext.readOnlyRootFilesystem, true);
    assert.ok(
      pod.spec.topologySpreadConstraints.some(
        (c: { topologyKey: string }) =>
          c.topologyKey === 'topology.kubernetes.io/zone',
      ),
    );
    const account = find('ServiceAccount', pod.spec.serviceAccountName);
    assert.ok(account, 'the pod’s service account exists');
    assert.ok(
      'azure.workload.identity/client-id' in
        (account.metadata.annotations as object),
    );
    const budget = find('PodDisruptionBudget', 'commerce-portal');
    assert.ok(budget);
    assert.ok(budget.spec.minAvailable >= 1);
    assert.deepEqual(
      budget.spec.selector.matchLabels,
      deployment.spec.selector.matchLabels,
    );
  });

  it("let the portal's identity read every custom resource its Kubernetes tab lists, read-only", () => {
    const appConfig = parse(read('app-config.yaml'));
    const listed = appConfig.kubernetes.customResources.map(
      (r: { group: string; plural: string }) => `${r.group}/${r.plural}`,
    );
    const role = find('ClusterRole', 'commerce-portal-rollouts-reader');
    const rules: any[] = (role as any)?.rules ?? [];
    const granted = rules.flatMap(
      (rule: { apiGroups: string[]; resources: string[]; verbs: string[] }) => {
        assert.deepEqual(rule.verbs, ['get', 'list', 'watch']);
        return rule.apiGroups.flatMap(g =>
          rule.resources.map(r => `${g}/${r}`),
        );
      },
    );
    for (const resource of listed) {
      assert.ok(granted.includes(resource), `${resource} is not readable`);
    }
    // The binding's subject is the portal identity's object id, copied from the ConfigMap.
    const kustomization = parse(read('infra/portal/kustomization.yaml'));
    const copy = kustomization.replacements.find(
      (r: any) => r.source.fieldPath === 'data.PORTAL_IDENTITY_PRINCIPAL_ID',
    );
    assert.deepEqual(copy?.targets[0].select, {
      kind: 'ClusterRoleBinding',
      name: 'commerce-portal-rollouts-reader',
    });
    assert.match(
      read('.github/workflows/portal.yml'),
      /\.data\.PORTAL_IDENTITY_PRINCIPAL_ID = strenv\(PORTAL_IDENTITY_PRINCIPAL_ID\)/,
    );
  });

  it('let the portal reach the Prometheus its SLO feature is configured with', () => {
    const production = parse(read('app-config.production.yaml'));
    const url = new URL(production.slo.prometheus.baseUrl);
    const [serviceName, namespace] = url.hostname.split('.');
    const service = find('Service', serviceName!);
    assert.equal(service?.metadata.namespace, namespace);
    assert.ok(
      service?.spec.ports.some(
        (p: { port: number }) => p.port === Number(url.port),
      ),
    );
    const policy = find('NetworkPolicy', 'commerce-portal');
    const rule = policy?.spec.egress.find((e: any) =>
      e.to?.some(
        (peer: any) =>
          peer.namespaceSelector?.matchLabels?.[
            'kubernetes.io/metadata.name'
          ] === namespace,
      ),
    );
    assert.ok(rule, `no egress rule to namespace ${namespace}`);
    assert.ok(
      rule.ports.some((p: { port: number }) => p.port === Number(url.port)),
    );
  });

  it('provide what the generated services rely on: the gateway, Prometheus, the rollouts plugin, the team namespaces', () => {
    const gateway = objects.find(
      o =>
        o.object.kind === 'Gateway' &&
        o.object.metadata.name === platform.gateway.name,
    )?.object;
    assert.equal(gateway?.metadata.namespace, platform.gateway.namespace);
    const prometheus = new URL(platform.prometheusAddress);
    const [serviceName, namespace] = prometheus.hostname.split('.');
    const service = find('Service', serviceName!);
    assert.equal(service?.metadata.namespace, namespace);
    assert.ok(
      service?.spec.ports.some(
        (p: { port: number }) => p.port === Number(prometheus.port),
      ),
    );
    assert.match(
      read('infra/cluster/upstream/argo-rollouts/argo-rollouts-config.yaml'),
      /argoproj-labs\/gatewayAPI/,
    );
    const namespaces = objects
      .filter(o => o.object.kind === 'Namespace')
      .map(o => o.object.metadata.name);
    for (const team of ['catalog-team', 'checkout-team', 'payments-team']) {
      assert.ok(namespaces.includes(team), team);
    }
  });

  it('name the Private Link Service the Front Door origin expects', () => {
    const annotations = find('Gateway', platform.gateway.name)!.spec
      .infrastructure.annotations;
    const expected = /param gatewayPrivateLinkServiceName = '([^']+)'/.exec(
      read('infra/main.prod.bicepparam'),
    )?.[1];
    assert.equal(
      annotations['service.beta.kubernetes.io/azure-pls-name'],
      expected,
    );
    assert.equal(
      annotations['service.beta.kubernetes.io/azure-load-balancer-internal'],
      'true',
    );
  });
});
