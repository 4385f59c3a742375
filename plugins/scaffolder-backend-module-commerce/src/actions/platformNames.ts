import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';

/**
 * The names of the things the platform team owns, defined once. A service's name becomes its
 * catalog Component, its repository, its resource group (`rg-<name>`), its Argo CD Application
 * and its Kubernetes objects, so a service named like one of these would take over (re-tag,
 * redeploy, overwrite) the platform's own. Keep in step with infra/ (main.*.bicepparam,
 * cluster/namespaces.yaml, cluster/gitops/*.yaml) and templates/commerce-platform.
 */
export const RESERVED_PLATFORM_NAMES: ReadonlyMap<string, string> = new Map([
  // The system and its resource groups (rg-<name> of a service named like them).
  [
    'commerce-platform',
    'the shared platform’s System and its resource group rg-commerce-platform',
  ],
  [
    'commerce-platform-aks-nodes',
    'the AKS node resource group rg-commerce-platform-aks-nodes (production)',
  ],
  [
    'commerce-platform-dev-aks-nodes',
    'the AKS node resource group rg-commerce-platform-dev-aks-nodes (dev)',
  ],
  // Argo CD's own Applications (infra/cluster/gitops/applications.yaml).
  [
    'commerce-platform-cluster',
    'the Argo CD Application that syncs the cluster bootstrap',
  ],
  ['commerce-services', 'the Argo CD app-of-apps that deploys every service'],
  // The repositories the platform runs from.
  ['commerce-platform-portal', 'the portal’s repository'],
  ['commerce-gitops', 'the GitOps repository Argo CD reads'],
  // Argo CD projects and cluster namespaces the platform runs in.
  ['platform', 'the platform’s Argo CD project'],
  ['service-registry', 'the Argo CD project of the app-of-apps'],
  ['commerce', 'the shared Argo CD project of the services'],
  ['default', 'Kubernetes’ and Argo CD’s default namespace and project'],
  ['argocd', 'Argo CD’s namespace'],
  ['argo-rollouts', 'Argo Rollouts’ namespace'],
  ['gateway-system', 'the API gateway’s namespace'],
  ['monitoring', 'Prometheus’ namespace'],
  ['backstage', 'the portal’s namespace'],
  ['kube-system', 'a Kubernetes system namespace'],
  ['kube-public', 'a Kubernetes system namespace'],
  ['kube-node-lease', 'a Kubernetes system namespace'],
]);

/** Why `name` is reserved for the platform, or undefined when a service may use it. */
export function reservedNameReason(name: string): string | undefined {
  return RESERVED_PLATFORM_NAMES.get(name.toLocaleLowerCase('en-US'));
}

/**
 * The resource groups only the platform team may own: `rg-<name>` of every reserved name (the
 * platform's own are among them; the rest must never be created for a team either).
 */
export function reservedResourceGroupReason(
  resourceGroup: string,
): string | undefined {
  const lower = resourceGroup.toLocaleLowerCase('en-US');
  return lower.startsWith('rg-')
    ? reservedNameReason(lower.slice('rg-'.length))
    : undefined;
}

/**
 * `commerce.permissions.platformTeam` (default group:default/platform-team) as a full lower-case
 * ref, as the permission policy reads it; undefined when it is not an entity ref, a value the
 * permission module refuses to start with.
 */
export function platformTeamRef(config: Config): string | undefined {
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
    return undefined;
  }
}

/** The platform team's group name (`commerce.permissions.platformTeam`, default platform-team). */
export function platformTeamName(config: Config): string {
  const ref = platformTeamRef(config);
  return ref ? parseEntityRef(ref).name : 'platform-team';
}
