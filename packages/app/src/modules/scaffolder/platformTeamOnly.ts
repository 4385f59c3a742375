import { ConfigApi, IdentityApi } from '@backstage/core-plugin-api';

/**
 * The platform team when `commerce.permissions.platformTeam` is not set; the same default as
 * the permission policy's (plugins/permission-backend-module-commerce/src/config.ts).
 */
const DEFAULT_PLATFORM_TEAM = 'group:default/platform-team';

/** The platform team's group ref, lower case, from the config the permission policy reads. */
export function platformTeamRef(config: ConfigApi): string {
  const configured =
    config.getOptionalString('commerce.permissions.platformTeam')?.trim() ||
    DEFAULT_PLATFORM_TEAM;
  const ref = configured.includes(':') ? configured : `group:${configured}`;
  return (
    ref.includes('/') ? ref : ref.replace(':', ':default/')
  ).toLowerCase();
}

const nameOf = (ref: string) => ref.replace(/^[^:]+:(?:[^/]+\/)?/, '');

/**
 * Why the signed-in person may not run a template that only the platform team runs, or
 * undefined when they may (they are in the platform team). The backend decides in the end
 * (the platform template's platform-only steps are refused to anyone else); this says so in
 * the form, before a run that would fail, in words a person can act on.
 */
export function platformTeamOnlyRefusal(options: {
  userEntityRef: string;
  ownershipEntityRefs: string[];
  platformTeamRef: string;
}): string | undefined {
  const refs = options.ownershipEntityRefs.map(r => r.toLowerCase());
  if (refs.includes(options.platformTeamRef)) {
    return undefined;
  }
  const teams = refs.filter(r => r.startsWith('group:')).map(nameOf);
  const who = `${nameOf(options.userEntityRef)}${
    teams.length ? ` (${teams.join(', ')})` : ''
  }`;
  return (
    `Only the platform team (${nameOf(
      options.platformTeamRef,
    )}) may run this template: ` +
    `it deploys the shared platform every team's services run on. You are signed in as ${who}. ` +
    `To create a service for your team, go back to Create and choose its template ` +
    `(e.g. Order service or Cart service); to change the shared platform, ask the platform team.`
  );
}

/** {@link platformTeamOnlyRefusal} for the signed-in person. */
export async function refusalFor(
  identityApi: IdentityApi,
  configApi: ConfigApi,
): Promise<string | undefined> {
  const identity = await identityApi.getBackstageIdentity();
  return platformTeamOnlyRefusal({
    userEntityRef: identity.userEntityRef,
    ownershipEntityRefs: identity.ownershipEntityRefs,
    platformTeamRef: platformTeamRef(configApi),
  });
}

/**
 * What someone outside the platform team should know before creating a service whose owner is
 * not one of their teams, or undefined when there is nothing to say: the run would stop at its
 * check step (`commerce:service:validate`); saying so in the form spares them starting it.
 */
export function ownerTeamHint(options: {
  owner: string | undefined;
  ownershipEntityRefs: string[];
  platformTeamRef: string;
}): string | undefined {
  if (!options.owner) return undefined;
  const refs = options.ownershipEntityRefs.map(r => r.toLowerCase());
  const owner = options.owner.toLowerCase();
  const ownerRef = owner.includes(':')
    ? owner
    : `group:default/${owner.replace(/^default\//, '')}`;
  if (refs.includes(options.platformTeamRef) || refs.includes(ownerRef)) {
    return undefined;
  }
  const teams = refs.filter(r => r.startsWith('group:')).map(nameOf);
  return (
    `You are not a member of ${nameOf(
      ownerRef,
    )}: you may create services for ` +
    `${
      teams.length ? `your own team (${teams.join(', ')})` : 'your own team'
    } only. ` +
    `A run for ${nameOf(
      ownerRef,
    )} stops at its check step, before anything is created. Pick your team as the owner, or ask ` +
    `${nameOf(ownerRef)} or the platform team to create it.`
  );
}
