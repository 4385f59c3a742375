import {
  attainment,
  budgetRemaining,
  burnRate,
  durationDays,
  errorBudget,
  InvalidObjectiveError,
  sloStatus,
} from './sloMath';

describe('errorBudget', () => {
  it.each([
    // objective, days, minutes of full outage allowed
    [0.999, 30, 43.2], // 0.001 × 30 × 1440
    [0.9999, 30, 4.32],
    [0.9995, 28, 20.16], // 0.0005 × 28 × 1440
    [0.9999, 28, 4.032],
    [0.99, 7, 100.8],
  ])('%s over %s days allows %s minutes', (objective, days, minutes) => {
    const budget = errorBudget(objective, days);
    expect(budget.fullOutageMinutes).toBeCloseTo(minutes, 6);
    expect(budget.allowedFailureRatio).toBeCloseTo(1 - objective, 12);
  });

  it('refuses objectives written as percentages and empty windows', () => {
    expect(() => errorBudget(99.9, 30)).toThrow(
      'objective 99.9 must be a ratio between 0 and 1 (exclusive), e.g. 0.999 for 99.9 %',
    );
    expect(() => errorBudget(1, 30)).toThrow(InvalidObjectiveError);
    expect(() => errorBudget(0.999, 0)).toThrow(/positive number of days/);
  });
});

describe('attainment, burn rate and budget remaining', () => {
  it('works a day of traffic through by hand', () => {
    // 1,000,000 requests, 400 failed, objective 99.95 % (0.05 % = 500 may fail):
    // attainment 0.9996; burn rate 0.0004 / 0.0005 = 0.8; 20 % of the budget left.
    expect(attainment(999_600, 1_000_000)).toBeCloseTo(0.9996, 12);
    expect(burnRate(0.9995, 999_600, 1_000_000)).toBeCloseTo(0.8, 9);
    expect(budgetRemaining(0.9995, 999_600, 1_000_000)).toBeCloseTo(0.2, 9);
  });

  it('goes negative when the objective is already missed', () => {
    // 2 % failures against a 1 % allowance: burn rate 2, the budget overspent by 100 %.
    expect(burnRate(0.99, 98, 100)).toBeCloseTo(2, 9);
    expect(budgetRemaining(0.99, 98, 100)).toBeCloseTo(-1, 9);
  });

  it('gives no verdict without traffic', () => {
    expect(attainment(0, 0)).toBeUndefined();
    expect(burnRate(0.999, 0, 0)).toBeUndefined();
    expect(budgetRemaining(0.999, 0, 0)).toBeUndefined();
  });
});

describe('sloStatus', () => {
  it.each([
    [{ burnRate1h: 20, burnRate6h: 7, budgetRemaining: 0.8 }, 'critical'],
    [{ burnRate1h: 20, burnRate6h: 2, budgetRemaining: 0.8 }, 'ok'], // a short spike only
    [{ burnRate1h: 3, burnRate6h: 6.5, budgetRemaining: 0.8 }, 'warning'],
    [{ burnRate1h: 0.5, burnRate6h: 0.5, budgetRemaining: 0.05 }, 'warning'],
    [{ burnRate1h: 0.5, burnRate6h: 0.5, budgetRemaining: -0.2 }, 'critical'],
    [{ burnRate1h: 0.5, burnRate6h: 0.9, budgetRemaining: 0.7 }, 'ok'],
    [{}, 'no-data'],
  ] as const)('%j is %s', (input, status) => {
    expect(sloStatus(input)).toBe(status);
  });
});

describe('durationDays', () => {
  it('reads OpenSLO durations', () => {
    expect(durationDays('28d')).toBe(28);
    expect(durationDays('4w')).toBe(28);
    expect(durationDays('6h')).toBeCloseTo(0.25, 12);
    expect(durationDays('30m')).toBeCloseTo(30 / 1440, 12);
  });

  it('says how to write a duration it cannot read', () => {
    expect(() => durationDays('a month')).toThrow(
      'duration "a month": write a number and a unit m, h, d or w (e.g. 28d)',
    );
  });
});
