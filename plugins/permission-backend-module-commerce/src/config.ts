import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** `commerce.permissions.platformTeam` when it is not set. */
export const DEFAULT_PLATFORM_TEAM = 'group:default/platform-team';

/** `commerce.permissions`, with its default applied. */
export interface CommercePermissionsConfig {
  /** The platform team as a full, lower-case group ref, e.g. `group:default/platform-team`. */
  platformTeamRef: string;
}

/**
 * Reads `commerce.permissions`. A value that is not a group fails the backend's start: a
 * mistyped team would otherwise quietly leave nobody able to register entities or deploy.
 */
export function readCommercePermissionsConfig(
  config: Config,
): CommercePermissionsConfig {
  const configured =
    config.getOptionalString('commerce.permissions.platformTeam')?.trim() ||
    DEFAULT_PLATFORM_TEAM;
  let ref;
  try {
    ref = parseEntityRef(configured, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch {
    ref = undefined;
  }
  if (!ref || ref.kind.toLocaleLowerCase('en-US') !== 'group') {
    throw new InputError(
      `commerce.permissions.platformTeam "${configured}" is not a group: give the platform team's group, e.g. ${DEFAULT_PLATFORM_TEAM} (or leave it out for that default).`,
    );
  }
  return {
    platformTeamRef: stringifyEntityRef(ref).toLocaleLowerCase('en-US'),
  };
}
