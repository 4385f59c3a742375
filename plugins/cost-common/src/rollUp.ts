import type { CostBasisKind, CostRollup } from './api';
import { MONTHLY_BUDGET_ANNOTATION } from './constants';
import { roundCents } from './money';

/**
 * Reads a `commerce.platform/monthly-budget-usd` value. A missing value is no budget; a value
 * that is not a positive amount of dollars is a problem for that entity.
 *
 * @param entityRef - the entity carrying the annotation, for the message
 * @public
 */
export function parseMonthlyBudget(
  value: string | undefined,
  entityRef: string,
): { budgetUsd?: number; problem?: string } {
  if (value === undefined) {
    return {};
  }
  const text = String(value).trim();
  const budget = Number(text);
  // Finite too: 400 nines are digits only, but Infinity once read, and null once sent as JSON.
  if (
    !/^\d+(\.\d{1,2})?$/.test(text) ||
    !(budget > 0) ||
    !Number.isFinite(budget)
  ) {
    const shown = text.length > 40 ? `${text.slice(0, 40)}…` : value;
    return {
      problem: `${entityRef}: ${MONTHLY_BUDGET_ANNOTATION} is "${shown}"; write a positive amount of US dollars with digits only, e.g. '600'`,
    };
  }
  return { budgetUsd: budget };
}

/**
 * One service's figure for the month, as the roll-ups need it.
 *
 * @public
 */
export interface ServiceCostFigure {
  entityRef: string;
  kind: CostBasisKind;
  /** Undefined when it could not be worked out; the roll-ups then say it is left out. */
  monthlyUsd?: number;
  /** The System it is part of (`spec.system`), as a full ref. */
  systemRef?: string;
  /** The Group owning it (`spec.owner`), as a full ref. */
  ownerRef?: string;
}

/**
 * A System or Group the roll-ups add up to, as the catalog has it.
 *
 * @public
 */
export interface CostRollupParent {
  entityRef: string;
  title?: string;
  /** The raw value of its `commerce.platform/monthly-budget-usd` annotation, if any. */
  monthlyBudgetUsd?: string;
}

/**
 * What the shared platform costs and whom it belongs to: it is part of `systemRef`'s total and
 * of its owner's, so the System's budget (which covers the platform) is compared with both.
 *
 * @public
 */
export interface SharedPlatformCost {
  monthlyUsd: number;
  kind: CostBasisKind;
  systemRef: string;
  ownerRef?: string;
}

/**
 * Adds up services per System and per owning Group, against the budgets those entities carry.
 * A parent missing from the catalog, a malformed budget, or a service without a figure is
 * reported on that roll-up; the others are not affected.
 *
 * @param parents - the Systems and Groups the services name (the catalog's view of them)
 * @public
 */
export function rollUpCosts(options: {
  services: ServiceCostFigure[];
  parents: CostRollupParent[];
  shared?: SharedPlatformCost;
}): { systems: CostRollup[]; groups: CostRollup[] } {
  const parents = new Map(
    options.parents.map(parent => [parent.entityRef.toLowerCase(), parent]),
  );
  const build = (
    ref: string,
    services: ServiceCostFigure[],
    shared: SharedPlatformCost | undefined,
  ): CostRollup => {
    const parent = parents.get(ref.toLowerCase());
    const problems: string[] = [];
    let budgetUsd: number | undefined;
    if (!parent) {
      problems.push(
        `${ref} is not in the catalog, so there is no budget to compare with; register it or fix the reference`,
      );
    } else {
      const budget = parseMonthlyBudget(parent.monthlyBudgetUsd, ref);
      budgetUsd = budget.budgetUsd;
      if (budget.problem) {
        problems.push(budget.problem);
      } else if (budgetUsd === undefined) {
        problems.push(
          `${ref} has no ${MONTHLY_BUDGET_ANNOTATION} annotation; add one to compare its spend with a budget`,
        );
      }
    }
    for (const service of services) {
      if (service.monthlyUsd === undefined) {
        problems.push(
          `${service.entityRef} has no figure this month (see its own problems); the total leaves it out`,
        );
      }
    }
    const parts = [
      ...services
        .filter(s => s.monthlyUsd !== undefined)
        .map(s => ({ usd: s.monthlyUsd!, kind: s.kind })),
      ...(shared ? [{ usd: shared.monthlyUsd, kind: shared.kind }] : []),
    ];
    return {
      entityRef: parent?.entityRef ?? ref,
      ...(parent?.title && { title: parent.title }),
      kind:
        parts.length > 0 && parts.every(p => p.kind === 'actual')
          ? 'actual'
          : 'estimate',
      monthlyUsd: roundCents(parts.reduce((total, p) => total + p.usd, 0)),
      ...(budgetUsd !== undefined && { budgetUsd }),
      ...(shared && { sharedUsd: roundCents(shared.monthlyUsd) }),
      services: services.map(s => ({
        entityRef: s.entityRef,
        kind: s.kind,
        ...(s.monthlyUsd !== undefined && { monthlyUsd: s.monthlyUsd }),
      })),
      problems,
    };
  };

  const rollUp = (
    refOf: (service: ServiceCostFigure) => string | undefined,
    sharedRef: string | undefined,
  ): CostRollup[] => {
    const members = new Map<string, ServiceCostFigure[]>();
    const add = (ref: string) => {
      const key = ref.toLowerCase();
      if (!members.has(key)) members.set(key, []);
      return members.get(key)!;
    };
    for (const service of options.services) {
      const ref = refOf(service);
      if (ref) add(ref).push(service);
    }
    if (sharedRef) add(sharedRef);
    return [...members.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, services]) =>
        build(
          key,
          services,
          sharedRef?.toLowerCase() === key ? options.shared : undefined,
        ),
      );
  };

  return {
    systems: rollUp(s => s.systemRef, options.shared?.systemRef),
    groups: rollUp(s => s.ownerRef, options.shared?.ownerRef),
  };
}
