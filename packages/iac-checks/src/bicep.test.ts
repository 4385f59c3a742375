import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  badOutputs,
  bicepDeclarations,
  declaredTagKeys,
  secretLiterals,
  secretOutputs,
  unpinnedModules,
  untaggedDeclarations,
} from './bicep.ts';

const sample = `var tags = {
  owner: owner
  'cost-center': costCenter
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: 'kv'
}

module aks 'br/public:avm/res/container-service/managed-cluster:0.14.0' = {
  name: 'aks'
  params: {
    tags: tags
  }
}

module edge 'br/public:avm/res/cdn/profile:latest' = if (deployFrontDoor) {
  name: 'edge'
  params: {
    name: 'afd'
  }
}

resource pe 'Microsoft.Network/privateEndpoints@2024-05-01' = [for zone in zones: {
  name: 'pe-\${zone}'
}]

resource role 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid('x')
}

output AKS_NAME string = aks.outputs.name
output storageKey string = 'x'
`;

describe('Bicep checks', () => {
  const declarations = bicepDeclarations('main.bicep', sample);

  it('finds resource and module declarations of every shape, with their lines', () => {
    assert.deepEqual(
      declarations.map(d => [d.name, d.line, d.existing]),
      [
        ['vault', 6, true],
        ['aks', 10, false],
        ['edge', 17, false],
        ['pe', 24, false],
        ['role', 28, false],
      ],
    );
  });

  it('reports what creates a taggable resource without tags (not existing ones, not role assignments)', () => {
    assert.deepEqual(
      untaggedDeclarations(declarations).map(d => d.name),
      ['edge', 'pe'],
    );
  });

  it('reads the declared tag keys', () => {
    assert.deepEqual(declaredTagKeys(sample), ['owner', 'cost-center']);
    assert.equal(declaredTagKeys('param x string'), undefined);
  });

  it('reports modules not pinned to an exact version', () => {
    assert.deepEqual(unpinnedModules(declarations), [
      'main.bicep:17: br/public:avm/res/cdn/profile:latest',
    ]);
  });

  it('reports outputs that are not UPPER_SNAKE or that name a secret', () => {
    assert.deepEqual(badOutputs(sample), ['storageKey']);
    assert.deepEqual(
      badOutputs(
        'output STORAGE_ACCOUNT_KEY string = x\noutput KEY_VAULT_URI string = y',
      ),
      ['STORAGE_ACCOUNT_KEY'],
    );
    assert.deepEqual(
      secretOutputs('output name string = x\noutput primaryKey string = y'),
      ['primaryKey'],
    );
  });

  it('finds secret literals by name, by shape and as secure defaults', () => {
    const text = `param keyVaultName string = 'kv-commerce-platform'
var name = 'stripe-api-key'
administratorLoginPassword: 'Sup3rSecret!'
var conn = 'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abc=='
@secure()
param apiToken string = 'abc'
var ok = '\${prefix}-token'
`;
    assert.deepEqual(secretLiterals('x.bicep', text), [
      "x.bicep:3: administratorLoginPassword: 'Sup3rSecret!'",
      "x.bicep:4: var conn = 'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abc=='",
      'x.bicep:5: @secure()',
    ]);
  });
});
