/**
 * Rounds a dollar amount to cents, as totals are shown.
 *
 * @public
 */
export function roundCents(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The sum of the amounts (0 for none). */
export function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

const wholeDollars = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 0,
});
const cents = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/**
 * US dollars as people read them: `$3,000`, `$312`; cents only under $10, where rounding to the
 * dollar would hide the figure (a $0.40 line should not read as $0).
 *
 * @public
 */
export function formatUsd(usd: number): string {
  return Math.abs(usd) < 10 && !Number.isInteger(usd)
    ? cents.format(usd)
    : wholeDollars.format(usd);
}
