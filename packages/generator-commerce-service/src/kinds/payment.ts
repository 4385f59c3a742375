import { platform } from '../platform.ts';
import { anonymous, catalogAdminRole, problem } from './openapi.ts';
import type { KindPart } from './types.ts';

/** Stripe object ids are a type prefix and letters/digits; the cap is Stripe's own id limit. */
const paymentIntentIdPattern = '^pi_[A-Za-z0-9]{1,250}$';

const paymentIntentIdParam = {
  name: 'paymentIntentId',
  in: 'path',
  required: true,
  description:
    'The Stripe PaymentIntent id returned when the payment was created.',
  schema: { type: 'string', pattern: paymentIntentIdPattern },
};
const idempotencyKeyParam = {
  name: 'Idempotency-Key',
  in: 'header',
  required: true,
  description:
    'Unique per payment attempt (e.g. a UUID the caller stores with the order before calling). A retry with the same key and body returns the same payment; the same key with another body is refused (409). Passed on to Stripe, which keeps keys for 24 hours.',
  // Stripe's limit for idempotency keys.
  schema: { type: 'string', minLength: 1, maxLength: 255 },
};
const stripeSignatureParam = {
  name: 'Stripe-Signature',
  in: 'header',
  required: true,
  description:
    "Stripe's signature of the raw request body with the endpoint's signing secret.",
  schema: { type: 'string' },
};
const gatewayProblem = problem(
  'Stripe failed or could not be reached; retrying with the same Idempotency-Key is safe.',
);
const orderServiceProblem = problem(
  'order-service could not be reached or failed (code order_service_unavailable); retry shortly, with the same Idempotency-Key.',
);

/** Ports of the load test's doubles in CI (stripe-mock's 12111 for Stripe, order-service's local 8081). */
const loadTestPorts = { stripe: 12111, orderService: 8081, identity: 8402 };

