import {
  type BackstageCredentials,
  type BackstageServicePrincipal,
  coreServices,
  createServiceFactory,
  type PermissionsService,
  type PermissionsServiceRequestOptions,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  type Permission,
} from '@backstage/plugin-permission-common';
import { ServerPermissionClient } from '@backstage/plugin-permission-node';

/*
 * Why the portal replaces the permissions service (issue #14, the static API token).
 *
 * A static token is a service principal: the permission policy never sees it, and its
 * `accessRestrictions` (backend.auth.externalAccess) are all that limits it. The platform-run
 * command needs the catalog only to read, but the catalog cannot be given a permission list:
 * the scaffolder reads the template on the token's behalf, and Backstage refuses to forward a
 * token to a plugin whose restrictions name permissions ("restricted and cannot be delegated",
 * DefaultAuthService.getPluginRequestToken). An entry with no permission list would then let
 * the token delete entities and register locations.
 *
 * So: a restricted token calling a plugin whose entry names no permissions may only read there.
 * Its own calls only; what a plugin does on its behalf carries that plugin's credentials.
 * Everything else is decided as before (ServerPermissionClient).
 */

/** True when `credentials` are a restricted token's and its entry here names no permissions. */
function isDelegationOnlyEntry(
  credentials: BackstageCredentials | undefined,
): boolean {
  const principal = credentials?.principal as
    | BackstageServicePrincipal
    | { type: string }
    | undefined;
  if (principal?.type !== 'service') return false;
  const restrictions = (principal as BackstageServicePrincipal)
    .accessRestrictions;
  return Boolean(
    restrictions &&
      !restrictions.permissionNames &&
      !restrictions.permissionAttributes,
  );
}

function readOnly(
  permission: Permission,
): AuthorizeResult.ALLOW | AuthorizeResult.DENY {
  return permission.attributes.action === 'read'
    ? AuthorizeResult.ALLOW
    : AuthorizeResult.DENY;
}

/** Wraps a permissions service with the read-only rule above. */
export function withReadOnlyDelegationEntries(
  inner: PermissionsService,
): PermissionsService {
  const credentialsOf = (options?: PermissionsServiceRequestOptions) =>
    options && 'credentials' in options ? options.credentials : undefined;
  return {
    async authorize(requests, options) {
      if (isDelegationOnlyEntry(credentialsOf(options))) {
        return requests.map(r => ({ result: readOnly(r.permission) }));
      }
      return inner.authorize(requests, options);
    },
    async authorizeConditional(requests, options) {
      if (isDelegationOnlyEntry(credentialsOf(options))) {
        return requests.map(r => ({ result: readOnly(r.permission) }));
      }
      return inner.authorizeConditional(requests, options);
    },
  };
}

/**
 * The backend's permissions service: Backstage's own, with the read-only rule for a restricted
 * token's delegation-only plugin entries (see the comment at the top of this file).
 *
 * @public
 */
export const apiTokenPermissionsServiceFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {
    auth: coreServices.auth,
    config: coreServices.rootConfig,
    discovery: coreServices.discovery,
  },
  async factory({ auth, config, discovery }) {
    return withReadOnlyDelegationEntries(
      ServerPermissionClient.fromConfig(config, { auth, discovery }),
    );
  },
});
