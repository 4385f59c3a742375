import { parseMonthlyBudget, rollUpCosts } from './rollUp';

describe('parseMonthlyBudget', () => {
  it('reads dollars written with digits', () => {
    expect(parseMonthlyBudget('600', 'component:default/cart')).toEqual({
      budgetUsd: 600,
    });
    expect(parseMonthlyBudget(' 99.5 ', 'x')).toEqual({ budgetUsd: 99.5 });
    expect(parseMonthlyBudget(undefined, 'x')).toEqual({});
  });

  it.each(['$600', '1,000', 'lots', '0', '-5', '', '1e3'])(
    'reports "%s" as a problem of that entity',
    value => {
      expect(parseMonthlyBudget(value, 'group:default/checkout-team')).toEqual({
        problem: `group:default/checkout-team: commerce.platform/monthly-budget-usd is "${value}"; write a positive amount of US dollars with digits only, e.g. '600'`,
      });
    },
  );

  it('reports a number too large to add up, shortened', () => {
    expect(parseMonthlyBudget('9'.repeat(400), 'x')).toEqual({
      problem: `x: commerce.platform/monthly-budget-usd is "${'9'.repeat(
        40,
      )}…"; write a positive amount of US dollars with digits only, e.g. '600'`,
    });
  });
});

describe('rollUpCosts', () => {
  const system = 'system:default/commerce-platform';
  const services = [
    {
      entityRef: 'component:default/product-service',
      kind: 'estimate' as const,
      monthlyUsd: 32.13,
      systemRef: system,
      ownerRef: 'group:default/catalog-team',
    },
    {
      entityRef: 'component:default/order-service',
      kind: 'estimate' as const,
      monthlyUsd: 295.09,
      systemRef: system,
      ownerRef: 'group:default/checkout-team',
    },
    {
      entityRef: 'component:default/cart-service',
      kind: 'estimate' as const,
      monthlyUsd: 675.98,
      systemRef: system,
      ownerRef: 'group:default/checkout-team',
    },
    {
      entityRef: 'component:default/payment-service',
      kind: 'estimate' as const,
      systemRef: system,
      ownerRef: 'group:default/payments-team',
    },
  ];
  const parents = [
    {
      entityRef: system,
      title: 'Commerce Platform',
      monthlyBudgetUsd: '3000',
    },
    {
      entityRef: 'group:default/catalog-team',
      title: 'Catalog team',
      monthlyBudgetUsd: '100',
    },
    { entityRef: 'group:default/checkout-team', monthlyBudgetUsd: '920' },
    { entityRef: 'group:default/platform-team', monthlyBudgetUsd: 'lots' },
  ];

  it('adds services and the shared platform per system and per owning group', () => {
    const { systems, groups } = rollUpCosts({
      services,
      parents,
      shared: {
        monthlyUsd: 1899.99,
        kind: 'estimate',
        systemRef: system,
        ownerRef: 'group:default/platform-team',
      },
    });
    // 32.13 + 295.09 + 675.98 + 1,899.99 (payment has no figure) = 2,903.19
    expect(systems).toEqual([
      {
        entityRef: system,
        title: 'Commerce Platform',
        kind: 'estimate',
        monthlyUsd: 2903.19,
        budgetUsd: 3000,
        sharedUsd: 1899.99,
        services: [
          {
            entityRef: 'component:default/product-service',
            kind: 'estimate',
            monthlyUsd: 32.13,
          },
          {
            entityRef: 'component:default/order-service',
            kind: 'estimate',
            monthlyUsd: 295.09,
          },
          {
            entityRef: 'component:default/cart-service',
            kind: 'estimate',
            monthlyUsd: 675.98,
          },
          { entityRef: 'component:default/payment-service', kind: 'estimate' },
        ],
        problems: [
          'component:default/payment-service has no figure this month (see its own problems); the total leaves it out',
        ],
      },
    ]);
    expect(
      groups.map(g => [g.entityRef, g.monthlyUsd, g.budgetUsd, g.problems]),
    ).toEqual([
      ['group:default/catalog-team', 32.13, 100, []],
      // 295.09 + 675.98
      ['group:default/checkout-team', 971.07, 920, []],
      [
        'group:default/payments-team',
        0,
        undefined,
        [
          'group:default/payments-team is not in the catalog, so there is no budget to compare with; register it or fix the reference',
          'component:default/payment-service has no figure this month (see its own problems); the total leaves it out',
        ],
      ],
      [
        'group:default/platform-team',
        1899.99,
        undefined,
        [
          `group:default/platform-team: commerce.platform/monthly-budget-usd is "lots"; write a positive amount of US dollars with digits only, e.g. '600'`,
        ],
      ],
    ]);
    expect(groups[3]).toMatchObject({ sharedUsd: 1899.99, services: [] });
  });

  it('is actual only when every part is actual, and asks for a missing budget', () => {
    const { systems, groups } = rollUpCosts({
      services: [
        { ...services[0], kind: 'actual', monthlyUsd: 10 },
        { ...services[1], kind: 'actual', monthlyUsd: 20 },
      ],
      parents: [
        { entityRef: system },
        {
          entityRef: 'group:default/catalog-team',
          monthlyBudgetUsd: '100',
        },
        { entityRef: 'group:default/checkout-team', monthlyBudgetUsd: '920' },
      ],
      shared: { monthlyUsd: 5, kind: 'estimate', systemRef: system },
    });
    expect(systems[0]).toMatchObject({
      kind: 'estimate',
      monthlyUsd: 35,
      problems: [
        'system:default/commerce-platform has no commerce.platform/monthly-budget-usd annotation; add one to compare its spend with a budget',
      ],
    });
    expect(groups.map(g => g.kind)).toEqual(['actual', 'actual']);
  });

  it('matches references case-insensitively, as the catalog does', () => {
    const { groups } = rollUpCosts({
      services: [{ ...services[0], ownerRef: 'group:default/Catalog-Team' }],
      parents,
    });
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({
      entityRef: 'group:default/catalog-team',
      budgetUsd: 100,
      title: 'Catalog team',
    });
  });
});
