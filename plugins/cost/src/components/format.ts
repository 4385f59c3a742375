import { type CostBasisKind, formatUsd } from '@internal/plugin-cost-common';

/** The share of the budget used, in whole per cent (rounded, so 97.6 % reads 98 %). */
export function budgetPercent(usd: number, budgetUsd: number): number {
  return Math.round((usd / budgetUsd) * 100);
}

/** `$312 of $320 budget (98 %)`. */
export function formatAgainstBudget(usd: number, budgetUsd: number): string {
  return `${formatUsd(usd)} of ${formatUsd(budgetUsd)} budget (${budgetPercent(
    usd,
    budgetUsd,
  )} %)`;
}

/** The label every figure carries, so nobody mistakes an estimate for a bill. */
export function basisLabel(kind: CostBasisKind): 'Estimate' | 'Actual' {
  return kind === 'actual' ? 'Actual' : 'Estimate';
}

/** `2026-11` → `November 2026`; anything else is shown as given. */
export function formatMonth(month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) {
    return month;
  }
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
  return date.toLocaleDateString('en-US', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
