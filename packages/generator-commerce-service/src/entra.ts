/**
 * A generated service's API in Microsoft Entra ID: its app registration (infra/modules/api-app.bicep),
 * the app roles on it, and the roles its own workload identity holds on other services' APIs.
 *
 * Why an app registration at all: Entra ID v2.0 access tokens carry the API application's client
 * id (a GUID) as `aud`, not its app ID URI, and a role can only be held when the API declares it.
 * So the service accepts both `api://<name>` and the client id (AUTH_AUDIENCE, the gateway's
 * SecurityPolicy), and CI writes the client id in once the Bicep has created the registration.
 *
 * Which roles an API has is read from its OpenAPI document (`x-required-roles`, the one
 * declaration the service and the gateway enforce); this module only says what each role means
 * and who may hold it.
 */
import {
  catalogAdminRole,
  orderPaymentStatusWriteRole,
  orderReadAllRole,
} from './kinds/openapi.ts';
import type { KindPart } from './kinds/types.ts';
import { platform } from './platform.ts';
import type { ServiceSpec } from './spec.ts';

/**
 * The placeholder for the API app's client id in deploy/configmap.yaml (AUTH_AUDIENCE) and
 * deploy/securitypolicy.yaml (`audiences`), until CI writes the real one from the Bicep output
 * API_APP_ID. It is the "Max UUID" of RFC 9562, which Entra never issues, so a forgotten
 * placeholder can never match a real token; the tenant's placeholder is the Nil UUID
 * ({@link platform.entraTenantId}).
 */
export const apiAppIdPlaceholder = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

/** Who may hold an app role: people (and groups of them), applications (workload identities), or both. */
export type AppRoleMemberType = 'User' | 'Application';

/** What an app role means and who may hold it. */
export interface AppRoleDefinition {
  description: string;
  allowedMemberTypes: AppRoleMemberType[];
}

/**
 * Every app role a generated API may require, defined once. A document requiring a role not
 * listed here fails generation: a role nobody has described is a role nobody can assign well.
 */
export const appRoleDefinitions: Record<string, AppRoleDefinition> = {
  [catalogAdminRole]: {
    description:
      'Change the product catalog and the price book. For merchandisers (assigned in Entra) and admin tools.',
    allowedMemberTypes: ['User', 'Application'],
  },
  [orderReadAllRole]: {
    description:
      "Read any customer's order to charge exactly its total. For payment-service's workload identity only.",
    allowedMemberTypes: ['Application'],
  },
  [orderPaymentStatusWriteRole]: {
    description:
      "Report an order's payment outcome. For payment-service's workload identity only.",
    allowedMemberTypes: ['Application'],
  },
};

/** One app role as the app registration declares it (its id is derived in Bicep). */
export interface AppRole extends AppRoleDefinition {
  value: string;
}

interface OpenApiLike {
  paths: Record<string, unknown>;
}

/** The app roles an API declares: every `x-required-roles` entry of its document, once, sorted. */
export function appRolesOf(document: OpenApiLike): AppRole[] {
  const values = new Set<string>();
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item as Record<string, unknown>)) {
      const roles = (operation as { 'x-required-roles'?: unknown })?.[
        'x-required-roles'
      ];
      if (Array.isArray(roles)) roles.forEach(role => values.add(String(role)));
    }
  }
  return [...values].sort().map(value => {
    const definition = appRoleDefinitions[value];
    if (!definition) {
      throw new Error(
        `The OpenAPI document requires the app role "${value}", which src/entra.ts does not define: add it to appRoleDefinitions with a description and who may hold it (User, Application)`,
      );
    }
    return { value, ...definition };
  });
}

/**
 * The app registration's key in Entra (Graph's client-provided `uniqueName`): how a template
 * finds the registration again, including another service's template granting its roles.
 * Prefixed so a service name cannot collide with an unrelated app of the tenant.
 */
export const apiAppUniqueName = (serviceName: string) =>
  `commerce-${serviceName}`;

/** The app ID URI (`identifierUris`), also the first value of AUTH_AUDIENCE. */
export const apiAppIdUri = (serviceName: string) => `api://${serviceName}`;

/** Roles this service's workload identity is granted on another service's API. */
export interface AppRoleGrant {
  /** The other service's name (its registration is found by {@link apiAppUniqueName}). */
  service: string;
  uniqueName: string;
  roles: string[];
}

/** The grants a kind declares (KindPart.callsApis), resolved to the registrations' keys. */
export function appRoleGrantsOf(
  part: Pick<KindPart, 'callsApis'>,
): AppRoleGrant[] {
  return (part.callsApis ?? []).map(call => ({
    service: call.service,
    uniqueName: apiAppUniqueName(call.service),
    roles: [...call.roles].sort(),
  }));
}

