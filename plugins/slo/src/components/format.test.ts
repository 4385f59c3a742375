import {
  byUrgency,
  describeBudgetLeft,
  describeErrorBudget,
  describeHistoryHeld,
  formatBurnRate,
  formatDuration,
  formatInstant,
  formatWindow,
} from './format';

describe('formatBurnRate', () => {
  it.each([
    [0.2, '0.2×'],
    [1, '1×'],
    [2.34, '2.3×'],
    [14.4, '14.4×'],
    [2000, '2,000×'],
  ])('%s is %s', (rate, text) => {
    expect(formatBurnRate(rate)).toBe(text);
  });
});

describe('formatDuration and formatWindow', () => {
  it.each([
    [40.32, '40.3 minutes'],
    [1, '1 minute'],
    [0.5, '30 seconds'],
    [2016, '33.6 hours'],
    [4320, '3 days'],
    [-12.1, '12.1 minutes'],
  ])('%s minutes is %s', (minutes, text) => {
    expect(formatDuration(minutes)).toBe(text);
  });

  it('names windows in days, or hours below a day', () => {
    expect(formatWindow(28)).toBe('28 days');
    expect(formatWindow(1)).toBe('1 day');
    expect(formatWindow(0.25)).toBe('6 hours');
  });
});

describe('describeErrorBudget', () => {
  it('says what the objective allows over its window', () => {
    expect(
      describeErrorBudget({
        objective: 0.999,
        windowDays: 28,
        errorBudget: { fullOutageMinutes: 40.32 },
      }),
    ).toBe('99.9 % over 28 days allows 40.3 minutes of full outage');
  });
});

describe('describeBudgetLeft', () => {
  it('gives what is left as a share and as time', () => {
    expect(describeBudgetLeft(0.6, 20.16)).toBe(
      '60 % left · 12 minutes of full outage',
    );
  });

  it('says by how much an overspent budget is over', () => {
    expect(describeBudgetLeft(-1, 2016)).toBe(
      'overspent by 100 % · 33.6 hours of outage too much',
    );
  });
});

describe('byUrgency', () => {
  it('puts critical first and ok last', () => {
    const slo = (
      displayName: string,
      status?: 'ok' | 'warning' | 'critical',
    ) => ({
      displayName,
      measurement: status && { status },
    });
    expect(
      [
        slo('a ok', 'ok'),
        slo('b none'),
        slo('c critical', 'critical'),
        slo('d warning', 'warning'),
        slo('a critical', 'critical'),
      ]
        .sort(byUrgency)
        .map(s => s.displayName),
    ).toEqual(['a critical', 'c critical', 'd warning', 'b none', 'a ok']);
  });
});

describe('describeHistoryHeld', () => {
  it.each([
    [4, 28, 'history: 4 of 28 days'],
    [0, 30, 'history: 0 of 30 days'],
    [1, 1, 'history: 1 of 1 day'],
  ])('%s of %s days is %s', (daysHeld, windowDays, text) => {
    expect(describeHistoryHeld({ daysHeld, windowDays })).toBe(text);
  });
});

describe('formatInstant', () => {
  it('shows minutes in UTC', () => {
    expect(formatInstant('2026-12-07T11:13:29.119Z')).toBe(
      '2026-12-07 11:13 UTC',
    );
  });
});
