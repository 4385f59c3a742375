import {
  anonymous,
  catalogAdminRole,
  problem,
  requiresRoles,
} from './openapi.ts';
import type { KindPart } from './types.ts';

/** Names the service reads from its environment and infra/ creates: one place for both. */
const databaseName = 'catalog';
const containerName = 'products';

// A category is a partition key value and a path segment: no "/", "?", "#", "\" or control
// characters, anything else (quotes included — queries are parameterized) is data.
const categorySchema = {
  type: 'string',
  minLength: 1,
  maxLength: 100,
  pattern: '^[^/?#\\\\\\u0000-\\u001f]+$',
};
const productIdSchema = {
  type: 'string',
  description: "The product's SKU; unique within its category.",
  pattern: '^[A-Za-z0-9_.-]{1,64}$',
};
const categoryParam = {
  name: 'category',
  in: 'path',
  required: true,
  description: 'The category, the partition the product lives in.',
  schema: categorySchema,
};
const productIdParam = {
  name: 'productId',
  in: 'path',
  required: true,
  schema: productIdSchema,
};
const etagHeader = {
  ETag: {
    description:
      'Version of the product; send it back in If-Match to replace exactly this version.',
    schema: { type: 'string' },
  },
};
const productResponse = (description: string) => ({
  description,
  headers: etagHeader,
  content: {
    'application/json': { schema: { $ref: '#/components/schemas/Product' } },
  },
});
const contractExample = {
  id: 'SKU-CONTRACT-1',
  name: 'Contract test sneaker',
  category: 'contract-shoes',
  priceCents: 4999,
  currency: 'EUR',
};

/** What the load test creates and reads: a category of its own, apart from real products. */
const loadTestProduct = {
  name: 'Load test sneaker',
  category: 'load-test',
  priceCents: 4999,
  currency: 'EUR',
};

/**
 * Product: the catalog on Cosmos DB for NoSQL, partitioned by category. Reads within a category
 * are single-partition (point reads and parameterized queries), and replacements are
 * conditional on the ETag, so concurrent edits of one product are refused, never merged away.
 */
