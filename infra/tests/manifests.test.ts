import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
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
    // @kubernetes-models/prometheus-operator 6.0.0 models Prometheus' storage.volumeClaimTemplate
    // as a resource of its own (apiVersion monitoring.coreos.com/v1, kind
    // EmbeddedPersistentVolumeClaim, both required), which the operator's CRD does not ask for:
    // the copy validated here carries them, the manifest does not.
    const checked = objects.map(o => {
      if (o.object.kind !== 'Prometheus') return o;
      const copy = structuredClone(o.object) as any;
      const template = copy.spec.storage?.volumeClaimTemplate;
      if (template) {
        template.apiVersion = 'monitoring.coreos.com/v1';
        template.kind = 'EmbeddedPersistentVolumeClaim';
      }
      return { ...o, object: copy };
    });
    assert.deepEqual(await schemaProblems(checked), []);
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

  it("let the portal's identity read every custom resource its Kubernetes tab lists, and Argo CD's Applications, read-only", () => {
    const appConfig = parse(read('app-config.yaml'));
    const listed = appConfig.kubernetes.customResources.map(
      (r: { group: string; plural: string }) => `${r.group}/${r.plural}`,
    );
    const role = find('ClusterRole', 'commerce-portal-rollouts-reader');
    const rules: any[] = (role as any)?.rules ?? [];
    const granted = rules.flatMap(
      (rule: { apiGroups: string[]; resources: string[]; verbs: string[] }) => {
        // The Argo CD card gets one Application by name (argocd.kubernetes); the Kubernetes
        // tab lists and watches the rest.
        assert.deepEqual(
          rule.verbs,
          rule.resources.includes('applications')
            ? ['get']
            : ['get', 'list', 'watch'],
        );
        return rule.apiGroups.flatMap(g =>
          rule.resources.map(r => `${g}/${r}`),
        );
      },
    );
    for (const resource of listed) {
      assert.ok(granted.includes(resource), `${resource} is not readable`);
    }
    assert.ok(
      granted.includes('argoproj.io/applications'),
      'the Argo CD card cannot read Applications',
    );
    assert.ok(
      !granted.some(r => r.endsWith('/secrets')),
      'the portal must not read Secrets',
    );
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

// Debian's prometheus-alertmanager package brings amtool (.ci/run installs it).
const amtool =
  spawnSync('amtool', ['--version'], { encoding: 'utf8' }).status === 0;
if (!amtool && process.env.CI === 'true') {
  throw new Error(
    'amtool not found under CI=true: install Debian package prometheus-alertmanager',
  );
}

describe('the monitoring stack (docs/decisions/0028)', () => {
  // The teams, by their namespaces' label (each team has a prod and a dev namespace).
  const teams = [
    ...new Set(
      objects
        .filter(o => o.object.kind === 'Namespace')
        .map(
          o =>
            (o.object.metadata.labels as Record<string, string> | undefined)?.[
              'commerce.platform/team'
            ],
        )
        .filter((team): team is string => team !== undefined),
    ),
  ].sort();
  const prometheus = find('Prometheus', 'prometheus-server');
  const alertmanagerConfig = parse(
    (find('ConfigMap', 'alertmanager-config')?.data as Record<string, string>)[
      'alertmanager.yml'
    ]!,
  );
  // Where dev's alerts go (environment="dev"): a receiver that notifies nobody.
  const devReceiver = 'dev-no-page';
  const secretProviderClass = (file: string) =>
    parse(read(file)).spec.parameters;
  const aliases = (file: string) =>
    parse(secretProviderClass(file).objects).array.map(
      (o: string) => parse(o).objectAlias,
    );

  it('keeps the longest SLO window plus a week on a zone-redundant disk', () => {
    assert.ok(prometheus);
    const days = Number(/^(\d+)d$/.exec(prometheus.spec.retention)?.[1]);
    // The services' objectives are over 28 days (the blueprint's openslo.yaml).
    assert.ok(days >= 28 + 7, `retention ${prometheus.spec.retention}`);
    const claim = prometheus.spec.storage.volumeClaimTemplate.spec;
    const storageClass = find('StorageClass', claim.storageClassName) as any;
    assert.equal(storageClass?.provisioner, 'disk.csi.azure.com');
    assert.match(storageClass.parameters.skuName, /_ZRS$/);
    assert.equal(storageClass.reclaimPolicy, 'Retain');
    // The size cap leaves room for the write-ahead log and compaction on the disk.
    const diskGb =
      (Number(/^(\d+)Gi$/.exec(claim.resources.requests.storage)?.[1]) *
        2 ** 30) /
      1e9;
    const capGb = Number(/^(\d+)GB$/.exec(prometheus.spec.retentionSize)?.[1]);
    assert.ok(capGb <= diskGb * 0.8, `${capGb} GB of ${diskGb} GB`);
  });

  it('loads every namespace’s PrometheusRules and sends their alerts to Alertmanager', () => {
    assert.deepEqual(prometheus!.spec.ruleSelector, {});
    assert.deepEqual(prometheus!.spec.ruleNamespaceSelector, {});
    const [target] = prometheus!.spec.alerting.alertmanagers;
    const service = find('Service', target.name);
    assert.equal(service?.metadata.namespace, target.namespace);
    assert.ok(
      service?.spec.ports.some((p: { name: string }) => p.name === target.port),
    );
    // The Service the canary analysis and the portal address selects the operator's pods, the
    // pods the teams' NetworkPolicies let in (the generated services' policies name them too).
    const server = find('Service', 'prometheus-server');
    assert.deepEqual(server?.spec.selector, platform.prometheusPodLabels);
    for (const team of teams) {
      const policy = objects.find(
        o =>
          o.object.kind === 'NetworkPolicy' &&
          o.object.metadata.namespace === team &&
          o.object.metadata.name === 'allow-from-monitoring',
      )?.object as any;
      assert.deepEqual(
        policy?.spec.ingress[0].from[0].podSelector.matchLabels,
        platform.prometheusPodLabels,
        team,
      );
    }
  });

  it('has a receiver for every team, whose webhook URL is a Key Vault file, and platform-team for the rest', () => {
    assert.deepEqual(teams, ['catalog-team', 'checkout-team', 'payments-team']);
    assert.equal(alertmanagerConfig.route.receiver, 'platform-team');
    const mounted = new Set(
      aliases('infra/cluster/monitoring/alertmanager-receivers.crd.yaml'),
    );
    const statefulSet = find('StatefulSet', 'alertmanager')!;
    const mount =
      statefulSet.spec.template.spec.containers[0].volumeMounts.find(
        (m: { name: string }) => m.name === 'receivers',
      ).mountPath;
    for (const receiver of alertmanagerConfig.receivers) {
      if (receiver.name === devReceiver) continue;
      for (const webhook of receiver.webhook_configs) {
        assert.equal(webhook.url, undefined, `${receiver.name}: a URL in git`);
        assert.equal(path.dirname(webhook.url_file), mount);
        assert.ok(
          mounted.has(path.basename(webhook.url_file)),
          webhook.url_file,
        );
      }
    }
    assert.deepEqual(
      alertmanagerConfig.receivers.map((r: { name: string }) => r.name).sort(),
      [devReceiver, 'platform-team', ...teams].sort(),
    );
    // dev's receiver has no integration at all: nothing it could page or notify.
    assert.deepEqual(
      alertmanagerConfig.receivers.find(
        (r: { name: string }) => r.name === devReceiver,
      ),
      { name: devReceiver },
    );
    assert.equal(
      secretProviderClass(
        'infra/cluster/monitoring/alertmanager-receivers.crd.yaml',
      ).keyvaultName,
      platform.keyVaultName,
    );
  });

  it(
    'passes amtool check-config and routes each team label to that team',
    {
      skip: amtool
        ? false
        : 'amtool not found: install Debian package prometheus-alertmanager',
    },
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'commerce-amtool-'));
      try {
        // Debian's amtool (0.25) predates webhook url_file (the cluster runs 0.28): the check reads
        // a copy with each url_file as a url. Routing, matchers and receivers are checked as written.
        const copy = structuredClone(alertmanagerConfig);
        for (const receiver of copy.receivers) {
          for (const webhook of receiver.webhook_configs ?? []) {
            webhook.url = `https://receivers.invalid/${path.basename(
              webhook.url_file,
            )}`;
            delete webhook.url_file;
          }
        }
        const file = path.join(dir, 'alertmanager.yml');
        writeFileSync(file, stringify(copy));
        const check = spawnSync('amtool', ['check-config', file], {
          encoding: 'utf8',
        });
        assert.equal(check.status, 0, `${check.stdout}${check.stderr}`);
        const routeOf = (labels: string[]) => {
          const result = spawnSync(
            'amtool',
            ['config', 'routes', 'test', `--config.file=${file}`, ...labels],
            { encoding: 'utf8' },
          );
          assert.equal(result.status, 0, result.stderr);
          return result.stdout.trim();
        };
        for (const team of teams) {
          assert.equal(routeOf([`team=${team}`, 'severity=page']), team);
          // prod's rules label their alerts environment=prod: they page the team.
          assert.equal(
            routeOf(['environment=prod', `team=${team}`, 'severity=page']),
            team,
          );
          // dev's (environment=dev, from the <team>-dev namespace) page nobody, even a page.
          for (const severity of ['page', 'ticket']) {
            assert.equal(
              routeOf([
                'environment=dev',
                `team=${team}`,
                `severity=${severity}`,
              ]),
              devReceiver,
              `${team} ${severity} in dev`,
            );
          }
        }
        assert.equal(
          routeOf(['environment=dev', 'team=unknown-team', 'severity=page']),
          devReceiver,
        );
        assert.equal(
          routeOf(['team=unknown-team', 'severity=page']),
          'platform-team',
        );
        assert.equal(routeOf(['severity=ticket']), 'platform-team');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('shows the generated dashboards in Grafana, with its admin password from Key Vault', () => {
    const grafana = find('Deployment', 'grafana')!;
    const [server, sidecar] = grafana.spec.template.spec.containers;
    const env = (container: any) =>
      Object.fromEntries(
        container.env.map((e: { name: string; value: string }) => [
          e.name,
          e.value,
        ]),
      );
    // The label the generated dashboard ConfigMaps carry (src/slo-files.ts).
    assert.equal(env(sidecar).LABEL, 'grafana_dashboard');
    assert.equal(env(sidecar).LABEL_VALUE, '1');
    assert.equal(env(sidecar).NAMESPACE, 'ALL');
    const provisioning = find('ConfigMap', 'grafana-provisioning')!
      .data as Record<string, string>;
    const datasources = parse(provisioning['datasources.yaml']!).datasources;
    const prometheusSource = datasources.find(
      (d: { type: string }) => d.type === 'prometheus',
    );
    assert.equal(prometheusSource.uid, platform.grafanaDatasourceUid);
    assert.equal(prometheusSource.url, platform.prometheusAddress);
    const dashboardsPath = parse(provisioning['dashboards.yaml']!).providers[0]
      .options.path;
    assert.ok(
      sidecar.volumeMounts.some(
        (m: { mountPath: string }) => m.mountPath === dashboardsPath,
      ),
    );
    assert.equal(env(server).GF_SECURITY_ADMIN_PASSWORD, undefined);
    const passwordFile = env(server).GF_SECURITY_ADMIN_PASSWORD__FILE as string;
    const secretsMount = server.volumeMounts.find(
      (m: { mountPath: string }) => m.mountPath === path.dirname(passwordFile),
    );
    const volume = grafana.spec.template.spec.volumes.find(
      (v: { name: string }) => v.name === secretsMount?.name,
    );
    assert.equal(
      volume?.csi?.volumeAttributes.secretProviderClass,
      'grafana-secrets',
    );
    assert.deepEqual(
      aliases('infra/cluster/monitoring/grafana-secrets.crd.yaml'),
      [path.basename(passwordFile)],
    );
  });

  it('lets the workflow set the monitoring identity, and Argo CD keep it', () => {
    assert.match(
      read('infra/main.bicep'),
      /^output MONITORING_IDENTITY_CLIENT_ID /m,
    );
    const workflow = read('.github/workflows/portal.yml');
    assert.match(workflow, /MONITORING_IDENTITY_CLIENT_ID; do/);
    assert.match(
      workflow,
      /\.spec\.parameters\.clientID\) = strenv\(MONITORING_IDENTITY_CLIENT_ID\)/,
    );
    for (const name of ['alertmanager', 'grafana']) {
      assert.ok(find('ServiceAccount', name)?.metadata.annotations, name);
      assert.match(read('infra/main.bicep'), new RegExp(`'${name}'`));
    }
    const app = find('Application', 'commerce-platform-cluster')!;
    assert.ok(
      app.spec.syncPolicy.syncOptions.includes('RespectIgnoreDifferences=true'),
    );
  });
});
