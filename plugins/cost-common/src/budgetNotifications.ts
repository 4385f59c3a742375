import type { CostOverview, CostRollup } from './api';
import { formatUsd } from './money';

/**
 * A System's or team's spend against its budget, as one owner-notification condition
 * (structurally the catalog-files-node `OwnerCondition`): `over-budget` notifies its owner once,
 * `within-budget` after it sends a "back within budget" notice.
 *
 * @public
 */
export interface BudgetCondition {
  key: string;
  state: 'over-budget' | 'within-budget';
  quiet: boolean;
  recipients: string[];
  notification: {
    title: string;
    description: string;
    link: string;
    severity: 'high' | 'normal';
    topic: string;
  };
}

/** The notifications topic of budget conditions. @public */
export const BUDGET_NOTIFICATION_TOPIC = 'cost-budget';

/** The catalog page of an entity, as the app routes it. */
function entityPagePath(ref: string): string {
  // The overview's refs are full (`kind:namespace/name`), as the catalog stringifies them.
  const match = /^([^:]+):(?:([^/]+)\/)?(.+)$/.exec(ref);
  const [kind, namespace, name] = match
    ? [match[1], match[2] ?? 'default', match[3]]
    : ['component', 'default', ref];
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind.toLowerCase(),
  )}/${encodeURIComponent(name)}`;
}

/**
 * One condition per System and team of the overview that has a budget (without one there is
 * nothing to be over). A Group is notified itself; a System through its owner (Backstage's
 * notifications backend routes a non-Group entity ref to the entity's owner).
 *
 * @public
 */
export function budgetConditions(overview: CostOverview): BudgetCondition[] {
  const of = (rollup: CostRollup, what: 'system' | 'team') => {
    const budgetUsd = rollup.budgetUsd;
    if (budgetUsd === undefined) return [];
    const over = rollup.monthlyUsd > budgetUsd;
    const name = rollup.title ?? rollup.entityRef;
    const figures = `${formatUsd(
      rollup.monthlyUsd,
    )} this month against a budget of ${formatUsd(budgetUsd)} (${
      rollup.kind === 'actual' ? 'Azure Cost Management' : 'estimate'
    })`;
    return [
      {
        key: `budget:${rollup.entityRef.toLowerCase()}`,
        state: over ? ('over-budget' as const) : ('within-budget' as const),
        quiet: !over,
        recipients: [rollup.entityRef],
        notification: over
          ? {
              title: `The ${what} ${name} is over budget`,
              description: `${rollup.entityRef}: ${figures}. See its cost card for the services that add up to it.`,
              link: entityPagePath(rollup.entityRef),
              severity: 'high' as const,
              topic: BUDGET_NOTIFICATION_TOPIC,
            }
          : {
              title: `The ${what} ${name} is back within budget`,
              description: `${rollup.entityRef}: ${figures}.`,
              link: entityPagePath(rollup.entityRef),
              severity: 'normal' as const,
              topic: BUDGET_NOTIFICATION_TOPIC,
            },
      },
    ];
  };
  return [
    ...overview.systems.flatMap(r => of(r, 'system')),
    ...overview.groups.flatMap(r => of(r, 'team')),
  ];
}
