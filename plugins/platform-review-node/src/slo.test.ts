import { analyseSloAchievability, parseAvailabilityPercent } from './slo';
import {
  api,
  component,
  group,
  platformCatalog,
  platformObjectives,
  resource,
  system,
} from './__testUtils__/reviewCatalog';
import { withCatalogRelations } from '@internal/test-utils';

const orderAndPayment = (orderAnnotations?: Record<string, string>) =>
  withCatalogRelations([
    system('commerce-platform'),
    group('checkout-team'),
    group('payments-team'),
    component('order-service', {
      owner: 'checkout-team',
      dependsOn: ['component:payment-service'],
      annotations: orderAnnotations,
    }),
    component('payment-service', { owner: 'payments-team' }),
  ]);

describe('analyseSloAchievability', () => {
  it('explains that order 99.99 % needs payment ≥ 99.99 % when payment declares 99.95 %', () => {
    const { rows, findings } = analyseSloAchievability(orderAndPayment(), {
      'component:default/order-service': 0.9999,
      'component:default/payment-service': 0.9995,
    });
    const order = rows.find(
      row => row.service === 'component:default/order-service',
    )!;
    expect(order).toMatchObject({
      declared: 0.9999,
      achievableOk: false,
      chain: [
        {
          entityRef: 'component:default/payment-service',
          availability: 0.9995,
          source: 'SLO (openslo.yaml)',
        },
      ],
      softDependencies: [],
      unknownDependencies: [],
    });
    expect(order.achievable).toBeCloseTo(0.9995, 12);
    expect(order.explanation).toBe(
      'order-service declares 99.99 % but its hard dependencies compose to 99.95 %: it needs payment-service ≥ 99.99 %, which declares 99.95 %.',
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: 'slo-not-achievable',
      severity: 'warning',
      entityRefs: [
        'component:default/order-service',
        'component:default/payment-service',
      ],
      teams: ['group:default/checkout-team', 'group:default/payments-team'],
    });
    expect(findings[0].fix).toMatch(
      /^raise payment-service's objective to ≥ 99.99 %/,
    );
    // payment-service has no dependencies: nothing limits it.
    expect(
      rows.find(row => row.service.endsWith('/payment-service')),
    ).toMatchObject({
      achievable: 1,
      achievableOk: true,
    });
  });

  it('leaves out a dependency marked soft', () => {
    const { rows, findings } = analyseSloAchievability(
      orderAndPayment({
        'commerce.platform/soft-dependencies':
          'component:default/payment-service',
      }),
      {
        'component:default/order-service': 0.9999,
        'component:default/payment-service': 0.9995,
      },
    );
    expect(rows[0]).toMatchObject({
      service: 'component:default/order-service',
      achievable: 1,
      achievableOk: true,
      chain: [],
      softDependencies: ['component:default/payment-service'],
    });
    expect(rows[0].explanation).toMatch(
      /\(soft, not counted: payment-service\)/,
    );
    expect(findings).toEqual([]);
  });

  it('matches a soft dependency written as a bare name, and one given as the consumed API', () => {
    const entities = withCatalogRelations([
      group('t'),
      component('order-service', {
        owner: 't',
        dependsOn: ['resource:order-service-db', 'resource:fraud-check'],
        consumesApis: ['payment-service-api'],
        annotations: {
          'commerce.platform/soft-dependencies':
            ' fraud-check , api:default/payment-service-api',
        },
      }),
      resource('order-service-db', {
        type: 'database',
        owner: 't',
        annotations: { 'commerce.platform/availability-sla': '99.99' },
      }),
      resource('fraud-check', { type: 'external-service', owner: 't' }),
      component('payment-service', {
        owner: 't',
        providesApis: ['payment-service-api'],
      }),
      api('payment-service-api', { owner: 't' }),
    ]);
    const { rows } = analyseSloAchievability(entities, {
      'component:default/order-service': 0.9999,
      'component:default/payment-service': 0.999,
    });
    const order = rows.find(row => row.service.endsWith('/order-service'))!;
    expect(order.chain.map(link => link.entityRef)).toEqual([
      'resource:default/order-service-db',
    ]);
    expect(order.softDependencies.sort()).toEqual([
      'api:default/payment-service-api',
      'resource:default/fraud-check',
    ]);
    expect(order.achievableOk).toBe(true);
  });

  it('counts a data store with its SLA annotation: the four services support their objectives', () => {
    const { rows, findings } = analyseSloAchievability(
      platformCatalog(),
      platformObjectives(),
    );
    expect(findings).toEqual([]);
    expect(
      rows.map(row => [
        row.service,
        row.achievableOk,
        row.chain.map(l => l.availability),
      ]),
    ).toEqual([
      ['component:default/cart-service', true, [0.9995]],
      ['component:default/order-service', true, [0.9999]],
      ['component:default/payment-service', true, [0.9999]],
      ['component:default/product-service', true, [0.99995]],
    ]);
    expect(rows[1].chain[0].source).toBe(
      'SLA annotation commerce.platform/availability-sla',
    );
    expect(rows[1].explanation).toBe(
      'order-service declares 99.99 %; its hard dependencies compose to 99.99 % (resource:order-service-db 99.99 %), which supports it.',
    );
  });

  it('composes hard dependencies in series and names the weakest link', () => {
    const entities = withCatalogRelations([
      group('t'),
      component('order-service', {
        owner: 't',
        dependsOn: ['resource:order-service-db', 'resource:key-vault'],
        consumesApis: ['payment-service-api'],
      }),
      resource('order-service-db', {
        owner: 't',
        type: 'database',
        annotations: { 'commerce.platform/availability-sla': '99.99' },
      }),
      resource('key-vault', {
        owner: 't',
        type: 'secret-store',
        annotations: { 'commerce.platform/availability-sla': '99.99 %' },
      }),
      component('payment-service', {
        owner: 't',
        providesApis: ['payment-service-api'],
      }),
      api('payment-service-api', { owner: 't' }),
    ]);
    const { rows } = analyseSloAchievability(entities, {
      'component:default/order-service': 0.999,
      'component:default/payment-service': 0.9995,
    });
    const order = rows.find(row => row.service.endsWith('/order-service'))!;
    expect(
      order.chain.map(link => [link.entityRef, link.availability]),
    ).toEqual([
      ['component:default/payment-service', 0.9995],
      ['resource:default/key-vault', 0.9999],
      ['resource:default/order-service-db', 0.9999],
    ]);
    // Reached through the API it provides: counted with the provider's own SLO.
    expect(order.chain[0].source).toBe('SLO (openslo.yaml)');
    expect(order.achievable).toBeCloseTo(0.9995 * 0.9999 * 0.9999, 12);
    expect(order.achievableOk).toBe(true);

    const strict = analyseSloAchievability(entities, {
      'component:default/order-service': 0.9995,
      'component:default/payment-service': 0.9995,
    }).rows.find(row => row.service.endsWith('/order-service'))!;
    expect(strict.achievableOk).toBe(false);
    // 0.9995 / (0.9999 × 0.9999) ≈ 0.99970: payment would need 99.97 %.
    expect(strict.explanation).toBe(
      'order-service declares 99.95 % but its hard dependencies compose to 99.93 %: it needs payment-service ≥ 99.97 %, which declares 99.95 %; the other hard dependencies (resource:key-vault 99.99 %, resource:order-service-db 99.99 %) compose to 99.98 %.',
    );
  });

  it('says when even a perfect weakest link would not be enough', () => {
    const entities = withCatalogRelations([
      group('t'),
      component('s', { owner: 't', dependsOn: ['resource:a', 'resource:b'] }),
      resource('a', {
        owner: 't',
        type: 'database',
        annotations: { 'commerce.platform/availability-sla': '99.9' },
      }),
      resource('b', {
        owner: 't',
        type: 'cache',
        annotations: { 'commerce.platform/availability-sla': '99.9' },
      }),
    ]);
    const { rows } = analyseSloAchievability(entities, {
      'component:default/s': 0.9995,
    });
    expect(rows[0].explanation).toBe(
      's declares 99.95 % but its hard dependencies compose to 99.8001 %: even resource:a at 100 % would not be enough, because the other hard dependencies (resource:b 99.9 %) compose to 99.9 %.',
    );
  });

  it('counts a provider reached through dependsOn and consumesApis once', () => {
    const entities = withCatalogRelations([
      group('t'),
      component('order-service', {
        owner: 't',
        dependsOn: ['component:payment-service'],
        consumesApis: ['payment-service-api'],
      }),
      component('payment-service', {
        owner: 't',
        providesApis: ['payment-service-api'],
      }),
      api('payment-service-api', { owner: 't' }),
    ]);
    const { rows } = analyseSloAchievability(entities, {
      'component:default/order-service': 0.9995,
      'component:default/payment-service': 0.9995,
    });
    const order = rows.find(row => row.service.endsWith('/order-service'))!;
    expect(order.chain).toHaveLength(1);
    expect(order.achievableOk).toBe(true);
  });

  it('does not call a service achievable when a dependency has no known availability', () => {
    const entities = withCatalogRelations([
      group('t'),
      component('order-service', {
        owner: 't',
        dependsOn: ['component:tax-service', 'resource:order-service-db'],
      }),
      component('tax-service', { owner: 't' }),
      resource('order-service-db', { owner: 't', type: 'database' }),
    ]);
    const { rows, findings } = analyseSloAchievability(entities, {
      'component:default/order-service': 0.9995,
    });
    const order = rows.find(row => row.service.endsWith('/order-service'))!;
    expect(order).toMatchObject({
      achievableOk: false,
      achievable: 1,
      chain: [],
      unknownDependencies: [
        'component:default/tax-service',
        'resource:default/order-service-db',
      ],
    });
    expect(order.explanation).toBe(
      'order-service declares 99.95 %, but the availability of tax-service, resource:order-service-db is unknown (tax-service declares no availability SLO; resource:order-service-db has no commerce.platform/availability-sla annotation), so the review cannot confirm it.',
    );
    expect(findings.map(f => [f.rule, f.severity])).toEqual([
      ['slo-not-achievable', 'info'],
    ]);
    // tax-service is a service without an objective: listed, not checked.
    expect(
      rows.find(row => row.service.endsWith('/tax-service')),
    ).toMatchObject({
      declared: undefined,
      achievableOk: false,
      explanation:
        'tax-service declares no availability objective (no SLO in its openslo.yaml), so there is nothing to check; it has no hard dependencies.',
    });
  });

  it('reports objectives that are not ratios, and skips Components that are not services and have none', () => {
    const { rows, problems } = analyseSloAchievability(platformCatalog(), {
      ...platformObjectives(),
      'component:default/cart-service': 99.95,
      'component:': 0.9,
    });
    expect(problems).toEqual([
      'availability objective of cart-service ignored: 99.95 is not a ratio between 0 and 1 (99.95 % is 0.9995)',
      'availability objective for "component:" ignored: it is not an entity ref',
    ]);
    expect(rows.map(row => row.service)).not.toContain(
      'component:default/commerce-platform-portal',
    );
  });
});

describe('parseAvailabilityPercent', () => {
  it.each([
    ['99.99', 0.9999],
    ['99.995 %', 0.99995],
    [' 99.95%', 0.9995],
    ['100', 1],
  ])('reads %j as %d', (text, ratio) => {
    expect(parseAvailabilityPercent(text)).toBeCloseTo(ratio, 12);
  });

  it.each(['0', '101', 'four nines', '0.9999.1', ''])('rejects %j', text => {
    expect(parseAvailabilityPercent(text)).toBeUndefined();
  });
});
