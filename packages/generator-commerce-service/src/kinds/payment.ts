import { anonymous, problem } from './openapi.ts';
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

/** Payment: Stripe PaymentIntents behind one gateway module; Stripe is the system of record. */
export const paymentKind: KindPart = {
  kind: 'payment',
  title: 'Payment service',
  summary:
    'Takes payment for orders through Stripe. Each payment is a Stripe PaymentIntent created with the Idempotency-Key its caller sends, which Stripe honours, so a retried request never creates a second payment. Stripe is the system of record: the service stores no payment or card data of its own. Webhooks from Stripe are trusted only after their signature over the raw body is verified, and payment outcomes are logged as structured events. The Stripe keys come from Key Vault, where the payments team stores them.',
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
  },
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
          'Create a payment (a Stripe PaymentIntent) for an order; idempotent',
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
            'Missing Idempotency-Key, a bad body, or a payment Stripe refuses (e.g. an unsupported currency).',
          ),
          '409': problem(
            'The Idempotency-Key was already used with a different body: use a new key for a new payment.',
          ),
          '502': gatewayProblem,
        },
        // The contract example carries no headers, so it checks the documented 400 for a
        // missing Idempotency-Key; test/payment.test.ts covers the 201.
        'x-contract-example': {
          path: '/payments',
          body: {
            orderId: 'order-contract',
            amountCents: 1999,
            currency: 'eur',
          },
        },
      },
    },
    '/payments/{paymentIntentId}': {
      get: {
        operationId: 'getPayment',
        summary: 'Read a payment as Stripe has it now',
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
          '404': problem('Stripe has no such PaymentIntent.'),
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
          'Stripe webhook: verifies the signature over the raw body, logs payment outcomes',
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
    PaymentInput: {
      type: 'object',
      additionalProperties: false,
      required: ['orderId', 'amountCents', 'currency'],
      properties: {
        orderId: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
        amountCents: {
          type: 'integer',
          minimum: 1,
          // Stripe's largest amount: eight digits in the smallest currency unit.
          maximum: 99_999_999,
          description:
            'Amount in the smallest currency unit (cents; whole units for zero-decimal currencies such as jpy).',
        },
        currency: {
          type: 'string',
          pattern: '^[a-z]{3}$',
          description:
            'ISO 4217 code in lowercase, as Stripe writes it, e.g. eur.',
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
