// Generated from openapi.yaml by `yarn openapi:generate` (packages/tools/src/openapiGenerate.ts); do
// not edit: change the YAML and re-run it. openapi.test.ts fails when the two differ.

/**
 * The slo backend's OpenAPI document: the router is typed from it and serves it at /openapi.json.
 *
 * @public
 */
export const spec = {
  openapi: '3.1.0',
  info: {
    title: 'slo',
    version: '1',
    description:
      "The SLO backend (`/api/slo`): each service's objectives from its OpenSLO file, measured through Prometheus or Azure Monitor managed Prometheus. The shapes are plugins/slo-common/src/api.ts. Every route needs a signed-in caller; the catalog's permissions decide which entities they may see.",
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
        operationId: 'GetEntitySloReport',
        summary: "A service's objectives, each with its latest measurement.",
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
              "The entity's objectives (none when it names no OpenSLO file).",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EntitySloReport',
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
    '/v1/entities/{kind}/{namespace}/{name}/history': {
      get: {
        operationId: 'GetSloHistory',
        summary: "One objective's SLI per day.",
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
          {
            name: 'slo',
            in: 'query',
            required: true,
            description:
              "the objective's metadata.name in the OpenSLO file, given once, e.g. slo=order-service-availability",
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
          {
            $ref: '#/components/parameters/days',
          },
        ],
        responses: {
          '200': {
            description: "The objective's SLI per day, oldest first.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/SloHistory',
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
          '503': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/entities/{kind}/{namespace}/{name}/histories': {
      get: {
        operationId: 'GetEntitySloHistories',
        summary:
          "Every objective's SLI per day, in one answer, as the SLO tab shows them all.",
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
          {
            $ref: '#/components/parameters/days',
          },
        ],
        responses: {
          '200': {
            description: "Each objective's history, in the file's order.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EntitySloHistories',
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
      days: {
        name: 'days',
        in: 'query',
        required: false,
        description:
          "a whole number of days from 1 to 90, given once, e.g. days=28; without it, the objective's window",
        schema: {
          type: 'string',
          pattern: '^([1-9]|[1-8][0-9]|90)$',
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
      SloDataSource: {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'message'],
        properties: {
          type: {
            type: 'string',
            enum: ['prometheus', 'azure-monitor', 'none'],
          },
          message: {
            type: 'string',
            description:
              'Which endpoint, or what to configure to get measurements.',
          },
        },
      },
      SloMeasurement: {
        type: 'object',
        additionalProperties: false,
        required: ['status', 'measuredAt'],
        properties: {
          attainment: {
            type: 'number',
            description:
              "Share of good events over the SLO's whole window; absent when there were no events.",
          },
          budgetRemaining: {
            type: 'number',
            description:
              'Share of the error budget left: 1 untouched, 0 spent, negative overspent.',
          },
          burnRate1h: {
            type: 'number',
          },
          burnRate6h: {
            type: 'number',
          },
          status: {
            type: 'string',
            enum: ['ok', 'warning', 'critical', 'no-data'],
          },
          measuredAt: {
            type: 'string',
          },
          history: {
            $ref: '#/components/schemas/SloHistoryHeld',
          },
          historyError: {
            type: 'string',
            description:
              'Why `history` could not be read (the other numbers still stand).',
          },
        },
      },
      SloHistoryHeld: {
        type: 'object',
        additionalProperties: false,
        required: ['daysHeld', 'windowDays', 'partial'],
        description:
          "The days of the objective's window the data source holds samples for; attainment and budget cover only those when partial.",
        properties: {
          daysHeld: {
            type: 'integer',
          },
          windowDays: {
            type: 'integer',
          },
          partial: {
            type: 'boolean',
          },
        },
      },
      SloAlert: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'state'],
        description:
          "One pending or firing alert of the service (its `service` label is the OpenSLO file's spec.service).",
        properties: {
          name: {
            type: 'string',
            description: 'The alertname.',
          },
          state: {
            type: 'string',
            enum: ['firing', 'pending'],
          },
          severity: {
            type: 'string',
            description:
              'The severity label (page or ticket in generated rules).',
          },
          slo: {
            type: 'string',
            description: 'The slo label, the objective that burns.',
          },
          since: {
            type: 'string',
            description: 'When the alert became active, ISO 8601.',
          },
          summary: {
            type: 'string',
          },
          runbookUrl: {
            type: 'string',
            description: 'The runbook_url annotation.',
          },
        },
      },
      SloAlerts: {
        type: 'object',
        additionalProperties: false,
        required: ['status', 'alerts'],
        properties: {
          status: {
            type: 'string',
            enum: ['read', 'not-configured', 'not-available', 'error'],
          },
          alerts: {
            type: 'array',
            description:
              'Firing before pending, pages before tickets, oldest first.',
            items: {
              $ref: '#/components/schemas/SloAlert',
            },
          },
          message: {
            type: 'string',
            description: 'Why there is no list when status is not read.',
          },
        },
      },
      SloDashboardLink: {
        type: 'object',
        additionalProperties: false,
        description:
          "The service's SLO dashboard (url), or what is missing for a link (message).",
        properties: {
          url: {
            type: 'string',
          },
          message: {
            type: 'string',
          },
        },
      },
      SloReport: {
        type: 'object',
        additionalProperties: false,
        required: [
          'name',
          'displayName',
          'objective',
          'windowDays',
          'errorBudget',
        ],
        properties: {
          name: {
            type: 'string',
          },
          displayName: {
            type: 'string',
          },
          description: {
            type: 'string',
          },
          objective: {
            type: 'number',
            description: 'The target as a ratio, e.g. 0.9995.',
          },
          windowDays: {
            type: 'number',
          },
          errorBudget: {
            type: 'object',
            additionalProperties: false,
            required: ['allowedFailureRatio', 'fullOutageMinutes'],
            properties: {
              allowedFailureRatio: {
                type: 'number',
              },
              fullOutageMinutes: {
                type: 'number',
              },
            },
          },
          indicator: {
            type: 'object',
            additionalProperties: false,
            required: ['good', 'total'],
            properties: {
              good: {
                type: 'string',
              },
              total: {
                type: 'string',
              },
            },
          },
          measurement: {
            $ref: '#/components/schemas/SloMeasurement',
          },
          measurementError: {
            type: 'string',
            description:
              'Why this SLO could not be measured (the others may still be).',
          },
        },
      },
      EntitySloReport: {
        type: 'object',
        additionalProperties: false,
        required: [
          'entityRef',
          'source',
          'problems',
          'slos',
          'alerts',
          'dashboard',
        ],
        properties: {
          entityRef: {
            type: 'string',
          },
          sloFileUrl: {
            type: 'string',
          },
          source: {
            $ref: '#/components/schemas/SloDataSource',
          },
          problems: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          slos: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/SloReport',
            },
          },
          alerts: {
            $ref: '#/components/schemas/SloAlerts',
          },
          dashboard: {
            $ref: '#/components/schemas/SloDashboardLink',
          },
        },
      },
      SloHistory: {
        type: 'object',
        additionalProperties: false,
        required: ['entityRef', 'slo', 'objective', 'source', 'points'],
        properties: {
          entityRef: {
            type: 'string',
          },
          slo: {
            type: 'string',
          },
          objective: {
            type: 'number',
          },
          source: {
            $ref: '#/components/schemas/SloDataSource',
          },
          points: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['time'],
              properties: {
                time: {
                  type: 'string',
                },
                sli: {
                  type: 'number',
                },
              },
            },
          },
          error: {
            type: 'string',
            description:
              "In histories only, why this objective's history could not be read.",
          },
        },
      },
      EntitySloHistories: {
        type: 'object',
        additionalProperties: false,
        required: ['entityRef', 'source', 'histories'],
        properties: {
          entityRef: {
            type: 'string',
          },
          source: {
            $ref: '#/components/schemas/SloDataSource',
          },
          histories: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/SloHistory',
            },
          },
        },
      },
    },
  },
} as const;
