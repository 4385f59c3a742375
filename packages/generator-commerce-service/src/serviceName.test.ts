import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  isServiceName,
  quotedValue,
  SERVICE_NAME_MAX_LENGTH,
  serviceNameProblem,
  TEAM_NAME_MAX_LENGTH,
  teamNameProblem,
} from './api.ts';
import { InvalidServiceOptionsError, parseServiceOptions } from './spec.ts';

describe('the service-name rule (one for the blueprint and the portal)', () => {
  it('accepts DNS-1123 labels of at most 63 characters', () => {
    for (const name of ['cart-service', 'a', 'a1', `a${'b'.repeat(62)}`]) {
      assert.equal(isServiceName(name), true, name);
      assert.equal(serviceNameProblem(name), undefined, name);
    }
    assert.equal(SERVICE_NAME_MAX_LENGTH, 63);
  });

  it('refuses everything else, saying the rule in the form’s words', () => {
    for (const name of [
      '',
      'Cart_Service',
      '1service',
      'cart-',
      '-cart',
      'cart service',
      '..',
      `a${'b'.repeat(63)}`,
    ]) {
      assert.equal(isServiceName(name), false, name);
      assert.equal(
        serviceNameProblem(name),
        `Name ${quotedValue(
          name,
        )}: use lowercase letters, digits and "-", start with a letter, end with a letter or digit, at most 63 characters (a DNS-1123 label, e.g. cart-service).`,
      );
    }
  });

  it('quotes a long or odd value short and visible', () => {
    assert.equal(quotedValue('cart\u0000'), '"cart\\u0000"');
    const quoted = quotedValue('a'.repeat(10_000));
    assert.ok(quoted.length <= 81, quoted);
    assert.ok(quoted.endsWith('…"'));
  });

  it('is the rule the blueprint’s options are checked with', () => {
    assert.throws(
      () =>
        parseServiceOptions(
          {
            kind: 'cart',
            name: 'Cart_Service',
            owner: 'checkout-team',
            availability: '99.9',
            latencyP95Ms: '100',
            monthlyBudgetUsd: '100',
          },
          '1',
        ),
      (error: unknown) => {
        assert.ok(error instanceof InvalidServiceOptionsError);
        assert.deepEqual(error.problems, [serviceNameProblem('Cart_Service')]);
        return true;
      },
    );
  });
});

describe('the team-name rule (the owner names the namespaces <team> and <team>-dev)', () => {
  const team = (length: number) => `t${'e'.repeat(length - 1)}`;

  it('accepts up to 59 characters, so <team>-dev stays within 63', () => {
    assert.equal(TEAM_NAME_MAX_LENGTH, 59);
    for (const name of ['checkout-team', 'a', team(59)]) {
      assert.equal(teamNameProblem(name), undefined, name);
    }
  });

  it('refuses 60 to 63 characters naming the namespace that breaks, and what is not a namespace name', () => {
    for (const length of [60, 61, 63]) {
      assert.match(
        teamNameProblem(team(length))!,
        new RegExp(
          `^Owner team "${team(
            length,
          )}" cannot own a service: its namespace "${team(
            length,
          )}-dev" would have ${
            length + 4
          } characters, and Kubernetes allows at most 63\\. The team's name must be at most 59 characters`,
        ),
      );
    }
    for (const name of ['Checkout_Team', 'checkout.team', '-team', 'team-']) {
      assert.match(
        teamNameProblem(name)!,
        /a Kubernetes namespace is lowercase letters, digits and "-"/,
        name,
      );
    }
  });

  it('is checked with the blueprint’s options', () => {
    assert.throws(
      () =>
        parseServiceOptions(
          {
            kind: 'cart',
            name: 'cart-service',
            owner: `group:default/${team(61)}`,
            availability: '99.9',
            latencyP95Ms: '100',
            monthlyBudgetUsd: '100',
          },
          '1',
        ),
      (error: unknown) => {
        assert.ok(error instanceof InvalidServiceOptionsError);
        assert.deepEqual(error.problems, [
          `${teamNameProblem(team(61))} (--owner)`,
        ]);
        return true;
      },
    );
  });
});
