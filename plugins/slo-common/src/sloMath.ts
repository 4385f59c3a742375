/**
 * The arithmetic of service level objectives, over counts of good and total events
 * (OpenSLO's `Occurrences` budgeting method). Objectives are ratios (0.999 for 99.9 %).
 */

const MINUTES_PER_DAY = 24 * 60;

/** Thrown for an objective or window no SLO can have. */
export class InvalidObjectiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidObjectiveError';
  }
}

function checkObjective(objective: number) {
  if (!(objective > 0 && objective < 1)) {
    throw new InvalidObjectiveError(
      `objective ${objective} must be a ratio between 0 and 1 (exclusive), e.g. 0.999 for 99.9 %`,
    );
  }
}

/**
 * The error budget of an objective over a window: the share of events allowed to fail, and what
 * that is in minutes of full outage (e.g. 99.9 % over 30 days allows 43.2 minutes).
 */
export function errorBudget(
  objective: number,
  windowDays: number,
): { allowedFailureRatio: number; fullOutageMinutes: number } {
  checkObjective(objective);
  if (!(windowDays > 0)) {
    throw new InvalidObjectiveError(
      `window of ${windowDays} days: an SLO window must be a positive number of days`,
    );
  }
  const allowedFailureRatio = 1 - objective;
  return {
    allowedFailureRatio,
    fullOutageMinutes: allowedFailureRatio * windowDays * MINUTES_PER_DAY,
  };
}

/** The share of good events, or undefined when there were none at all (no traffic, no verdict). */
export function attainment(good: number, total: number): number | undefined {
  if (!(total > 0)) return undefined;
  return Math.min(1, Math.max(0, good / total));
}

/**
 * How fast the budget burns: the observed failure ratio divided by the allowed one. 1 spends
 * exactly the budget over the window; 14.4 over one hour spends 2 % of a 30-day budget.
 */
export function burnRate(
  objective: number,
  good: number,
  total: number,
): number | undefined {
  checkObjective(objective);
  const achieved = attainment(good, total);
  if (achieved === undefined) return undefined;
  return (1 - achieved) / (1 - objective);
}

/**
 * The share of the window's error budget still unspent, given the window's events so far:
 * 1 untouched, 0 spent, negative when the objective is already missed.
 */
export function budgetRemaining(
  objective: number,
  good: number,
  total: number,
): number | undefined {
  const rate = burnRate(objective, good, total);
  return rate === undefined ? undefined : 1 - rate;
}

/** The verdict the SLO card shows. */
export type SloStatus = 'ok' | 'warning' | 'critical' | 'no-data';

/**
 * Multi-window burn-rate alerting (the Google SRE workbook's thresholds for a 30-day window):
 * critical when both the 1 h and the 6 h burn rates are high enough to spend 2 % / 5 % of the
 * budget in that time (14.4 and 6), warning when the 6 h rate alone exceeds 6 or the budget is
 * nearly gone, otherwise ok.
 */
export function sloStatus(options: {
  burnRate1h?: number;
  burnRate6h?: number;
  budgetRemaining?: number;
}): SloStatus {
  const { burnRate1h, burnRate6h, budgetRemaining: remaining } = options;
  if (
    burnRate1h === undefined &&
    burnRate6h === undefined &&
    remaining === undefined
  ) {
    return 'no-data';
  }
  if ((burnRate1h ?? 0) >= 14.4 && (burnRate6h ?? 0) >= 6) return 'critical';
  if (remaining !== undefined && remaining <= 0) return 'critical';
  if ((burnRate6h ?? 0) >= 6 || (remaining !== undefined && remaining < 0.1)) {
    return 'warning';
  }
  return 'ok';
}

/** Parses an OpenSLO duration such as `28d`, `4w`, `6h` or `30m` into days. */
export function durationDays(duration: string): number {
  const match = /^(\d+(?:\.\d+)?)(m|h|d|w)$/.exec(duration.trim());
  if (!match) {
    throw new InvalidObjectiveError(
      `duration "${duration}": write a number and a unit m, h, d or w (e.g. 28d)`,
    );
  }
  const value = Number(match[1]);
  const perDay = { m: 1 / MINUTES_PER_DAY, h: 1 / 24, d: 1, w: 7 }[
    match[2] as 'm' | 'h' | 'd' | 'w'
  ];
  return value * perDay;
}
