import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import {
  readManifests,
  routePolicyCoverageProblems,
  schemaProblems,
  type KubernetesObject,
  type ManifestObject,
} from '@internal/iac-checks';
import { generateService } from 'generator-commerce-service/src/cli.ts';
import {
  environmentNamespace,
  serviceEnvironments,
} from 'generator-commerce-service/src/environments.ts';
import { kindParts } from 'generator-commerce-service/src/kinds/index.ts';
import { platform } from 'generator-commerce-service/src/platform.ts';
import { sampleOptions } from 'generator-commerce-service/src/testing/sample-options.ts';
import { read, repoRoot } from './support.ts';

type Spec = KubernetesObject & { spec: any };

const isNotAnObject = (file: string) =>
  file.endsWith('kustomization.yaml') || file.endsWith('.crd.yaml');

/** An object's namespace as applied: its own, else its kustomization's (the nearest one up). */
function namespaceOf({ file, object }: ManifestObject): string {
  if (object.metadata.namespace) return object.metadata.namespace;
  for (
    let dir = path.dirname(file);
    dir !== path.dirname(dir);
    dir = path.dirname(dir)
  ) {
    const kustomization = path.join(dir, 'kustomization.yaml');
    if (existsSync(kustomization)) {
      return parse(readFileSync(kustomization, 'utf8')).namespace ?? '';
    }
  }
  return '';
}

const infraObjects = ['infra/cluster', 'infra/portal'].flatMap(dir =>
  readManifests(path.join(repoRoot, dir), isNotAnObject),
);
const ofKind = (objects: ManifestObject[], kind: string) =>
  objects.filter(o => o.object.kind === kind).map(o => o.object as Spec);

