import { historyHeld } from './history';

const DAY = 86_400;
const END = 1_796_642_003;

describe('historyHeld', () => {
  it('counts the days from the earliest sample to today', () => {
    // Samples on the last four daily steps: Prometheus holds four of 28 days.
    const sampleTimes = [3, 2, 1, 0].map(d => END - d * DAY);
    expect(historyHeld({ sampleTimes, end: END, windowDays: 28 })).toEqual({
      daysHeld: 4,
      windowDays: 28,
      partial: true,
    });
  });

  it('counts a gap after the first sample as held', () => {
    const sampleTimes = [END - 9 * DAY, END - DAY, END];
    expect(
      historyHeld({ sampleTimes, end: END, windowDays: 28 }).daysHeld,
    ).toBe(10);
  });

  it('is the whole window, not partial, when the first step has a sample', () => {
    const sampleTimes = Array.from({ length: 28 }, (_, d) => END - d * DAY);
    expect(historyHeld({ sampleTimes, end: END, windowDays: 28 })).toEqual({
      daysHeld: 28,
      windowDays: 28,
      partial: false,
    });
  });

  it('is 0 days without any sample', () => {
    expect(historyHeld({ sampleTimes: [], end: END, windowDays: 30 })).toEqual({
      daysHeld: 0,
      windowDays: 30,
      partial: true,
    });
  });

  it('rounds a fractional window up and tolerates steps at fractional seconds', () => {
    expect(
      historyHeld({
        sampleTimes: [END + 0.123 - 2 * DAY],
        end: END + 0.123,
        windowDays: 2.5,
      }),
    ).toEqual({ daysHeld: 3, windowDays: 3, partial: false });
  });
});
