import type { EnvVar, KindPart } from './kinds/index.ts';
import { apiAppIdPlaceholder } from './entra.ts';
import { problem } from './kinds/openapi.ts';
import { platform } from './platform.ts';
import type { ServiceSpec } from './spec.ts';

/** Exact versions: a generated service builds the same way on every machine. */
const commonDependencies: Record<string, string> = {
  '@azure/identity': '4.14.1',
  '@azure/keyvault-secrets': '4.12.0',
  fastify: '5.6.1',
  // Verifies the bearer tokens (JWS, JWKS fetching and caching, claims) in src/auth.ts.
  jose: '6.2.19',
  'prom-client': '15.1.3',
  yaml: '2.8.1',
};

const commonDevDependencies: Record<string, string> = {
  '@azure/core-rest-pipeline': '1.25.0',
  '@eslint/js': '9.38.0',
  '@types/node': '22.18.12',
  ajv: '8.17.1',
  'ajv-formats': '3.0.1',
  eslint: '9.38.0',
  typescript: '5.9.3',
  'typescript-eslint': '8.46.2',
  vitest: '3.2.4',
};

/** What `npm run loadtest` (scripts/loadtest.ts) runs on, for kinds that have one. */
const loadTestDevDependencies: Record<string, string> = {
  // The load generator; it ships no types of its own.
  autocannon: '9.0.0',
  '@types/autocannon': '7.12.7',
  // Reads autocannon's latency histogram at the percentile the latency SLO names (p95;
  // autocannon's summary has p90 and p97.5 only). The version autocannon itself depends on.
  'hdr-histogram-js': '3.0.1',
};

/**
 * Entra ID's placeholder tenant in deploy/configmap.yaml and deploy/securitypolicy.yaml: CI
 * writes the real one (the repository variable AZURE_TENANT_ID, not a secret) when it deploys,
 * like the workload identity's client id. One placeholder, defined in platform.ts.
 */
export const tenantPlaceholder = platform.entraTenantId;

/** Where a local issuer listens: `npm run dev:issuer` (test/issuer.ts), in place of Entra ID. */
const devIssuer = 'http://127.0.0.1:8400/test-tenant';

/**
 * What every service reads besides its kind's settings: who may call it, and its limits. Set in
 * deploy/configmap.yaml and documented in the README like the kind's own variables.
 */
export function commonEnv(spec: ServiceSpec): EnvVar[] {
  return [
    {
      name: 'AUTH_ISSUER',
      description:
        'Issuer (`iss`) of the bearer tokens the service accepts: Microsoft Entra ID v2.0 in Azure, whose tenant CI writes into deploy/configmap.yaml (repository variable AZURE_TENANT_ID). Required everywhere; without it the service refuses to start. Locally: `npm run dev:issuer`.',
      local: `${devIssuer}/v2.0`,
      production: {
        value: `https://login.microsoftonline.com/${tenantPlaceholder}/v2.0`,
      },
    },
    {
      name: 'AUTH_AUDIENCE',
      description: `Audiences (\`aud\`) the tokens may be for, comma-separated: the app ID URI of the service's app registration, and in Azure also its client id, which Entra ID v2.0 access tokens carry as \`aud\` (CI writes it from the Bicep output API_APP_ID over the placeholder ${apiAppIdPlaceholder}). Required everywhere.`,
      local: `api://${spec.name}`,
      production: { value: `api://${spec.name},${apiAppIdPlaceholder}` },
    },
    {
      name: 'AUTH_JWKS_URL',
      description:
        "The issuer's signing keys (JWKS). Optional: without it they are found by OpenID discovery from AUTH_ISSUER; set in Azure so start-up needs no discovery call.",
      local: `${devIssuer}/discovery/v2.0/keys`,
      production: {
        value: `https://login.microsoftonline.com/${tenantPlaceholder}/discovery/v2.0/keys`,
      },
    },
    {
      name: 'METRICS_PORT',
      description:
        'Port of `GET /metrics` (Prometheus), apart from the API port so the gateway never routes it.',
      local: String(platform.metricsPort),
      production: { value: String(platform.metricsPort) },
    },
    {
      name: 'BODY_LIMIT_BYTES',
      description:
        'Largest request body accepted; a larger one answers 413 without being read whole.',
      local: '102400',
      production: { value: '102400' },
    },
  ];
}

const sortKeys = (o: Record<string, string>) =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

