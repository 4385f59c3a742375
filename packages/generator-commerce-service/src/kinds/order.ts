import {
  anonymous,
  catalogAdminRole,
  jsonContent,
  orderPaymentStatusWriteRole,
  orderReadAllRole,
  problem,
  requiresRoles,
} from './openapi.ts';
import type { KindPart } from './types.ts';

const skuPattern = '^[A-Za-z0-9_.-]{1,64}$';
const currencySchema = {
  type: 'string',
  pattern: '^[A-Z]{3}$',
  description: 'ISO 4217 code, e.g. EUR.',
};
/** Money is integer minor units; the cap keeps any order total exact in a JSON number. */
const unitPriceSchema = { type: 'integer', minimum: 0, maximum: 1_000_000_000 };

// Fresh objects per use, so openapi.yaml has no YAML anchors and aliases.
const skuParam = () => ({
  name: 'sku',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: skuPattern },
});
const orderIdParam = {
  name: 'orderId',
  in: 'path',
  required: true,
  schema: { type: 'string', format: 'uuid' },
};
const idempotencyKeyParam = {
  name: 'Idempotency-Key',
  in: 'header',
  required: true,
  description:
    'A unique value per order attempt (a UUID is ideal), sent again unchanged on every retry of that attempt.',
  schema: { type: 'string', pattern: '^[\\x21-\\x7E]{1,255}$' },
};
/** The lifecycle: placed → paid | payment_failed, payment_failed → paid. */
const orderStatusSchema = () => ({
  type: 'string',
  enum: ['placed', 'paid', 'payment_failed'],
  description:
    'placed, then paid when a payment succeeds or payment_failed when one fails; a payment_failed order can still be paid. paid is final.',
});
const orderResponse = (description: string) => ({
  description,
  headers: {
    'Idempotent-Replayed': {
      description:
        'true when this answers a retry: the order was created by an earlier request with the same key.',
      schema: { type: 'string', enum: ['true'] },
    },
  },
  content: jsonContent('Order'),
});

/**
 * The production connection. The server name follows the rule in infra/modules/datastore.bicep
 * (psql-commerce-<service>-<environment>): a fixed name, so the URL is known when the service is
 * generated and holds no secret (the password is an Entra token fetched per connection).
 */
const productionDatabaseUrl = (name: string) =>
  `postgres://id-${name}@psql-commerce-${name}-prod.postgres.database.azure.com:5432/orders?sslmode=verify-full`;

/**
 * Order: PostgreSQL. Totals come from the service's own price book, an order and its lines are
 * written in one transaction, and an Idempotency-Key makes retries safe.
 */
