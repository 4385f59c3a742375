import { decisionNumber } from './format';

describe('decisionNumber', () => {
  it('reads the MADR number from the file name', () => {
    expect(decisionNumber('0009-defer-service-mesh.md')).toBe('0009');
    expect(decisionNumber('docs/decisions/0010-x.md')).toBe('0010');
    expect(decisionNumber('README.md')).toBeUndefined();
  });
});
