// Generated from openapi.yaml by `yarn openapi:generate` (packages/tools/src/openapiGenerate.ts); do
// not edit: change the YAML and re-run it. openapi.test.ts fails when the two differ.

/**
 * The platform-review backend's OpenAPI document: the router is typed from it and serves it at /openapi.json.
 *
 * @public
 */
export const spec = {
  openapi: '3.1.0',
  info: {
    title: 'platform-review',
    version: '1',
    description:
      'The platform review\'s backend (`/api/platform-review`): ownership boundaries, SLO achievability, spend against budget, "not yet" decisions and template drift over the whole catalog, from a snapshot the scheduler rebuilds. The shapes are plugins/platform-review-common/src/api.ts. Every route needs a signed-in caller.',
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
    '/v1/review': {
      get: {
        operationId: 'GetPlatformReview',
        summary: 'Everything the review page shows, from the latest snapshot.',
        description:
          "Answers with an ETag and Cache-Control no-cache: a request with the snapshot's ETag in If-None-Match gets 304. Gzip-encoded when the caller accepts it.",
        parameters: [
          {
            $ref: '#/components/parameters/system',
          },
          {
            $ref: '#/components/parameters/team',
          },
        ],
        responses: {
          '200': {
            description: 'The review.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/PlatformReview',
                },
              },
            },
          },
          '304': {
            description:
              'The snapshot has not changed since the ETag in If-None-Match.',
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/review/summary': {
      get: {
        operationId: 'GetPlatformReviewSummary',
        summary:
          "The review page's sections without its long lists, from the latest snapshot.",
        description:
          'The review (as GET /v1/review) without its per-service lists (ownership rows, findings, SLO achievability, template drift), which the page reads a page at a time (GET /v1/review/ownership, /findings, /slo, /drift); in their place how many there are. A few KiB whatever the size of the catalog.',
        parameters: [
          {
            $ref: '#/components/parameters/system',
          },
          {
            $ref: '#/components/parameters/team',
          },
        ],
        responses: {
          '200': {
            description: 'The review without its long lists.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ReviewSummary',
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
    '/v1/review/ownership': {
      get: {
        operationId: 'GetOwnershipPage',
        summary:
          'One page of the ownership map, filtered, searched and sorted on the server.',
        description:
          "From the latest snapshot (sorted lists are kept per snapshot, nothing is recomputed). Ties keep the review's order (by service), so pages never overlap or skip rows.",
        parameters: [
          {
            $ref: '#/components/parameters/system',
          },
          {
            $ref: '#/components/parameters/team',
          },
          {
            $ref: '#/components/parameters/offset',
          },
          {
            $ref: '#/components/parameters/limit',
          },
          {
            $ref: '#/components/parameters/order',
          },
          {
            $ref: '#/components/parameters/search',
          },
          {
            name: 'orderBy',
            in: 'query',
            required: false,
            description:
              'the column to sort by, one of service, owner or system (default service)',
            schema: {
              type: 'string',
              enum: ['service', 'owner', 'system'],
            },
          },
        ],
        responses: {
          '200': {
            description: 'The page.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/OwnershipPage',
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
    '/v1/review/findings': {
      get: {
        operationId: 'GetFindingsPage',
        summary:
          "One page of the review's findings, filtered, searched and sorted on the server.",
        description:
          "From the latest snapshot. The default order is the page's: by rule (boundary rules first), errors first within a rule; ties keep the review's order.",
        parameters: [
          {
            $ref: '#/components/parameters/system',
          },
          {
            $ref: '#/components/parameters/team',
          },
          {
            $ref: '#/components/parameters/offset',
          },
          {
            $ref: '#/components/parameters/limit',
          },
          {
            $ref: '#/components/parameters/order',
          },
          {
            $ref: '#/components/parameters/search',
          },
          {
            name: 'orderBy',
            in: 'query',
            required: false,
            description:
              'the column to sort by, one of rule, severity or message (default rule)',
            schema: {
              type: 'string',
              enum: ['rule', 'severity', 'message'],
            },
          },
        ],
        responses: {
          '200': {
            description: 'The page.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/FindingsPage',
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
    '/v1/review/slo': {
      get: {
        operationId: 'GetSloPage',
        summary:
          'One page of the SLO achievability rows, filtered, searched and sorted on the server.',
        description:
          "From the latest snapshot: a row per service with an availability objective or a dependency on one. The default order is by service; ties keep the review's order.",
        parameters: [
          {
            $ref: '#/components/parameters/system',
          },
          {
            $ref: '#/components/parameters/team',
          },
          {
            $ref: '#/components/parameters/offset',
          },
          {
            $ref: '#/components/parameters/limit',
          },
          {
            $ref: '#/components/parameters/order',
          },
          {
            $ref: '#/components/parameters/search',
          },
          {
            name: 'orderBy',
            in: 'query',
            required: false,
            description:
              'the column to sort by, one of service, declared or achievable (default service)',
            schema: {
              type: 'string',
              enum: ['service', 'declared', 'achievable'],
            },
          },
        ],
        responses: {
          '200': {
            description: 'The page.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/SloPage',
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
    '/v1/review/drift': {
      get: {
        operationId: 'GetDriftPage',
        summary:
          'One page of the template drift rows, filtered, searched and sorted on the server.',
        description:
          "From the latest snapshot: a row per generated service (with commerce.platform/blueprint-version). The default order is by service; ties keep the review's order.",
        parameters: [
          {
            $ref: '#/components/parameters/system',
          },
          {
            $ref: '#/components/parameters/team',
          },
          {
            $ref: '#/components/parameters/offset',
          },
          {
            $ref: '#/components/parameters/limit',
          },
          {
            $ref: '#/components/parameters/order',
          },
          {
            $ref: '#/components/parameters/search',
          },
          {
            name: 'orderBy',
            in: 'query',
            required: false,
            description:
              'the column to sort by, one of service or blueprintVersion (default service)',
            schema: {
              type: 'string',
              enum: ['service', 'blueprintVersion'],
            },
          },
          {
            name: 'behind',
            in: 'query',
            required: false,
            description:
              'true for only the services behind the current blueprint, false for only those on it (default both)',
            schema: {
              type: 'boolean',
            },
          },
        ],
        responses: {
          '200': {
            description: 'The page.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DriftPage',
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
    '/v1/review/decisions': {
      get: {
        operationId: 'GetDecisionsPage',
        summary:
          'One page of every decision record, filtered, searched and sorted on the server.',
        description:
          'From the latest snapshot. Narrowed by System and team as the "not yet" list is (the System or owner of the entity a record was found under, or the team among its decision makers). The default order is the review\'s (by where the record was found, then file).',
        parameters: [
          {
            $ref: '#/components/parameters/system',
          },
          {
            $ref: '#/components/parameters/team',
          },
          {
            $ref: '#/components/parameters/offset',
          },
          {
            $ref: '#/components/parameters/limit',
          },
          {
            $ref: '#/components/parameters/order',
          },
          {
            $ref: '#/components/parameters/search',
          },
          {
            name: 'orderBy',
            in: 'query',
            required: false,
            description:
              'the column to sort by, one of title, status, date or entityRef (default entityRef)',
            schema: {
              type: 'string',
              enum: ['title', 'status', 'date', 'entityRef'],
            },
          },
          {
            name: 'status',
            in: 'query',
            required: false,
            description:
              "only the records of this status as written in their front matter, e.g. status=deferred (the answer's statuses lists those present)",
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 100,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The page.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DecisionsPage',
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
    '/v1/decisions': {
      get: {
        operationId: 'GetDecisions',
        summary:
          'Every decision record found, with the folders that could not be read.',
        responses: {
          '200': {
            description: 'The decisions.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DecisionList',
                },
              },
            },
          },
        },
      },
    },
    '/v1/entities/{kind}/{namespace}/{name}/decisions': {
      get: {
        operationId: 'GetEntityDecisions',
        summary: "One entity's decision records.",
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
            description: "The entity's decisions.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DecisionList',
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
    '/v1/entities/{kind}/{namespace}/{name}/decisions/{file}': {
      get: {
        operationId: 'GetDecisionRecord',
        summary:
          'One decision record of an entity, with its Markdown to render.',
        description:
          "Read from the review's snapshot (never from a path given here): the file must be one the review found under the entity's backstage.io/adr-location. 404 when the caller cannot see the entity in the catalog or it has no such record.",
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
            name: 'file',
            in: 'path',
            required: true,
            description:
              "the record's file name as listed by the entity's decisions, e.g. 0009-defer-service-mesh.md (letters, digits, -, _ and ., starting with a letter or digit, ending in .md; no folders)",
            schema: {
              type: 'string',
              pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*\\.[Mm][Dd]$',
              maxLength: 255,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The record and its Markdown.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DecisionRecordContent',
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
    '/v1/entities/{kind}/{namespace}/{name}/findings': {
      get: {
        operationId: 'GetEntityFindings',
        summary:
          'The review\'s findings that name one entity (its "Platform checks").',
        description:
          "From the review's latest snapshot, errors first. 404 when the caller cannot see the entity in the catalog.",
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
            description: "The entity's findings.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EntityFindings',
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
    '/v1/refresh': {
      post: {
        operationId: 'RefreshPlatformReview',
        summary:
          'Rebuilds the review now and answers when the new snapshot is stored.',
        description:
          'Platform team only (the platform-review.refresh permission); takes no body.',
        responses: {
          '200': {
            description:
              'What the rebuild read and found, and how long it took.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ReviewRefreshSummary',
                },
              },
            },
          },
          '403': {
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
      system: {
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
      team: {
        name: 'team',
        in: 'query',
        required: false,
        allowReserved: true,
        description:
          "one team's (Group's) entity ref, given once, e.g. team=group:default/checkout-team (the kind and namespace may be left out)",
        schema: {
          type: 'string',
          minLength: 1,
        },
      },
      offset: {
        name: 'offset',
        in: 'query',
        required: false,
        description:
          'how many rows to skip, a whole number from 0 (default 0), e.g. offset=20 for the second page of 20; past the end gives no rows',
        schema: {
          type: 'integer',
          minimum: 0,
          maximum: 10000000,
        },
      },
      limit: {
        name: 'limit',
        in: 'query',
        required: false,
        description:
          'how many rows at most, a whole number from 1 to 500 (default 20)',
        schema: {
          type: 'integer',
          minimum: 1,
          maximum: 500,
        },
      },
      order: {
        name: 'order',
        in: 'query',
        required: false,
        description: 'the sort direction, asc or desc (default asc)',
        schema: {
          type: 'string',
          enum: ['asc', 'desc'],
        },
      },
      search: {
        name: 'search',
        in: 'query',
        required: false,
        description:
          'only rows containing this text in any column, ignoring case, at most 200 characters, e.g. search=checkout',
        schema: {
          type: 'string',
          maxLength: 200,
        },
      },
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
      StringList: {
        type: 'array',
        items: {
          type: 'string',
        },
      },
      EntityRefWithTitle: {
        type: 'object',
        additionalProperties: false,
        required: ['entityRef'],
        properties: {
          entityRef: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
        },
      },
      ReviewFinding: {
        type: 'object',
        additionalProperties: false,
        required: [
          'rule',
          'severity',
          'message',
          'fix',
          'entityRefs',
          'systems',
          'teams',
        ],
        properties: {
          rule: {
            type: 'string',
            enum: [
              'shared-data-store',
              'foreign-data-store',
              'gateway-owns-data',
              'missing-owner',
              'owner-not-a-group',
              'undeclared-api-consumption',
              'malformed-entity',
              'slo-not-achievable',
              'over-budget',
              'decision-due',
              'template-drift',
            ],
          },
          severity: {
            type: 'string',
            enum: ['error', 'warning', 'info'],
          },
          message: {
            type: 'string',
          },
          fix: {
            type: 'string',
          },
          entityRefs: {
            $ref: '#/components/schemas/StringList',
          },
          systems: {
            $ref: '#/components/schemas/StringList',
          },
          teams: {
            $ref: '#/components/schemas/StringList',
          },
        },
      },
      OwnershipRow: {
        type: 'object',
        additionalProperties: false,
        required: ['service', 'dataStores', 'providesApis', 'consumesApis'],
        properties: {
          service: {
            type: 'string',
          },
          owner: {
            type: 'string',
          },
          system: {
            type: 'string',
          },
          dataStores: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['entityRef'],
              properties: {
                entityRef: {
                  type: 'string',
                },
                owner: {
                  type: 'string',
                },
                type: {
                  type: 'string',
                },
              },
            },
          },
          providesApis: {
            $ref: '#/components/schemas/StringList',
          },
          consumesApis: {
            $ref: '#/components/schemas/StringList',
          },
        },
      },
      SloAchievability: {
        type: 'object',
        additionalProperties: false,
        required: [
          'service',
          'achievable',
          'achievableOk',
          'chain',
          'softDependencies',
          'explanation',
        ],
        properties: {
          service: {
            type: 'string',
          },
          declared: {
            type: 'number',
          },
          achievable: {
            type: 'number',
          },
          achievableOk: {
            type: 'boolean',
          },
          chain: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['entityRef', 'availability', 'source'],
              properties: {
                entityRef: {
                  type: 'string',
                },
                availability: {
                  type: 'number',
                },
                source: {
                  type: 'string',
                },
              },
            },
          },
          softDependencies: {
            $ref: '#/components/schemas/StringList',
          },
          unknownDependencies: {
            $ref: '#/components/schemas/StringList',
          },
          explanation: {
            type: 'string',
          },
        },
      },
      SpendRow: {
        type: 'object',
        additionalProperties: false,
        required: ['entityRef', 'scope', 'kind', 'monthlyUsd', 'overBudget'],
        properties: {
          entityRef: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          scope: {
            type: 'string',
            enum: ['platform', 'system', 'team'],
          },
          kind: {
            type: 'string',
            enum: ['actual', 'estimate'],
          },
          monthlyUsd: {
            type: 'number',
          },
          budgetUsd: {
            type: 'number',
          },
          overBudget: {
            type: 'boolean',
          },
        },
      },
      DecisionRecord: {
        type: 'object',
        additionalProperties: false,
        required: [
          'entityRef',
          'file',
          'title',
          'status',
          'decisionMakers',
          'overdue',
          'triggerEvaluation',
          'triggerFired',
          'problems',
        ],
        properties: {
          entityRef: {
            type: 'string',
            description:
              'The entity whose backstage.io/adr-location it was found under.',
          },
          file: {
            type: 'string',
          },
          url: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          status: {
            type: 'string',
            description:
              'proposed, accepted, superseded, rejected, deferred, deprecated, or as written.',
          },
          date: {
            type: 'string',
          },
          decisionMakers: {
            $ref: '#/components/schemas/StringList',
          },
          revisitTrigger: {
            type: 'string',
          },
          revisitBy: {
            type: 'string',
          },
          overdue: {
            type: 'boolean',
          },
          triggerEvaluation: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['clause', 'evaluable'],
              properties: {
                clause: {
                  type: 'string',
                },
                evaluable: {
                  type: 'boolean',
                },
                fired: {
                  type: 'boolean',
                },
                detail: {
                  type: 'string',
                },
              },
            },
          },
          triggerFired: {
            type: 'boolean',
          },
          problems: {
            $ref: '#/components/schemas/StringList',
          },
        },
      },
      DriftRow: {
        type: 'object',
        additionalProperties: false,
        required: ['service', 'currentVersion', 'behind'],
        properties: {
          service: {
            type: 'string',
          },
          blueprintVersion: {
            type: 'string',
          },
          currentVersion: {
            type: 'string',
          },
          behind: {
            type: 'boolean',
          },
        },
      },
      PlatformReview: {
        type: 'object',
        additionalProperties: false,
        required: [
          'generatedAt',
          'filters',
          'ownership',
          'findings',
          'slo',
          'spend',
          'notYet',
          'drift',
          'systems',
          'teams',
          'problems',
        ],
        properties: {
          generatedAt: {
            type: 'string',
          },
          filters: {
            type: 'object',
            additionalProperties: false,
            properties: {
              system: {
                type: 'string',
              },
              team: {
                type: 'string',
              },
            },
          },
          ownership: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/OwnershipRow',
            },
          },
          findings: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ReviewFinding',
            },
          },
          slo: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/SloAchievability',
            },
          },
          spend: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/SpendRow',
            },
          },
          notYet: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/DecisionRecord',
            },
          },
          drift: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/DriftRow',
            },
          },
          systems: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/EntityRefWithTitle',
            },
          },
          teams: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/EntityRefWithTitle',
            },
          },
          problems: {
            $ref: '#/components/schemas/StringList',
          },
        },
      },
      ReviewSummary: {
        type: 'object',
        additionalProperties: false,
        required: [
          'generatedAt',
          'filters',
          'ownershipCount',
          'findingCounts',
          'sloCount',
          'sloNotAchievableCount',
          'driftCount',
          'driftBehindCount',
          'spend',
          'notYet',
          'systems',
          'teams',
          'problems',
        ],
        properties: {
          generatedAt: {
            type: 'string',
          },
          filters: {
            type: 'object',
            additionalProperties: false,
            properties: {
              system: {
                type: 'string',
              },
              team: {
                type: 'string',
              },
            },
          },
          ownershipCount: {
            type: 'integer',
            description: 'How many ownership rows the filters leave.',
          },
          findingCounts: {
            type: 'object',
            description:
              'How many findings the filters leave, by rule (rules with none are left out).',
            additionalProperties: {
              type: 'integer',
            },
          },
          sloCount: {
            type: 'integer',
            description:
              'How many SLO achievability rows (services) the filters leave.',
          },
          sloNotAchievableCount: {
            type: 'integer',
            description:
              'How many of those declare an objective their hard dependencies cannot give.',
          },
          driftCount: {
            type: 'integer',
            description: 'How many generated services the filters leave.',
          },
          driftBehindCount: {
            type: 'integer',
            description: 'How many of those are behind the current blueprint.',
          },
          currentBlueprintVersion: {
            type: 'string',
            description:
              "The blueprint's current version, when there is a generated service.",
          },
          spend: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/SpendRow',
            },
          },
          notYet: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/DecisionRecord',
            },
          },
          systems: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/EntityRefWithTitle',
            },
          },
          teams: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/EntityRefWithTitle',
            },
          },
          problems: {
            $ref: '#/components/schemas/StringList',
          },
        },
      },
      OwnershipPage: {
        type: 'object',
        additionalProperties: false,
        required: ['generatedAt', 'items', 'totalCount', 'offset', 'limit'],
        properties: {
          generatedAt: {
            type: 'string',
          },
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/OwnershipRow',
            },
          },
          totalCount: {
            type: 'integer',
            description:
              'How many rows the filters and search leave, across all pages.',
          },
          offset: {
            type: 'integer',
          },
          limit: {
            type: 'integer',
          },
        },
      },
      FindingsPage: {
        type: 'object',
        additionalProperties: false,
        required: ['generatedAt', 'items', 'totalCount', 'offset', 'limit'],
        properties: {
          generatedAt: {
            type: 'string',
          },
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ReviewFinding',
            },
          },
          totalCount: {
            type: 'integer',
          },
          offset: {
            type: 'integer',
          },
          limit: {
            type: 'integer',
          },
        },
      },
      SloPage: {
        type: 'object',
        additionalProperties: false,
        required: ['generatedAt', 'items', 'totalCount', 'offset', 'limit'],
        properties: {
          generatedAt: {
            type: 'string',
          },
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/SloAchievability',
            },
          },
          totalCount: {
            type: 'integer',
          },
          offset: {
            type: 'integer',
          },
          limit: {
            type: 'integer',
          },
        },
      },
      DriftPage: {
        type: 'object',
        additionalProperties: false,
        required: ['generatedAt', 'items', 'totalCount', 'offset', 'limit'],
        properties: {
          generatedAt: {
            type: 'string',
          },
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/DriftRow',
            },
          },
          totalCount: {
            type: 'integer',
          },
          offset: {
            type: 'integer',
          },
          limit: {
            type: 'integer',
          },
        },
      },
      DecisionsPage: {
        type: 'object',
        additionalProperties: false,
        required: [
          'generatedAt',
          'items',
          'totalCount',
          'offset',
          'limit',
          'statuses',
          'problems',
        ],
        properties: {
          generatedAt: {
            type: 'string',
          },
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/DecisionRecord',
            },
          },
          totalCount: {
            type: 'integer',
          },
          offset: {
            type: 'integer',
          },
          limit: {
            type: 'integer',
          },
          statuses: {
            $ref: '#/components/schemas/StringList',
          },
          problems: {
            description:
              'The decision folders that could not be read (whatever the filters).',
            $ref: '#/components/schemas/StringList',
          },
        },
      },
      DecisionList: {
        type: 'object',
        additionalProperties: false,
        required: ['decisions', 'problems'],
        properties: {
          decisions: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/DecisionRecord',
            },
          },
          problems: {
            $ref: '#/components/schemas/StringList',
          },
        },
      },
      DecisionRecordContent: {
        type: 'object',
        additionalProperties: false,
        required: ['record', 'markdown'],
        properties: {
          record: {
            $ref: '#/components/schemas/DecisionRecord',
          },
          markdown: {
            type: 'string',
            description: "The record's Markdown without its front matter.",
          },
        },
      },
      EntityFindings: {
        type: 'object',
        additionalProperties: false,
        required: ['generatedAt', 'findings'],
        properties: {
          generatedAt: {
            type: 'string',
          },
          findings: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ReviewFinding',
            },
          },
        },
      },
      ReviewRefreshSummary: {
        type: 'object',
        additionalProperties: false,
        required: [
          'generatedAt',
          'durationMs',
          'phasesMs',
          'entityCount',
          'findingCount',
          'decisionCount',
          'problems',
          'analysisThread',
        ],
        properties: {
          generatedAt: {
            type: 'string',
          },
          durationMs: {
            type: 'number',
          },
          phasesMs: {
            type: 'object',
            additionalProperties: false,
            required: [
              'catalog',
              'sloFiles',
              'decisionFiles',
              'costOverview',
              'analyses',
            ],
            properties: {
              catalog: {
                type: 'number',
              },
              sloFiles: {
                type: 'number',
              },
              decisionFiles: {
                type: 'number',
              },
              costOverview: {
                type: 'number',
              },
              analyses: {
                type: 'number',
              },
            },
          },
          entityCount: {
            type: 'number',
          },
          findingCount: {
            type: 'number',
          },
          decisionCount: {
            type: 'number',
          },
          problems: {
            $ref: '#/components/schemas/StringList',
          },
          analysisThread: {
            type: 'string',
            enum: ['worker', 'main'],
          },
        },
      },
    },
  },
} as const;