/** A load-test scenario step's app roles, checked as the release flow's deploy identity may hold them. */
function checkVerifyRole(
  role: string,
  declared: AppRoleDefinition | undefined,
  api: string,
) {
  if (!declared) {
    throw new Error(
      `The load-test scenario sends requests with the app role "${role}", which ${api} does not require anywhere: drop it from the scenario's roles, or require it with x-required-roles`,
    );
  }
  if (!declared.allowedMemberTypes.includes('Application')) {
    throw new Error(
      `The load-test scenario needs the app role "${role}", which only people may hold (src/entra.ts allowedMemberTypes), so the release flow's deploy identity cannot be granted it: allow 'Application' or change the scenario`,
    );
  }
}

const rolesOfSteps = (steps: KindPart['loadTest']['setup']) =>
  [...new Set(steps.flatMap(step => step.roles ?? []))].sort();

/**
 * The app roles on this service's own API that the release flow's verify-dev job needs: every
 * role a step of the kind's load-test scenario sends to this API (setup and mix), once, sorted.
 * verify-dev calls dev as the deploy identity (release.yml), so infra/modules/api-app.bicep
 * assigns exactly these to whoever deploys it (`deployer()`: CI's deploy identity), derived from
 * the scenario so the grant and what the load script checks (`missingRoles`) cannot drift apart.
 * A role the document does not declare, or one applications may not hold, fails generation.
 */
export function verifyRolesOf(
  part: Pick<KindPart, 'loadTest'>,
  appRoles: readonly AppRole[],
): string[] {
  const roles = rolesOfSteps(
    [...part.loadTest.setup, ...part.loadTest.requests].filter(
      step => step.service === undefined,
    ),
  );
  for (const role of roles) {
    checkVerifyRole(
      role,
      appRoles.find(r => r.value === role),
      "this API's OpenAPI document",
    );
  }
  return roles;
}

/**
 * The app roles on other services' APIs the release flow's verify-dev job needs: the roles of
 * the scenario's setup steps sent to another service (a step's `service`, e.g. payment creating
 * the order it pays in order-service), per service, sorted. api-app.bicep assigns them to
 * `deployer()` on that service's registration, like {@link verifyRolesOf}'s. The called API's
 * document is that service's own; here a role must be one the platform defines
 * ({@link appRoleDefinitions}) and applications may hold (the blueprint's tests check the called
 * kind's document requires it on exactly that operation).
 */
export function verifyGrantsOf(
  part: Pick<KindPart, 'loadTest'>,
): AppRoleGrant[] {
  const steps = [...part.loadTest.setup, ...part.loadTest.requests];
  const known = part.loadTest.services ?? {};
  for (const step of steps.filter(s => s.service !== undefined)) {
    if (!part.loadTest.setup.includes(step)) {
      throw new Error(
        `The load-test step ${step.method} ${step.path} is sent to ${step.service}, which only setup steps may be: the mix measures this service`,
      );
    }
    if (!(step.service! in known)) {
      throw new Error(
        `The load-test step ${step.method} ${step.path} is sent to ${step.service}, which the scenario's services do not list: add it with the URL its local double answers at`,
      );
    }
  }
  return Object.keys(known)
    .sort()
    .map(service => {
      const roles = rolesOfSteps(
        steps.filter(step => step.service === service),
      );
      for (const role of roles) {
        checkVerifyRole(role, appRoleDefinitions[role], `${service}'s API`);
      }
      return { service, uniqueName: apiAppUniqueName(service), roles };
    })
    .filter(grant => grant.roles.length > 0);
}

/**
 * What the load script (and the release flow) call another service's API with: its URL and
 * token settings, and the audience of its tokens (its app ID URI).
 */
export function loadTestServiceSettings(service: string) {
  const prefix = `LOADTEST_${service
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')}`;
  return {
    urlVariable: `${prefix}_URL`,
    tokenVariable: `${prefix}_TOKEN`,
    audience: apiAppIdUri(service),
  };
}

/** A Bicep string literal of any text (quotes, backslashes and `${` escaped). */
export const bicepString = (text: string) =>
  `'${text
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\$\{/g, '\\${')}'`;

/** Everything infra/modules/api-app.bicep and the docs need. */
export function entraOf(
  document: OpenApiLike,
  spec: Pick<ServiceSpec, 'name'>,
  part: Pick<KindPart, 'callsApis' | 'loadTest'>,
) {
  const appRoles = appRolesOf(document);
  const verifyRoles = verifyRolesOf(part, appRoles);
  const verifyGrants = verifyGrantsOf(part);
  return {
    uniqueName: apiAppUniqueName(spec.name),
    identifierUri: apiAppIdUri(spec.name),
    appRoles,
    grants: appRoleGrantsOf(part),
    verifyRoles,
    verifyGrants,
    /** The deploy jobs pass grantReleaseVerifier=true: the scenario sends an app role somewhere. */
    grantsReleaseVerifier: verifyRoles.length > 0 || verifyGrants.length > 0,
    apiAppIdPlaceholder,
    tenantIdPlaceholder: platform.entraTenantId,
  };
}

export type Entra = ReturnType<typeof entraOf>;
