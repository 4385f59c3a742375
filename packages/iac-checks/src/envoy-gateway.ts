import { z } from 'zod';
import type { KubernetesObject, ManifestObject } from './kubernetes.ts';

/*
 * Schemas of the Envoy Gateway custom resources the platform writes (gateway.envoyproxy.io/v1alpha1),
 * for the fields it uses, transcribed from Envoy Gateway's published API reference at the version
 * infra/cluster/upstream/envoy-gateway pins (v1.8.3: api/v1alpha1/*_types.go and their kubebuilder
 * markers). No maintained TypeScript models exist for these CRDs, and kubernetes-models' own
 * schemas let unknown keys through; these objects are strict, so a misspelt field (`isuer`,
 * `clientSelector`) is an error here instead of a policy the controller silently ignores.
 * A field the platform starts using is added here first, from the reference.
 */

/** The Envoy Gateway version these schemas were transcribed from. */
export const envoyGatewaySchemaVersion = 'v1.8.3';

const gatewayGroup = 'gateway.networking.k8s.io';

// RFC 1123 subdomain, as Kubernetes names and Gateway API section (rule) names are.
const dnsSubdomain = z
  .string()
  .max(253)
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    'must be a lowercase RFC 1123 name (a-z, 0-9, "-" and ".")',
  );

const metadata = z.strictObject({
  name: dnsSubdomain,
  namespace: dnsSubdomain.optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});

const httpMethod = z.enum([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
]);

// gwapiv1.Duration: Gateway API's duration format, e.g. 300s, 1h, 10m30s.
const duration = z
  .string()
  .regex(/^([0-9]{1,5}(h|m|s|ms)){1,4}$/, 'must be a duration like 300s or 1h');

const cidr = z
  .string()
  .regex(
    /^((\d{1,3}\.){3}\d{1,3}\/\d{1,2}|[0-9a-fA-F:]*:[0-9a-fA-F:]*\/\d{1,3})$/,
    'must be an IPv4 or IPv6 CIDR, e.g. 0.0.0.0/0 or ::/0',
  );

const regularExpression = z.string().refine(
  pattern => {
    try {
      new RegExp(pattern);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be a valid regular expression (RE2 syntax)' },
);

/** gwapiv1.LocalPolicyTargetReferenceWithSectionName, limited to the kinds a policy accepts. */
const targetRefs = (kinds: [string, ...string[]]) =>
  z
    .array(
      z.strictObject({
        group: z.literal(gatewayGroup),
        kind: z.enum(kinds),
        name: dnsSubdomain,
        sectionName: dnsSubdomain.optional(),
      }),
    )
    .min(1);

// --- SecurityPolicy (securitypolicy_types.go, jwt_types.go, authorization_types.go, cors_types.go)

const jwtProvider = z.strictObject({
  name: z.string().min(1).max(253),
  issuer: z.string().max(253).optional(),
  audiences: z.array(z.string().min(1)).max(8).optional(),
  // The platform only uses remote key sets (the issuer's JWKS); localJWKS is not admitted here.
  remoteJWKS: z.strictObject({
    uri: z.url({ protocol: /^https$/ }).max(253),
    cacheDuration: duration.optional(),
  }),
  claimToHeaders: z
    .array(
      z.strictObject({ header: z.string().min(1), claim: z.string().min(1) }),
    )
    .optional(),
  extractFrom: z
    .strictObject({
      headers: z
        .array(
          z.strictObject({
            name: z.string().min(1),
            valuePrefix: z.string().optional(),
          }),
        )
        .optional(),
      cookies: z.array(z.string().min(1)).optional(),
      params: z.array(z.string().min(1)).optional(),
    })
    .optional(),
});

const jwt = z.strictObject({
  optional: z.boolean().optional(),
  providers: z.array(jwtProvider).min(1).max(16),
});

const authorizationAction = z.enum(['Allow', 'Deny']);

const authorization = z.strictObject({
  defaultAction: authorizationAction.optional(),
  rules: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(253).optional(),
        action: authorizationAction,
        operation: z
          .strictObject({ methods: z.array(httpMethod).min(1).max(16) })
          .optional(),
        principal: z
          .strictObject({
            clientCIDRs: z.array(cidr).min(1).optional(),
            jwt: z
              .strictObject({
                provider: z.string().min(1).max(253),
                claims: z
                  .array(
                    z.strictObject({
                      name: z.string().min(1).max(253),
                      valueType: z.enum(['String', 'StringArray']).optional(),
                      values: z.array(z.string()).min(1).max(128),
                    }),
                  )
                  .min(1)
                  .max(16)
                  .optional(),
                scopes: z.array(z.string().min(1)).min(1).max(16).optional(),
              })
              .refine(p => p.claims || p.scopes, {
                message: 'at least one of claims or scopes must be specified',
              })
              .optional(),
          })
          .refine(p => p.clientCIDRs || p.jwt, {
            message: 'at least one of clientCIDRs or jwt must be specified',
          }),
      }),
    )
    .optional(),
});

