import type { CostResourceLine } from './api';
import { InvalidCostQueryResultError } from './errors';
import { roundCents } from './money';

/**
 * The part of an Azure Cost Management query result (`POST …/providers/Microsoft.CostManagement/query`)
 * the reports read: named columns and rows of values in that order.
 *
 * @public
 */
export interface CostQueryResult {
  columns?: Array<{ name?: string; type?: string }>;
  rows?: unknown[][];
}

/**
 * The months a service report covers, and the dates to ask Cost Management for.
 *
 * @public
 */
export interface CostReportPeriod {
  /** The current month, `YYYY-MM`: reported month to date. */
  month: string;
  /** The earlier months of the trend, oldest first. */
  trendMonths: string[];
  /** First day of the oldest trend month, 00:00 UTC. */
  from: Date;
  /** `now`: the query ends at the current time. */
  to: Date;
}

/**
 * The period of a service report at `now`: the current month to date and the `trendLength`
 * complete months before it, in UTC (Cost Management's days are UTC).
 *
 * @public
 */
export function costReportPeriod(now: Date, trendLength = 6): CostReportPeriod {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  const monthAt = (offset: number) =>
    new Date(Date.UTC(year, month + offset, 1)).toISOString().slice(0, 7);
  const trendMonths: string[] = [];
  for (let offset = -trendLength; offset < 0; offset++) {
    trendMonths.push(monthAt(offset));
  }
  return {
    month: monthAt(0),
    trendMonths,
    from: new Date(Date.UTC(year, month - trendLength, 1)),
    to: now,
  };
}

/** Cost columns Cost Management may return, by agreement type (PAYG/EA, MCA) and alias. */
const costColumns = [
  'PreTaxCost',
  'Cost',
  'CostUSD',
  'PreTaxCostUSD',
  'totalCost',
];

/** A query result's columns by name (case-insensitive), with what each row holds. */
class ResultTable {
  private readonly index = new Map<string, number>();

  constructor(private readonly result: CostQueryResult, what: string) {
    if (!result || !Array.isArray(result.columns)) {
      throw new InvalidCostQueryResultError(
        `the Cost Management answer for ${what} has no columns; expected a query result with columns and rows`,
      );
    }
    result.columns.forEach((column, i) => {
      if (column?.name) this.index.set(column.name.toLowerCase(), i);
    });
  }

  column(names: string[], purpose: string, what: string): number {
    for (const name of names) {
      const i = this.index.get(name.toLowerCase());
      if (i !== undefined) return i;
    }
    throw new InvalidCostQueryResultError(
      `the Cost Management answer for ${what} has no ${purpose} column (looked for ${names.join(
        ', ',
      )}; it has ${[...this.index.keys()].join(', ') || 'none'})`,
    );
  }

  optionalColumn(name: string): number | undefined {
    return this.index.get(name.toLowerCase());
  }

  rows(): unknown[][] {
    return Array.isArray(this.result.rows) ? this.result.rows : [];
  }
}

/** No cost at all: Cost Management answers 204 without a body, or a table without rows. */
function hasRows(result: CostQueryResult | undefined): boolean {
  return Array.isArray(result?.rows) && result!.rows.length > 0;
}

function amount(value: unknown, what: string): number {
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) {
    throw new InvalidCostQueryResultError(
      `the Cost Management answer for ${what} has a cost that is not a number: ${JSON.stringify(
        value,
      )}`,
    );
  }
  return number;
}

/**
 * The month (`YYYY-MM`) of a row: `BillingMonth` is a date-time text (`2026-11-01T00:00:00`),
 * `UsageDate` a number (`20261101`).
 */
function monthOf(value: unknown, what: string): string {
  const text = String(value ?? '');
  const match = /^(\d{4})-?(\d{2})/.exec(text);
  if (!match) {
    throw new InvalidCostQueryResultError(
      `the Cost Management answer for ${what} has a date that is not one: ${JSON.stringify(
        value,
      )}`,
    );
  }
  return `${match[1]}-${match[2]}`;
}

