import { isDecisionFile } from './decisionFiles';

describe('isDecisionFile', () => {
  it.each([
    ['0009-defer-service-mesh.md', true],
    ['0001-Record.MD', true],
    ['README.md', false],
    ['readme.md', false],
    ['template/0001.md', false],
    ['notes.txt', false],
  ])('%s → %s', (file, expected) => {
    expect(isDecisionFile(file)).toBe(expected);
  });
});