const cors = z.strictObject({
  allowOrigins: z
    .array(
      z
        .string()
        .regex(
          /^(\*|https?:\/\/(\*|(\*\.)?(([\w-]+\.?)+)?[\w-]+)(:\d{1,5})?)$/,
          'must be an origin like https://portal.example.com',
        ),
    )
    .min(1),
  allowMethods: z.array(httpMethod).optional(),
  allowHeaders: z.array(z.string().min(1)).optional(),
  exposeHeaders: z.array(z.string().min(1)).optional(),
  maxAge: duration.optional(),
  allowCredentials: z.boolean().optional(),
});

const securityPolicySpec = z
  .strictObject({
    targetRefs: targetRefs(['Gateway', 'HTTPRoute', 'GRPCRoute', 'TCPRoute']),
    jwt: jwt.optional(),
    authorization: authorization.optional(),
    cors: cors.optional(),
  })
  .superRefine((spec, ctx) => {
    // The controller's CEL rule, made precise: a JWT principal names a provider of this policy.
    const providers = new Set(spec.jwt?.providers.map(p => p.name) ?? []);
    spec.authorization?.rules?.forEach((rule, index) => {
      const provider = rule.principal.jwt?.provider;
      if (provider !== undefined && !providers.has(provider)) {
        ctx.addIssue({
          code: 'custom',
          path: [
            'authorization',
            'rules',
            index,
            'principal',
            'jwt',
            'provider',
          ],
          message: `names JWT provider "${provider}", which spec.jwt.providers does not define`,
        });
      }
    });
    if (!spec.jwt && !spec.authorization && !spec.cors) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'enforces nothing: set jwt, authorization or cors',
      });
    }
  });

// --- BackendTrafficPolicy (backendtrafficpolicy_types.go, ratelimit_types.go)

const headerMatch = z
  .strictObject({
    type: z.enum(['Exact', 'RegularExpression', 'Distinct']).optional(),
    name: z.string().min(1).max(256),
    value: z.string().max(1024).optional(),
    invert: z.boolean().optional(),
  })
  .superRefine((match, ctx) => {
    if (
      match.type === 'Distinct' &&
      (match.value !== undefined || match.invert)
    ) {
      ctx.addIssue({
        code: 'custom',
        message: 'a Distinct header match takes neither value nor invert',
      });
    }
    if (match.type !== 'Distinct' && match.value === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `a ${match.type ?? 'Exact'} header match needs a value`,
      });
    }
  });

const rateLimitSelectCondition = z
  .strictObject({
    headers: z.array(headerMatch).max(64).optional(),
    methods: z
      .array(
        z.strictObject({ value: httpMethod, invert: z.boolean().optional() }),
      )
      .optional(),
    path: z
      .strictObject({
        type: z.enum(['Exact', 'PathPrefix', 'RegularExpression']).optional(),
        value: z.string().max(1024),
        invert: z.boolean().optional(),
      })
      .optional(),
    sourceCIDR: z
      .strictObject({
        type: z.enum(['Exact', 'Distinct']).optional(),
        value: cidr,
        invert: z.boolean().optional(),
      })
      .optional(),
  })
  .refine(c => c.headers || c.methods || c.path || c.sourceCIDR, {
    message:
      'at least one of headers, methods, path or sourceCIDR must be specified',
  });

const rateLimitRule = z.strictObject({
  clientSelectors: z.array(rateLimitSelectCondition).max(8).optional(),
  limit: z.strictObject({
    requests: z.number().int().min(1).max(4294967295),
    unit: z.enum(['Second', 'Minute', 'Hour', 'Day', 'Month', 'Year']),
  }),
});

const backendTrafficPolicySpec = z.strictObject({
  targetRefs: targetRefs([
    'Gateway',
    'HTTPRoute',
    'GRPCRoute',
    'TCPRoute',
    'UDPRoute',
    'TLSRoute',
  ]),
  // Only local rate limits: the platform runs no global rate limit service (see the blueprint's
  // backendtrafficpolicy.yaml for why). A `global` or the deprecated `type` is refused.
  rateLimit: z.strictObject({
    local: z.strictObject({ rules: z.array(rateLimitRule).min(1).max(16) }),
  }),
});

// --- ClientTrafficPolicy (clienttrafficpolicy_types.go)

const headerFilter = z.strictObject({
  set: z
    .array(z.strictObject({ name: z.string().min(1), value: z.string() }))
    .optional(),
  add: z
    .array(z.strictObject({ name: z.string().min(1), value: z.string() }))
    .optional(),
  remove: z.array(z.string().min(1)).optional(),
});

const clientTrafficPolicySpec = z.strictObject({
  targetRefs: targetRefs(['Gateway']),
  clientIPDetection: z
    .strictObject({
      xForwardedFor: z
        .strictObject({
          numTrustedHops: z.number().int().min(0).optional(),
          trustedCIDRs: z.array(cidr).min(1).optional(),
        })
        .refine(
          x =>
            (x.numTrustedHops === undefined) !== (x.trustedCIDRs === undefined),
          {
            message: 'set exactly one of numTrustedHops or trustedCIDRs',
          },
        ),
    })
    .optional(),
  headers: z
    .strictObject({ earlyRequestHeaders: headerFilter.optional() })
    .optional(),
});

