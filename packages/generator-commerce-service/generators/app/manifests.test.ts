import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import {
  routePolicyCoverageProblems,
  schemaProblems,
} from '@internal/iac-checks';
import { generateService } from '../../src/cli.ts';
import { internalPaths } from '../../src/edge.ts';
import { apiAppIdPlaceholder } from '../../src/entra.ts';
import {
  applicationFile,
  applicationSourcePath,
  environmentNamespace,
  serviceEnvironments,
} from '../../src/environments.ts';
import { kindParts } from '../../src/kinds/index.ts';
import { platform } from '../../src/platform.ts';
import { kustomizeBuild } from '../../src/testing/kustomize.ts';
import { sampleOptions } from '../../src/testing/sample-options.ts';

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec?: any;
}

/** The operations each kind's API declares anonymous (`security: []`): the public reads. */
// Every service answers GET /version (the release it runs) publicly: the release workflow waits
// for dev to answer with the image it is about to test.
const anonymousOperations: Record<string, string[]> = {
  product: [
    'GET /version',
    'GET /products',
    'GET /products/{category}/{productId}',
  ],
  order: ['GET /version', 'GET /prices/{sku}'],
  cart: ['GET /version'],
  // Stripe calls the webhook without a token; the service checks Stripe's signature instead.
  payment: ['GET /version', 'POST /webhooks/stripe'],
};

/** An example request path for an OpenAPI path template. */
const examplePath = (template: string) =>
  template.replace(/\{[^}]+\}/g, 'example-1');

