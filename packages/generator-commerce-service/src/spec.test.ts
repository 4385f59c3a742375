import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidServiceOptionsError, parseServiceOptions } from './spec.ts';

const good = {
  kind: 'cart',
  name: 'cart-service',
  owner: 'checkout-team',
  system: 'commerce-platform',
  availability: '99.95',
  latencyP95Ms: '100',
  region: 'westeurope',
  monthlyBudgetUsd: '250',
};

describe('parseServiceOptions', () => {
  it('derives everything a generated file needs from the options', () => {
    const spec = parseServiceOptions(good, '0.1.0');
    assert.equal(spec.ownerRef, 'group:default/checkout-team');
    assert.equal(spec.availabilityRatio, 0.9995);
    assert.equal(spec.errorBudgetRatio, 0.0005);
    assert.equal(spec.latencyP95Seconds, 0.1);
    assert.equal(spec.shortName, 'cart');
    assert.equal(spec.costCenter, 'cc-checkout-team');
    assert.equal(spec.blueprintVersion, '0.1.0');
  });

  it('accepts full entity refs for owner and system, as the template form gives them', () => {
    const spec = parseServiceOptions(
      {
        ...good,
        owner: 'group:default/catalog-team',
        system: 'system:default/commerce-platform',
      },
      '1',
    );
    assert.equal(spec.ownerName, 'catalog-team');
    assert.equal(spec.system, 'commerce-platform');
  });

  it('accepts a full group reference as owner', () => {
    const spec = parseServiceOptions(
      { ...good, owner: 'group:default/payments-team' },
      '1',
    );
    assert.equal(spec.ownerName, 'payments-team');
  });

  it('reports every problem at once, each saying how to fix it', () => {
    assert.throws(
      () =>
        parseServiceOptions(
          {
            kind: 'inventory',
            name: 'Cart_Service',
            owner: '',
            availability: '100',
            latencyP95Ms: '-5',
            region: 'West Europe',
            monthlyBudgetUsd: '-10',
          },
          '1',
        ),
      (error: unknown) => {
        assert.ok(error instanceof InvalidServiceOptionsError);
        assert.equal(error.problems.length, 7);
        assert.match(
          error.message,
          /kind "inventory" is not one of product, order, cart, payment/,
        );
        assert.match(error.message, /DNS-1123 label/);
        assert.match(error.message, /owner is required/);
        assert.match(error.message, /availability "100" must be a percentage/);
        assert.match(error.message, /latencyP95Ms "-5"/);
        assert.match(error.message, /region "West Europe"/);
        assert.match(
          error.message,
          /monthlyBudgetUsd "-10" must be a positive number/,
        );
        return true;
      },
    );
  });

  it('rejects names longer than 63 characters', () => {
    assert.throws(
      () => parseServiceOptions({ ...good, name: `a${'b'.repeat(63)}` }, '1'),
      /at most 63 characters/,
    );
  });

  it('releases as a canary unless blueGreen is chosen', () => {
    assert.equal(parseServiceOptions(good, '1').rolloutStrategy, 'canary');
    assert.equal(
      parseServiceOptions({ ...good, rolloutStrategy: '' }, '1')
        .rolloutStrategy,
      'canary',
    );
    assert.equal(
      parseServiceOptions({ ...good, rolloutStrategy: 'blueGreen' }, '1')
        .rolloutStrategy,
      'blueGreen',
    );
  });

  it('rejects a rollout strategy it does not know, naming the ones it does', () => {
    for (const rolloutStrategy of ['bluegreen', 'linear', 'blue-green']) {
      assert.throws(
        () => parseServiceOptions({ ...good, rolloutStrategy }, '1'),
        (error: unknown) => {
          assert.ok(error instanceof InvalidServiceOptionsError);
          assert.deepEqual(error.problems, [
            `rolloutStrategy "${rolloutStrategy}" is not one of canary, blueGreen (--rolloutStrategy)`,
          ]);
          return true;
        },
      );
    }
  });
});
