import { hasWindowPlaceholder, promqlDuration, queryForWindow } from './promql';

describe('promqlDuration', () => {
  it.each([
    [28, '28d'],
    [1, '1d'],
    [1 / 24, '1h'],
    [0.25, '6h'],
    [1.5, '36h'],
    [30 / 1440, '30m'],
    [90.5 / 1440, '5430s'],
  ])('%s days is %s', (days, expected) => {
    expect(promqlDuration(days)).toBe(expected);
  });

  it('refuses windows PromQL cannot express', () => {
    expect(() => promqlDuration(0)).toThrow(
      'window of 0 days: a PromQL range must be a positive duration',
    );
    expect(() => promqlDuration(Number.NaN)).toThrow(/positive duration/);
    expect(() => promqlDuration(1 / 1e6)).toThrow(
      /shorter than the one second/,
    );
  });
});

describe('queryForWindow', () => {
  it('replaces every placeholder, with or without spaces', () => {
    expect(
      queryForWindow(
        'sum(rate(a[{{.window}}])) / sum(rate(b[{{ .window }}]))',
        '1h',
      ),
    ).toBe('sum(rate(a[1h])) / sum(rate(b[1h]))');
  });

  it('leaves other templates and label braces alone', () => {
    expect(queryForWindow('sum(rate(a{x="1"}[{{.range}}]))', '1h')).toBe(
      'sum(rate(a{x="1"}[{{.range}}]))',
    );
  });
});

describe('hasWindowPlaceholder', () => {
  it('tells window-dependent queries from fixed ones', () => {
    expect(hasWindowPlaceholder('rate(a[{{.window}}])')).toBe(true);
    expect(hasWindowPlaceholder('rate(a[{{.window}}])')).toBe(true); // regex state is not kept
    expect(hasWindowPlaceholder('rate(a[5m])')).toBe(false);
  });
});
