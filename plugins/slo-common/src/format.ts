/**
 * A number with at most `maxDecimals` decimals, truncated rather than rounded: 99.9996 % never
 * shows as a perfect 100 %, and an achievable 99.94 % never rounds up past a declared 99.95 %.
 * The toPrecision pass first removes binary noise (0.9995 × 100 = 99.94999999999999).
 *
 * @public
 */
export function formatTruncated(value: number, maxDecimals: number): string {
  return new Intl.NumberFormat('en-US', {
    maximumFractionDigits: maxDecimals,
    roundingMode: 'trunc',
  } as Intl.NumberFormatOptions).format(Number(value.toPrecision(12)));
}

/**
 * A ratio as a percentage with up to `maxDecimals` decimals, truncated:
 * 0.9995 → `99.95 %`, 0.99940005 → `99.94 %`.
 *
 * @public
 */
export function formatPercent(ratio: number, maxDecimals = 3): string {
  return `${formatTruncated(ratio * 100, maxDecimals)} %`;
}