export const orderKind: KindPart = {
  kind: 'order',
  title: 'Order service',
  summary:
    'Owns orders and the price book they are priced from. A client sends only SKUs and quantities; unit prices, line totals and the order total are computed here from the price book, in integer minor units, one currency per order. An order and its lines are written in one PostgreSQL transaction. An order is placed, then paid or payment_failed: payment-service reads what an order costs and whose it is (app role Orders.Read.All) and reports each Stripe payment outcome (Orders.PaymentStatus.Write), applied once per Stripe event id; a payment that cannot settle the order (already paid, other amount) is refused with 409 so payment-service refunds it. Every create carries an Idempotency-Key: a retry with the same key and body returns the original order, the same key with a different body is refused with 409, and a unique constraint makes racing retries produce exactly one order. The schema is migrated at start-up under an advisory lock, so replicas starting together apply each migration once.',
  dataStore: {
    resourceType: 'database',
    technology:
      'Azure Database for PostgreSQL flexible server (PostgreSQL locally)',
    resourceSuffix: 'db',
    availabilitySla: {
      percent: '99.99',
      basis:
        "Azure's SLA for PostgreSQL flexible server with zone-redundant HA, as prod deploys it (platform ADR 0007)",
    },
    privateDnsZoneIdVariable: 'POSTGRES_PRIVATE_DNS_ZONE_ID',
    egressPorts: [5432],
    ciService: {
      image: 'postgres:16-alpine',
      port: 5432,
      // Trust on the throwaway CI container only: no password exists anywhere.
      env: { POSTGRES_HOST_AUTH_METHOD: 'trust' },
      health: 'pg_isready -U postgres',
    },
  },
  loadTest: {
    // An estimate for 100m CPU: an order is a transaction of several statements.
    podCapacityRps: 150,
    setup: [
      {
        method: 'PUT',
        path: '/prices/LOAD-1',
        roles: [catalogAdminRole],
        body: { unitPriceCents: 1299, currency: 'EUR' },
      },
      {
        method: 'POST',
        path: '/orders',
        headers: { 'Idempotency-Key': 'loadtest-{{unique}}' },
        body: { lines: [{ sku: 'LOAD-1', quantity: 1 }] },
        status: 201,
        capture: { orderId: 'id' },
      },
    ],
    requests: [
      { method: 'GET', path: '/orders/{{orderId}}', weight: 4 },
      {
        method: 'POST',
        path: '/orders',
        headers: { 'Idempotency-Key': 'loadtest-{{unique}}' },
        body: { lines: [{ sku: 'LOAD-1', quantity: 1 }] },
        status: 201,
      },
    ],
  },
  dependencies: { pg: '8.23.1', 'pg-connection-string': '2.14.1' },
  devDependencies: { '@types/pg': '8.23.1' },
  env: spec => [
    {
      name: 'DATABASE_URL',
      description:
        'PostgreSQL connection URL. In Azure it names the server, database and Entra role, with no password.',
      local: 'postgres://postgres@127.0.0.1:5432/postgres',
      production: { value: productionDatabaseUrl(spec.name) },
    },
    {
      name: 'PG_ENTRA_AUTH',
      description:
        'true: when the URL and PGPASSWORD carry no password, sign in with a Microsoft Entra token of the workload identity.',
      local: 'false',
      production: { value: 'true' },
    },
    {
      name: 'PG_POOL_MAX',
      description:
        'Connections per replica; times the maximum replicas, it must stay under the server’s max_connections.',
      local: '10',
      production: { value: '10' },
    },
  ],
  openApiPaths: {
    '/prices/{sku}': {
      get: {
        operationId: 'getPrice',
        // Prices are public, like the catalog.
        ...anonymous,
        summary: 'Read the price of a SKU',
        parameters: [skuParam()],
        responses: {
          '200': { description: 'The price.', content: jsonContent('Price') },
          '400': problem('Bad SKU.'),
          '404': problem('The SKU has no price.'),
        },
        'x-contract-example': { path: '/prices/CONTRACT-UNPRICED' },
      },
      put: {
        operationId: 'setPrice',
        ...requiresRoles(catalogAdminRole),
        summary:
          'Set the unit price of a SKU in the price book (orders placed later use it)',
        parameters: [skuParam()],
        requestBody: {
          required: true,
          content: jsonContent('PriceInput'),
        },
        responses: {
          '200': {
            description: 'The price as stored.',
            content: jsonContent('Price'),
          },
          '400': problem('Bad SKU, price or currency.'),
        },
        'x-contract-example': {
          path: '/prices/SKU-1',
          body: { unitPriceCents: 1299, currency: 'EUR' },
        },
      },
    },
    '/orders': {
      post: {
        operationId: 'createOrder',
        summary:
          "Place an order for the caller (the token's subject is the customer): priced from the price book, written in one transaction, idempotent by key",
        parameters: [idempotencyKeyParam],
        requestBody: {
          required: true,
          content: jsonContent('OrderInput'),
        },
        responses: {
          '201': orderResponse(
            'The order: created now, or created earlier by a request with the same key and body.',
          ),
          '400': problem(
            'Missing Idempotency-Key, bad lines, a SKU without a price, or lines in different currencies.',
          ),
          '409': problem(
            'The Idempotency-Key was already used for a different request body.',
          ),
        },
        // The header is sent by runners that pass example headers; without it the documented 400.
        'x-contract-example': {
          path: '/orders',
          headers: { 'Idempotency-Key': 'contract-order-1' },
          body: { lines: [{ sku: 'SKU-1', quantity: 2 }] },
        },
      },
    },
    '/orders/{orderId}': {
      get: {
        operationId: 'getOrder',
        summary: "Read one of the caller's own orders",
        description:
          'An order placed by another customer answers 404, exactly like one that does not exist.',
        parameters: [orderIdParam],
        responses: {
          '200': { description: 'The order.', content: jsonContent('Order') },
          '400': problem('Bad order id.'),
          '404': problem('No such order among the caller’s orders.'),
        },
        'x-contract-example': {
          path: '/orders/00000000-0000-4000-8000-000000000000',
        },
      },
    },
    '/orders/{orderId}/payment-status': {
      get: {
        operationId: 'getOrderPaymentStatus',
        ...requiresRoles(orderReadAllRole),
        summary:
          'For payment-service: what an order costs, whose it is and whether it can be paid',
        description:
          "Any customer's order: the caller is a service (app role, not a person) that checks the payer itself and charges exactly totalCents.",
        parameters: [orderIdParam],
        responses: {
          '200': {
            description: 'The order’s payment status.',
            content: jsonContent('OrderPaymentStatus'),
          },
          '400': problem('Bad order id.'),
          '404': problem('No such order.'),
        },
        'x-contract-example': {
          path: '/orders/00000000-0000-4000-8000-000000000000/payment-status',
        },
      },
      post: {
        operationId: 'recordPaymentOutcome',
        ...requiresRoles(orderPaymentStatusWriteRole),
        summary:
          'For payment-service: apply a Stripe payment outcome to the order, once per Stripe event',
        description:
          'succeeded moves a placed or payment_failed order to paid; failed moves a placed order to payment_failed and leaves a paid one paid. A replayed event (same eventId) changes nothing and gets the first answer again, with Idempotent-Replayed: true.',
        parameters: [orderIdParam],
        requestBody: {
          required: true,
          content: jsonContent('PaymentOutcome'),
        },
        responses: {
          '200': {
            description:
              'Applied now, or earlier for the same event (then Idempotent-Replayed: true).',
            headers: {
              'Idempotent-Replayed': {
                description:
                  'true when the event was applied by an earlier delivery.',
                schema: { type: 'string', enum: ['true'] },
              },
            },
            content: jsonContent('PaymentOutcomeReceipt'),
          },
          '400': problem('Bad order id or body.'),
          '404': problem('No such order.'),
          '409': problem(
            'The payment cannot settle this order (already_paid by another payment, or payment_mismatch: another amount or currency) — refund it; or the event id was recorded with other contents.',
          ),
        },
        'x-contract-example': {
          path: '/orders/00000000-0000-4000-8000-000000000000/payment-status',
          body: {
            eventId: 'evt_contract',
            outcome: 'succeeded',
            paymentIntentId: 'pi_contract',
            amountCents: 1999,
            currency: 'eur',
          },
        },
      },
    },
  },
  openApiSchemas: {
    OrderPaymentStatus: {
      type: 'object',
      required: [
        'orderId',
        'customerId',
        'status',
        'currency',
        'totalCents',
        'payable',
      ],
      properties: {
        orderId: { type: 'string', format: 'uuid' },
        customerId: {
          type: 'string',
          description:
            'The subject of the token that placed the order: only they may pay it.',
        },
        status: orderStatusSchema(),
        currency: { type: 'string', description: 'ISO 4217, upper case.' },
        totalCents: {
          type: 'integer',
          description: 'Exactly what to charge, in minor units.',
        },
        payable: {
          type: 'boolean',
          description: 'true while the status is placed or payment_failed.',
        },
      },
    },
    // Self-contained (no $ref): the service validates requests with this schema as it is.
    PaymentOutcome: {
      type: 'object',
      additionalProperties: false,
      required: [
        'eventId',
        'outcome',
        'paymentIntentId',
        'amountCents',
        'currency',
      ],
      properties: {
        eventId: {
          type: 'string',
          pattern: '^evt_[A-Za-z0-9]{1,250}$',
          description: 'The Stripe event id: each event is applied once.',
        },
        outcome: { type: 'string', enum: ['succeeded', 'failed'] },
        paymentIntentId: { type: 'string', pattern: '^pi_[A-Za-z0-9]{1,250}$' },
        amountCents: {
          type: 'integer',
          minimum: 0,
          maximum: 1_000_000_000_000,
          description:
            "The PaymentIntent's amount; must equal the order's total to pay it.",
        },
        currency: { type: 'string', pattern: '^[A-Za-z]{3}$' },
      },
    },
    PaymentOutcomeReceipt: {
      type: 'object',
      required: ['orderId', 'eventId', 'status'],
      properties: {
        orderId: { type: 'string', format: 'uuid' },
        eventId: { type: 'string' },
        status: orderStatusSchema(),
      },
    },
    PriceInput: {
      type: 'object',
      additionalProperties: false,
      required: ['unitPriceCents', 'currency'],
      properties: {
        unitPriceCents: {
          ...unitPriceSchema,
          description: 'Unit price in minor units (cents).',
        },
        currency: currencySchema,
      },
    },
    Price: {
      type: 'object',
      required: ['sku', 'unitPriceCents', 'currency', 'updatedAt'],
      properties: {
        sku: { type: 'string' },
        unitPriceCents: { type: 'integer' },
        currency: { type: 'string' },
        updatedAt: { type: 'string', format: 'date-time' },
      },
    },
    // Self-contained (no $ref): the service validates requests with this schema as it is.
    OrderInput: {
      type: 'object',
      additionalProperties: false,
      required: ['lines'],
      description:
        'SKUs and quantities only: prices and totals are never taken from the client.',
      properties: {
        lines: {
          type: 'array',
          minItems: 1,
          maxItems: 100,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['sku', 'quantity'],
            properties: {
              sku: { type: 'string', pattern: skuPattern },
              quantity: { type: 'integer', minimum: 1, maximum: 999 },
            },
          },
        },
      },
    },
    Order: {
      type: 'object',
      required: [
        'id',
        'customerId',
        'status',
        'currency',
        'totalCents',
        'lines',
        'createdAt',
      ],
      properties: {
        id: { type: 'string', format: 'uuid' },
        customerId: {
          type: 'string',
          description:
            'The subject (`sub`) of the token that placed the order; never taken from the body.',
        },
        status: orderStatusSchema(),
        currency: { type: 'string' },
        totalCents: { type: 'integer' },
        lines: {
          type: 'array',
          items: {
            type: 'object',
            required: ['sku', 'quantity', 'unitPriceCents', 'lineTotalCents'],
            properties: {
              sku: { type: 'string' },
              quantity: { type: 'integer' },
              unitPriceCents: { type: 'integer' },
              lineTotalCents: { type: 'integer' },
            },
          },
        },
        createdAt: { type: 'string', format: 'date-time' },
      },
    },
  },
};
