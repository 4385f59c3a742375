import { computeCostOverview } from './costOverview';

describe('computeCostOverview', () => {
  it('adds the services and the shared platform up, rounded to cents, per System and team', () => {
    const overview = computeCostOverview({
      kind: 'estimate',
      services: [
        {
          entityRef: 'component:default/cart-service',
          kind: 'estimate',
          monthlyUsd: 100.004,
          systemRef: 'system:default/commerce-platform',
          ownerRef: 'group:default/checkout-team',
        },
        {
          entityRef: 'component:default/order-service',
          kind: 'estimate',
          systemRef: 'system:default/commerce-platform',
          ownerRef: 'group:default/checkout-team',
        },
      ],
      parents: [
        {
          entityRef: 'system:default/commerce-platform',
          monthlyBudgetUsd: '3000',
        },
        { entityRef: 'group:default/checkout-team' },
        { entityRef: 'group:default/platform-team' },
      ],
      shared: {
        kind: 'estimate',
        monthlyUsd: 1200.005,
        systemRef: 'system:default/commerce-platform',
        ownerRef: 'group:default/platform-team',
      },
      platformBudgetUsd: 3000,
      problems: ['one problem'],
    });

    expect(overview.platform).toEqual({
      kind: 'estimate',
      sharedUsd: 1200.01,
      servicesUsd: 100,
      totalUsd: 1300.01,
      budgetUsd: 3000,
    });
    expect(overview.systems.map(s => [s.entityRef, s.budgetUsd])).toEqual([
      ['system:default/commerce-platform', 3000],
    ]);
    expect(overview.groups.map(g => g.entityRef).sort()).toEqual([
      'group:default/checkout-team',
      'group:default/platform-team',
    ]);
    expect(overview.problems).toEqual(['one problem']);
  });

  it('counts no shared platform when its cost could not be worked out', () => {
    const overview = computeCostOverview({
      kind: 'actual',
      services: [],
      parents: [],
      platformBudgetUsd: 3000,
      problems: [],
    });
    expect(overview.platform).toMatchObject({
      kind: 'actual',
      sharedUsd: 0,
      servicesUsd: 0,
      totalUsd: 0,
    });
  });
});
