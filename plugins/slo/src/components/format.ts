import {
  formatPercent,
  formatTruncated,
  type SloStatus,
} from '@internal/plugin-slo-common';

/** A burn rate as a multiple of the sustainable rate: `0.2×`, `2.3×`, `2,000×`. */
export function formatBurnRate(rate: number): string {
  return `${formatTruncated(rate, rate < 100 ? 1 : 0)}×`;
}

const plural = (value: string, unit: string) =>
  `${value} ${unit}${value === '1' ? '' : 's'}`;

/** A duration in minutes, in the unit a person would use: `40.3 minutes`, `33.6 hours`. */
export function formatDuration(minutes: number): string {
  const m = Math.abs(minutes);
  if (m < 1) return plural(formatTruncated(m * 60, 0), 'second');
  if (m < 120) return plural(formatTruncated(m, 1), 'minute');
  if (m < 48 * 60) return plural(formatTruncated(m / 60, 1), 'hour');
  return plural(formatTruncated(m / (24 * 60), 1), 'day');
}

/** An SLO window: `28 days`, `1 day`, `6 hours`. */
export function formatWindow(days: number): string {
  return days >= 1
    ? plural(formatTruncated(days, 1), 'day')
    : formatDuration(days * 24 * 60);
}

/** `99.9 % over 28 days allows 40.3 minutes of full outage`. */
export function describeErrorBudget(slo: {
  objective: number;
  windowDays: number;
  errorBudget: { fullOutageMinutes: number };
}): string {
  return `${formatPercent(slo.objective)} over ${formatWindow(
    slo.windowDays,
  )} allows ${formatDuration(
    slo.errorBudget.fullOutageMinutes,
  )} of full outage`;
}

/**
 * The error budget left, as a share and as time of full outage still affordable:
 * `60 % left · 12.1 minutes of full outage`, or `overspent by 100 % · 33.6 hours too much`.
 */
export function describeBudgetLeft(
  remaining: number,
  fullOutageMinutes: number,
): string {
  const minutes = remaining * fullOutageMinutes;
  if (remaining >= 0) {
    return `${formatPercent(remaining, 1)} left · ${formatDuration(
      minutes,
    )} of full outage`;
  }
  return `overspent by ${formatPercent(-remaining, 1)} · ${formatDuration(
    minutes,
  )} of outage too much`;
}

/** How the status chip reads. */
export const STATUS_LABEL: Record<SloStatus, string> = {
  critical: 'Critical',
  warning: 'Warning',
  ok: 'OK',
  'no-data': 'No data',
};

const STATUS_ORDER: Record<SloStatus, number> = {
  critical: 0,
  warning: 1,
  'no-data': 2,
  ok: 3,
};

/** Most urgent first: critical, warning, no data, ok; then by name. */
export function byUrgency<
  T extends { displayName: string; measurement?: { status: SloStatus } },
>(a: T, b: T): number {
  const order = (slo: T) => STATUS_ORDER[slo.measurement?.status ?? 'no-data'];
  return (
    order(a) - order(b) || a.displayName.localeCompare(b.displayName, 'en')
  );
}

/** An instant as the card shows it, in UTC so every reader sees the same: `2026-12-07 11:13 UTC`. */
export function formatInstant(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** How much of the window the attainment covers: `history: 4 of 28 days`. */
export function describeHistoryHeld(history: {
  daysHeld: number;
  windowDays: number;
}): string {
  return `history: ${history.daysHeld} of ${plural(
    String(history.windowDays),
    'day',
  )}`;
}
