// Generated from openapi.yaml by `yarn openapi:generate` (packages/tools/src/openapiGenerate.ts); do
// not edit: change the YAML and re-run it. openapi.test.ts fails when the two differ.

/**
 * The cost backend's OpenAPI document: the router is typed from it and serves it at /openapi.json.
 *
 * @public
 */
export const spec = {
  openapi: '3.1.0',
  info: {
    title: 'cost',
    version: '1',
    description:
      "The cost backend (`/api/cost`): per-service cost reports (actual from Azure Cost Management, or estimated from each service's cost model and the price sheet), the platform overview with roll-ups per System and team, and estimates per service kind for the template form. The shapes are plugins/cost-common/src/api.ts. Every route needs a signed-in caller.",
    license: {
      name: 'UNLICENSED',
    },
  },
  servers: [
    {
      url: '/',
    },
  ],
  paths: {
    '/v1/entities/{kind}/{namespace}/{name}': {
      get: {
        operationId: 'GetEntityCostReport',
        summary: "One service's month.",
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description:
              "The service's month; problems says what could not be worked out.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EntityCostReport',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/overview': {
      get: {
        operationId: 'GetCostOverview',
        summary:
          'The platform total against its budget, and the roll-ups per System and team.',
        description:
          "With system or group, only that System's or team's roll-up (what its card shows). Recomputed at most once a minute.",
        parameters: [
          {
            name: 'system',
            in: 'query',
            required: false,
            allowReserved: true,
            description:
              "one System's entity ref, given once, e.g. system=system:default/commerce-platform (the kind and namespace may be left out)",
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
          {
            name: 'group',
            in: 'query',
            required: false,
            allowReserved: true,
            description:
              "one team's (Group's) entity ref, given once, e.g. group=group:default/checkout-team (the kind and namespace may be left out)",
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The overview.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/CostOverview',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/estimates/{serviceKind}': {
      get: {
        operationId: 'GetServiceKindEstimate',
        summary:
          'What a new service of a kind costs a month, for the template form.',
        parameters: [
          {
            name: 'serviceKind',
            in: 'path',
            required: true,
            description: 'a service kind of the blueprint, e.g. cart',
            schema: {
              type: 'string',
              pattern: '^[a-z][a-z0-9-]*$',
              maxLength: 63,
            },
          },
          {
            name: 'environment',
            in: 'query',
            required: false,
            description:
              "an environment of the kind's cost model such as prod (the default) or dev, given once",
            schema: {
              type: 'string',
              pattern: '^[a-z][a-z0-9-]*$',
              maxLength: 63,
            },
          },
          {
            name: 'region',
            in: 'query',
            required: false,
            description:
              'an Azure region name such as westeurope (the default), given once',
            schema: {
              type: 'string',
              pattern: '^[a-z][a-z0-9]*$',
              maxLength: 63,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The estimate.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ServiceKindEstimate',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '503': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
  },
  components: {
    parameters: {
      kind: {
        name: 'kind',
        in: 'path',
        required: true,
        description:
          "the entity's kind as the catalog spells it, e.g. component (letters and digits, starting with a letter, at most 63 characters)",
        schema: {
          type: 'string',
          pattern: '^[A-Za-z][A-Za-z0-9]*$',
          maxLength: 63,
        },
      },
      namespace: {
        name: 'namespace',
        in: 'path',
        required: true,
        description:
          "the entity's namespace, e.g. default (letters, digits and single dashes between them, at most 63 characters)",
        schema: {
          type: 'string',
          pattern: '^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$',
          maxLength: 63,
        },
      },
      name: {
        name: 'name',
        in: 'path',
        required: true,
        description:
          "the entity's metadata.name, e.g. order-service (letters, digits, -, _ and ., starting and ending with a letter or digit, at most 63 characters)",
        schema: {
          type: 'string',
          pattern: '^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$',
          maxLength: 63,
        },
      },
    },
    responses: {
      ErrorResponse: {
        description:
          "An error in Backstage's error shape; error.message says what was wrong and what to do.",
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
    },
    schemas: {
      Error: {
        type: 'object',
        description:
          "Backstage's error response body (@backstage/errors ErrorResponseBody).",
        required: ['error', 'request', 'response'],
        properties: {
          error: {
            type: 'object',
            required: ['name', 'message'],
            properties: {
              name: {
                type: 'string',
                description:
                  'InputError (400), NotAllowedError (403), NotFoundError (404), ServiceUnavailableError (503), …',
              },
              message: {
                type: 'string',
              },
            },
          },
          request: {
            type: 'object',
            properties: {
              method: {
                type: 'string',
              },
              url: {
                type: 'string',
              },
            },
          },
          response: {
            type: 'object',
            required: ['statusCode'],
            properties: {
              statusCode: {
                type: 'integer',
              },
            },
          },
        },
      },
      CostBasisKind: {
        type: 'string',
        enum: ['actual', 'estimate'],
        description:
          'actual: spend Azure Cost Management reports; estimate: the declared resources priced with the price sheet.',
      },
      CostResourceLine: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'monthlyUsd'],
        properties: {
          name: {
            type: 'string',
          },
          monthlyUsd: {
            type: 'number',
          },
          detail: {
            type: 'string',
          },
        },
      },
      EntityCostReport: {
        type: 'object',
        additionalProperties: false,
        required: [
          'entityRef',
          'kind',
          'currency',
          'month',
          'trend',
          'topResources',
          'source',
          'problems',
        ],
        properties: {
          entityRef: {
            type: 'string',
          },
          kind: {
            $ref: '#/components/schemas/CostBasisKind',
          },
          currency: {
            type: 'string',
            const: 'USD',
          },
          month: {
            type: 'string',
            description:
              'The month reported, e.g. 2026-11; for actuals the month to date.',
          },
          monthlyUsd: {
            type: 'number',
          },
          atMaxScaleUsd: {
            type: 'number',
          },
          budgetUsd: {
            type: 'number',
          },
          trend: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['month', 'usd'],
              properties: {
                month: {
                  type: 'string',
                },
                usd: {
                  type: 'number',
                },
              },
            },
          },
          topResources: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/CostResourceLine',
            },
          },
          source: {
            type: 'string',
          },
          problems: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
      },
      CostRollup: {
        type: 'object',
        additionalProperties: false,
        required: ['entityRef', 'kind', 'monthlyUsd', 'services', 'problems'],
        properties: {
          entityRef: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          kind: {
            $ref: '#/components/schemas/CostBasisKind',
          },
          monthlyUsd: {
            type: 'number',
          },
          budgetUsd: {
            type: 'number',
          },
          sharedUsd: {
            type: 'number',
          },
          services: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['entityRef', 'kind'],
              properties: {
                entityRef: {
                  type: 'string',
                },
                monthlyUsd: {
                  type: 'number',
                },
                kind: {
                  $ref: '#/components/schemas/CostBasisKind',
                },
              },
            },
          },
          problems: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
      },
      CostOverview: {
        type: 'object',
        additionalProperties: false,
        required: ['platform', 'systems', 'groups', 'problems'],
        properties: {
          platform: {
            type: 'object',
            additionalProperties: false,
            required: [
              'kind',
              'sharedUsd',
              'servicesUsd',
              'totalUsd',
              'budgetUsd',
            ],
            properties: {
              kind: {
                $ref: '#/components/schemas/CostBasisKind',
              },
              sharedUsd: {
                type: 'number',
              },
              servicesUsd: {
                type: 'number',
              },
              totalUsd: {
                type: 'number',
              },
              budgetUsd: {
                type: 'number',
              },
            },
          },
          systems: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/CostRollup',
            },
          },
          groups: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/CostRollup',
            },
          },
          problems: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
      },
      ServiceKindEstimate: {
        type: 'object',
        additionalProperties: false,
        required: [
          'serviceKind',
          'environment',
          'region',
          'currency',
          'monthlyUsd',
          'lines',
          'pricesAsOf',
          'warnings',
        ],
        properties: {
          serviceKind: {
            type: 'string',
          },
          environment: {
            type: 'string',
          },
          region: {
            type: 'string',
          },
          currency: {
            type: 'string',
            const: 'USD',
          },
          monthlyUsd: {
            type: 'number',
          },
          atMaxScaleUsd: {
            type: 'number',
          },
          lines: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/CostResourceLine',
            },
          },
          pricesAsOf: {
            type: 'string',
          },
          warnings: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
      },
    },
  },
} as const;
