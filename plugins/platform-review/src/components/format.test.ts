import { decisionNumber, formatPercent, formatUsd } from './format';

describe('formatPercent', () => {
  it('truncates, so an achievable value never rounds up to the objective', () => {
    expect(formatPercent(0.9995)).toBe('99.95 %');
    expect(formatPercent(0.99940005)).toBe('99.94 %');
    expect(formatPercent(0.999999)).toBe('99.999 %');
    expect(formatPercent(1)).toBe('100 %');
  });
});

describe('formatUsd', () => {
  it('shows whole dollars with separators', () => {
    expect(formatUsd(3412)).toBe('$3,412');
    expect(formatUsd(812.6)).toBe('$813');
  });
});

describe('decisionNumber', () => {
  it('reads the MADR number from the file name', () => {
    expect(decisionNumber('0009-defer-service-mesh.md')).toBe('0009');
    expect(decisionNumber('docs/decisions/0010-x.md')).toBe('0010');
    expect(decisionNumber('README.md')).toBeUndefined();
  });
});
