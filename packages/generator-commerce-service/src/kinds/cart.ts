import { problem } from './openapi.ts';
import type { KindPart } from './types.ts';

const cartIdParam = {
  name: 'cartId',
  in: 'path',
  required: true,
  description:
    "The cart, usually the shopper session id. Carts belong to the token's subject: the same id names a different cart for another subject.",
  schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
};
const skuParam = {
  name: 'sku',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$' },
};
const cartResponse = {
  description: 'The cart as it is now.',
  content: {
    'application/json': { schema: { $ref: '#/components/schemas/Cart' } },
  },
};

/** Cart: Redis with a TTL per cart; quantities change atomically, so no add is ever lost. */
export const cartKind: KindPart = {
  kind: 'cart',
  title: 'Cart service',
  summary:
    "Owns shopping carts. Each cart is a Redis hash of SKU → quantity with its own time to live, refreshed on every change. Quantities change with atomic Redis commands, so concurrent adds to one cart never lose an update. Prices and totals are not the cart's business: the order service computes them.",
  dataStore: {
    resourceType: 'cache',
    technology: 'Azure Cache for Redis (Redis locally)',
    resourceSuffix: 'cache',
    availabilitySla: {
      percent: '99.95',
      basis:
        "Azure's SLA for Azure Cache for Redis Premium across zones, as prod deploys it (99.9 without zones; platform ADR 0007)",
    },
    privateDnsZoneIdVariable: 'REDIS_PRIVATE_DNS_ZONE_ID',
    // 6380: Azure Cache for Redis over TLS; 6379 for a plain Redis.
    egressPorts: [6380, 6379],
    ciService: {
      image: 'redis:7-alpine',
      port: 6379,
      health: 'redis-cli ping',
    },
  },
  loadTest: {
    // An estimate for 100m CPU (Redis round trips are cheap); revise from production's CPU per request.
    podCapacityRps: 300,
    setup: [
      {
        method: 'PUT',
        path: '/carts/loadtest-cart/items/LOAD-1',
        body: { quantity: 1 },
      },
    ],
    requests: [
      { method: 'GET', path: '/carts/loadtest-cart', weight: 4 },
      // Setting a quantity (not adding to it): repeated runs do not grow the cart.
      {
        method: 'PUT',
        path: '/carts/loadtest-cart/items/LOAD-1',
        body: { quantity: 2 },
      },
    ],
  },
  dependencies: { ioredis: '5.8.2' },
  env: spec => [
    {
      name: 'REDIS_URL',
      description: 'Redis connection URL (rediss:// in Azure).',
      local: 'redis://127.0.0.1:6379',
      production: { keyVaultSecret: `${spec.name}-redis-url` },
    },
    {
      name: 'CART_TTL_SECONDS',
      description: 'How long an untouched cart lives.',
      local: '604800',
      production: { value: '604800' },
    },
  ],
  openApiPaths: {
    '/carts/{cartId}': {
      get: {
        operationId: 'getCart',
        summary: "Read one of the caller's carts",
        parameters: [cartIdParam],
        responses: {
          '200': cartResponse,
          '400': problem('Bad cart id.'),
          '404': problem(
            'The caller has no cart with this id (it never existed, expired, was removed, or belongs to someone else).',
          ),
        },
        'x-contract-example': { path: '/carts/contract-cart' },
      },
      delete: {
        operationId: 'deleteCart',
        summary:
          "Empty and remove one of the caller's carts (removing one that does not exist does nothing)",
        parameters: [cartIdParam],
        responses: {
          '204': { description: 'Removed.' },
          '400': problem('Bad cart id.'),
        },
        'x-contract-example': { path: '/carts/contract-cart' },
      },
    },
    '/carts/{cartId}/items': {
      post: {
        operationId: 'addCartItem',
        summary: 'Add a quantity of a SKU (atomic; concurrent adds all count)',
        parameters: [cartIdParam],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/CartItemInput' },
            },
          },
        },
        responses: {
          '200': cartResponse,
          '400': problem('Bad cart id or item.'),
        },
        'x-contract-example': {
          path: '/carts/contract-cart/items',
          body: { sku: 'SKU-1', quantity: 2 },
        },
      },
    },
    '/carts/{cartId}/items/{sku}': {
      put: {
        operationId: 'setCartItemQuantity',
        summary: 'Set the quantity of a SKU (0 removes it)',
        parameters: [cartIdParam, skuParam],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/QuantityInput' },
            },
          },
        },
        responses: {
          '200': cartResponse,
          '400': problem('Bad cart id, SKU or quantity.'),
        },
        'x-contract-example': {
          path: '/carts/contract-cart/items/SKU-1',
          body: { quantity: 5 },
        },
      },
      delete: {
        operationId: 'removeCartItem',
        summary: 'Remove a SKU from the cart',
        parameters: [cartIdParam, skuParam],
        responses: {
          '200': cartResponse,
          '400': problem('Bad cart id or SKU.'),
        },
        'x-contract-example': { path: '/carts/contract-cart/items/SKU-1' },
      },
    },
  },
  openApiSchemas: {
    CartItemInput: {
      type: 'object',
      additionalProperties: false,
      required: ['sku', 'quantity'],
      properties: {
        sku: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$' },
        quantity: { type: 'integer', minimum: 1, maximum: 999 },
      },
    },
    QuantityInput: {
      type: 'object',
      additionalProperties: false,
      required: ['quantity'],
      properties: { quantity: { type: 'integer', minimum: 0, maximum: 999 } },
    },
    Cart: {
      type: 'object',
      required: ['id', 'items', 'expiresInSeconds'],
      properties: {
        id: { type: 'string' },
        items: {
          type: 'array',
          items: {
            type: 'object',
            required: ['sku', 'quantity'],
            properties: {
              sku: { type: 'string' },
              quantity: { type: 'integer' },
            },
          },
        },
        expiresInSeconds: {
          type: 'integer',
          description:
            'Seconds until the cart expires; -2 when the last change emptied it (it is gone).',
        },
      },
    },
  },
};
