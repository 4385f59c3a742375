import {
  attainment,
  budgetRemaining,
  burnRate,
  historyHeld,
  type SloHistoryHeld,
  promqlDuration,
  queryForWindow,
  sloStatus,
  type SloMeasurement,
} from '@internal/plugin-slo-common';
import type { PrometheusQuerier } from '../PrometheusQuerier';

const HOUR_IN_DAYS = 1 / 24;
const DAY_SECONDS = 24 * 60 * 60;

/** What an objective needs to be measured. */
export interface MeasurableSlo {
  objective: number;
  windowDays: number;
  indicator: { good: string; total: string };
}

/** Good and total events over one window, as summed by the querier. */
interface Events {
  good?: number;
  total?: number;
}

/**
 * Measures one objective at `now`: attainment and budget left over its whole window, burn rates
 * over the last hour and six hours. All six queries are evaluated at the same instant so the
 * numbers agree with each other. Beside them, how many days of the window the server holds
 * (see {@link readHistoryHeld}); that one failing leaves the others standing.
 *
 * @throws PrometheusQueryError when any of the six queries fails; the caller reports it on this
 *   SLO only.
 */
export async function measureSlo(
  slo: MeasurableSlo,
  querier: PrometheusQuerier,
  now: Date,
): Promise<SloMeasurement> {
  const events = async (windowDays: number): Promise<Events> => {
    const window = promqlDuration(windowDays);
    const [good, total] = await Promise.all([
      querier.instantSum(queryForWindow(slo.indicator.good, window), now),
      querier.instantSum(queryForWindow(slo.indicator.total, window), now),
    ]);
    return { good, total };
  };
  const [whole, lastHour, lastSixHours, held] = await Promise.all([
    events(slo.windowDays),
    events(HOUR_IN_DAYS),
    events(6 * HOUR_IN_DAYS),
    readHistoryHeld(slo, querier, now).then(
      history => ({ history }),
      (error: Error) => ({ historyError: error.message }),
    ),
  ]);

  const wholeCounts = countsOf(whole);
  const rate = (e: Events) => {
    const counts = countsOf(e);
    return counts && burnRate(slo.objective, counts.good, counts.total);
  };
  const measurement = {
    attainment: wholeCounts && attainment(wholeCounts.good, wholeCounts.total),
    budgetRemaining:
      wholeCounts &&
      budgetRemaining(slo.objective, wholeCounts.good, wholeCounts.total),
    burnRate1h: rate(lastHour),
    burnRate6h: rate(lastSixHours),
  };
  return {
    ...measurement,
    status: sloStatus(measurement),
    measuredAt: now.toISOString(),
    ...held,
  };
}

/**
 * How many days of the window the server holds: the total events per day over the window (one
 * range query, a step a day ending `now`), counted from the first day with a sample. The TSDB
 * status API would give the oldest sample of the whole server, not of this service's series, and
 * Azure Monitor has none; a range query works on both.
 */
export async function readHistoryHeld(
  slo: MeasurableSlo,
  querier: PrometheusQuerier,
  now: Date,
): Promise<SloHistoryHeld> {
  const windowDays = Math.max(1, Math.ceil(slo.windowDays - 1e-9));
  const end = now.getTime() / 1000;
  const perDay = await querier.rangeSums(
    queryForWindow(slo.indicator.total, promqlDuration(1)),
    {
      start: new Date((end - (windowDays - 1) * DAY_SECONDS) * 1000),
      end: now,
      stepSeconds: DAY_SECONDS,
    },
  );
  return historyHeld({ sampleTimes: perDay.keys(), end, windowDays });
}

/**
 * The counts to compute with, or undefined when there were no events. An empty good result next
 * to a non-empty total means no request was good (the good series never appeared), i.e. 0.
 */
export function countsOf(
  events: Events,
): { good: number; total: number } | undefined {
  if (events.total === undefined || !(events.total > 0)) return undefined;
  return { good: events.good ?? 0, total: events.total };
}
