import { indexCatalog } from './catalogIndex';
import { analyseOwnership } from './ownership';
import {
  api,
  component,
  group,
  platformCatalog,
  resource,
  system,
} from './__testUtils__/reviewCatalog';
import { withCatalogRelations } from '@internal/test-utils';

const rulesOf = (findings: { rule: string }[]) => findings.map(f => f.rule);

describe('analyseOwnership', () => {
  it('finds no boundary problem in the four-service platform, each service with its own store and team', () => {
    const { rows, findings, owningServices } = analyseOwnership(
      platformCatalog(),
    );
    expect(findings).toEqual([]);
    expect(owningServices.get('resource:default/order-service-db')).toBe(
      'component:default/order-service',
    );
    const order = rows.find(
      row => row.service === 'component:default/order-service',
    );
    expect(order).toEqual({
      service: 'component:default/order-service',
      owner: 'group:default/checkout-team',
      system: 'system:default/commerce-platform',
      dataStores: [
        {
          entityRef: 'resource:default/order-service-db',
          owner: 'group:default/checkout-team',
          type: 'database',
        },
      ],
      providesApis: ['api:default/order-service-api'],
      consumesApis: [],
    });
    // Every Component is a row, the portal (a website) included; its AKS dependency is no store.
    expect(rows.map(row => row.service)).toEqual([
      'component:default/cart-service',
      'component:default/commerce-platform-portal',
      'component:default/order-service',
      'component:default/payment-service',
      'component:default/product-service',
    ]);
    expect(
      rows.find(row => row.service.endsWith('/commerce-platform-portal'))!
        .dataStores,
    ).toEqual([
      {
        entityRef: 'resource:default/commerce-portal-database',
        owner: 'group:default/platform-team',
        type: 'database',
      },
    ]);
  });

  it("names the bad service and order-service-db when another team's service reads it directly", () => {
    const { findings } = analyseOwnership(
      platformCatalog(
        group('growth-team'),
        component('reporting-service', {
          owner: 'group:default/growth-team',
          dependsOn: ['resource:default/order-service-db'],
        }),
      ),
    );
    const foreign = findings.filter(f => f.rule === 'foreign-data-store');
    expect(foreign).toHaveLength(1);
    expect(foreign[0]).toMatchObject({
      severity: 'error',
      entityRefs: [
        'component:default/reporting-service',
        'resource:default/order-service-db',
        'component:default/order-service',
      ],
      systems: ['system:default/commerce-platform'],
      teams: ['group:default/checkout-team', 'group:default/growth-team'],
    });
    expect(foreign[0].message).toBe(
      'reporting-service depends directly on resource:order-service-db, the data store of order-service',
    );
    expect(foreign[0].fix).toContain(
      "call order-service's API api:order-service-api instead, declare consumesApis on reporting-service",
    );
    // Two owners on one store: the store is shared, too.
    expect(rulesOf(findings).sort()).toEqual([
      'foreign-data-store',
      'shared-data-store',
    ]);
  });

  it('reports a store used by Components of more than one owner as shared', () => {
    const { findings } = analyseOwnership(
      withCatalogRelations([
        system('commerce-platform'),
        group('team-a'),
        group('team-b'),
        resource('ledger-db', { type: 'database', owner: 'team-a' }),
        component('ledger', {
          owner: 'team-a',
          dependsOn: ['resource:ledger-db'],
        }),
        component('billing', {
          owner: 'team-b',
          dependsOn: ['resource:ledger-db'],
        }),
      ]),
    );
    const shared = findings.find(f => f.rule === 'shared-data-store');
    expect(shared).toMatchObject({
      severity: 'error',
      entityRefs: [
        'resource:default/ledger-db',
        'component:default/ledger',
        'component:default/billing',
      ],
    });
    expect(shared!.message).toBe(
      'resource:ledger-db is used by Components of 2 owners: ledger (group:team-a), billing (group:team-b)',
    );
    // ledger owns it (same owner, name prefixes the store's): billing is the foreign reader.
    expect(
      findings.find(f => f.rule === 'foreign-data-store')!.entityRefs,
    ).toEqual([
      'component:default/billing',
      'resource:default/ledger-db',
      'component:default/ledger',
    ]);
  });

  it('picks the owning service by name prefix among same-owner users, and flags the other', () => {
    const { findings, owningServices } = analyseOwnership(
      withCatalogRelations([
        system('commerce-platform'),
        group('checkout-team'),
        resource('order-service-db', {
          type: 'database',
          owner: 'checkout-team',
        }),
        component('order-service', {
          owner: 'checkout-team',
          providesApis: ['order-service-api'],
          dependsOn: ['resource:order-service-db'],
        }),
        api('order-service-api', { owner: 'checkout-team' }),
        component('cart-service', {
          owner: 'checkout-team',
          dependsOn: ['resource:order-service-db'],
        }),
      ]),
    );
    expect(owningServices.get('resource:default/order-service-db')).toBe(
      'component:default/order-service',
    );
    expect(rulesOf(findings)).toEqual(['foreign-data-store']);
    expect(findings[0].entityRefs.slice(0, 2)).toEqual([
      'component:default/cart-service',
      'resource:default/order-service-db',
    ]);
  });

  it('reports same-owner users of a store none of whose names prefixes it', () => {
    const { findings } = analyseOwnership(
      withCatalogRelations([
        group('checkout-team'),
        resource('checkout-db', { type: 'database', owner: 'checkout-team' }),
        component('order-service', {
          owner: 'checkout-team',
          dependsOn: ['resource:checkout-db'],
        }),
        component('cart-service', {
          owner: 'checkout-team',
          dependsOn: ['resource:checkout-db'],
        }),
      ]),
    );
    const foreign = findings.filter(f => f.rule === 'foreign-data-store');
    expect(foreign).toHaveLength(1);
    expect(foreign[0].message).toMatch(/none of their names prefixes it/);
  });

  it('reports a service using a store whose owner has no service using it', () => {
    const { findings } = analyseOwnership(
      withCatalogRelations([
        group('team-a'),
        group('team-b'),
        resource('archive-storage', { type: 'storage', owner: 'team-a' }),
        component('exporter', {
          owner: 'team-b',
          dependsOn: ['resource:archive-storage'],
        }),
      ]),
    );
    expect(rulesOf(findings)).toEqual(['foreign-data-store']);
    expect(findings[0].fix).toMatch(
      /set the store's spec.owner to group:team-b/,
    );
  });

  it('reports the gateway depending on a database, and lets an edge component use a cache', () => {
    const { findings } = analyseOwnership(
      platformCatalog(
        resource('gateway-sessions-db', {
          type: 'database',
          owner: 'platform-team',
        }),
        resource('gateway-rate-limits', {
          type: 'cache',
          owner: 'platform-team',
        }),
        resource('edge-proxy', {
          type: 'proxy',
          tags: ['edge'],
          owner: 'platform-team',
          dependsOn: ['resource:gateway-rate-limits'],
        }),
        component('api-gateway', {
          type: 'api-gateway',
          owner: 'platform-team',
          dependsOn: ['resource:gateway-sessions-db'],
        }),
      ),
    );
    const gateway = findings.filter(f => f.rule === 'gateway-owns-data');
    expect(gateway).toHaveLength(1);
    expect(gateway[0]).toMatchObject({
      severity: 'error',
      entityRefs: [
        'component:default/api-gateway',
        'resource:default/gateway-sessions-db',
      ],
    });
    expect(gateway[0].message).toMatch(/the gateway must not own facts/);
  });

  it('flags an edge component by tag as well as by type', () => {
    const { findings } = analyseOwnership(
      withCatalogRelations([
        group('platform-team'),
        resource('queue', { type: 'queue', owner: 'platform-team' }),
        resource('ingress', {
          type: 'load-balancer',
          tags: ['gateway'],
          owner: 'platform-team',
          dependsOn: ['resource:queue'],
        }),
      ]),
    );
    expect(rulesOf(findings)).toEqual(['gateway-owns-data']);
  });

  it('reports a Component or Resource without an owner', () => {
    const { findings } = analyseOwnership(
      platformCatalog(
        component('orphan-service'),
        resource('orphan-bucket', { type: 'storage' }),
      ),
    );
    const missing = findings.filter(f => f.rule === 'missing-owner');
    expect(missing.map(f => f.entityRefs)).toEqual([
      ['component:default/orphan-service'],
      ['resource:default/orphan-bucket'],
    ]);
    expect(missing[0]).toMatchObject({
      severity: 'warning',
      systems: ['system:default/commerce-platform'],
      teams: [],
    });
  });

  it('reports an owner that is a User, and an owner Group that is not in the catalog', () => {
    const { findings } = analyseOwnership(
      platformCatalog(
        component('pet-project', { owner: 'user:default/jdoe' }),
        component('lost-service', { owner: 'group:default/disbanded-team' }),
      ),
    );
    const owners = findings.filter(f => f.rule === 'owner-not-a-group');
    expect(owners.map(f => f.message)).toEqual([
      'pet-project is owned by user:jdoe, a user, not a Group',
      'lost-service is owned by group:disbanded-team, which is not a Group in the catalog',
    ]);
    expect(owners[0].entityRefs).toEqual([
      'component:default/pet-project',
      'user:default/jdoe',
    ]);
  });

  describe('consumption across systems', () => {
    const entities = (consumesApis?: string[]) =>
      withCatalogRelations([
        system('commerce-platform'),
        system('marketing'),
        group('checkout-team'),
        group('marketing-team'),
        component('order-service', {
          owner: 'checkout-team',
          providesApis: ['order-service-api'],
        }),
        api('order-service-api', { owner: 'checkout-team' }),
        component('campaign-service', {
          owner: 'marketing-team',
          system: 'marketing',
          dependsOn: ['component:order-service'],
          consumesApis,
        }),
      ]);

    it('reports a Component depending on a Component of another system without consumesApis', () => {
      const { findings } = analyseOwnership(entities());
      expect(rulesOf(findings)).toEqual(['undeclared-api-consumption']);
      expect(findings[0]).toMatchObject({
        severity: 'warning',
        entityRefs: [
          'component:default/campaign-service',
          'component:default/order-service',
          'api:default/order-service-api',
        ],
        systems: [
          'system:default/commerce-platform',
          'system:default/marketing',
        ],
      });
      expect(findings[0].message).toBe(
        'campaign-service (system marketing) depends on order-service (system commerce-platform) without declaring consumesApis for api:order-service-api',
      );
      expect(findings[0].fix).toMatch(
        /^add api:order-service-api to spec.consumesApis of campaign-service/,
      );
    });

    it('accepts it once the API is declared in consumesApis', () => {
      expect(
        analyseOwnership(entities(['order-service-api'])).findings,
      ).toEqual([]);
    });

    it('does not report a direct dependency within one system', () => {
      const { findings } = analyseOwnership(
        platformCatalog(
          component('checkout-bff', {
            owner: 'checkout-team',
            dependsOn: ['component:order-service'],
          }),
        ),
      );
      expect(findings).toEqual([]);
    });

    it('says to declare an API first when the other Component provides none', () => {
      const { findings } = analyseOwnership(
        withCatalogRelations([
          system('a'),
          system('b'),
          group('t'),
          component('x', {
            owner: 't',
            system: 'a',
            dependsOn: ['component:y'],
          }),
          component('y', { owner: 't', system: 'b' }),
        ]),
      );
      expect(rulesOf(findings)).toEqual(['undeclared-api-consumption']);
      expect(findings[0].fix).toMatch(/^y provides no API: declare its API/);
    });
  });

  it('takes what counts as a data store and as the edge from the options', () => {
    const catalog = withCatalogRelations([
      group('t'),
      resource('search-index', { type: 'search-index', owner: 't' }),
      component('search', { owner: 't', dependsOn: ['resource:search-index'] }),
      component('gw', {
        type: 'bff',
        owner: 't',
        dependsOn: ['resource:search-index'],
      }),
    ]);
    expect(analyseOwnership(catalog).findings).toEqual([]);
    const { findings } = analyseOwnership(indexCatalog(catalog), {
      dataStoreTypes: ['search-index'],
      durableDataStoreTypes: ['search-index'],
      edgeTypes: ['bff'],
    });
    expect(rulesOf(findings).sort()).toEqual([
      'foreign-data-store',
      'gateway-owns-data',
    ]);
  });
});
