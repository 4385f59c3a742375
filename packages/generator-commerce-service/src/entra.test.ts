import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { composeOpenApi } from './compose.ts';
import {
  appRoleGrantsOf,
  appRolesOf,
  bicepString,
  verifyRolesOf,
} from './entra.ts';
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

  it("gives the release flow's verify-dev exactly the roles each kind's load-test scenario sends", () => {
    const rolesOf = (kind: string) =>
      verifyRolesOf(kindPart(kind as never), appRolesOf(documentOf(kind)));
    assert.deepEqual(rolesOf('product'), ['Catalog.Admin']);
    assert.deepEqual(rolesOf('order'), ['Catalog.Admin']);
    assert.deepEqual(rolesOf('cart'), []);
    assert.deepEqual(rolesOf('payment'), []);
  });

  it('refuses a scenario role the API does not declare, or one applications may not hold', () => {
    const scenario = (roles: string[]) => ({
      loadTest: {
        podCapacityRps: 1,
        setup: [],
        requests: [{ method: 'POST' as const, path: '/x', roles }],
      },
    });
    assert.throws(
      () => verifyRolesOf(scenario(['Stock.Write']), []),
      /sends requests with the app role "Stock\.Write", which this API's OpenAPI document does not require anywhere/,
    );
    assert.throws(
      () =>
        verifyRolesOf(scenario(['Shop.Staff']), [
          {
            value: 'Shop.Staff',
            description: 'x',
            allowedMemberTypes: ['User'],
          },
        ]),
      /"Shop\.Staff", which only people may hold .* allow 'Application'/,
    );
  });

  it('writes any text as a Bicep string literal', () => {
    assert.equal(
      bicepString("a customer's ${x} \\ b"),
      "'a customer\\'s \\${x} \\\\ b'",
    );
  });
});
