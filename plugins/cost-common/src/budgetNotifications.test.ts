import type { CostOverview } from './api';
import { budgetConditions } from './budgetNotifications';

const overview = (teamUsd: number): CostOverview => ({
  platform: {
    kind: 'estimate',
    sharedUsd: 0,
    servicesUsd: teamUsd,
    totalUsd: teamUsd,
    budgetUsd: 3000,
  },
  systems: [
    {
      entityRef: 'system:default/commerce',
      kind: 'estimate',
      monthlyUsd: teamUsd,
      services: [],
      problems: [],
    },
  ],
  groups: [
    {
      entityRef: 'group:default/team-checkout',
      title: 'Checkout',
      kind: 'actual',
      monthlyUsd: teamUsd,
      budgetUsd: 500,
      services: [],
      problems: [],
    },
  ],
  problems: [],
});

describe('budgetConditions', () => {
  it('makes a high-severity over-budget condition for the owner, naming the figures', () => {
    const [condition, ...rest] = budgetConditions(overview(650));
    // The System has no budget: nothing to be over.
    expect(rest).toEqual([]);
    expect(condition).toMatchObject({
      key: 'budget:group:default/team-checkout',
      state: 'over-budget',
      quiet: false,
      recipients: ['group:default/team-checkout'],
      notification: {
        title: 'The team Checkout is over budget',
        severity: 'high',
        topic: 'cost-budget',
        link: '/catalog/default/group/team-checkout',
      },
    });
    expect(condition.notification.description).toContain('$650');
    expect(condition.notification.description).toContain('$500');
  });

  it('is quiet, with a "back within budget" notice, at or under the budget', () => {
    const [condition] = budgetConditions(overview(500));
    expect(condition).toMatchObject({
      state: 'within-budget',
      quiet: true,
      notification: { severity: 'normal' },
    });
    expect(condition.notification.title).toContain('back within budget');
  });
});