// --- HTTPRouteFilter (httproutefilter_types.go)

const httpRouteFilterSpec = z.strictObject({
  urlRewrite: z.strictObject({
    path: z.strictObject({
      type: z.literal('ReplaceRegexMatch'),
      replaceRegexMatch: z.strictObject({
        pattern: regularExpression.min(1),
        substitution: z.string(),
      }),
    }),
  }),
});

const resource = (kind: string, spec: z.ZodType) =>
  z.strictObject({
    apiVersion: z.literal('gateway.envoyproxy.io/v1alpha1'),
    kind: z.literal(kind),
    metadata,
    spec,
  });

/** The project's schemas, by apiVersion and kind. */
export const envoyGatewaySchemas: Record<string, Record<string, z.ZodType>> = {
  'gateway.envoyproxy.io/v1alpha1': {
    SecurityPolicy: resource('SecurityPolicy', securityPolicySpec),
    BackendTrafficPolicy: resource(
      'BackendTrafficPolicy',
      backendTrafficPolicySpec,
    ),
    ClientTrafficPolicy: resource(
      'ClientTrafficPolicy',
      clientTrafficPolicySpec,
    ),
    HTTPRouteFilter: resource('HTTPRouteFilter', httpRouteFilterSpec),
  },
};

/**
 * Problems of one object under the project's Envoy Gateway schemas: undefined when no schema
 * here covers its kind, [] when it is valid, else one message per issue (`spec.x.y: message`).
 */
export function envoyGatewayProblems(
  object: KubernetesObject,
): string[] | undefined {
  const schema = envoyGatewaySchemas[object.apiVersion]?.[object.kind];
  if (!schema) return undefined;
  const result = schema.safeParse(object);
  if (result.success) return [];
  return result.error.issues.map(issue => {
    const where = issue.path.join('.') || '(object)';
    return `${where}: ${issue.message}`;
  });
}

interface PolicyTarget {
  group: string;
  kind: string;
  name: string;
  sectionName?: string;
}

/**
 * Every HTTPRoute among `objects` must be covered by a policy of `policyKind` in its namespace:
 * one that targets the whole route, or, for each of its rules, one that targets that rule by
 * name (sectionName). A policy naming a rule the route does not have is reported too, since
 * Envoy Gateway would leave it unattached. `namespaceOf` gives an object's effective namespace
 * (kustomize usually sets it, not the file).
 */
export function routePolicyCoverageProblems(
  objects: ManifestObject[],
  policyKind: 'SecurityPolicy' | 'BackendTrafficPolicy',
  namespaceOf: (o: ManifestObject) => string = o =>
    o.object.metadata.namespace ?? '',
): string[] {
  const problems: string[] = [];
  const policies = objects.filter(
    o =>
      o.object.kind === policyKind &&
      o.object.apiVersion === 'gateway.envoyproxy.io/v1alpha1',
  );
  const routes = objects.filter(
    o =>
      o.object.kind === 'HTTPRoute' &&
      o.object.apiVersion.startsWith(`${gatewayGroup}/`),
  );
  const targetsOf = (policy: ManifestObject) =>
    (
      ((policy.object.spec as { targetRefs?: PolicyTarget[] } | undefined)
        ?.targetRefs ?? []) as PolicyTarget[]
    ).filter(ref => ref.group === gatewayGroup && ref.kind === 'HTTPRoute');
  for (const route of routes) {
    const name = route.object.metadata.name;
    const namespace = namespaceOf(route);
    const ruleNames = (
      ((route.object.spec as { rules?: Array<{ name?: string }> })?.rules ??
        []) as Array<{ name?: string }>
    ).map(rule => rule.name);
    const refs = policies
      .filter(p => namespaceOf(p) === namespace)
      .flatMap(targetsOf)
      .filter(ref => ref.name === name);
    for (const ref of refs) {
      if (
        ref.sectionName !== undefined &&
        !ruleNames.includes(ref.sectionName)
      ) {
        problems.push(
          `${policyKind} for HTTPRoute ${namespace}/${name} targets rule "${
            ref.sectionName
          }", which the route does not have (rules: ${
            ruleNames.join(', ') || 'none named'
          })`,
        );
      }
    }
    if (refs.some(ref => ref.sectionName === undefined)) continue;
    const uncovered = ruleNames.filter(
      rule => rule === undefined || !refs.some(ref => ref.sectionName === rule),
    );
    if (uncovered.length > 0 || ruleNames.length === 0) {
      problems.push(
        `HTTPRoute ${namespace}/${name} (${
          route.file
        }) is not covered by a ${policyKind}: add one whose targetRefs name it (kind HTTPRoute, name ${name}) in namespace ${
          namespace || '(default)'
        }`,
      );
    }
  }
  return problems;
}
