import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { edgeRules, publicPathRegex } from './edge.ts';

const ok = { responses: { '200': { description: 'OK' } } };

describe('edge rules from the OpenAPI document', () => {
  it('groups operations by access: anonymous, authenticated, and one rule per role set', () => {
    const rules = edgeRules(
      {
        security: [{ bearerAuth: [] }],
        paths: {
          '/healthz': { get: { ...ok, security: [] } },
          '/metrics': { get: ok },
          '/products': {
            get: { ...ok, security: [] },
            post: { ...ok, 'x-required-roles': ['Catalog.Admin'] },
          },
          '/products/{id}': {
            get: { ...ok, security: [{}, { bearerAuth: [] }] },
            put: { ...ok, 'x-required-roles': ['Catalog.Admin'] },
            delete: {
              ...ok,
              'x-required-roles': ['Catalog.Owner', 'Catalog.Admin'],
            },
          },
          '/carts/{cartId}': { get: ok, parameters: [] },
        },
      },
      { shortName: 'product' },
    );
    assert.deepEqual(
      rules.map(r => ({
        name: r.name,
        roles: r.roles,
        operations: r.matches.map(m => `${m.method} ${m.path}`),
      })),
      [
        {
          name: 'anonymous',
          roles: [],
          operations: ['GET /products', 'GET /products/{id}'],
        },
        {
          name: 'authenticated',
          roles: [],
          operations: ['GET /carts/{cartId}'],
        },
        {
          name: 'roles-catalog-admin',
          roles: ['Catalog.Admin'],
          operations: ['POST /products', 'PUT /products/{id}'],
        },
        {
          name: 'roles-catalog-admin-or-catalog-owner',
          roles: ['Catalog.Admin', 'Catalog.Owner'],
          operations: ['DELETE /products/{id}'],
        },
      ],
    );
  });

  it('treats an operation that declares nothing as authenticated (secure by default)', () => {
    const [rule] = edgeRules(
      { paths: { '/orders': { post: ok } } },
      { shortName: 'order' },
    );
    assert.equal(rule?.access, 'authenticated');
  });

  it('matches a path template exactly, one segment per parameter', () => {
    const regex = new RegExp(
      publicPathRegex('/product', '/products/{category}/{productId}'),
    );
    assert.ok(regex.test('/product/products/shoes/p-1'));
    assert.ok(!regex.test('/product/products/shoes'));
    assert.ok(!regex.test('/product/products/shoes/p-1/extra'));
    assert.ok(!regex.test('/product/products/a/b/c'));
    assert.ok(!regex.test('/productX/products/shoes/p-1'));
  });
});
