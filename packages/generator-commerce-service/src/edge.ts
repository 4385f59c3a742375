/**
 * The edge of a generated service, derived from its OpenAPI document (THE one declaration of who
 * may call what): which operations the gateway routes, and for each, what the gateway checks
 * before the service sees the request. deploy/httproute.yaml, securitypolicy.yaml and
 * backendtrafficpolicy.yaml are rendered from this.
 *
 * The document's convention (shared with the service's own auth layer): document-level
 * `security: [{ bearerAuth: [] }]`; an anonymous operation has `security: []`; an operation that
 * needs app roles carries `x-required-roles: [...]` (any one of them). An operation that says
 * nothing is authenticated: secure by default, even where OpenAPI itself would read "no auth".
 */
import {
  environmentRoutePrefix,
  type ServiceEnvironment,
} from './environments.ts';
import { apiAppIdPlaceholder } from './entra.ts';
import { platform } from './platform.ts';
import type { ServiceSpec } from './spec.ts';

/**
 * Paths the skeleton serves for the kubelet and Prometheus (compose.ts adds them to the
 * document so the contract test covers them). They are never routed by the gateway.
 */
export const internalPaths: readonly string[] = [
  '/healthz',
  '/readyz',
  '/metrics',
];

const httpMethods = [
  'get',
  'put',
  'post',
  'delete',
  'patch',
  'head',
  'options',
] as const;

export type EdgeAccess = 'anonymous' | 'authenticated' | 'roles';

/** One operation as the gateway matches it. */
export interface EdgeMatch {
  method: string;
  /** The OpenAPI path, e.g. /products/{category}/{productId}. */
  path: string;
  /** The public path as an RE2 regular expression: the route prefix plus the OpenAPI path. */
  pathRegex: string;
}

/** One HTTPRoute rule: the operations that share an access requirement. */
export interface EdgeRule {
  /** The rule's name, which rule-level policies target (sectionName). */
  name: string;
  access: EdgeAccess;
  /** For access 'roles': a token must carry one of these app roles. */
  roles: string[];
  matches: EdgeMatch[];
}

interface OpenApiOperation {
  security?: Array<Record<string, unknown>>;
  'x-required-roles'?: string[];
}

interface OpenApiDocument {
  security?: Array<Record<string, unknown>>;
  paths: Record<string, unknown>;
}

const escapeRegex = (text: string) =>
  text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `/products/{category}/{id}` under `/product` → `^/product/products/[^/]+/[^/]+$`. */
export function publicPathRegex(prefix: string, path: string): string {
  const segments = path
    .split('/')
    .map(segment =>
      /^\{[^}]+\}$/.test(segment) ? '[^/]+' : escapeRegex(segment),
    );
  return `^${escapeRegex(prefix)}${segments.join('/')}$`;
}

function accessOf(
  document: OpenApiDocument,
  operation: OpenApiOperation,
): { access: EdgeAccess; roles: string[] } {
  const security = operation.security ?? document.security;
  // `security: []`, or a requirement list holding `{}`, lets a caller without credentials in.
  if (
    security !== undefined &&
    (security.length === 0 ||
      security.some(requirement => Object.keys(requirement).length === 0))
  ) {
    return { access: 'anonymous', roles: [] };
  }
  const roles = [...(operation['x-required-roles'] ?? [])].sort();
  return roles.length > 0
    ? { access: 'roles', roles }
    : { access: 'authenticated', roles: [] };
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** The route prefix the gateway publishes a service under (src/environments.ts). */
export const routePrefix = (
  spec: Pick<ServiceSpec, 'shortName'>,
  environment: ServiceEnvironment = 'prod',
) => environmentRoutePrefix(spec.shortName, environment);

/**
 * The HTTPRoute rules of a service: one per access class, each listing its operations by
 * method and exact path. Internal paths are left out, so the gateway answers 404 for them.
 */
export function edgeRules(
  document: OpenApiDocument,
  spec: Pick<ServiceSpec, 'shortName'>,
  environment: ServiceEnvironment = 'prod',
): EdgeRule[] {
  const rules = new Map<string, EdgeRule>();
  for (const [path, item] of Object.entries(document.paths)) {
    if (internalPaths.includes(path)) continue;
    for (const method of httpMethods) {
      const operation = (item as Record<string, unknown>)[method] as
        | OpenApiOperation
        | undefined;
      if (!operation) continue;
      const { access, roles } = accessOf(document, operation);
      const name =
        access === 'roles' ? `roles-${slug(roles.join('-or-'))}` : access;
      const rule = rules.get(name) ?? { name, access, roles, matches: [] };
      rule.matches.push({
        method: method.toUpperCase(),
        path,
        pathRegex: publicPathRegex(routePrefix(spec, environment), path),
      });
      rules.set(name, rule);
    }
  }
  const order: EdgeAccess[] = ['anonymous', 'authenticated', 'roles'];
  return [...rules.values()].sort(
    (a, b) =>
      order.indexOf(a.access) - order.indexOf(b.access) ||
      a.name.localeCompare(b.name),
  );
}

/** Entra ID's v2.0 issuer of the platform's tenant: what a token's `iss` must be. */
export const entraIssuer = (tenantId = platform.entraTenantId) =>
  `https://login.microsoftonline.com/${tenantId}/v2.0`;

/** The JWKS the issuer signs with (Entra's published keys; Envoy caches and refreshes them). */
export const entraJwksUri = (tenantId = platform.entraTenantId) =>
  `https://login.microsoftonline.com/${tenantId}/discovery/v2.0/keys`;

/** The service's app id URI: what a token's `aud` must be. */
export const serviceAudience = (spec: Pick<ServiceSpec, 'name'>) =>
  `api://${spec.name}`;

/**
 * What a token's `aud` may be: the app ID URI, and the API app's client id, which is what Entra
 * ID v2.0 access tokens actually carry. The client id is a placeholder until CI writes the
 * Bicep output API_APP_ID in (src/entra.ts).
 */
export const serviceAudiences = (spec: Pick<ServiceSpec, 'name'>) => [
  serviceAudience(spec),
  apiAppIdPlaceholder,
];

/** Everything the deploy templates need to render the edge. */
export function edgeOf(
  document: OpenApiDocument,
  spec: Pick<ServiceSpec, 'name' | 'shortName'>,
  environment: ServiceEnvironment = 'prod',
) {
  return {
    rules: edgeRules(document, spec, environment),
    routePrefix: routePrefix(spec, environment),
    issuer: entraIssuer(),
    jwksUri: entraJwksUri(),
    audiences: serviceAudiences(spec),
    subjectHeader: platform.edge.subjectHeader,
    rateLimits: platform.edge.rateLimits,
  };
}

export type Edge = ReturnType<typeof edgeOf>;
