// Generated from openapi.yaml by `yarn openapi:generate` (packages/tools/src/openapiGenerate.ts); do
// not edit: change the YAML and re-run it. openapi.test.ts fails when the two differ.

/**
 * The rollout backend's OpenAPI document: the router is typed from it and serves it at /openapi.json.
 *
 * @public
 */
export const spec = {
  openapi: '3.1.0',
  info: {
    title: 'rollout',
    version: '1',
    description:
      "The rollout backend (`/api/rollout`): a service's canary policy read from its repository and checked against its SLO. The shapes are plugins/rollout-common/src/api.ts. Every route needs a signed-in caller; the catalog's permissions decide which entities they may see.",
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
        operationId: 'GetEntityRolloutReport',
        summary:
          "A service's canary policy, the SLO its thresholds are held to, and what does not match.",
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
              'The policy and its findings; problems says what could not be read.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EntityRolloutReport',
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
    '/v1/entities/{kind}/{namespace}/{name}/argocd': {
      get: {
        operationId: 'GetEntityArgoCdStatus',
        summary:
          "Sync status, health and recent history of the service's Argo CD Applications, per environment.",
        description:
          "Applications are named by the entity's argocd/app-name annotation (`<name>-<environment>` for each of argocd.environments) or listed by commerce.platform/argocd-apps. Without the argocd configuration the answer is `configured: false` with what to set, not an error.",
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
              "The Applications' status; a problem per Application says what could not be read.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EntityArgoCdStatus',
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
      EntityArgoCdStatus: {
        type: 'object',
        additionalProperties: false,
        required: ['entityRef', 'configured'],
        properties: {
          entityRef: {
            type: 'string',
          },
          configured: {
            type: 'boolean',
          },
          message: {
            type: 'string',
            description:
              'When not configured, which configuration would enable the card.',
          },
          applications: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ArgoCdApplicationStatus',
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
      ArgoCdApplicationStatus: {
        type: 'object',
        additionalProperties: false,
        required: ['environment', 'application', 'history'],
        properties: {
          environment: {
            type: 'string',
          },
          application: {
            type: 'string',
          },
          url: {
            type: 'string',
          },
          syncStatus: {
            type: 'string',
            description: 'Synced, OutOfSync or Unknown.',
          },
          revision: {
            type: 'string',
          },
          healthStatus: {
            type: 'string',
            description:
              'Healthy, Progressing, Degraded, Suspended, Missing or Unknown.',
          },
          healthMessage: {
            type: 'string',
          },
          lastOperation: {
            type: 'object',
            additionalProperties: false,
            properties: {
              phase: {
                type: 'string',
              },
              message: {
                type: 'string',
              },
              finishedAt: {
                type: 'string',
              },
            },
          },
          history: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['id'],
              properties: {
                id: {
                  type: 'number',
                },
                revision: {
                  type: 'string',
                },
                deployedAt: {
                  type: 'string',
                },
                initiatedBy: {
                  type: 'string',
                },
              },
            },
          },
          problem: {
            type: 'string',
          },
        },
      },
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
      CanaryStep: {
        type: 'object',
        additionalProperties: false,
        required: ['weight'],
        properties: {
          weight: {
            type: 'number',
            description: 'The traffic weight in %.',
          },
          pause: {
            type: 'string',
            description: 'A duration such as 5m.',
          },
          untilPromoted: {
            type: 'boolean',
            const: true,
            description:
              'An Argo `pause: {}` without duration: the rollout waits for a person to promote it.',
          },
        },
      },
      AnalysisThreshold: {
        type: 'object',
        additionalProperties: false,
        required: ['template', 'metric', 'bound', 'value'],
        properties: {
          template: {
            type: 'string',
          },
          metric: {
            type: 'string',
          },
          bound: {
            type: 'string',
            enum: ['min', 'max'],
          },
          value: {
            type: 'number',
          },
          interval: {
            type: 'string',
          },
          count: {
            type: 'number',
          },
          failureLimit: {
            type: 'number',
          },
        },
      },
      RolloutPolicy: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'steps', 'thresholds', 'argoSteps'],
        properties: {
          name: {
            type: 'string',
          },
          steps: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/CanaryStep',
            },
          },
          analysisStartingStep: {
            type: 'number',
          },
          analysisStartsAt: {
            type: 'number',
          },
          thresholds: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/AnalysisThreshold',
            },
          },
          argoSteps: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
      },
      PolicyFinding: {
        type: 'object',
        additionalProperties: false,
        required: ['severity', 'message', 'fix'],
        properties: {
          severity: {
            type: 'string',
            enum: ['warning', 'info'],
          },
          message: {
            type: 'string',
          },
          fix: {
            type: 'string',
          },
          threshold: {
            type: 'string',
            description: 'The threshold it is about, as template/metric.',
          },
        },
      },
      EntityRolloutReport: {
        type: 'object',
        additionalProperties: false,
        required: ['entityRef', 'findings', 'problems'],
        properties: {
          entityRef: {
            type: 'string',
          },
          policyUrl: {
            type: 'string',
          },
          policyFiles: {
            type: 'object',
            additionalProperties: false,
            required: ['rollout', 'analysisTemplates'],
            properties: {
              rollout: {
                type: 'string',
              },
              analysisTemplates: {
                type: 'string',
              },
            },
          },
          policy: {
            $ref: '#/components/schemas/RolloutPolicy',
          },
          slo: {
            type: 'object',
            additionalProperties: false,
            description:
              "The objectives derived from the service's OpenSLO file, and where it is.",
            properties: {
              availability: {
                type: 'number',
              },
              latencySeconds: {
                type: 'number',
              },
              availabilitySlo: {
                type: 'string',
              },
              latencySlo: {
                type: 'string',
              },
              sloFileUrl: {
                type: 'string',
              },
            },
          },
          findings: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/PolicyFinding',
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
    },
  },
} as const;
