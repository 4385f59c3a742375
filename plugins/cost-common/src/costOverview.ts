import type { CostBasisKind, CostOverview } from './api';
import {
  type CostRollupParent,
  rollUpCosts,
  type ServiceCostFigure,
  type SharedPlatformCost,
} from './rollUp';
import { roundCents, sum } from './money';

/**
 * The platform overview from figures already worked out: the services' month (actual or
 * estimated), the Systems and Groups they roll up into, and the shared platform's cost.
 *
 * @public
 */
export function computeCostOverview(options: {
  /** Whether the figures are Cost Management's actuals or estimates. */
  kind: CostBasisKind;
  services: ServiceCostFigure[];
  parents: CostRollupParent[];
  /** Undefined when it could not be worked out (`problems` says why). */
  shared?: SharedPlatformCost;
  /** `cost.platformBudgetUsd`. */
  platformBudgetUsd: number;
  problems: string[];
}): CostOverview {
  const { systems, groups } = rollUpCosts({
    services: options.services,
    parents: options.parents,
    shared: options.shared,
  });
  const servicesUsd = roundCents(
    sum(options.services.map(f => f.monthlyUsd ?? 0)),
  );
  const sharedUsd = roundCents(options.shared?.monthlyUsd ?? 0);
  return {
    platform: {
      kind: options.kind,
      sharedUsd,
      servicesUsd,
      totalUsd: roundCents(sharedUsd + servicesUsd),
      budgetUsd: options.platformBudgetUsd,
    },
    systems,
    groups,
    problems: options.problems,
  };
}
