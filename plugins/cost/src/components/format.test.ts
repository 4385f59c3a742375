import {
  basisLabel,
  budgetPercent,
  formatAgainstBudget,
  formatMonth,
} from './format';

describe('budget', () => {
  it('reads as the amount against the budget with the share used', () => {
    expect(formatAgainstBudget(312, 320)).toBe('$312 of $320 budget (98 %)');
    expect(budgetPercent(668, 600)).toBe(111);
  });
});

describe('labels', () => {
  it('names the basis in the exact words the UI uses', () => {
    expect(basisLabel('estimate')).toBe('Estimate');
    expect(basisLabel('actual')).toBe('Actual');
  });

  it('spells out the month', () => {
    expect(formatMonth('2026-11')).toBe('November 2026');
    expect(formatMonth('month to date')).toBe('month to date');
  });
});
