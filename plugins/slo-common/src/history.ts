import type { SloHistoryHeld } from './api';

const DAY_SECONDS = 24 * 60 * 60;

/**
 * How many days of an objective's window the data source holds, from a daily range query of the
 * indicator's total events (one step a day, the last step at `end`): the days from the earliest
 * step with a sample up to `end`, at most the window. A gap in the middle (an outage of the
 * scrape) still counts as held: the window is held from its first sample on.
 *
 * @param sampleTimes - Unix seconds of the steps that had a sample.
 * @param end - Unix seconds of the last step (now).
 * @public
 */
export function historyHeld(options: {
  sampleTimes: Iterable<number>;
  end: number;
  windowDays: number;
}): SloHistoryHeld {
  const windowDays = Math.max(1, Math.ceil(options.windowDays - 1e-9));
  let earliest: number | undefined;
  for (const time of options.sampleTimes) {
    if (time <= options.end && (earliest === undefined || time < earliest)) {
      earliest = time;
    }
  }
  const daysHeld =
    earliest === undefined
      ? 0
      : Math.min(
          windowDays,
          Math.round((options.end - earliest) / DAY_SECONDS) + 1,
        );
  return { daysHeld, windowDays, partial: daysHeld < windowDays };
}