describe('the edge of the whole platform', () => {
  let out: string;
  let generated: ManifestObject[];

  before(async () => {
    out = mkdtempSync(path.join(tmpdir(), 'commerce-edge-'));
    generated = [];
    for (const kind of Object.keys(kindParts)) {
      const dir = path.join(out, kind);
      await generateService(dir, sampleOptions[kind]!);
      for (const sub of ['deploy', 'argocd']) {
        generated.push(...readManifests(path.join(dir, sub), isNotAnObject));
      }
    }
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('covers every HTTPRoute — the portal and every generated service — with a SecurityPolicy and a BackendTrafficPolicy in its namespace', () => {
    const all = [...infraObjects, ...generated];
    const routes = ofKind(all, 'HTTPRoute');
    assert.ok(routes.length >= 5, `${routes.length} HTTPRoutes`);
    for (const kind of ['SecurityPolicy', 'BackendTrafficPolicy'] as const) {
      assert.deepEqual(routePolicyCoverageProblems(all, kind, namespaceOf), []);
    }
  });

  it('would report a route left uncovered (the check can fail)', () => {
    const withoutPortalPolicy = infraObjects.filter(
      o =>
        !(
          o.object.kind === 'SecurityPolicy' &&
          o.object.metadata.name === 'commerce-portal'
        ),
    );
    const [problem, ...rest] = routePolicyCoverageProblems(
      withoutPortalPolicy,
      'SecurityPolicy',
      namespaceOf,
    );
    assert.equal(rest.length, 0);
    assert.match(
      problem!,
      /^HTTPRoute backstage\/commerce-portal .* is not covered by a SecurityPolicy/,
    );
  });

  it('validates the generated policies against the project schemas', async () => {
    const policies = generated.filter(o =>
      o.object.apiVersion.startsWith('gateway.envoyproxy.io/'),
    );
    assert.ok(policies.length >= 12, `${policies.length} objects`);
    assert.deepEqual(await schemaProblems(policies), []);
  });

  it("takes the client IP from Front Door's X-Forwarded-For and lets no client set the subject header the rate limits count", () => {
    const [policy, ...others] = ofKind(infraObjects, 'ClientTrafficPolicy');
    assert.equal(others.length, 0);
    assert.equal(policy!.metadata.namespace, platform.gateway.namespace);
    assert.deepEqual(policy!.spec.targetRefs, [
      {
        group: 'gateway.networking.k8s.io',
        kind: 'Gateway',
        name: platform.gateway.name,
      },
    ]);
    assert.deepEqual(policy!.spec.clientIPDetection, {
      xForwardedFor: { numTrustedHops: 1 },
    });
    assert.deepEqual(policy!.spec.headers.earlyRequestHeaders.remove, [
      platform.edge.subjectHeader,
    ]);
    // ...and that header is the one every generated SecurityPolicy fills from the token.
    for (const sp of ofKind(generated, 'SecurityPolicy')) {
      assert.deepEqual(sp.spec.jwt.providers[0].claimToHeaders, [
        { header: platform.edge.subjectHeader, claim: 'sub' },
      ]);
    }
  });

  it("lets browsers call the portal's API only from the portal's own origin", () => {
    const [policy] = ofKind(infraObjects, 'SecurityPolicy').filter(
      p => p.metadata.name === 'commerce-portal',
    );
    const baseUrl = parse(read('infra/portal/configmap.yaml')).data
      .PORTAL_BASE_URL as string;
    assert.deepEqual(policy!.spec.cors.allowOrigins, [new URL(baseUrl).origin]);
    const route = ofKind(infraObjects, 'HTTPRoute').find(
      r => r.metadata.name === 'commerce-portal',
    );
    assert.deepEqual(route!.spec.hostnames, [new URL(baseUrl).hostname]);
  });

  describe('Argo CD projects', () => {
    const projects = ofKind(infraObjects, 'AppProject');
    const project = (name: string) =>
      projects.find(p => p.metadata.name === name);
    const teamNamespaces = ofKind(infraObjects, 'Namespace').filter(
      ns =>
        (ns.metadata.labels as Record<string, string> | undefined)?.[
          'commerce.platform/team'
        ] !== undefined,
    );
    // Each team has two namespaces, prod (named as the team) and dev (<team>-dev).
    const teams = [
      ...new Set(
        teamNamespaces.map(
          ns =>
            (ns.metadata.labels as Record<string, string>)[
              'commerce.platform/team'
            ]!,
        ),
      ),
    ];
    const namespacesOf = (team: string) =>
      serviceEnvironments.map(environment =>
        environmentNamespace(team, environment),
      );
    const inCluster = 'https://kubernetes.default.svc';

    /** Argo CD's sourceRepos rule: some pattern admits the repository and no `!` pattern denies it. */
    const repoAllowed = (patterns: string[], repo: string) => {
      const matches = (pattern: string) =>
        new RegExp(
          `^${pattern
            .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '[^/]*')}$`,
        ).test(repo);
      return (
        patterns.some(p => !p.startsWith('!') && matches(p)) &&
        !patterns.some(p => p.startsWith('!') && matches(p.slice(1)))
      );
    };
    /** Whether a project lets an Application deploy to its destination from its repository. */
    const admits = (appProject: Spec, application: Spec) =>
      repoAllowed(
        appProject.spec.sourceRepos ?? [],
        application.spec.source.repoURL,
      ) &&
      (appProject.spec.destinations ?? []).some(
        (d: { server: string; namespace: string }) =>
          (d.server === '*' ||
            d.server === application.spec.destination.server) &&
          (d.namespace === '*' ||
            d.namespace === application.spec.destination.namespace),
      );

    it('has one project per team, named as the team (its catalog Group and its namespace)', () => {
      assert.deepEqual(teams.sort(), [
        'catalog-team',
        'checkout-team',
        'payments-team',
      ]);
      const groups = parseAllDocuments(read('catalog/org.yaml'))
        .map(doc => doc.toJS())
        .filter(entity => entity?.kind === 'Group')
        .map(entity => entity.metadata.name);
      for (const team of teams) {
        assert.ok(
          groups.includes(team),
          `${team} is not a Group in catalog/org.yaml`,
        );
        assert.ok(project(team), `no AppProject ${team}`);
      }
      assert.equal(
        project('commerce'),
        undefined,
        'the shared project is gone',
      );
    });

    it('gives each team a namespace per environment, labelled with the team and the environment', () => {
      for (const team of teams) {
        for (const environment of serviceEnvironments) {
          const namespace = teamNamespaces.find(
            ns => ns.metadata.name === environmentNamespace(team, environment),
          );
          assert.ok(namespace, `no namespace for ${team} in ${environment}`);
          assert.equal(
            (namespace.metadata.labels as Record<string, string>)[
              'commerce.platform/environment'
            ],
            environment,
          );
          // The same baseline policies in each.
          const policies = ofKind(infraObjects, 'NetworkPolicy')
            .filter(p => p.metadata.namespace === namespace.metadata.name)
            .map(p => p.metadata.name)
            .sort();
          assert.deepEqual(policies, [
            'allow-dns',
            'allow-from-gateway',
            'allow-from-monitoring',
            'default-deny',
          ]);
        }
      }
      assert.equal(teamNamespaces.length, teams.length * 2);
    });

    it("admits each team's project only to its own namespaces, from the org's service repositories but not the platform's", () => {
      for (const team of teams) {
        const spec = project(team)!.spec;
        assert.deepEqual(
          [...spec.destinations].sort((a: any, b: any) =>
            a.namespace.localeCompare(b.namespace),
          ),
          namespacesOf(team)
            .sort()
            .map(namespace => ({ server: inCluster, namespace })),
        );
        assert.ok(
          repoAllowed(
            spec.sourceRepos,
            'https://github.com/commerce/order-service.git',
          ),
        );
        for (const platformRepo of [
          'commerce-platform-portal',
          'commerce-gitops',
        ]) {
          assert.ok(
            !repoAllowed(
              spec.sourceRepos,
              `https://github.com/commerce/${platformRepo}.git`,
            ),
            `${team} may deploy from ${platformRepo}`,
          );
        }
        assert.ok(
          !repoAllowed(
            spec.sourceRepos,
            'https://github.com/someone-else/order-service.git',
          ),
        );
      }
    });

    it('lets no project but platform create cluster-scoped objects', () => {
      for (const p of projects) {
        const whitelist = p.spec.clusterResourceWhitelist ?? [];
        if (p.metadata.name === 'platform') {
          assert.ok(whitelist.length > 0);
        } else {
          assert.deepEqual(
            whitelist,
            [],
            `${p.metadata.name} whitelists ${JSON.stringify(whitelist)}`,
          );
          assert.ok(
            !(p.spec.destinations ?? []).some((d: any) => d.namespace === '*'),
            `${p.metadata.name} may deploy to any namespace`,
          );
        }
      }
    });

    it("puts each generated service's Application in its team's project, which admits it — and no other team's project does", () => {
      const applications = ofKind(generated, 'Application');
      // One per service and environment, all in the app-of-apps' one folder tree: the names
      // (global in Argo CD's namespace) must not collide.
      assert.equal(
        applications.length,
        Object.keys(kindParts).length * serviceEnvironments.length,
      );
      assert.equal(
        new Set(applications.map(a => a.metadata.name)).size,
        applications.length,
      );
      for (const application of applications) {
        const owner = application.spec.project;
        assert.ok(
          namespacesOf(owner).includes(application.spec.destination.namespace),
          `${application.metadata.name} deploys outside ${owner}'s namespaces`,
        );
        assert.ok(
          admits(project(owner)!, application),
          application.metadata.name,
        );
        for (const other of teams.filter(t => t !== owner)) {
          assert.ok(
            !admits(project(other)!, application),
            `${other} admits ${application.metadata.name}`,
          );
          // ...and its own project refuses it if it names another team's namespace.
          for (const namespace of namespacesOf(other)) {
            const intruder = structuredClone(application);
            intruder.spec.destination.namespace = namespace;
            assert.ok(
              !admits(project(owner)!, intruder),
              `${owner} admits namespace ${namespace}`,
            );
          }
        }
      }
    });
  });
});
