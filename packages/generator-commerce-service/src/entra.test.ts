import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { composeOpenApi } from './compose.ts';
import { appRoleGrantsOf, appRolesOf, bicepString } from './entra.ts';
import { kindPart } from './kinds/index.ts';
import { parseServiceOptions } from './spec.ts';
import { sampleOptions } from './testing/sample-options.ts';

const documentOf = (kind: string) =>
  composeOpenApi(
    parseServiceOptions(sampleOptions[kind]!, '0.0.0'),
    kindPart(kind as never),
  );

describe('app roles from the OpenAPI document', () => {
  it("reads each kind's roles from x-required-roles, once each", () => {
    assert.deepEqual(
      appRolesOf(documentOf('product')).map(r => r.value),
      ['Catalog.Admin'],
    );
    assert.deepEqual(
      appRolesOf(documentOf('order')).map(r => [r.value, r.allowedMemberTypes]),
      [
        ['Catalog.Admin', ['User', 'Application']],
        ['Orders.PaymentStatus.Write', ['Application']],
        ['Orders.Read.All', ['Application']],
      ],
    );
    assert.deepEqual(appRolesOf(documentOf('cart')), []);
  });

  it('refuses a role nobody has described, saying where to describe it', () => {
    assert.throws(
      () =>
        appRolesOf({
          paths: { '/x': { post: { 'x-required-roles': ['Stock.Write'] } } },
        }),
      /requires the app role "Stock\.Write", which src\/entra\.ts does not define: add it to appRoleDefinitions/,
    );
  });

  it("grants payment-service order-service's checkout roles, found by its registration's key", () => {
    assert.deepEqual(appRoleGrantsOf(kindPart('payment')), [
      {
        service: 'order-service',
        uniqueName: 'commerce-order-service',
        roles: ['Orders.PaymentStatus.Write', 'Orders.Read.All'],
      },
    ]);
    assert.deepEqual(appRoleGrantsOf(kindPart('product')), []);
  });

  it('writes any text as a Bicep string literal', () => {
    assert.equal(
      bicepString("a customer's ${x} \\ b"),
      "'a customer\\'s \\${x} \\\\ b'",
    );
  });
});
