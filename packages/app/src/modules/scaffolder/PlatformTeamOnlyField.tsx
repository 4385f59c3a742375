import { WarningPanel } from '@backstage/core-components';
import {
  configApiRef,
  identityApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { useEffect, useState } from 'react';
import { refusalFor } from './platformTeamOnly';

/** The name templates use: `ui:field: PlatformTeamOnly`. */
export const PLATFORM_TEAM_ONLY_FIELD_NAME = 'PlatformTeamOnly';

/**
 * Shows anyone outside the platform team, on the form's first page, that the template is the
 * platform team's and what to do instead; shows nothing to the platform team. Its value (the
 * template's `default: true`) only makes the scaffolder run its validation: the scaffolder
 * validates the fields present in the form's data.
 */
export function PlatformTeamOnlyField(
  _props: FieldExtensionComponentProps<boolean | undefined>,
) {
  const identityApi = useApi(identityApiRef);
  const configApi = useApi(configApiRef);
  const [refusal, setRefusal] = useState<string>();

  useEffect(() => {
    let current = true;
    refusalFor(identityApi, configApi).then(r => current && setRefusal(r));
    return () => {
      current = false;
    };
  }, [identityApi, configApi]);

  if (!refusal) return null;
  return (
    <WarningPanel
      severity="error"
      title="This template is the platform team's"
      message={refusal}
      defaultExpanded
    />
  );
}

/** Keeps the form from going on ("Next", "Review") for anyone outside the platform team. */
export const validatePlatformTeamOnly: CustomFieldValidator<
  boolean | undefined
> = async (_data, field, { apiHolder }) => {
  const identityApi = apiHolder.get(identityApiRef);
  const configApi = apiHolder.get(configApiRef);
  if (!identityApi || !configApi) return;
  const refusal = await refusalFor(identityApi, configApi);
  if (refusal) field.addError(refusal);
};

/** The scaffolder form field. */
export const platformTeamOnlyFormField = createFormField({
  name: PLATFORM_TEAM_ONLY_FIELD_NAME,
  component: PlatformTeamOnlyField,
  validation: validatePlatformTeamOnly,
});