/** The generated service's package.json: the common skeleton plus what its kind needs. */
export function composePackageJson(spec: ServiceSpec, part: KindPart) {
  return {
    name: spec.name,
    version: '0.1.0',
    private: true,
    description: spec.description,
    type: 'module',
    engines: { node: '>=22.18' },
    scripts: {
      build: 'tsc -p tsconfig.build.json',
      start: 'node dist/server.js',
      dev: 'node --watch src/server.ts',
      typecheck: 'tsc --noEmit',
      lint: 'eslint .',
      test: 'vitest run',
      // A local token issuer in place of Entra ID: prints the AUTH_* settings and tokens to use.
      'dev:issuer': 'node test/issuer.ts',
      // Alert rules, canary analysis, dashboard and runbook from openslo.yaml (scripts/slo-files.ts).
      'slo:generate': 'node scripts/slo-files.ts',
      'slo:check': 'node scripts/slo-files.ts --check',
      // One pod's load against a running instance; fails unless openslo.yaml's objectives hold.
      loadtest: 'node scripts/loadtest.ts',
    },
    dependencies: sortKeys({ ...commonDependencies, ...part.dependencies }),
    devDependencies: sortKeys({
      ...commonDevDependencies,
      ...loadTestDevDependencies,
      ...(part.devDependencies ?? {}),
    }),
  };
}

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
  },
};

const methods = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * Every operation answers 401 unless it is anonymous (`security: []`), and 403 when it requires
 * roles: documented here once, so no kind can forget them and the contract test can hold every
 * operation to them.
 */
function withAuthResponses(paths: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(paths).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item as Record<string, Record<string, unknown>>).map(
          ([method, operation]) => {
            if (!(methods as readonly string[]).includes(method)) {
              return [method, operation];
            }
            const anonymous =
              Array.isArray(operation.security) &&
              operation.security.length === 0;
            const roles = operation['x-required-roles'] as string[] | undefined;
            if (anonymous && roles) {
              throw new Error(
                `${method.toUpperCase()} ${path} is anonymous and requires roles: choose one`,
              );
            }
            const responses = operation.responses as Record<string, unknown>;
            return [
              method,
              {
                ...operation,
                responses: {
                  ...responses,
                  ...(anonymous
                    ? {}
                    : {
                        '401': problem(
                          'No bearer token, or one that is invalid, expired, or not issued for this service (see WWW-Authenticate).',
                        ),
                      }),
                  ...(roles
                    ? {
                        '403': problem(
                          `The token is valid but has none of the app roles ${roles.join(
                            ', ',
                          )}.`,
                        ),
                      }
                    : {}),
                },
              },
            ];
          },
        ),
      ),
    ]),
  );
}

/**
 * The service's OpenAPI document: health and readiness from the skeleton, the rest from its
 * kind. The service validates requests against these schemas at run time, reads each
 * operation's auth requirement from it (bearerAuth unless `security: []`, plus
 * `x-required-roles`), and its contract test checks routes and document match both ways.
 * Metrics are not part of the API: they are served on their own port (METRICS_PORT).
 */
export function composeOpenApi(spec: ServiceSpec, part: KindPart) {
  return {
    openapi: '3.1.0',
    info: {
      title: `${spec.name} API`,
      version: '0.1.0',
      description: spec.description,
      'x-slo': {
        availability: spec.availability,
        latencyP95Ms: spec.latencyP95Ms,
      },
    },
    servers: [{ url: '/' }],
    // Secure by default: an operation is public only where it says `security: []`.
    security: [{ bearerAuth: [] }],
    paths: withAuthResponses({
      '/healthz': {
        get: {
          operationId: 'liveness',
          summary: 'Liveness: the process is up',
          // For the kubelet's probes; not on the public route (deploy/httproute.yaml).
          security: [],
          responses: { '200': { description: 'Alive.' } },
          'x-contract-example': { path: '/healthz' },
        },
      },
      '/readyz': {
        get: {
          operationId: 'readiness',
          summary:
            part.dataStore.resourceType === 'external-service'
              ? `Readiness: the service is not shutting down (${part.dataStore.technology} is external and not checked here)`
              : `Readiness: the ${part.dataStore.technology} answers and the service is not shutting down`,
          security: [],
          responses: {
            '200': { description: 'Ready for traffic.' },
            '503': {
              description: 'Not ready.',
              content: {
                'application/json': {
                  schema: { $ref: '#/components/schemas/Error' },
                },
              },
            },
          },
          'x-contract-example': { path: '/readyz' },
        },
      },
      '/version': {
        get: {
          operationId: 'version',
          summary:
            'The release this instance runs: the commit its image was built from (SERVICE_VERSION)',
          // Public, on the gateway: the release workflow waits until dev answers with the image it
          // is about to test. A commit id tells a caller nothing the repository does not.
          security: [],
          responses: {
            '200': {
              description: 'The release.',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['version'],
                    additionalProperties: false,
                    properties: {
                      version: {
                        type: 'string',
                        description:
                          'The commit SHA the image was built from; "local" outside an image.',
                      },
                    },
                  },
                },
              },
            },
          },
          'x-contract-example': { path: '/version' },
        },
      },
      ...part.openApiPaths,
    }),
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'An access token from the issuer in AUTH_ISSUER (Microsoft Entra ID in Azure) for the audience in AUTH_AUDIENCE; app roles in its `roles` claim.',
        },
      },
      schemas: { Error: errorSchema, ...part.openApiSchemas },
    },
  };
}