/** Payment: Stripe PaymentIntents behind one gateway module; Stripe is the system of record. */
export const paymentKind: KindPart = {
  kind: 'payment',
  title: 'Payment service',
  summary:
    "Takes payment for orders through Stripe. A caller sends only an order id: the amount and currency are the order's, read from order-service (GET /orders/{orderId}/payment-status, with this service's own token for order-service's audience), and only the customer who placed the order may pay it (another customer's order answers 404). Each payment is a Stripe PaymentIntent with the order id in its metadata, created under a Stripe idempotency key derived from the caller and their Idempotency-Key, so a retry reaches the same PaymentIntent and never charges twice, and the same key for another order is refused. Stripe is the system of record: the service stores no payment or card data of its own. Webhooks from Stripe are trusted only after their signature over the raw body is verified; payment_intent.succeeded and payment_intent.payment_failed are reported to order-service (POST /orders/{orderId}/payment-status), which applies each event id once, so the order becomes paid or payment_failed. While order-service cannot take the outcome the webhook answers 503 and Stripe delivers the event again (for up to three days) until it lands. Roll-back: a payment order-service refuses for good (the order was paid by another payment, the amount differs, the order is gone) is refunded in full through Stripe, once per PaymentIntent. The Stripe keys come from Key Vault, where the payments team stores them.",
  dataStore: {
    resourceType: 'external-service',
    technology: 'Stripe (payment gateway)',
    resourceSuffix: 'stripe',
    // Stripe publishes no availability SLA. Leaving the figure out would make every payment
    // service "unknown" in the review; an explicit assumption, labelled as one, is more useful.
    availabilitySla: {
      percent: '99.99',
      basis:
        "Stripe publishes no SLA: 99.99 is our assumption (the platform's target, ADR 0007), not Stripe's promise; replace it with a contracted figure if there is one",
    },
    // Stripe's API is HTTPS only.
    egressPorts: [443],
    // No CI service: the tests run the real Stripe SDK against an in-process double of Stripe.
    // CI's load test runs the same double as a process (test/loadtest-doubles.ts), with
    // order-service's double and a managed-identity endpoint that gives this service its
    // order-service tokens the way Azure's does (IDENTITY_ENDPOINT, read by DefaultAzureCredential).
    ciLocalServer: {
      name: 'Start the Stripe, order-service and managed-identity doubles (test/loadtest-doubles.ts)',
      command: 'node test/loadtest-doubles.ts',
      readyUrl: `http://127.0.0.1:${loadTestPorts.identity}/`,
      env: {
        STRIPE_API_HOST: '127.0.0.1',
        STRIPE_API_PORT: String(loadTestPorts.stripe),
        STRIPE_API_PROTOCOL: 'http',
        ORDER_SERVICE_URL: `http://127.0.0.1:${loadTestPorts.orderService}`,
        IDENTITY_ENDPOINT: `http://127.0.0.1:${loadTestPorts.identity}/msi/token`,
        // Not a secret: the header a local managed-identity endpoint checks, as App Service's does.
        IDENTITY_HEADER: 'local-loadtest-identity',
      },
    },
  },
  loadTest: {
    // An estimate for 100m CPU: each payment verifies a token, reads the order from
    // order-service and makes one Stripe call; the wait on both is latency, not CPU.
    podCapacityRps: 100,
    // The order it pays is the load test's own, created in order-service as its customer (the
    // caller of every step): in dev's order-service in the release flow, in the order-service
    // double locally and in CI. The price is order-service's own load-test price (same SKU).
    setup: [
      {
        service: platform.orderService.name,
        method: 'PUT',
        path: '/prices/LOAD-1',
        roles: [catalogAdminRole],
        body: { unitPriceCents: 1299, currency: 'EUR' },
      },
      {
        service: platform.orderService.name,
        method: 'POST',
        path: '/orders',
        headers: { 'Idempotency-Key': 'loadtest-{{unique}}' },
        body: { lines: [{ sku: 'LOAD-1', quantity: 1 }] },
        status: 201,
        capture: { orderId: 'id' },
      },
      {
        method: 'POST',
        path: '/payments',
        headers: { 'Idempotency-Key': 'loadtest-{{unique}}' },
        body: { orderId: '{{orderId}}' },
        status: 201,
        capture: { paymentId: 'id' },
      },
    ],
    requests: [
      { method: 'GET', path: '/payments/{{paymentId}}', weight: 4 },
      // A new attempt each time (a new key): a new PaymentIntent for the still-unpaid order.
      {
        method: 'POST',
        path: '/payments',
        headers: { 'Idempotency-Key': 'loadtest-{{unique}}' },
        body: { orderId: '{{orderId}}' },
        status: 201,
      },
    ],
    services: {
      [platform.orderService.name]: {
        localUrl: `http://127.0.0.1:${loadTestPorts.orderService}`,
      },
    },
  },
  // Checkout: reads what an order costs and reports its payment outcome, as this service.
  callsApis: [
    { service: platform.orderService.name, roles: platform.orderService.roles },
  ],
  dependencies: { stripe: '23.1.0' },
  env: spec => [
    {
      name: 'STRIPE_SECRET_KEY',
      description:
        'Stripe API key: a restricted key (rk_…) allowed to write PaymentIntents is best. Locally, a test-mode key from the Stripe Dashboard.',
      local: 'sk_test_REPLACE_ME',
      production: { keyVaultSecret: `${spec.name}-stripe-secret-key` },
    },
    {
      name: 'STRIPE_WEBHOOK_SECRET',
      description:
        'Signing secret of the Stripe webhook endpoint (whsec_…). Locally, `stripe listen --forward-to localhost:8080/webhooks/stripe` prints one.',
      local: 'whsec_REPLACE_ME',
      production: { keyVaultSecret: `${spec.name}-stripe-webhook-secret` },
    },
    {
      name: 'ORDER_SERVICE_URL',
      description:
        'Base URL of order-service, whose orders this service charges (in-cluster, not through the gateway).',
      local: 'http://127.0.0.1:8081',
      production: { value: platform.orderService.url },
    },
    {
      name: 'ORDER_SERVICE_AUDIENCE',
      description:
        "order-service's app id URI: this service's workload identity gets tokens for <audience>/.default, with the app roles Orders.Read.All and Orders.PaymentStatus.Write.",
      local: platform.orderService.audience,
      production: { value: platform.orderService.audience },
    },
    {
      name: 'ORDER_SERVICE_TIMEOUT_MS',
      description: 'How long one call to order-service may take.',
      local: '5000',
      production: { value: '5000' },
    },
    {
      name: 'STRIPE_API_HOST',
      description: 'Stripe API host (tests point it at a local double).',
      local: 'api.stripe.com',
      production: { value: 'api.stripe.com' },
    },
    {
      name: 'STRIPE_API_PORT',
      description: 'Stripe API port.',
      local: '443',
      production: { value: '443' },
    },
    {
      name: 'STRIPE_API_PROTOCOL',
      description: 'https, or http for a local double.',
      local: 'https',
      production: { value: 'https' },
    },
    {
      name: 'STRIPE_TIMEOUT_MS',
      description:
        'How long one call to Stripe may take before it fails (the SDK default is 80 s).',
      local: '10000',
      production: { value: '10000' },
    },
  ],
  openApiPaths: {
    '/payments': {
      post: {
        operationId: 'createPayment',
        summary:
          "Pay one of the caller's orders: a Stripe PaymentIntent for exactly the order's total; idempotent",
        description:
          'The body names the order only: an amount or currency in it is refused (400). The order must be the caller’s (else 404) and placed or payment_failed (else 409).',
        parameters: [idempotencyKeyParam],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/PaymentInput' },
            },
          },
        },
        responses: {
          '201': {
            description:
              'The payment, to be confirmed in the browser with Stripe.js and its client secret. A retry with the same Idempotency-Key and body returns the same payment.',
            headers: {
              'Idempotent-Replayed': {
                description:
                  'true when this is the saved answer to an earlier request with the same key.',
                schema: { type: 'string', enum: ['true'] },
              },
            },
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/CreatedPayment' },
              },
            },
          },
          '400': problem(
            'Missing Idempotency-Key, a bad body (anything but orderId, e.g. an amount), or a payment Stripe refuses (e.g. an unsupported currency).',
          ),
          '404': problem(
            'No such order among the caller’s orders (another customer’s order answers the same).',
          ),
          '409': problem(
            'The order is already paid (order_already_paid) or cannot be paid, or the Idempotency-Key was already used for another order: use a new key for a new payment.',
          ),
          '502': gatewayProblem,
          '503': orderServiceProblem,
        },
        // The contract example carries no headers, so it checks the documented 400 for a
        // missing Idempotency-Key; test/payment.test.ts covers the 201.
        'x-contract-example': {
          path: '/payments',
          body: { orderId: '00000000-0000-4000-8000-000000000000' },
        },
      },
    },
    '/payments/{paymentIntentId}': {
      get: {
        operationId: 'getPayment',
        summary: "Read one of the caller's payments as Stripe has it now",
        parameters: [paymentIntentIdParam],
        responses: {
          '200': {
            description: 'The payment.',
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/Payment' },
              },
            },
          },
          '400': problem('Bad payment id.'),
          '404': problem(
            'No such PaymentIntent among the caller’s payments (another customer’s answers the same).',
          ),
          '502': gatewayProblem,
        },
        'x-contract-example': { path: '/payments/pi_contractUnknown' },
      },
    },
    '/webhooks/stripe': {
      post: {
        operationId: 'receiveStripeEvent',
        // Stripe sends no bearer token: the signature over the body is its authentication.
        ...anonymous,
        summary:
          'Stripe webhook: verifies the signature over the raw body, moves the order to paid or payment_failed',
        description:
          'Reports payment_intent.succeeded and payment_intent.payment_failed to order-service, which applies each event id once (a replayed event changes nothing). A succeeded payment order-service refuses for good (order already paid, other amount, no such order) is refunded.',
        parameters: [stripeSignatureParam],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                description:
                  'A Stripe Event, exactly as Stripe sent it (the signature covers these bytes).',
              },
            },
          },
        },
        responses: {
          '200': {
            description:
              'Verified and accepted; event types the service does not handle are accepted too, so Stripe does not retry them.',
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/WebhookReceipt' },
              },
            },
          },
          '400': problem(
            'Missing or invalid Stripe-Signature: the event is not from Stripe or was altered.',
          ),
          '502': problem(
            'Stripe failed while refunding; the event is not done, and Stripe delivers it again.',
          ),
          '503': problem(
            'order-service cannot take the outcome now; the event is not done, and Stripe delivers it again.',
          ),
        },
        'x-contract-example': {
          path: '/webhooks/stripe',
          body: {
            id: 'evt_contract',
            object: 'event',
            type: 'payment_intent.succeeded',
          },
        },
      },
    },
  },
  openApiSchemas: {
    // Self-contained (no $ref): the service validates requests with this schema as it is.
    PaymentInput: {
      type: 'object',
      additionalProperties: false,
      required: ['orderId'],
      description:
        "The order to pay, and nothing else: the amount and currency are the order's, from order-service, never the caller's.",
      properties: {
        orderId: {
          type: 'string',
          format: 'uuid',
          pattern:
            '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
          description: 'An order the caller placed (order-service).',
        },
      },
    },
    Payment: {
      type: 'object',
      required: ['id', 'status', 'amountCents', 'currency', 'orderId'],
      properties: {
        id: { type: 'string', description: 'The Stripe PaymentIntent id.' },
        status: {
          type: 'string',
          enum: [
            'requires_payment_method',
            'requires_confirmation',
            'requires_action',
            'processing',
            'requires_capture',
            'canceled',
            'succeeded',
          ],
        },
        amountCents: { type: 'integer' },
        currency: { type: 'string' },
        orderId: {
          type: ['string', 'null'],
          description: 'null for a PaymentIntent this service did not create.',
        },
        customerId: {
          type: ['string', 'null'],
          description: 'The token subject that created the payment.',
        },
      },
    },
    CreatedPayment: {
      type: 'object',
      required: [
        'id',
        'status',
        'amountCents',
        'currency',
        'orderId',
        'clientSecret',
      ],
      properties: {
        id: { type: 'string' },
        status: { type: 'string' },
        amountCents: { type: 'integer' },
        currency: { type: 'string' },
        orderId: { type: 'string' },
        clientSecret: {
          type: 'string',
          description:
            "For the shopper's browser only (Stripe.js confirms the payment with it); never log or store it.",
        },
      },
    },
    WebhookReceipt: {
      type: 'object',
      required: ['received'],
      properties: { received: { type: 'boolean', const: true } },
    },
  },
};
