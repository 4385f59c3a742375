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
