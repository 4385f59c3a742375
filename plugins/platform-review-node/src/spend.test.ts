import {
  PLATFORM_SPEND_REF,
  analyseSpend,
  type SpendOverviewInput,
} from './spend';

// The cost feature's CostOverview in full: the review reads it by structure, extra fields and all.
const overview = {
  platform: {
    kind: 'estimate' as const,
    sharedUsd: 1910,
    servicesUsd: 1230.5,
    totalUsd: 3140.5,
    budgetUsd: 3000,
  },
  systems: [
    {
      entityRef: 'system:default/commerce-platform',
      title: 'Commerce Platform',
      kind: 'estimate' as const,
      monthlyUsd: 3140.5,
      budgetUsd: 3000,
      sharedUsd: 1910,
      services: [
        {
          entityRef: 'component:default/cart-service',
          monthlyUsd: 670,
          kind: 'estimate' as const,
        },
      ],
      problems: [],
    },
  ],
  groups: [
    {
      entityRef: 'group:default/checkout-team',
      kind: 'actual' as const,
      monthlyUsd: 910,
      budgetUsd: 920,
      services: [],
      problems: [],
    },
    {
      entityRef: 'group:default/catalog-team',
      kind: 'actual' as const,
      monthlyUsd: 140,
      services: [],
      problems: [],
    },
  ],
  problems: [
    'payment-service: no cost model (infra/cost-model.yaml not found)',
  ],
};

describe('analyseSpend', () => {
  it('lists the platform, each system and each team against its budget', () => {
    const { rows, problems } = analyseSpend(overview);
    expect(rows).toEqual([
      {
        entityRef: PLATFORM_SPEND_REF,
        title: 'Platform (shared platform and all services)',
        scope: 'platform',
        kind: 'estimate',
        monthlyUsd: 3140.5,
        budgetUsd: 3000,
        overBudget: true,
      },
      {
        entityRef: 'system:default/commerce-platform',
        title: 'Commerce Platform',
        scope: 'system',
        kind: 'estimate',
        monthlyUsd: 3140.5,
        budgetUsd: 3000,
        overBudget: true,
      },
      {
        entityRef: 'group:default/checkout-team',
        title: undefined,
        scope: 'team',
        kind: 'actual',
        monthlyUsd: 910,
        budgetUsd: 920,
        overBudget: false,
      },
      {
        entityRef: 'group:default/catalog-team',
        title: undefined,
        scope: 'team',
        kind: 'actual',
        monthlyUsd: 140,
        budgetUsd: undefined,
        overBudget: false,
      },
    ]);
    expect(problems).toEqual([
      'cost: payment-service: no cost model (infra/cost-model.yaml not found)',
    ]);
  });

  it('makes an over-budget finding of each row over its budget, saying estimate or actual', () => {
    const { findings } = analyseSpend({
      ...overview,
      groups: [{ ...overview.groups[0], monthlyUsd: 1000 }],
    });
    expect(
      findings.map(f => [f.message, f.entityRefs, f.systems, f.teams]),
    ).toEqual([
      [
        'the platform spends $3,141 a month (the estimate from declared resources), over its budget of $3,000 by $141',
        [],
        [],
        [],
      ],
      [
        'system commerce-platform spends $3,141 a month (the estimate from declared resources), over its budget of $3,000 by $141',
        ['system:default/commerce-platform'],
        ['system:default/commerce-platform'],
        [],
      ],
      [
        "team checkout-team spends $1,000 a month (Azure's actual spend this month), over its budget of $920 by $80",
        ['group:default/checkout-team'],
        [],
        ['group:default/checkout-team'],
      ],
    ]);
    expect(
      findings.every(f => f.rule === 'over-budget' && f.severity === 'warning'),
    ).toBe(true);
  });

  it('says spend is not reviewed without an overview', () => {
    expect(analyseSpend(undefined)).toEqual({
      rows: [],
      findings: [],
      problems: [
        'spend: no cost overview was given (the cost feature is unreachable or not configured), so spend is not reviewed',
      ],
    });
  });

  it('skips and reports roll-ups it cannot read, without throwing', () => {
    // What a cost backend of another version could answer: deliberately not the input's type.
    const odd: SpendOverviewInput = {
      // @ts-expect-error a total that is not a number
      platform: { kind: 'actual', totalUsd: 'a lot', budgetUsd: 3000 },
      systems: [
        // @ts-expect-error a roll-up that is not an object
        null,
        { entityRef: 'system:default/x', kind: 'actual', monthlyUsd: NaN },
      ],
      // @ts-expect-error roll-ups that are not a list
      groups: 'none',
    };
    const { rows, problems } = analyseSpend(odd);
    expect(rows).toEqual([]);
    expect(problems).toEqual([
      'spend: the cost overview has no platform total, so the platform is not checked against its budget',
      'spend: a system roll-up without an entity ref or a monthly figure was skipped (null)',
      'spend: a system roll-up without an entity ref or a monthly figure was skipped ({"entityRef":"system:default/x","kind":"actual","monthlyUsd":null})',
    ]);
  });
});