function checkCurrency(table: ResultTable, row: unknown[], what: string): void {
  const column = table.optionalColumn('Currency');
  const currency = column === undefined ? undefined : row[column];
  if (currency !== undefined && currency !== null && currency !== 'USD') {
    throw new InvalidCostQueryResultError(
      `Cost Management reports ${what} in ${String(
        currency,
      )}, but budgets are in USD; query the CostUSD column (cost.azure.costColumn: CostUSD) instead`,
    );
  }
}

/**
 * A service's actual spend, read from a query grouped by month and resource.
 *
 * @public
 */
export interface ServiceSpend {
  month: string;
  /** The current month so far. */
  monthToDateUsd: number;
  /** Each of the period's earlier months, oldest first; 0 for a month without cost. */
  trend: { month: string; usd: number }[];
  /** The current month's most expensive resources, most expensive first. */
  topResources: CostResourceLine[];
  /** How many rows the answer had: none usually means no resource carries the tag. */
  rowCount: number;
}

/**
 * Reads a service's query result (Monthly granularity, grouped by ResourceId) into the month to
 * date, the trend and the top resources.
 *
 * @param what - the service, for error messages
 * @throws InvalidCostQueryResultError when the answer lacks a column or holds another currency
 * @public
 */
export function parseServiceSpend(
  result: CostQueryResult,
  options: { period: CostReportPeriod; what: string; topResources?: number },
): ServiceSpend {
  const { period, what } = options;
  if (!hasRows(result)) {
    return {
      month: period.month,
      monthToDateUsd: 0,
      trend: period.trendMonths.map(month => ({ month, usd: 0 })),
      topResources: [],
      rowCount: 0,
    };
  }
  const table = new ResultTable(result, what);
  const cost = table.column(costColumns, 'cost', what);
  const date = table.column(['BillingMonth', 'UsageDate'], 'month', what);
  const resource = table.optionalColumn('ResourceId');
  const byMonth = new Map<string, number>();
  const byResource = new Map<string, number>();
  const rows = table.rows();
  for (const row of rows) {
    checkCurrency(table, row, what);
    const usd = amount(row[cost], what);
    const month = monthOf(row[date], what);
    byMonth.set(month, (byMonth.get(month) ?? 0) + usd);
    if (month === period.month && resource !== undefined) {
      const id = String(row[resource] ?? '') || '(no resource id)';
      byResource.set(id, (byResource.get(id) ?? 0) + usd);
    }
  }
  const topResources = [...byResource.entries()]
    .sort(([, a], [, b]) => b - a)
    .slice(0, options.topResources ?? 5)
    .map(([id, usd]) => ({
      name: id.split('/').filter(Boolean).pop() ?? id,
      monthlyUsd: roundCents(usd),
      detail: id,
    }));
  return {
    month: period.month,
    monthToDateUsd: roundCents(byMonth.get(period.month) ?? 0),
    trend: period.trendMonths.map(month => ({
      month,
      usd: roundCents(byMonth.get(month) ?? 0),
    })),
    topResources,
    rowCount: rows.length,
  };
}

/**
 * Reads a query grouped by a tag (`TagKey`/`TagValue` columns) into the cost per tag value,
 * keyed by the value in lower case (Azure compares tag values case-insensitively in queries).
 * Rows of other tags or without a value (untagged cost) are left out.
 *
 * @param tagName - the tag grouped by, e.g. `service`
 * @public
 */
export function parseSpendByTag(
  result: CostQueryResult,
  options: { tagName: string; what: string },
): Map<string, number> {
  const { tagName, what } = options;
  if (!hasRows(result)) {
    return new Map();
  }
  const table = new ResultTable(result, what);
  const cost = table.column(costColumns, 'cost', what);
  const key = table.column(['TagKey'], 'TagKey', what);
  const value = table.column(['TagValue'], 'TagValue', what);
  const totals = new Map<string, number>();
  for (const row of table.rows()) {
    checkCurrency(table, row, what);
    const tag = String(row[value] ?? '').toLowerCase();
    if (
      String(row[key] ?? '').toLowerCase() !== tagName.toLowerCase() ||
      !tag
    ) {
      continue;
    }
    totals.set(tag, (totals.get(tag) ?? 0) + amount(row[cost], what));
  }
  for (const [tag, usd] of totals) totals.set(tag, roundCents(usd));
  return totals;
}
