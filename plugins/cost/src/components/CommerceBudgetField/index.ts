export { CommerceBudgetField } from './CommerceBudgetField';
export type { CommerceBudgetUiOptions } from './CommerceBudgetField';
