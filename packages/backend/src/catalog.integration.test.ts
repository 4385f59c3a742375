import {
  availableTestDatabases,
  eventually,
  PortalBackend,
  startPortalBackend,
} from '@internal/tools';

// The real backend, started from src/index.ts with the repository's app-config.yaml, serves
// the catalog the portal starts with. Runs on SQLite, and on PostgreSQL too when
// POSTGRES_HOST is set.
describe.each(availableTestDatabases().map(db => [db.client, db] as const))(
  'portal backend on %s',
  (_name, database) => {
    let backend: PortalBackend;

    beforeAll(async () => {
      backend = await startPortalBackend({ database });
      // The catalog reads the repository's files asynchronously after start-up, one
      // Location at a time: wait until every seeded file has been ingested.
      await eventually(
        async () => {
          const { body } = await backend.getJson(
            '/api/catalog/entity-facets?facet=kind',
          );
          const counts = Object.fromEntries(
            (body?.facets?.kind ?? []).map((f: any) => [f.value, f.count]),
          );
          const seeded =
            counts.Domain === 1 &&
            counts.System === 1 &&
            counts.Group === 6 &&
            counts.User >= 6 &&
            counts.Resource === 10 &&
            counts.Component === 1;
          return seeded ? counts : undefined;
        },
        'the seeded catalog to be ingested',
        90_000,
      ).catch(e => {
        throw new Error(`${e.message}\nbackend output:\n${backend.output()}`);
      });
    }, 180_000);

    afterAll(async () => {
      await backend?.stop();
    }, 60_000);

    const byName = (kind: string, name: string) =>
      backend.getJson(`/api/catalog/entities/by-name/${kind}/default/${name}`);

    const query = async (filter: string) => {
      const { status, body } = await backend.getJson(
        `/api/catalog/entities/by-query?filter=${encodeURIComponent(
          filter,
        )}&limit=500`,
      );
      expect(status).toBe(200);
      return body.items as any[];
    };

    it('serves the commerce domain and the commerce-platform system in it', async () => {
      const domain = await byName('domain', 'commerce');
      expect(domain.status).toBe(200);
      expect(domain.body.spec.owner).toBe('group:default/engineering-leads');

      const system = await byName('system', 'commerce-platform');
      expect(system.body.spec).toMatchObject({
        domain: 'commerce',
        owner: 'group:default/platform-team',
      });
      expect(system.body.relations).toEqual(
        expect.arrayContaining([
          { type: 'partOf', targetRef: 'domain:default/commerce' },
        ]),
      );
    });

    it('serves the teams, their members and the organisation they belong to', async () => {
      const groups = await query('kind=group');
      expect(groups.map(g => g.metadata.name).sort()).toEqual([
        'catalog-team',
        'checkout-team',
        'commerce-engineering',
        'engineering-leads',
        'payments-team',
        'platform-team',
      ]);
      const leads = groups.find(g => g.metadata.name === 'engineering-leads');
      expect(leads.relations).toEqual(
        expect.arrayContaining([
          { type: 'childOf', targetRef: 'group:default/commerce-engineering' },
          { type: 'hasMember', targetRef: 'user:default/sofia.marin' },
        ]),
      );
      const users = await query('kind=user');
      expect(users.length).toBeGreaterThanOrEqual(5);
      for (const user of users) {
        expect(user.spec.memberOf.length).toBeGreaterThan(0);
      }
    });

    it('serves the shared platform resources, all owned by the platform team', async () => {
      const resources = await query('kind=resource');
      const byType = Object.fromEntries(
        resources.map(r => [r.spec.type, r.metadata.name]),
      );
      expect(byType).toMatchObject({
        'kubernetes-cluster': 'commerce-aks',
        'edge-gateway': 'commerce-front-door',
        'api-gateway': 'commerce-api-gateway',
        'private-link-service': 'commerce-private-link',
        'load-balancer': 'commerce-internal-load-balancer',
        'kubernetes-node-pool': 'commerce-aks-nodes',
        'secret-store': 'commerce-key-vault',
        'container-registry': 'commerce-container-registry',
        observability: 'commerce-log-analytics',
      });
      for (const resource of resources) {
        expect(resource.relations).toEqual(
          expect.arrayContaining([
            { type: 'ownedBy', targetRef: 'group:default/platform-team' },
            { type: 'partOf', targetRef: 'system:default/commerce-platform' },
          ]),
        );
      }
    });

    it('serves the portal itself, and no commerce service yet', async () => {
      const portal = await byName('component', 'commerce-platform-portal');
      expect(portal.status).toBe(200);
      expect(portal.body.spec.system).toBe('commerce-platform');
      const services = await query('kind=component,spec.type=service');
      expect(services).toEqual([]);
    });

    it('ingests every seeded file without processing errors', async () => {
      const entities = await query(
        'kind=domain|system|group|user|resource|component|location|template',
      );
      const errors = entities.flatMap(e =>
        (e.status?.items ?? [])
          .filter((i: any) => i.level === 'error')
          .map((i: any) => `${e.kind}:${e.metadata.name}: ${i.error?.message}`),
      );
      expect(errors).toEqual([]);
    });

    it('starts the Kubernetes plugin cleanly with no cluster', async () => {
      const clusters = await backend.getJson('/api/kubernetes/clusters');
      expect(clusters.status).toBe(200);
      expect(clusters.body.items).toEqual([]);
    });

    it('has the scaffolder with its built-in actions', async () => {
      const actions = await backend.getJson('/api/scaffolder/v2/actions');
      expect(actions.status).toBe(200);
      const ids = actions.body.map((a: any) => a.id);
      expect(ids).toEqual(
        expect.arrayContaining([
          'fetch:template',
          'catalog:register',
          'publish:github',
        ]),
      );
    });

    it('indexes the catalog for search', async () => {
      const hit = await eventually(async () => {
        const { status, body } = await backend.getJson(
          '/api/search/query?term=Commerce%20Platform&types%5B0%5D=software-catalog',
        );
        expect(status).toBe(200);
        return body.results.find(
          (r: any) =>
            r.document.location === '/catalog/default/system/commerce-platform',
        );
      }, 'the catalog collator to index the system');
      expect(hit.document).toMatchObject({
        kind: 'System',
        title: 'Commerce Platform',
      });
    }, 90_000);
  },
);
