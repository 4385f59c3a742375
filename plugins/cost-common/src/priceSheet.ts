import { isRecord, parseWithProblems } from '@internal/schema-problems';
import { z } from 'zod';
import { InvalidPriceSheetError } from './errors';

/**
 * How a price is charged. Capacity meters (`…-hour`, `…-day`, `…-month`) are billed for as long
 * as the resource exists; usage meters are billed per unit consumed.
 *
 * @public
 */
export type PriceUnit =
  | 'cluster-hour'
  | 'vm-hour'
  | 'server-hour'
  | 'cache-hour'
  | 'lb-hour'
  | 'ip-hour'
  | 'gateway-hour'
  | 'endpoint-hour'
  | '100-RU/s-hour'
  | 'registry-day'
  | 'profile-month'
  | 'zone-month'
  | 'disk-month'
  | 'GB-month'
  | 'GB'
  | '10k-requests'
  | '10k-operations'
  | 'million-queries';

const priceUnits: [PriceUnit, ...PriceUnit[]] = [
  'cluster-hour',
  'vm-hour',
  'server-hour',
  'cache-hour',
  'lb-hour',
  'ip-hour',
  'gateway-hour',
  'endpoint-hour',
  '100-RU/s-hour',
  'registry-day',
  'profile-month',
  'zone-month',
  'disk-month',
  'GB-month',
  'GB',
  '10k-requests',
  '10k-operations',
  'million-queries',
];

/** @public */
export interface PriceItem {
  /** Stable key the estimates look prices up by, e.g. `vm.Standard_D4ds_v5`. */
  id: string;
  /** What Azure bills, in words. */
  meter: string;
  unit: PriceUnit;
  /** List price in the sheet's currency per one `unit`. */
  usd: number;
  /** Where the price was read. */
  source: string;
}

/** @public */
export interface PriceSheet {
  currency: 'USD';
  region: string;
  /** The date the prices were read (YYYY-MM-DD). */
  asOf: string;
  hoursPerMonth: number;
  prices: PriceItem[];
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

const priceSheetSchema = z.object({
  currency: z.literal('USD', {
    error: 'currency must be USD (the budgets are in USD)',
  }),
  region: z.string().min(1),
  asOf: z
    .string({
      error: 'asOf is required: the date the prices were read, as YYYY-MM-DD',
    })
    .regex(isoDate, 'asOf must be a date written YYYY-MM-DD'),
  hoursPerMonth: z.number().int().min(672).max(744),
  prices: z
    .array(
      z.object({
        id: z.string().regex(/^[A-Za-z0-9_./-]+$/, 'id must be a dotted key'),
        meter: z.string().min(1),
        unit: z.enum(priceUnits, {
          error: `unit must be one of ${priceUnits.join(', ')}`,
        }),
        usd: z
          .number({ error: 'usd must be a number (the list price)' })
          .nonnegative('usd must not be negative'),
        source: z.string().url('source must be the URL the price was read at'),
      }),
    )
    .min(1),
});

/**
 * Validates a parsed price sheet document. Reports every problem at once, each with its place in
 * the sheet (e.g. `prices[3] (vm.Standard_D4ds_v5).usd: usd must not be negative`).
 *
 * @public
 */
export function parsePriceSheet(document: unknown): PriceSheet {
  const result = parseWithProblems(priceSheetSchema, document, {
    root: '(sheet)',
    label: path => priceLabel(document, path),
  });
  if (!result.success) {
    throw new InvalidPriceSheetError(result.problems);
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  result.data.prices.forEach((item, index) => {
    if (seen.has(item.id)) {
      problems.push(
        `prices[${index}] (${item.id}): the id is listed twice; keep one price per meter`,
      );
    }
    seen.add(item.id);
  });
  if (problems.length > 0) {
    throw new InvalidPriceSheetError(problems);
  }
  return result.data as PriceSheet;
}

/** A price is named by its id: `prices[3] (vm.Standard_D4ds_v5).usd`. */
function priceLabel(
  document: unknown,
  path: readonly PropertyKey[],
): string | undefined {
  const [first, index] = path;
  if (path.length !== 2 || first !== 'prices' || typeof index !== 'number') {
    return undefined;
  }
  const prices = isRecord(document) ? document.prices : undefined;
  const price = Array.isArray(prices) ? prices[index] : undefined;
  const id = isRecord(price) ? price.id : undefined;
  return typeof id === 'string' ? id : undefined;
}

/**
 * The monthly charge of `quantity` units of a capacity meter (VMs, servers, zones…), or of
 * `quantity` units consumed in a month for a usage meter.
 *
 * @public
 */
export function monthlyCost(
  sheet: PriceSheet,
  priceId: string,
  quantity: number,
): number {
  const item = sheet.prices.find(p => p.id === priceId);
  if (!item) {
    throw new InvalidPriceSheetError([
      `no price for "${priceId}": add it to the price sheet (id, meter, unit, usd, source)`,
    ]);
  }
  return item.usd * quantity * unitsPerMonth(sheet, item.unit);
}

/** How many billing units one resource accrues in a month (1 for usage meters). */
function unitsPerMonth(sheet: PriceSheet, unit: PriceUnit): number {
  if (unit.endsWith('-hour')) {
    return sheet.hoursPerMonth;
  }
  if (unit.endsWith('-day')) {
    return sheet.hoursPerMonth / 24;
  }
  return 1;
}
