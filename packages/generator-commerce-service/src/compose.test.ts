import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commonEnv, composeOpenApi, composePackageJson } from './compose.ts';
import { kindPart, kindParts } from './kinds/index.ts';
import { parseServiceOptions } from './spec.ts';
import { sampleOptions } from './testing/sample-options.ts';

type Operation = {
  security?: unknown[];
  'x-required-roles'?: string[];
  responses: Record<string, unknown>;
};

const documentOf = (kind: string) => {
  const spec = parseServiceOptions(sampleOptions[kind]!, '0.1.0');
  const part = kindPart(spec.kind);
  return { spec, part, doc: composeOpenApi(spec, part) };
};

/** METHOD path → what it needs, for every operation of a kind's document. */
function authTable(kind: string): Record<string, string> {
  const { doc } = documentOf(kind);
  return Object.fromEntries(
    Object.entries(
      doc.paths as Record<string, Record<string, Operation>>,
    ).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => [
        `${method.toUpperCase()} ${path}`,
        op.security?.length === 0
          ? 'anonymous'
          : op['x-required-roles']?.join('|') ?? 'token',
      ]),
    ),
  );
}

describe('the OpenAPI security convention (the gateway policy is generated from it)', () => {
  it('declares bearer JWT once, as the default of every document', () => {
    for (const kind of Object.keys(kindParts)) {
      const { doc } = documentOf(kind);
      assert.deepEqual(doc.security, [{ bearerAuth: [] }]);
      assert.deepEqual(doc.components.securitySchemes.bearerAuth, {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: doc.components.securitySchemes.bearerAuth.description,
      });
    }
  });

  it('makes public only health, readiness, catalog and price reads and the Stripe webhook', () => {
    assert.deepEqual(authTable('product'), {
      'GET /healthz': 'anonymous',
      'GET /readyz': 'anonymous',
      'GET /version': 'anonymous',
      'GET /products': 'anonymous',
      'POST /products': 'Catalog.Admin',
      'GET /products/{category}/{productId}': 'anonymous',
      'PUT /products/{category}/{productId}': 'Catalog.Admin',
    });
    assert.deepEqual(authTable('order'), {
      'GET /healthz': 'anonymous',
      'GET /readyz': 'anonymous',
      'GET /version': 'anonymous',
      'GET /prices/{sku}': 'anonymous',
      'PUT /prices/{sku}': 'Catalog.Admin',
      'POST /orders': 'token',
      'GET /orders/{orderId}': 'token',
      // payment-service's, by app role (checkout integrity); no person holds these roles.
      'GET /orders/{orderId}/payment-status': 'Orders.Read.All',
      'POST /orders/{orderId}/payment-status': 'Orders.PaymentStatus.Write',
    });
    assert.deepEqual(authTable('cart'), {
      'GET /healthz': 'anonymous',
      'GET /readyz': 'anonymous',
      'GET /version': 'anonymous',
      'GET /carts/{cartId}': 'token',
      'DELETE /carts/{cartId}': 'token',
      'POST /carts/{cartId}/items': 'token',
      'PUT /carts/{cartId}/items/{sku}': 'token',
      'DELETE /carts/{cartId}/items/{sku}': 'token',
    });
    assert.equal(authTable('payment')['POST /webhooks/stripe'], 'anonymous');
    assert.equal(authTable('payment')['POST /payments'], 'token');
  });

  it('documents 401 on every protected operation and 403 where roles are required', () => {
    for (const kind of Object.keys(kindParts)) {
      const { doc } = documentOf(kind);
      for (const [path, item] of Object.entries(
        doc.paths as Record<string, Record<string, Operation>>,
      )) {
        for (const [method, op] of Object.entries(item)) {
          const name = `${kind}: ${method} ${path}`;
          const anonymous = op.security?.length === 0;
          assert.equal('401' in op.responses, !anonymous, name);
          assert.equal('403' in op.responses, !!op['x-required-roles'], name);
        }
      }
    }
  });

  it('refuses an operation that is both anonymous and role-protected', () => {
    const { spec, part } = documentOf('cart');
    assert.throws(
      () =>
        composeOpenApi(spec, {
          ...part,
          openApiPaths: {
            '/x': {
              get: {
                security: [],
                'x-required-roles': ['A'],
                responses: {},
              },
            },
          },
        }),
      /GET \/x is anonymous and requires roles/,
    );
  });
});

describe('identity settings', () => {
  it('pins jose exactly and sets the Entra issuer and app ID URI audience for prod, with no secret', () => {
    const { spec, part } = documentOf('order');
    assert.equal(composePackageJson(spec, part).dependencies.jose, '6.2.19');
    const env = Object.fromEntries(commonEnv(spec).map(e => [e.name, e]));
    assert.deepEqual(env.AUTH_ISSUER!.production, {
      value:
        'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0',
    });
    // Entra v2.0 tokens carry the API app's client id as `aud`; CI writes it over the placeholder.
    assert.deepEqual(env.AUTH_AUDIENCE!.production, {
      value: 'api://order-service,ffffffff-ffff-ffff-ffff-ffffffffffff',
    });
    assert.deepEqual(env.METRICS_PORT!.production, { value: '9464' });
    for (const e of commonEnv(spec)) assert.ok('value' in e.production, e.name);
  });
});
