import { formatPercent, formatTruncated } from './format';

describe('formatPercent', () => {
  it.each([
    [0.9995, '99.95 %'],
    [0.9999, '99.99 %'],
    [0.95, '95 %'],
    [0.99981234, '99.981 %'],
    [0.9999996, '99.999 %'], // never rounded up to a perfect score
    [1, '100 %'],
    [0, '0 %'],
  ])('%s is %s', (ratio, text) => {
    expect(formatPercent(ratio)).toBe(text);
  });

  it('takes fewer decimals when asked', () => {
    expect(formatPercent(0.60349, 1)).toBe('60.3 %');
  });
});

describe('formatTruncated', () => {
  it('cuts decimals instead of rounding them', () => {
    expect(formatTruncated(2.99, 0)).toBe('2');
    expect(formatTruncated(1234.56, 1)).toBe('1,234.5');
  });
});
