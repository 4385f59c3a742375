import type { KindPart } from './kinds/index.ts';
import type { ServiceSpec } from './spec.ts';

/** Exact versions: a generated service builds the same way on every machine. */
const commonDependencies: Record<string, string> = {
  '@azure/identity': '4.14.1',
  '@azure/keyvault-secrets': '4.12.0',
  fastify: '5.6.1',
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
    },
    dependencies: sortKeys({ ...commonDependencies, ...part.dependencies }),
    devDependencies: sortKeys({
      ...commonDevDependencies,
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

/**
 * The service's OpenAPI document: health, readiness and metrics from the skeleton, the rest
 * from its kind. The service validates requests against these schemas at run time, and its
 * contract test checks routes and document match both ways.
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
    paths: {
      '/healthz': {
        get: {
          operationId: 'liveness',
          summary: 'Liveness: the process is up',
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
      '/metrics': {
        get: {
          operationId: 'metrics',
          summary: 'Prometheus metrics',
          responses: {
            '200': {
              description: 'Metrics in the Prometheus text format.',
              content: { 'text/plain': {} },
            },
          },
          'x-contract-example': { path: '/metrics' },
        },
      },
      ...part.openApiPaths,
    },
    components: {
      schemas: { Error: errorSchema, ...part.openApiSchemas },
    },
  };
}
