import { InvalidObjectiveError } from './sloMath';

const SECONDS_PER_DAY = 24 * 60 * 60;

/**
 * A window in days as a PromQL range duration: `28d`, `6h`, `30m` or, when nothing coarser is
 * exact, whole seconds. PromQL ranges take whole numbers with a unit, so `0.25d` becomes `6h`.
 *
 * @public
 */
export function promqlDuration(days: number): string {
  if (!(days > 0) || !Number.isFinite(days)) {
    throw new InvalidObjectiveError(
      `window of ${days} days: a PromQL range must be a positive duration`,
    );
  }
  const seconds = Math.round(days * SECONDS_PER_DAY);
  if (seconds < 1) {
    throw new InvalidObjectiveError(
      `window of ${days} days is shorter than the one second PromQL can express`,
    );
  }
  for (const [unit, size] of [
    ['d', SECONDS_PER_DAY],
    ['h', 60 * 60],
    ['m', 60],
  ] as const) {
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}

// OpenSLO's Prometheus queries use Go template syntax; accept the spacing Go accepts.
const WINDOW_PLACEHOLDER = /\{\{-?\s*\.window\s*-?\}\}/g;

/**
 * An indicator query with its `{{.window}}` placeholder replaced by a PromQL range duration,
 * e.g. `rate(x[{{.window}}])` with `1h` becomes `rate(x[1h])`.
 *
 * @public
 */
export function queryForWindow(query: string, window: string): string {
  return query.replace(WINDOW_PLACEHOLDER, window);
}

/**
 * Whether an indicator query depends on the window at all. A query without `{{.window}}` gives
 * the same answer for every window, so burn rates over 1 h and 28 d could not differ.
 *
 * @public
 */
export function hasWindowPlaceholder(query: string): boolean {
  return new RegExp(WINDOW_PLACEHOLDER.source).test(query);
}