for (const kind of Object.keys(kindParts)) {
  const options = sampleOptions[kind]!;
  const name = options.name!;

  describe(`generated Kubernetes manifests (${kind})`, () => {
    let out: string;
    let objects: Array<{ file: string; object: K8sObject }>;

    before(async () => {
      out = mkdtempSync(path.join(tmpdir(), 'commerce-manifests-'));
      await generateService(out, options);
      objects = ['deploy', 'environments/prod', 'argocd'].flatMap(dir =>
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
      // overlays/ holds the per-environment kustomizations built on this one.
      const files = readdirSync(path.join(out, 'deploy')).filter(
        f => f !== 'kustomization.yaml' && f !== 'overlays',
      );
      assert.deepEqual([...kustomization.resources].sort(), files.sort());
    });

    it('has an overlay per environment that kustomize builds: prod in the team namespace, dev beside it on /dev routes', async () => {
      const base = parse(
        readFileSync(path.join(out, 'deploy/kustomization.yaml'), 'utf8'),
      );
      assert.deepEqual(readdirSync(path.join(out, 'environments')).sort(), [
        'dev',
        'prod',
      ]);
      const rendered: Record<string, K8sObject[]> = {};
      for (const environment of serviceEnvironments) {
        const overlay = parse(
          readFileSync(
            path.join(out, `environments/${environment}/kustomization.yaml`),
            'utf8',
          ),
        );
        // The base, and this environment's SLO rules and dashboard (its namespace only).
        assert.deepEqual(overlay.resources, [
          '../../deploy',
          'prometheus-rules.yaml',
          'grafana-dashboard.yaml',
        ]);
        // The same image as the base, which the pipeline's pull request retags.
        assert.deepEqual(
          overlay.images.map((i: any) => [i.name, i.newName]),
          base.images.map((i: any) => [i.name, i.newName]),
        );
        // What Argo CD applies, built by kustomize itself.
        const objects = kustomizeBuild<K8sObject>(
          path.join(out, applicationSourcePath(environment)),
        );
        rendered[environment] = objects;
        assert.deepEqual(
          await schemaProblems(
            objects.map(object => ({
              file: `${environment}: ${object.kind}/${object.metadata.name}`,
              object,
            })) as never,
          ),
          [],
        );
        const namespace = environmentNamespace(options.owner!, environment);
        for (const object of objects) {
          assert.equal(
            (object.metadata as { namespace?: string }).namespace,
            namespace,
            `${object.kind}/${object.metadata.name} in ${environment}`,
          );
        }
        const serviceAccount = objects.find(o => o.kind === 'ServiceAccount')!;
        assert.equal(
          (serviceAccount.metadata as any).annotations[
            'azure.workload.identity/client-id'
          ],
          '00000000-0000-0000-0000-000000000000',
        );
        const rollout = objects.find(o => o.kind === 'Rollout')!;
        const routing =
          rollout.spec.strategy.canary?.trafficRouting.plugins[
            'argoproj-labs/gatewayAPI'
          ];
        if (routing) assert.equal(routing.namespace, namespace);
      }
      // Both share the cluster's gateway: no dev route matches a path a prod route matches.
      const paths = (environment: string) =>
        rendered[environment]!.filter(o => o.kind === 'HTTPRoute').flatMap(
          route =>
            route.spec.rules.flatMap((rule: any) =>
              rule.matches.map((m: any) => m.path.value as string),
            ),
        );
      const prodPaths = paths('prod');
      const devPaths = paths('dev');
      assert.equal(devPaths.length, prodPaths.length);
      assert.ok(prodPaths.length > 0);
      for (const [i, prodPath] of prodPaths.entries()) {
        assert.equal(devPaths[i], prodPath.replace(/^\^\//, '^/dev/'));
      }
      const stripPrefix = (environment: string) =>
        rendered[environment]!.find(o => o.kind === 'HTTPRouteFilter')!.spec
          .urlRewrite.path.replaceRegexMatch.pattern;
      assert.equal(
        stripPrefix('dev'),
        stripPrefix('prod').replace('^/', '^/dev/'),
      );
      // Every namespace dev names (its own, a peer's in a NetworkPolicy or an in-cluster URL) is
      // a dev namespace or the platform's: a dev caller reaches dev, never prod.
      const platformNamespaces = [
        platform.gateway.namespace,
        'envoy-gateway-system',
        platform.monitoringNamespace,
        'kube-system',
      ];
      const named = new Set<string>();
      const collect = (value: unknown, key = ''): void => {
        if (typeof value === 'string') {
          if (key === 'namespace' || key === 'kubernetes.io/metadata.name') {
            named.add(value);
          }
          for (const m of value.matchAll(/\.([a-z0-9-]+)\.svc\b/g))
            named.add(m[1]!);
        } else if (Array.isArray(value)) {
          for (const item of value) collect(item);
        } else if (value && typeof value === 'object') {
          for (const [k, v] of Object.entries(value)) collect(v, k);
        }
      };
      collect(rendered.dev);
      const prodNamespaces = [...named].filter(
        ns => !ns.endsWith('-dev') && !platformNamespaces.includes(ns),
      );
      assert.deepEqual(prodNamespaces, [], 'dev names a prod namespace');
      assert.ok(named.has(environmentNamespace(options.owner!, 'dev')));
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

    describe('the edge', () => {
      const route = () => find('HTTPRoute')!;
      const policies = (kind: string) =>
        objects.filter(o => o.object.kind === kind).map(o => o.object);
      const openApi = () =>
        parse(readFileSync(path.join(out, 'openapi.yaml'), 'utf8')) as {
          paths: Record<string, Record<string, any>>;
        };
      const routedOperations = () =>
        route().spec.rules.flatMap((rule: any) =>
          rule.matches.map((m: any) => ({ rule: rule.name, ...m })),
        );
      /** The public path a client calls, for an OpenAPI path, and whether a match admits it. */
      const admits = (match: any, method: string, apiPath: string) =>
        match.method === method &&
        match.path.type === 'RegularExpression' &&
        new RegExp(match.path.value).test(
          `/${options.name!.replace(/-service$/, '')}${examplePath(apiPath)}`,
        );

      it('covers every HTTPRoute with a SecurityPolicy and a BackendTrafficPolicy', () => {
        for (const kind of [
          'SecurityPolicy',
          'BackendTrafficPolicy',
        ] as const) {
          assert.deepEqual(
            routePolicyCoverageProblems(objects as never, kind),
            [],
          );
        }
      });

      it('routes exactly the API operations, each by method and exact path — not health, readiness or metrics', () => {
        const document = openApi();
        const declared = Object.entries(document.paths).flatMap(
          ([apiPath, item]) =>
            Object.keys(item)
              .filter(m => m !== 'parameters')
              .map(m => ({ method: m.toUpperCase(), apiPath })),
        );
        const routed = routedOperations();
        for (const { method, apiPath } of declared) {
          const admitted = routed.some((m: any) => admits(m, method, apiPath));
          assert.equal(
            admitted,
            !internalPaths.includes(apiPath),
            `${method} ${apiPath} ${admitted ? 'is' : 'is not'} routed`,
          );
        }
        // Nothing else: one match per routed operation, none by prefix.
        assert.equal(
          routed.length,
          declared.filter(d => !internalPaths.includes(d.apiPath)).length,
        );
        for (const internal of ['/healthz', '/readyz', '/metrics']) {
          for (const method of ['GET', 'POST']) {
            assert.ok(
              !routed.some((m: any) => admits(m, method, internal)),
              `${method} ${internal} is routed`,
            );
          }
        }
      });

      it('rewrites the public path to the API path the service serves', () => {
        const filter = find('HTTPRouteFilter', `${name}-strip-prefix`)!;
        const { pattern, substitution } =
          filter.spec.urlRewrite.path.replaceRegexMatch;
        for (const rule of route().spec.rules) {
          assert.deepEqual(rule.filters, [
            {
              type: 'ExtensionRef',
              extensionRef: {
                group: 'gateway.envoyproxy.io',
                kind: 'HTTPRouteFilter',
                name: filter.metadata.name,
              },
            },
          ]);
        }
        const prefix = `/${options.name!.replace(/-service$/, '')}`;
        for (const apiPath of Object.keys(openApi().paths)) {
          const example = examplePath(apiPath);
          assert.equal(
            `${prefix}${example}`.replace(new RegExp(pattern), substitution),
            example,
          );
        }
      });

      it('lets in without a token exactly the operations the API declares anonymous', () => {
        const anonymous = routedOperations()
          .filter((m: any) => m.rule === 'anonymous')
          .map((m: any) => m.method);
        assert.equal(anonymous.length, anonymousOperations[kind]!.length);
        for (const operation of anonymousOperations[kind]!) {
          const [method, apiPath] = operation.split(' ');
          const matched = routedOperations().filter((m: any) =>
            admits(m, method!, apiPath!),
          );
          assert.deepEqual(
            matched.map((m: any) => m.rule),
            ['anonymous'],
            operation,
          );
        }
        const rulePolicy = policies('SecurityPolicy').find(p =>
          p.spec.targetRefs.some((t: any) => t.sectionName === 'anonymous'),
        );
        if (anonymousOperations[kind]!.length > 0) {
          assert.equal(rulePolicy?.spec.jwt.optional, true);
        } else {
          assert.equal(rulePolicy, undefined);
        }
      });

      it('requires an Entra token of the platform tenant for this API everywhere else, with the roles the API names', () => {
        const tenant = platform.entraTenantId;
        for (const policy of policies('SecurityPolicy')) {
          const [provider, ...others] = policy.spec.jwt.providers;
          assert.equal(others.length, 0);
          assert.equal(
            provider.issuer,
            `https://login.microsoftonline.com/${tenant}/v2.0`,
          );
          assert.equal(
            provider.remoteJWKS.uri,
            `https://login.microsoftonline.com/${tenant}/discovery/v2.0/keys`,
          );
          // The app ID URI, and the API app's client id (what Entra v2.0 tokens carry) as its
          // placeholder until CI writes the Bicep output API_APP_ID (workflows.test.ts).
          assert.deepEqual(provider.audiences, [
            `api://${name}`,
            apiAppIdPlaceholder,
          ]);
          const section = policy.spec.targetRefs[0].sectionName;
          if (section !== 'anonymous') {
            assert.notEqual(
              policy.spec.jwt.optional,
              true,
              policy.metadata.name,
            );
          }
        }
        const whole = policies('SecurityPolicy').filter(p =>
          p.spec.targetRefs.some(
            (t: any) => t.name === name && t.sectionName === undefined,
          ),
        );
        assert.equal(whole.length, 1);
        // Each role-gated rule: a policy that allows only tokens holding one of its roles.
        const document = openApi();
        for (const rule of route().spec.rules.filter((r: any) =>
          r.name.startsWith('roles-'),
        )) {
          const policy = policies('SecurityPolicy').find(p =>
            p.spec.targetRefs.some((t: any) => t.sectionName === rule.name),
          )!;
          assert.equal(policy.spec.authorization.defaultAction, 'Deny');
          const [allow] = policy.spec.authorization.rules;
          const roles = allow.principal.jwt.claims[0].values;
          for (const match of rule.matches) {
            const [apiPath, item] = Object.entries(document.paths).find(([p]) =>
              admits(match, match.method, p),
            )!;
            assert.deepEqual(
              [...item[match.method.toLowerCase()]['x-required-roles']].sort(),
              roles,
              `${match.method} ${apiPath}`,
            );
          }
        }
      });

      it('rate-limits per client IP and per verified token subject', () => {
        const [policy] = policies('BackendTrafficPolicy');
        const rules = policy!.spec.rateLimit.local.rules;
        const selectors = rules.flatMap((r: any) => r.clientSelectors);
        assert.deepEqual(
          selectors
            .filter((s: any) => s.sourceCIDR)
            .map((s: any) => s.sourceCIDR),
          [
            { type: 'Distinct', value: '0.0.0.0/0' },
            { type: 'Distinct', value: '::/0' },
          ],
        );
        const subject = selectors.find((s: any) => s.headers)?.headers[0];
        assert.deepEqual(subject, {
          name: platform.edge.subjectHeader,
          type: 'Distinct',
        });
        // The header is the one the token's verification fills, in every policy.
        for (const sp of policies('SecurityPolicy')) {
          assert.deepEqual(sp.spec.jwt.providers[0].claimToHeaders, [
            { header: platform.edge.subjectHeader, claim: 'sub' },
          ]);
        }
      });

      it('has a schema check that rejects a misspelt or mistyped policy (the check can fail)', async () => {
        const policy = structuredClone(find('SecurityPolicy')!);
        policy.spec.jwt.providers[0].audience =
          policy.spec.jwt.providers[0].audiences;
        const traffic = structuredClone(find('BackendTrafficPolicy')!);
        traffic.spec.rateLimit.local.rules[0].limit.requests = '1200';
        const problems = await schemaProblems([
          { file: 'deploy/securitypolicy.yaml', object: policy as never },
          {
            file: 'deploy/backendtrafficpolicy.yaml',
            object: traffic as never,
          },
        ]);
        assert.equal(problems.length, 2, problems.join('\n'));
        assert.match(problems[0]!, /providers\.0: .*"audience"/);
        assert.match(problems[1]!, /limit\.requests: .*number/);
      });
    });

    it("has one Argo CD Application per environment, each with the owning team's project, its own name, overlay and namespace, which it does not create", () => {
      const applications = objects.filter(o => o.object.kind === 'Application');
      assert.deepEqual(
        applications.map(a => [a.file, a.object.metadata.name]),
        serviceEnvironments.map(environment => [
          applicationFile(environment),
          `${name}-${environment}`,
        ]),
      );
      for (const environment of serviceEnvironments) {
        const application = find('Application', `${name}-${environment}`)!;
        assert.equal(application.spec.project, options.owner);
        assert.equal(
          application.spec.destination.namespace,
          environment === 'prod' ? options.owner : `${options.owner}-dev`,
        );
        assert.equal(
          application.spec.source.path,
          `environments/${environment}`,
        );
        // The portal's catalog annotation finds both by this label.
        assert.equal(
          (application.metadata as any).labels['backstage.io/kubernetes-id'],
          name,
        );
        assert.ok(
          !(application.spec.syncPolicy.syncOptions ?? []).includes(
            'CreateNamespace=true',
          ),
        );
      }
      const [catalogInfo] = parseAllDocuments(
        readFileSync(path.join(out, 'catalog-info.yaml'), 'utf8'),
      ).map(doc => doc.toJS());
      assert.equal(
        catalogInfo.metadata.annotations['argocd/app-selector'],
        `backstage.io/kubernetes-id=${name}`,
      );
      // The portal's Argo CD card looks up <app-name>-<environment>: the Applications' names.
      assert.equal(catalogInfo.metadata.annotations['argocd/app-name'], name);
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
      // One rule per access class, each to the same two Services (the canary's weights).
      const backends = find('HTTPRoute')!.spec.rules.flatMap((r: any) =>
        r.backendRefs.map((b: any) => `${b.name}:${b.port}`),
      );
      assert.deepEqual(
        [...new Set(backends)],
        [`${name}-stable:80`, `${name}-canary:80`],
      );

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
            matchLabels: {
              'app.kubernetes.io/name': 'prometheus',
              'app.kubernetes.io/instance': 'prometheus-server',
            },
          },
        },
      ]);
      const gateway = JSON.stringify(rule('http'));
      assert.match(gateway, /gateway-system/);
      assert.doesNotMatch(gateway, /monitoring/);
      assert.equal(ingress.length, 2);
    });

    it("gives prod Entra ID's issuer and both audiences (app ID URI, API app client id), and no switch to turn auth off", () => {
      const data = (find('ConfigMap') as any).data as Record<string, string>;
      assert.match(
        data.AUTH_ISSUER!,
        /^https:\/\/login\.microsoftonline\.com\/[0-9a-f-]{36}\/v2\.0$/,
      );
      assert.equal(data.AUTH_AUDIENCE, `api://${name},${apiAppIdPlaceholder}`);
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
