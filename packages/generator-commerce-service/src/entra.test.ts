import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { composeOpenApi } from './compose.ts';
import {
  appRoleGrantsOf,
  appRolesOf,
  bicepString,
  loadTestServiceSettings,
  verifyGrantsOf,
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

  it("gives verify-dev the roles the scenario's setup sends to another service, on that service's API", () => {
    assert.deepEqual(verifyGrantsOf(kindPart('payment')), [
      {
        service: 'order-service',
        uniqueName: 'commerce-order-service',
        roles: ['Catalog.Admin'],
      },
    ]);
    for (const kind of ['product', 'order', 'cart'])
      assert.deepEqual(verifyGrantsOf(kindPart(kind as never)), [], kind);
    assert.deepEqual(loadTestServiceSettings('order-service'), {
      urlVariable: 'LOADTEST_ORDER_SERVICE_URL',
      tokenVariable: 'LOADTEST_ORDER_SERVICE_TOKEN',
      audience: 'api://order-service',
    });
  });

  it("sends payment's setup steps for order-service to operations order-service's document has, with exactly the roles they require", () => {
    const order = documentOf('order') as {
      paths: Record<string, Record<string, { 'x-required-roles'?: string[] }>>;
    };
    const steps = kindPart('payment').loadTest.setup.filter(
      step => step.service === 'order-service',
    );
    assert.deepEqual(
      steps.map(step => `${step.method} ${step.path}`),
      ['PUT /prices/LOAD-1', 'POST /orders'],
    );
    for (const step of steps) {
      // The document's path template that matches the step's concrete path.
      const [, item] = Object.entries(order.paths).find(([template]) =>
        new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(
          step.path,
        ),
      )!;
      const operation = item[step.method.toLowerCase()];
      assert.ok(operation, `${step.method} ${step.path}`);
      assert.deepEqual(
        step.roles ?? [],
        operation['x-required-roles'] ?? [],
        `${step.method} ${step.path}`,
      );
    }
    // The payments use the order the setup created there.
    const payments = kindPart('payment').loadTest;
    assert.equal(steps[1]!.capture?.orderId, 'id');
    for (const step of [...payments.setup, ...payments.requests].filter(
      s => s.path === '/payments',
    ))
      assert.deepEqual(step.body, { orderId: '{{orderId}}' });
  });

  it('refuses a step for another service that the scenario does not list, in the mix, or with a role applications may not hold', () => {
    const scenario = (
      step: Record<string, unknown>,
      where: 'setup' | 'requests' = 'setup',
    ) => ({
      loadTest: {
        podCapacityRps: 1,
        setup:
          where === 'setup'
            ? [{ method: 'PUT' as const, path: '/x', ...step }]
            : [],
        requests:
          where === 'requests'
            ? [{ method: 'PUT' as const, path: '/x', ...step }]
            : [],
        services: { 'order-service': { localUrl: 'http://127.0.0.1:1' } },
      },
    });
    assert.throws(
      () => verifyGrantsOf(scenario({ service: 'stock-service' })),
      /PUT \/x is sent to stock-service, which the scenario's services do not list/,
    );
    assert.throws(
      () => verifyGrantsOf(scenario({ service: 'order-service' }, 'requests')),
      /only setup steps may be/,
    );
    assert.throws(
      () =>
        verifyGrantsOf(
          scenario({ service: 'order-service', roles: ['Stock.Write'] }),
        ),
      /"Stock\.Write", which order-service's API does not require anywhere/,
    );
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
