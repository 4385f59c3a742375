import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { CostEstimatePreview } from './CostEstimatePreview';

/**
 * `ui:options` of the `CommerceBudget` field.
 *
 * @public
 */
export interface CommerceBudgetUiOptions {
  /**
   * The blueprint kind whose estimate is shown (product, order, cart, payment).
   *
   * Given per template in `ui:options` rather than looked up from the template's
   * `commerce.platform/service-kind` annotation: a field receives neither the template nor its
   * ref (only the route URL has it, and the template editor's preview has no such URL), while
   * `ui:options` is how a scaffolder field is meant to be configured. The shared form holds a
   * `KIND` placeholder that each template fills in, as the shared steps already do.
   */
  serviceKind?: string;
}

/** The form's values so far, as the scaffolder's Stepper passes them in `formContext`. */
interface ScaffolderFormContext {
  formData?: { region?: unknown };
}

/** The budget as a number, or undefined while the box is empty (the schema then says "required"). */
function parseBudget(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * The monthly budget input of the commerce-service templates, with the estimated monthly cost of
 * the chosen kind in the chosen region under it, and a warning when the estimate exceeds the
 * budget typed. The schema's own rules (number, greater than 0, default 300) still apply.
 *
 * @public
 */
export function CommerceBudgetField(
  props: FieldExtensionComponentProps<
    number | undefined,
    CommerceBudgetUiOptions
  >,
) {
  const {
    formData,
    onChange,
    schema,
    uiSchema,
    rawErrors,
    required,
    disabled,
    readonly,
    idSchema,
    formContext,
  } = props;
  const serviceKind = uiSchema['ui:options']?.serviceKind;
  const context = formContext as ScaffolderFormContext | undefined;
  const region =
    typeof context?.formData?.region === 'string'
      ? context.formData.region
      : undefined;

  return (
    <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
      <TextField
        id={idSchema?.$id}
        label={schema.title ?? 'Monthly budget (USD)'}
        helperText={schema.description}
        type="number"
        required={required}
        disabled={disabled || readonly}
        value={formData ?? ''}
        onChange={event => onChange(parseBudget(event.target.value))}
        error={(rawErrors?.length ?? 0) > 0}
        inputProps={{ min: 0 }}
        margin="normal"
        FormHelperTextProps={{ style: { marginLeft: 0 } }}
      />
      {serviceKind ? (
        <CostEstimatePreview
          serviceKind={serviceKind}
          region={region}
          budgetUsd={formData}
        />
      ) : (
        <Typography variant="body2" color="textSecondary">
          No cost estimate: this field's ui:options has no serviceKind.
        </Typography>
      )}
    </Box>
  );
}
