/**
 * The cost backend's answers (`/api/cost/v1/...`), shared with the frontend.
 */

/**
 * "actual": spend Azure Cost Management reports; "estimate": the declared resources priced with
 * the project's price sheet. The UI always shows which.
 *
 * @public
 */
export type CostBasisKind = 'actual' | 'estimate';

/** @public */
export interface CostResourceLine {
  /** The resource (Azure resource name, or the cost model's item in words). */
  name: string;
  monthlyUsd: number;
  /** E.g. the price-sheet id and quantity, or the Azure resource id. */
  detail?: string;
}

/**
 * `GET /api/cost/v1/entities/:kind/:namespace/:name`: one service's month.
 *
 * @public
 */
export interface EntityCostReport {
  entityRef: string;
  kind: CostBasisKind;
  currency: 'USD';
  /** The month reported, e.g. `2026-11`; for actuals the month to date. */
  month: string;
  /** Undefined when it could not be worked out; `problems` says why. */
  monthlyUsd?: number;
  /** Estimates only: the month with every autoscaler at its maximum (e.g. Cosmos DB RU/s). */
  atMaxScaleUsd?: number;
  /** From the `commerce.platform/monthly-budget-usd` annotation. */
  budgetUsd?: number;
  /** Earlier months, oldest first (actuals only; empty for an estimate). */
  trend: { month: string; usd: number }[];
  /** The most expensive resources, most expensive first. */
  topResources: CostResourceLine[];
  /** Where the figure comes from, in words (scope and tag, or cost model and price sheet date). */
  source: string;
  /** What went wrong for this entity only, each with how to fix it. */
  problems: string[];
}

/**
 * A system's or a team's services added up, against its budget.
 *
 * @public
 */
export interface CostRollup {
  entityRef: string;
  title?: string;
  kind: CostBasisKind;
  /** The services' figures plus `sharedUsd`. */
  monthlyUsd: number;
  budgetUsd?: number;
  /** The shared platform's part of `monthlyUsd`, for the System it belongs to and its owner. */
  sharedUsd?: number;
  services: { entityRef: string; monthlyUsd?: number; kind: CostBasisKind }[];
  problems: string[];
}

/**
 * `GET /api/cost/v1/overview`: the platform total against its budget, and the roll-ups.
 * `?system=<ref>` or `?group=<ref>` lists only that System's or team's roll-up (what its card
 * shows), not the others and all their services. Recomputed at most once a minute.
 *
 * @public
 */
export interface CostOverview {
  platform: {
    kind: CostBasisKind;
    /** The shared platform (infra/): AKS, Front Door, registry, monitoring… */
    sharedUsd: number;
    /** All services' own resources. */
    servicesUsd: number;
    totalUsd: number;
    /** `cost.platformBudgetUsd`, $3,000 by default. */
    budgetUsd: number;
  };
  systems: CostRollup[];
  groups: CostRollup[];
  problems: string[];
}

/**
 * `GET /api/cost/v1/estimates/:serviceKind?environment=prod&region=westeurope`: what a new
 * service of that kind costs a month, for the template form.
 *
 * @public
 */
export interface ServiceKindEstimate {
  serviceKind: string;
  environment: string;
  region: string;
  currency: 'USD';
  monthlyUsd: number;
  /** The month with every autoscaler at its maximum. */
  atMaxScaleUsd?: number;
  lines: CostResourceLine[];
  pricesAsOf: string;
  /** E.g. prices are for another region than the one chosen. */
  warnings: string[];
}
