import type {
  AuthService,
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';

/** Who started a task, as the commerce actions' own checks see them. */
export interface Initiator {
  /** e.g. user:default/amara.okafor, or the service principal's subject. */
  ref: string;
  /** The user and their groups, from their sign-in token; empty for a service principal. */
  ownershipEntityRefs: string[];
  /** The platform team, or the platform's automation (a service principal): may act for any team. */
  unrestricted: boolean;
}

/**
 * The task's initiator. A user's groups come from their token (the same source the
 * permission policy decides on). A task started by a service principal — the static token of
 * `yarn platform:run`, limited by its accessRestrictions to starting the portal's own
 * templates — is the platform's automation, which the permission framework allows outright too.
 */
export async function initiatorOf(options: {
  credentials: BackstageCredentials;
  auth: AuthService;
  userInfo: UserInfoService;
  config: Config;
}): Promise<Initiator> {
  const { credentials, auth, userInfo, config } = options;
  if (!auth.isPrincipal(credentials, 'user')) {
    const principal = credentials.principal as { subject?: string };
    return {
      ref: principal.subject ?? 'a service',
      ownershipEntityRefs: [],
      unrestricted: auth.isPrincipal(credentials, 'service'),
    };
  }
  const info = await userInfo.getUserInfo(credentials);
  const refs = info.ownershipEntityRefs.map(r => r.toLocaleLowerCase('en-US'));
  return {
    ref: info.userEntityRef,
    ownershipEntityRefs: refs,
    unrestricted: refs.includes(platformTeamRef(config)),
  };
}

/** `commerce.permissions.platformTeam` as a full lower-case ref, as the permission policy reads it. */
function platformTeamRef(config: Config): string {
  const configured =
    config.getOptionalString('commerce.permissions.platformTeam')?.trim() ||
    'group:default/platform-team';
  try {
    return stringifyEntityRef(
      parseEntityRef(configured, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    // The permission module refuses to start with such a value; match nobody meanwhile.
    return '';
  }
}
