/**
 * The environments every service runs in, defined once: the blueprint generates one Argo CD
 * Application per environment from it (argocd/application-<environment>.yaml), and the portal's
 * commerce:gitops:register action checks those Applications with it (through `api.ts`). Pure,
 * no imports.
 *
 * Both environments run in the one commerce cluster today (infra/cluster): prod in the owning
 * team's namespace, dev in `<team>-dev` beside it. Argo CD's Application names are global in its
 * namespace, so each Application carries its environment: `<name>-dev`, `<name>-prod`.
 */

/** The environments, in release order. */
export const serviceEnvironments = ['dev', 'prod'] as const;

export type ServiceEnvironment = (typeof serviceEnvironments)[number];

/** The namespace a team's services run in, in one environment (infra/cluster/teams/<team>.yaml). */
export function environmentNamespace(
  team: string,
  environment: ServiceEnvironment,
): string {
  return environment === 'prod' ? team : `${team}-${environment}`;
}

/**
 * The path prefix the shared gateway publishes a service under in one environment (stripped
 * before the service sees it). dev runs on the same gateway as prod, so its routes are under
 * /dev and the two never match the same request.
 */
export function environmentRoutePrefix(
  shortName: string,
  environment: ServiceEnvironment,
): string {
  return environment === 'prod'
    ? `/${shortName}`
    : `/${environment}/${shortName}`;
}

/** Kubernetes' DNS-1123 label: a namespace name. */
const namespaceLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The longest namespace name Kubernetes accepts (a DNS-1123 label). */
const NAMESPACE_MAX_LENGTH = 63;

/**
 * The longest owning-team name: every namespace the team gets (`<team>`, `<team>-dev`) must be a
 * DNS-1123 label of at most 63 characters, so the longest suffix sets the limit (59 today).
 */
export const TEAM_NAME_MAX_LENGTH =
  NAMESPACE_MAX_LENGTH -
  Math.max(
    ...serviceEnvironments.map(
      environment => environmentNamespace('', environment).length,
    ),
  );

/**
 * What is wrong with a team (owning group) name as a namespace name and how to fix it; undefined
 * when every environment's namespace can be named after it. A catalog entity name allows more
 * (upper case, "_", ".", 63 characters): those teams cannot own a service until renamed.
 */
export function teamNameProblem(team: string): string | undefined {
  const tooLong = serviceEnvironments
    .map(environment => environmentNamespace(team, environment))
    .filter(namespace => namespace.length > NAMESPACE_MAX_LENGTH);
  if (namespaceLabel.test(team) && tooLong.length === 0) return undefined;
  const shown = team.length > 70 ? `${team.slice(0, 69)}…` : team;
  const why =
    tooLong.length > 0
      ? `its namespace "${shown}${tooLong[0]!.slice(team.length)}" would have ${
          tooLong[0]!.length
        } characters, and Kubernetes allows at most ${NAMESPACE_MAX_LENGTH}`
      : 'a Kubernetes namespace is lowercase letters, digits and "-"';
  return `Owner team "${shown}" cannot own a service: ${why}. The team's name must be at most ${TEAM_NAME_MAX_LENGTH} characters of lowercase letters, digits and "-", starting and ending with a letter or digit (e.g. checkout-team). Choose another owner team, or shorten the group's name in the catalog.`;
}

/** The Argo CD Application of a service in one environment. */
export function applicationName(
  name: string,
  environment: ServiceEnvironment,
): string {
  return `${name}-${environment}`;
}

/**
 * What that Application syncs: the environment's kustomize overlay of the service repository,
 * built on deploy/. Beside deploy/, not in it: kustomize refuses a base whose folder holds the
 * overlay ("cycle detected: candidate root … contains visited root").
 */
export function applicationSourcePath(environment: ServiceEnvironment): string {
  return `environments/${environment}`;
}

/** Where the blueprint writes that Application in the service repository. */
export function applicationFile(environment: ServiceEnvironment): string {
  return `argocd/application-${environment}.yaml`;
}
