import type {
  AuthService,
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { platformTeamRef } from './platformNames';

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
    // An unreadable platform team setting (the permission module refuses to start) matches nobody.
    unrestricted: refs.includes(platformTeamRef(config) ?? ''),
  };
}
