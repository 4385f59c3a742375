import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { CommerceBudgetField } from './CommerceBudgetField';

/** The name templates use: `ui:field: CommerceBudget`. */
export const COMMERCE_BUDGET_FIELD_NAME = 'CommerceBudget';

/** The scaffolder form field, loaded lazily by the plugin's FormFieldBlueprint extension. */
export const commerceBudgetFormField = createFormField({
  name: COMMERCE_BUDGET_FIELD_NAME,
  component: CommerceBudgetField,
});
