import { WarningPanel } from '@backstage/core-components';
import {
  configApiRef,
  identityApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { useEffect, useState } from 'react';
import { ownerTeamHint, platformTeamRef } from './platformTeamOnly';

/** The name templates use: `ui:field: OwnerTeamHint`. */
export const OWNER_TEAM_HINT_FIELD_NAME = 'OwnerTeamHint';

/** The form's values so far, as the scaffolder's Stepper passes them in `formContext`. */
interface ScaffolderFormContext {
  formData?: { owner?: unknown };
}

/**
 * Under a service form's owner: warns someone outside the platform team when the owner picked
 * is not one of their teams. It does not stop the form: the backend decides, at the run's check
 * step; this says beforehand what that refusal will mean. Holds no value.
 */
export function OwnerTeamHintField(
  props: FieldExtensionComponentProps<boolean | undefined>,
) {
  const identityApi = useApi(identityApiRef);
  const configApi = useApi(configApiRef);
  const [refs, setRefs] = useState<string[]>();
  const context = props.formContext as ScaffolderFormContext | undefined;
  const owner =
    typeof context?.formData?.owner === 'string'
      ? context.formData.owner
      : undefined;

  useEffect(() => {
    let current = true;
    identityApi
      .getBackstageIdentity()
      .then(i => current && setRefs(i.ownershipEntityRefs));
    return () => {
      current = false;
    };
  }, [identityApi]);

  const hint = refs
    ? ownerTeamHint({
        owner,
        ownershipEntityRefs: refs,
        platformTeamRef: platformTeamRef(configApi),
      })
    : undefined;
  if (!hint) return null;
  return (
    <WarningPanel
      severity="warning"
      title="Not one of your teams"
      message={hint}
      defaultExpanded
    />
  );
}

/** The scaffolder form field. */
export const ownerTeamHintFormField = createFormField({
  name: OWNER_TEAM_HINT_FIELD_NAME,
  component: OwnerTeamHintField,
});
