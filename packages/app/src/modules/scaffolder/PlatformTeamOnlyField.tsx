import { WarningPanel } from '@backstage/core-components';
import {
  configApiRef,
  identityApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { useEffect, useState } from 'react';
import { refusalFor } from './platformTeamOnly';

/** The name templates use: `ui:field: PlatformTeamOnly`. */
export const PLATFORM_TEAM_ONLY_FIELD_NAME = 'PlatformTeamOnly';

/**
 * Shows anyone outside the platform team, on the form's first page, that the template is the
 * platform team's and what to do instead; shows nothing to the platform team. Holds no value.
 */
export function PlatformTeamOnlyField(
  _props: FieldExtensionComponentProps<string | undefined>,
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

/** The scaffolder form field; its validation keeps "Next" from going on for anyone else. */
export const platformTeamOnlyFormField = createFormField({
  name: PLATFORM_TEAM_ONLY_FIELD_NAME,
  component: PlatformTeamOnlyField,
  validation: async (_data, field, { apiHolder }) => {
    const identityApi = apiHolder.get(identityApiRef);
    const configApi = apiHolder.get(configApiRef);
    if (!identityApi || !configApi) return;
    const refusal = await refusalFor(identityApi, configApi);
    if (refusal) field.addError(refusal);
  },
});