export const productKind: KindPart = {
  kind: 'product',
  title: 'Product service',
  summary:
    'Owns the product catalog. Products live in Azure Cosmos DB for NoSQL, in one container partitioned by category: reading a product is a point read (category + id) and listing a category is a parameterized single-partition query, paged with continuation tokens. Every replacement carries the ETag of the version it edits (If-Match), so two concurrent edits of one product can never silently overwrite each other. In Azure the service signs in with its workload identity (Entra ID); the account has key authentication disabled.',
  dataStore: {
    resourceType: 'database',
    technology:
      'Azure Cosmos DB for NoSQL (a Cosmos-compatible server locally)',
    resourceSuffix: 'cosmos',
    availabilitySla: {
      percent: '99.995',
      basis:
        "Azure's SLA for a zone-redundant single-region Cosmos DB account, as prod deploys it (platform ADR 0007)",
    },
    privateDnsZoneIdVariable: 'COSMOS_PRIVATE_DNS_ZONE_ID',
    // Cosmos DB is HTTPS only; Entra ID and Key Vault use 443 as well.
    egressPorts: [443],
    // No service container for Cosmos DB: the tests start a Cosmos-compatible server
    // in-process, and CI's load test runs the same server (a devDependency) beside the service.
    ciLocalServer: {
      name: 'Start the Cosmos-compatible server (@vercel/cosmosdb-server)',
      command: 'npx cosmosdb-server --host 127.0.0.1 --port 8081 --no-ssl',
      readyUrl: 'http://127.0.0.1:8081/',
      env: { COSMOS_ENDPOINT: 'http://127.0.0.1:8081' },
    },
  },
  loadTest: {
    // An estimate for 100m CPU: point reads by category and id.
    podCapacityRps: 300,
    setup: [
      {
        method: 'POST',
        path: '/products',
        roles: [catalogAdminRole],
        body: { ...loadTestProduct, id: 'LOAD-{{unique}}' },
        status: 201,
        capture: { productId: 'id' },
      },
    ],
    requests: [
      {
        method: 'GET',
        path: `/products/${loadTestProduct.category}/{{productId}}`,
        weight: 4,
      },
      {
        method: 'POST',
        path: '/products',
        roles: [catalogAdminRole],
        body: { ...loadTestProduct, id: 'LOAD-{{unique}}' },
        status: 201,
      },
    ],
  },
  dependencies: { '@azure/cosmos': '4.10.1' },
  devDependencies: { '@vercel/cosmosdb-server': '1.0.1' },
  env: spec => [
    {
      name: 'COSMOS_ENDPOINT',
      description:
        'Cosmos DB account endpoint. Locally a Cosmos-compatible server: `npx cosmosdb-server --port 8081 --no-ssl` (a devDependency).',
      local: 'http://127.0.0.1:8081',
      // Known only once infra/ has deployed the account (its name is made globally unique).
      production: { keyVaultSecret: `${spec.name}-cosmos-endpoint` },
    },
    {
      name: 'COSMOS_DATABASE',
      description:
        'Database of the catalog; created by infra/ in Azure, on start-up locally.',
      local: databaseName,
      production: { value: databaseName },
    },
    {
      name: 'COSMOS_CONTAINER',
      description:
        'Container of products, partitioned by /category; created by infra/ in Azure, on start-up locally.',
      local: containerName,
      production: { value: containerName },
    },
    {
      name: 'COSMOS_KEY',
      description:
        'Local only: the key of a local Cosmos-compatible server (cosmosdb-server accepts any value). Empty in Azure, where the service signs in with its workload identity (Entra ID) and the account refuses keys (local auth disabled).',
      local: 'any-value-for-the-local-server',
      production: { value: '' },
    },
  ],
  openApiPaths: {
    '/products': {
      get: {
        operationId: 'listProducts',
        // Browsing the catalog is public.
        ...anonymous,
        summary: 'List the products of one category, a page at a time',
        description:
          'A single-partition query: the category is required. A page may hold fewer than `limit` items; keep following `continuationToken` until it is null.',
        parameters: [
          {
            name: 'category',
            in: 'query',
            required: true,
            description: 'The category to list (one partition).',
            schema: categorySchema,
          },
          {
            name: 'limit',
            in: 'query',
            required: false,
            description: 'Most items on one page.',
            schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
          },
          {
            name: 'continuationToken',
            in: 'query',
            required: false,
            description:
              'The `continuationToken` of the previous page, unchanged; valid only for the same category.',
            schema: { type: 'string', minLength: 1, maxLength: 8192 },
          },
        ],
        responses: {
          '200': {
            description: 'One page of products, ordered by id.',
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/ProductPage' },
              },
            },
          },
          '400': problem(
            'Missing or bad category, bad limit, or a continuation token that is not from this listing.',
          ),
        },
        'x-contract-example': {
          path: `/products?category=${contractExample.category}&limit=2`,
        },
      },
      post: {
        operationId: 'createProduct',
        ...requiresRoles(catalogAdminRole),
        summary: 'Add a product to the catalog',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/ProductInput' },
            },
          },
        },
        responses: {
          '201': productResponse('Created.'),
          '400': problem('Bad product.'),
          '409': problem(
            'A product with this id already exists in this category.',
          ),
        },
        'x-contract-example': { path: '/products', body: contractExample },
      },
    },
    '/products/{category}/{productId}': {
      get: {
        operationId: 'getProduct',
        ...anonymous,
        summary: 'Read one product (a point read: category + id)',
        parameters: [categoryParam, productIdParam],
        responses: {
          '200': productResponse(
            'The product; its version in the ETag header.',
          ),
          '400': problem('Bad category or product id.'),
          '404': problem('No such product in this category.'),
        },
        'x-contract-example': {
          path: `/products/${contractExample.category}/${contractExample.id}`,
        },
      },
      put: {
        operationId: 'replaceProduct',
        ...requiresRoles(catalogAdminRole),
        summary:
          'Replace a product, only if it is still the version read (If-Match)',
        parameters: [
          categoryParam,
          productIdParam,
          {
            name: 'If-Match',
            in: 'header',
            required: true,
            description:
              'The ETag of the version being replaced, from a read or a previous write.',
            schema: { type: 'string', minLength: 1 },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/ProductUpdate' },
            },
          },
        },
        responses: {
          '200': productResponse(
            'Replaced; the new version in the ETag header.',
          ),
          '400': problem('Bad category, product id or product.'),
          '404': problem('No such product in this category.'),
          '412': problem(
            'The product changed since it was read (ETag mismatch): read it again and retry.',
          ),
          '428': problem(
            'If-Match is missing: a replacement must name the version it replaces.',
          ),
        },
        // Without If-Match on purpose: the example checks that a blind overwrite is refused.
        'x-contract-example': {
          path: `/products/${contractExample.category}/${contractExample.id}`,
          body: { name: 'Renamed', priceCents: 5999, currency: 'EUR' },
        },
      },
    },
  },
  openApiSchemas: {
    ProductInput: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'name', 'category', 'priceCents', 'currency'],
      properties: {
        id: productIdSchema,
        name: { type: 'string', minLength: 1, maxLength: 200 },
        category: categorySchema,
        priceCents: {
          type: 'integer',
          minimum: 0,
          maximum: 100_000_000,
          description: 'Price in the minor unit of the currency (cents).',
        },
        currency: {
          type: 'string',
          pattern: '^[A-Z]{3}$',
          description: 'ISO 4217 code, e.g. EUR.',
        },
        description: { type: 'string', maxLength: 2000 },
      },
    },
    ProductUpdate: {
      type: 'object',
      additionalProperties: false,
      description:
        'The whole product but its id and category (they name it and its partition, in the path).',
      required: ['name', 'priceCents', 'currency'],
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 200 },
        priceCents: { type: 'integer', minimum: 0, maximum: 100_000_000 },
        currency: { type: 'string', pattern: '^[A-Z]{3}$' },
        description: { type: 'string', maxLength: 2000 },
      },
    },
    Product: {
      type: 'object',
      additionalProperties: false,
      required: [
        'id',
        'name',
        'category',
        'priceCents',
        'currency',
        'updatedAt',
      ],
      properties: {
        id: { type: 'string' },
        name: { type: 'string' },
        category: { type: 'string' },
        priceCents: { type: 'integer' },
        currency: { type: 'string' },
        description: { type: 'string' },
        updatedAt: {
          type: 'string',
          format: 'date-time',
          description: 'When the store last wrote the product.',
        },
      },
    },
    ProductPage: {
      type: 'object',
      additionalProperties: false,
      required: ['items', 'continuationToken'],
      properties: {
        items: {
          type: 'array',
          items: { $ref: '#/components/schemas/Product' },
        },
        continuationToken: {
          type: ['string', 'null'],
          description:
            'Pass it back to read the next page; null on the last page.',
        },
      },
    },
  },
};
