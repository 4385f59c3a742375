import { formatUsd, roundCents, sum } from './money';

describe('formatUsd', () => {
  it('shows whole dollars with thousands separators', () => {
    expect(formatUsd(3000)).toBe('$3,000');
    expect(formatUsd(311.6)).toBe('$312');
  });

  it('keeps the cents of small amounts', () => {
    expect(formatUsd(0.4)).toBe('$0.40');
    expect(formatUsd(7)).toBe('$7');
  });
});

describe('roundCents and sum', () => {
  it('round to the cent the way totals are shown', () => {
    expect(roundCents(0.1 + 0.2)).toBe(0.3);
    expect(roundCents(2.675)).toBe(2.68);
    expect(sum([])).toBe(0);
    expect(sum([1.5, 2.25])).toBe(3.75);
  });
});
