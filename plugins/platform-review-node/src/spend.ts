import type {
  ReviewFinding,
  SpendRow,
} from '@internal/plugin-platform-review-common';
import { displayRef, normalizeEntityRef } from './refs';

/**
 * A System's or a team's roll-up, as the cost feature's `CostRollup` has it (only the fields
 * the review reads).
 *
 * @public
 */
export interface SpendRollupInput {
  entityRef: string;
  title?: string;
  kind: 'actual' | 'estimate';
  monthlyUsd: number;
  budgetUsd?: number;
}

/**
 * The cost feature's overview (`CostOverview` of the package plugin-cost-common), typed by
 * structure so this package does not depend on the cost feature: a `CostOverview` is one.
 * (Its package name is not written out here: a TSDoc line with "@" and "internal" at the start
 * of a word is read as the internal tag, and the declaration stripped from the built types.)
 *
 * @public
 */
export interface SpendOverviewInput {
  platform: {
    kind: 'actual' | 'estimate';
    totalUsd: number;
    budgetUsd: number;
  };
  systems: readonly SpendRollupInput[];
  groups: readonly SpendRollupInput[];
  problems?: readonly string[];
}

/**
 * The `entityRef` of the platform total's row: the platform spans every System and team, so it
 * is no one entity.
 *
 * @public
 */
export const PLATFORM_SPEND_REF = 'platform';

/**
 * Spend rows and `over-budget` findings.
 *
 * @public
 */
export interface SpendAnalysis {
  rows: SpendRow[];
  findings: ReviewFinding[];
  problems: string[];
}

function isUsd(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function usd(amount: number): string {
  return `$${amount.toLocaleString('en-US', { maximumFractionDigits: 0 })}`;
}

/**
 * Spend per System and per team (the cost feature's roll-ups) and for the whole platform, each
 * against its budget. A row is over budget when it has a budget and its monthly figure exceeds
 * it; each such row is an `over-budget` finding (warning), which says whether the figure is
 * Azure's actual spend or the declared estimate.
 *
 * Without an overview (the cost feature unreachable or not configured) there are no rows and a
 * problem says so; roll-ups whose figures are not numbers are skipped and reported. The cost
 * feature's own problems are passed on.
 *
 * @public
 */
export function analyseSpend(
  overview: SpendOverviewInput | undefined,
): SpendAnalysis {
  const rows: SpendRow[] = [];
  const findings: ReviewFinding[] = [];
  const problems: string[] = [];
  if (!overview || typeof overview !== 'object') {
    problems.push(
      'spend: no cost overview was given (the cost feature is unreachable or not configured), so spend is not reviewed',
    );
    return { rows, findings, problems };
  }
  for (const problem of Array.isArray(overview.problems)
    ? overview.problems
    : []) {
    if (typeof problem === 'string') problems.push(`cost: ${problem}`);
  }

  const platform = overview.platform as Partial<SpendOverviewInput['platform']>;
  if (platform && isUsd(platform.totalUsd)) {
    const budget = isUsd(platform.budgetUsd) ? platform.budgetUsd : undefined;
    rows.push({
      entityRef: PLATFORM_SPEND_REF,
      title: 'Platform (shared platform and all services)',
      scope: 'platform',
      kind: platform.kind === 'actual' ? 'actual' : 'estimate',
      monthlyUsd: platform.totalUsd,
      budgetUsd: budget,
      overBudget: budget !== undefined && platform.totalUsd > budget,
    });
  } else {
    problems.push(
      'spend: the cost overview has no platform total, so the platform is not checked against its budget',
    );
  }

  const read = (
    rollups: unknown,
    scope: 'system' | 'team',
    defaultKind: string,
  ) => {
    for (const rollup of Array.isArray(rollups)
      ? (rollups as Partial<SpendRollupInput>[])
      : []) {
      const ref = normalizeEntityRef(rollup?.entityRef, { defaultKind });
      if (!ref || !isUsd(rollup.monthlyUsd)) {
        problems.push(
          `spend: a ${scope} roll-up without an entity ref or a monthly figure was skipped (${JSON.stringify(
            rollup,
          )?.slice(0, 120)})`,
        );
        continue;
      }
      const budget = isUsd(rollup.budgetUsd) ? rollup.budgetUsd : undefined;
      rows.push({
        entityRef: ref,
        title: typeof rollup.title === 'string' ? rollup.title : undefined,
        scope,
        kind: rollup.kind === 'actual' ? 'actual' : 'estimate',
        monthlyUsd: rollup.monthlyUsd,
        budgetUsd: budget,
        overBudget: budget !== undefined && rollup.monthlyUsd > budget,
      });
    }
  };
  read(overview.systems, 'system', 'system');
  read(overview.groups, 'team', 'group');

  for (const row of rows) {
    if (!row.overBudget || row.budgetUsd === undefined) continue;
    const who =
      row.scope === 'platform'
        ? 'the platform'
        : `${row.scope} ${displayRef(row.entityRef).replace(/^\w+:/, '')}`;
    const basis =
      row.kind === 'actual'
        ? "Azure's actual spend this month"
        : 'the estimate from declared resources';
    findings.push({
      rule: 'over-budget',
      severity: 'warning',
      message: `${who} spends ${usd(
        row.monthlyUsd,
      )} a month (${basis}), over its budget of ${usd(row.budgetUsd)} by ${usd(
        row.monthlyUsd - row.budgetUsd,
      )}`,
      fix:
        row.scope === 'platform'
          ? 'see the cost page for the largest lines (reservations on nodes and PostgreSQL, autoscaler ceilings), or raise cost.platformBudgetUsd with the leads'
          : `see ${who}'s services on the cost page for the largest lines, or agree a new commerce.platform/monthly-budget-usd`,
      entityRefs: row.scope === 'platform' ? [] : [row.entityRef],
      systems: row.scope === 'system' ? [row.entityRef] : [],
      teams: row.scope === 'team' ? [row.entityRef] : [],
    });
  }
  return { rows, findings, problems };
}
