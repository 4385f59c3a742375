import fs from 'node:fs';
import path from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import { withCatalogRelations } from '@internal/test-utils';
import { parseAllDocuments } from 'yaml';
import { analyseSloAchievability } from './slo';
import { component, group, resource } from './__testUtils__/reviewCatalog';

// The platform as the catalog declares it (the real file), and services as the blueprint
// registers them: dependsOn the edge their traffic enters through and their own store.
const catalogDir = path.resolve(__dirname, '../../../catalog');
const platformResources = parseAllDocuments(
  fs.readFileSync(path.join(catalogDir, 'platform-resources.yaml'), 'utf8'),
).map(document => document.toJS() as Entity);

// The stores' SLAs as decision record 0007 lists them.
const SERVICES = [
  { name: 'order-service', store: 'order-service-db', sla: '99.99' },
  { name: 'product-service', store: 'product-service-cosmos', sla: '99.995' },
  { name: 'cart-service', store: 'cart-service-cache', sla: '99.95' },
];

function platformWithServices(): Entity[] {
  return withCatalogRelations([
    group('platform-team'),
    group('checkout-team'),
    ...platformResources,
    ...SERVICES.flatMap(s => [
      component(s.name, {
        owner: 'group:default/checkout-team',
        dependsOn: [
          'resource:default/commerce-front-door',
          `resource:default/${s.store}`,
        ],
      }),
      resource(s.store, {
        owner: 'group:default/checkout-team',
        annotations: { 'commerce.platform/availability-sla': s.sla },
      }),
    ]),
  ]);
}

const objectives = Object.fromEntries(
  SERVICES.map(s => [`component:default/${s.name}`, 0.9999]),
);

describe('SLO achievability over the runtime platform the catalog declares', () => {
  const { rows, problems } = analyseSloAchievability(
    platformWithServices(),
    objectives,
  );
  const row = (name: string) =>
    rows.find(r => r.service === `component:default/${name}`)!;

  it('counts the request path from the edge down: Front Door, Private Link, load balancer, nodes, then the store', () => {
    expect(problems).toEqual([]);
    expect(
      row('order-service')
        .chain.map(link => link.entityRef)
        .sort(),
    ).toEqual(
      [
        'resource:default/commerce-aks-nodes',
        'resource:default/commerce-front-door',
        'resource:default/commerce-internal-load-balancer',
        'resource:default/commerce-private-link',
        'resource:default/order-service-db',
      ].sort(),
    );
    // Not on the request path: the API server and what only starting a pod needs.
    const refs = rows.flatMap(r => r.chain.map(link => link.entityRef));
    for (const startUpOnly of [
      'resource:default/commerce-aks',
      'resource:default/commerce-container-registry',
      'resource:default/commerce-key-vault',
      'resource:default/commerce-log-analytics',
    ]) {
      expect(refs).not.toContain(startUpOnly);
    }
    expect(row('order-service').unknownDependencies).toEqual([]);
  });

  it('agrees with decision record 0007: order ≈ 99.950 %, product ≈ 99.955 %, cart ≈ 99.910 %, none supports 99.99 %', () => {
    expect(row('order-service').achievable).toBeCloseTo(0.9999 ** 5, 10);
    expect(row('order-service').achievable).toBeCloseTo(0.9995, 4);
    expect(row('product-service').achievable).toBeCloseTo(0.99955, 5);
    expect(row('cart-service').achievable).toBeCloseTo(0.9991, 4);
    for (const name of ['order-service', 'product-service', 'cart-service']) {
      expect(row(name).achievableOk).toBe(false);
    }
    expect(row('order-service').explanation).toMatch(
      /declares 99\.99 % but its hard dependencies compose to 99\.95/,
    );
    expect(row('order-service').explanation).toContain(
      'resource:commerce-front-door',
    );
  });

  it('a service that declares what the chain supports is achievable', () => {
    const { rows: relaxed } = analyseSloAchievability(platformWithServices(), {
      'component:default/order-service': 0.999,
    });
    expect(
      relaxed.find(r => r.service === 'component:default/order-service'),
    ).toMatchObject({ achievableOk: true });
  });

  it('names a dependsOn cycle among Resources instead of counting part of it, whichever member a service reaches first', () => {
    const cyclic = withCatalogRelations([
      group('platform-team'),
      resource('edge', {
        owner: 'group:default/platform-team',
        dependsOn: ['resource:default/gateway'],
        annotations: { 'commerce.platform/availability-sla': '99.99' },
      }),
      resource('gateway', {
        owner: 'group:default/platform-team',
        dependsOn: ['resource:default/nodes'],
      }),
      resource('nodes', {
        owner: 'group:default/platform-team',
        dependsOn: ['resource:default/edge'],
        annotations: { 'commerce.platform/availability-sla': '99.95' },
      }),
      component('a-service', {
        owner: 'group:default/platform-team',
        dependsOn: ['resource:default/edge'],
      }),
      component('b-service', {
        owner: 'group:default/platform-team',
        dependsOn: ['resource:default/nodes'],
      }),
    ]);
    const { rows: cyclicRows, findings } = analyseSloAchievability(cyclic, {
      'component:default/a-service': 0.99,
      'component:default/b-service': 0.99,
    });
    for (const name of ['a-service', 'b-service']) {
      const r = cyclicRows.find(
        x => x.service === `component:default/${name}`,
      )!;
      expect(r.achievableOk).toBe(false);
      expect([...(r.unknownDependencies ?? [])].sort()).toEqual([
        'resource:default/edge',
        'resource:default/gateway',
        'resource:default/nodes',
      ]);
      expect(r.explanation).toMatch(
        /dependsOn cycle \(resource:edge → resource:gateway → resource:nodes → resource:edge\)/,
      );
    }
    expect(
      findings.map(f => [f.entityRefs[0], f.message.includes('cycle')]).sort(),
    ).toEqual([
      ['component:default/a-service', true],
      ['component:default/b-service', true],
    ]);
  });
});
