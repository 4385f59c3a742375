import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyVaultNamePattern, serviceKeyVaultName } from './keyVault.ts';
import { SERVICE_NAME_MAX_LENGTH } from './serviceName.ts';

describe('a service environment Key Vault name', () => {
  it('keeps to Key Vault’s rule for the longest and shortest service names and every environment', () => {
    for (const name of [
      'a',
      'cart-service',
      'a-b-c-d-e-f-g-h-i',
      `x${'-y'.repeat(31)}`,
      'z'.repeat(SERVICE_NAME_MAX_LENGTH),
    ]) {
      for (const env of ['dev', 'prod'] as const) {
        const vault = serviceKeyVaultName('commerce', name, env);
        assert.match(vault, keyVaultNamePattern, vault);
        assert.ok(vault.length <= 24, vault);
        assert.ok(vault.includes(`-${env}-`), vault);
      }
    }
  });

  it('differs between environments, services and organisations, and is stable', () => {
    const names = new Set([
      serviceKeyVaultName('commerce', 'cart-service', 'dev'),
      serviceKeyVaultName('commerce', 'cart-service', 'prod'),
      serviceKeyVaultName('commerce', 'cart-service-v2', 'dev'),
      serviceKeyVaultName('other-org', 'cart-service', 'dev'),
    ]);
    assert.equal(names.size, 4);
    assert.equal(
      serviceKeyVaultName('commerce', 'cart-service', 'dev'),
      serviceKeyVaultName('commerce', 'cart-service', 'dev'),
    );
    assert.match(
      serviceKeyVaultName('commerce', 'cart-service', 'prod'),
      /^kv-cartserv-prod-[0-9a-f]{6}$/,
    );
  });

  it('is refused by the pattern when it breaks the rule', () => {
    for (const bad of ['kv--a', '1kv', 'kv-a-', 'k', 'kv-' + 'a'.repeat(22)]) {
      assert.doesNotMatch(bad, keyVaultNamePattern, bad);
    }
  });
});
