// Truncate rather than round, so 99.9996 % never shows as a perfect 100 % and an achievable
// 99.94 % never rounds up past a declared 99.95 %; toPrecision first removes binary noise
// (0.9995 × 100 = 99.94999999999999).
function truncated(value: number, maxDecimals: number): string {
  return new Intl.NumberFormat('en-US', {
    maximumFractionDigits: maxDecimals,
    roundingMode: 'trunc',
  } as Intl.NumberFormatOptions).format(Number(value.toPrecision(12)));
}

/** An availability ratio as a percentage: 0.9995 → `99.95 %`, 0.99940005 → `99.94 %`. */
export function formatPercent(ratio: number): string {
  return `${truncated(ratio * 100, 3)} %`;
}

/** Whole US dollars, as budgets are set: 812.4 → `$812`. */
export function formatUsd(usd: number): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    maximumFractionDigits: 0,
  }).format(usd);
}

/** The record's number from its MADR file name: `0009-defer-service-mesh.md` → `0009`. */
export function decisionNumber(file: string): string | undefined {
  return /^(\d+)[-_]/.exec(file.split('/').pop() ?? '')?.[1];
}
