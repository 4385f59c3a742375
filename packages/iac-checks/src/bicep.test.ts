import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  badOutputs,
  bicepBodyProperties,
  bicepDeclarations,
  declaredTagKeys,
  federatedCredentials,
  roleAssignments,
  secretLiterals,
  secretOutputs,
  unpinnedModules,
  unreachablePrivateStores,
  untaggedDeclarations,
  valueAt,
  type BicepSource,
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

describe('Bicep values', () => {
  const text = `module zones 'br/public:avm/res/network/private-dns-zone:0.8.1' = [
  for (zoneName, index) in zoneNames: {
    name: 'dns-\${index}'
    params: {
      name: zoneName // the loop's item
      links: [
        { id: vnet.outputs.resourceId, tags: tags }
      ]
    }
  }
]

resource pe 'Microsoft.Network/privateEndpoints@2024-05-01' = if (isProd) {
  name: 'pep-\${replace(name, '}', '')}'
  properties: {
    endpoints: isPremium
      ? [
          {
            subnet: snet
          }
        ]
      : []
    /* a block comment */
    ids: [for id in ids: { value: id }]
  }
}
`;
  const [zones, pe] = bicepDeclarations('x.bicep', text);

  it('reads loops written over several lines and conditions', () => {
    assert.deepEqual(
      [zones!.name, zones!.loop, pe!.name, pe!.condition],
      [
        'zones',
        { item: 'zoneName', index: 'index', source: 'zoneNames' },
        'pe',
        'isProd',
      ],
    );
  });

  it('parses objects, arrays, strings with interpolation, ternaries over lines and loop bodies', () => {
    const zoneBody = {
      kind: 'object' as const,
      properties: bicepBodyProperties(zones!),
    };
    assert.deepEqual(valueAt(zoneBody, 'params', 'name'), {
      kind: 'expression',
      text: 'zoneName',
      parts: [],
    });
    const links = valueAt(zoneBody, 'params', 'links');
    assert.equal(links?.kind, 'array');
    const peBody = {
      kind: 'object' as const,
      properties: bicepBodyProperties(pe!),
    };
    assert.equal(
      (valueAt(peBody, 'name') as { text: string }).text,
      "'pep-${replace(name, '}', '')}'",
    );
    const endpoints = valueAt(peBody, 'properties', 'endpoints');
    assert.equal(endpoints?.kind, 'expression');
    assert.match((endpoints as { text: string }).text, /^isPremium \? \[/);
    assert.deepEqual(
      (endpoints as { parts: unknown[] }).parts.map(
        p => (p as { kind: string }).kind,
      ),
      ['array', 'array'],
    );
    const ids = valueAt(peBody, 'properties', 'ids') as {
      parts: Array<{ kind: string }>;
    };
    assert.deepEqual(
      ids.parts.map(p => p.kind),
      ['object'],
    );
  });
});

describe('private data stores', () => {
  // A platform: a VNet with an endpoint subnet (NSG admits 443 and 5432) and a delegated one,
  // zones from a list (one not linked), and a vault that is private in prod with its endpoint.
  const network = `var peSubnetName = 'snet-pe'
var rules = [
  {
    name: 'nsg-pe'
    rules: [
      {
        name: 'allow'
        properties: {
          access: 'Allow'
          direction: 'Inbound'
          protocol: 'Tcp'
          destinationPortRanges: [
            '443'
            '5432'
          ]
        }
      }
    ]
  }
]

module nsgs 'br/public:avm/res/network/network-security-group:0.5.3' = [
  for nsg in rules: {
    name: nsg.name
    params: {
      name: nsg.name
      securityRules: nsg.rules
    }
  }
]

module vnet 'br/public:avm/res/network/virtual-network:0.10.1' = {
  name: 'vnet'
  params: {
    subnets: [
      {
        name: peSubnetName
        networkSecurityGroupResourceId: nsgs[0].outputs.resourceId
      }
      {
        name: 'snet-db'
        delegation: 'Microsoft.DBforPostgreSQL/flexibleServers'
      }
    ]
  }
}

var zoneNames = [
  'privatelink.vaultcore.azure.net'
  'privatelink.documents.azure.com'
]

module zones 'br/public:avm/res/network/private-dns-zone:0.8.1' = [
  for (zoneName, index) in zoneNames: {
    name: 'dns-\${index}'
    params: {
      name: zoneName
      virtualNetworkLinks: [
        {
          virtualNetworkResourceId: vnet.outputs.resourceId
        }
      ]
    }
  }
]

module redisZone 'br/public:avm/res/network/private-dns-zone:0.8.1' = {
  name: 'dns-redis'
  params: {
    name: 'privatelink.redis.cache.windows.net'
  }
}

output peSubnetId string = '\${vnet.outputs.resourceId}/subnets/\${peSubnetName}'
output dbSubnetId string = '\${vnet.outputs.resourceId}/subnets/snet-db'
output vaultZoneId string = zones[0].outputs.resourceId
output cosmosZoneId string = zones[1].outputs.resourceId
output redisZoneId string = redisZone.outputs.resourceId
`;
  const platformMain = `param isProd bool

module network 'modules/network.bicep' = {
  name: 'network'
}

module vault 'br/public:avm/res/key-vault/vault:0.14.0' = {
  name: 'vault'
  params: {
    publicNetworkAccess: isProd ? 'Disabled' : 'Enabled'
    privateEndpoints: [
      {
        subnetResourceId: network.outputs.peSubnetId
        privateDnsZoneGroup: {
          privateDnsZoneGroupConfigs: [
            {
              privateDnsZoneResourceId: network.outputs.vaultZoneId
            }
          ]
        }
      }
    ]
  }
}

output PE_SUBNET_ID string = network.outputs.peSubnetId
output DB_SUBNET_ID string = network.outputs.dbSubnetId
output COSMOS_ZONE_ID string = network.outputs.cosmosZoneId
output REDIS_ZONE_ID string = network.outputs.redisZoneId
`;
  const platform: BicepSource[] = [
    { file: 'infra/main.bicep', text: platformMain },
    { file: 'infra/modules/network.bicep', text: network },
  ];

  /** A service whose prod store (Cosmos DB or Redis) has an endpoint resource; `change` edits it. */
  const service = (
    store: 'cosmos' | 'redis',
    change: (text: string) => string = t => t,
  ): BicepSource[] => {
    const type =
      store === 'cosmos'
        ? 'br/public:avm/res/document-db/database-account:0.20.1'
        : 'br/public:avm/res/cache/redis:0.16.4';
    const datastore = `param environment string
param subnetId string
param zoneId string
var isProd = environment == 'prod'
var storeName = 'store-\${uniqueString(resourceGroup().id)}'

module store '${type}' = {
  name: 'store'
  params: {
    name: storeName
    networkRestrictions: {
      publicNetworkAccess: isProd ? 'Disabled' : 'Enabled'
    }
  }
}

resource existingStore 'Microsoft.Cache/redis@2024-03-01' existing = {
  name: storeName
  dependsOn: [store]
}

resource pe 'Microsoft.Network/privateEndpoints@2024-05-01' = if (isProd) {
  name: 'pep'
  properties: {
    subnet: {
      id: subnetId
    }
    privateLinkServiceConnections: [
      {
        name: 'pep'
        properties: {
          privateLinkServiceId: ${
            store === 'cosmos' ? 'store.outputs.resourceId' : 'existingStore.id'
          }
          groupIds: ['${store === 'cosmos' ? 'Sql' : 'redisCache'}']
        }
      }
    ]
  }
}

resource zoneGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = if (isProd) {
  parent: pe
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: 'zone'
        properties: {
          privateDnsZoneId: zoneId
        }
      }
    ]
  }
}
`;
    return [
      {
        file: 'svc/infra/main.bicep',
        text: `param environment string
param privateEndpointSubnetId string = ''
param privateDnsZoneId string = ''

module dataStore 'modules/datastore.bicep' = {
  name: 'data'
  params: {
    environment: environment
    subnetId: privateEndpointSubnetId
    zoneId: privateDnsZoneId
  }
}
`,
      },
      {
        file: 'svc/infra/main.prod.bicepparam',
        text: `using 'main.bicep'

param environment = 'prod'
param privateEndpointSubnetId = readEnvironmentVariable('PE_SUBNET_ID')
param privateDnsZoneId = readEnvironmentVariable('${
          store === 'cosmos' ? 'COSMOS' : 'REDIS'
        }_ZONE_ID')
`,
      },
      { file: 'svc/infra/modules/datastore.bicep', text: change(datastore) },
    ];
  };

  it("accepts a store whose endpoint covers its private condition, in the platform's subnet and linked zone", () => {
    assert.deepEqual(unreachablePrivateStores(platform), []);
    assert.deepEqual(
      unreachablePrivateStores([...platform, ...service('cosmos')]),
      [],
    );
  });

  it('reports a private store without an endpoint', () => {
    const problems = unreachablePrivateStores([
      ...platform,
      ...service('cosmos', t => t.replace(/^resource pe [\s\S]*$/m, '')),
    ]);
    assert.deepEqual(problems, [
      'svc/infra/modules/datastore.bicep:7 store: Cosmos DB for NoSQL has public network access disabled when isProd but no private endpoint (groupId Sql, zone privatelink.documents.azure.com); nothing can reach it',
    ]);
  });

  it('reports an endpoint that exists under another condition, or connects the wrong group', () => {
    assert.match(
      unreachablePrivateStores([
        ...platform,
        ...service('cosmos', t =>
          t.replaceAll('= if (isProd) {', '= if (!isProd) {'),
        ),
      ]).join('\n'),
      /disabled when isProd but its private endpoint exists only when !isProd/,
    );
    assert.match(
      unreachablePrivateStores([
        ...platform,
        ...service('cosmos', t => t.replace("['Sql']", "['MongoDB']")),
      ]).join('\n'),
      /connects to group MongoDB, not Sql/,
    );
  });

  it("reports a zone that is not the store's, or not linked to the VNet", () => {
    const wrongZone = service('cosmos');
    wrongZone[1]!.text = wrongZone[1]!.text.replace(
      'COSMOS_ZONE_ID',
      'REDIS_ZONE_ID',
    );
    assert.match(
      unreachablePrivateStores([...platform, ...wrongZone]).join('\n'),
      /names privatelink\.redis\.cache\.windows\.net \(not linked to a VNet\), not privatelink\.documents\.azure\.com/,
    );
    // Redis's own zone is in the list but has no VNet link.
    assert.match(
      unreachablePrivateStores([...platform, ...service('redis')]).join('\n'),
      /not linked to a VNet/,
    );
  });

  it("reports an endpoint outside the platform's endpoint subnet, or one whose NSG blocks the store's port", () => {
    const delegated = service('cosmos');
    delegated[1]!.text = delegated[1]!.text.replace(
      "'PE_SUBNET_ID'",
      "'DB_SUBNET_ID'",
    );
    assert.match(
      unreachablePrivateStores([...platform, ...delegated]).join('\n'),
      /subnet snet-db is delegated/,
    );
    const linkedRedis = platform.map(s => ({
      ...s,
      text: s.text.replace(
        "name: 'privatelink.redis.cache.windows.net'\n",
        "name: 'privatelink.redis.cache.windows.net'\n    virtualNetworkLinks: [\n      {\n        virtualNetworkResourceId: vnet.outputs.resourceId\n      }\n    ]\n",
      ),
    }));
    assert.match(
      unreachablePrivateStores([...linkedRedis, ...service('redis')]).join(
        '\n',
      ),
      /the NSG of snet-pe admits no TCP 6380 inbound/,
    );
    const open = linkedRedis.map(s => ({
      ...s,
      text: s.text.replace("'5432'", "'5432'\n            '6380'"),
    }));
    assert.deepEqual(
      unreachablePrivateStores([...open, ...service('redis')]),
      [],
    );
  });

  it('follows a publicNetworkAccess value passed in from a caller', () => {
    assert.deepEqual(
      unreachablePrivateStores([
        {
          file: 'main.bicep',
          text: `module cache 'cache.bicep' = {
  name: 'cache'
  params: {
    access: 'Disabled'
  }
}
`,
        },
        {
          file: 'cache.bicep',
          text: `param access string

resource redis 'Microsoft.Cache/redis@2024-03-01' = {
  name: 'redis'
  properties: {
    publicNetworkAccess: access
  }
}
`,
        },
      ]),
      [
        'cache.bicep:3 redis: Azure Cache for Redis (TLS) has public network access disabled but no private endpoint (groupId redisCache, zone privatelink.redis.cache.windows.net); nothing can reach it',
      ],
    );
  });

  it('fails closed on a private store of a type it does not know', () => {
    assert.deepEqual(
      unreachablePrivateStores([
        {
          file: 'x.bicep',
          text: `resource bus 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: 'bus'
  properties: {
    publicNetworkAccess: 'Disabled'
  }
}
`,
        },
      ]),
      [
        'x.bicep:1 bus: Microsoft.ServiceBus/namespaces@2024-01-01 has public network access disabled and no known privatelink zone; add it to privateLinkRequirements',
      ],
    );
  });
});

describe('role assignments and federated credentials', () => {
  const access = `var reader = subscriptionResourceId(
  'Microsoft.Authorization/roleDefinitions',
  'acdd72a7-3385-48ef-bd42-f606fba81ae7'
)

resource readIt 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, principalId, reader)
  properties: {
    roleDefinitionId: reader
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource ownIt 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, otherId, 'owner')
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '8e3af657-a8ff-443c-a75c-2fe8c4bcb635')
    principalId: otherId
  }
}

resource custom 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, otherId, customRole)
  properties: {
    roleDefinitionId: customRole
    principalId: otherId
  }
}
`;

  it('resolves built-in roles to their GUIDs, through a var or written in place', () => {
    assert.deepEqual(
      roleAssignments('a.bicep', access).map(a => [
        a.name,
        a.role,
        a.principalId,
      ]),
      [
        ['readIt', 'acdd72a7-3385-48ef-bd42-f606fba81ae7', 'principalId'],
        ['ownIt', '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', 'otherId'],
        ['custom', 'customRole', 'otherId'],
      ],
    );
  });

  it("reads each credential's identity, subject and what it waits for", () => {
    const text = `resource first 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = {
  parent: identity
  name: 'one'
  properties: {
    issuer: issuer
    audiences: ['api://AzureADTokenExchange']
    subject: 'repo:\${repository}:environment:dev'
  }
}

resource second 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = {
  parent: identity
  name: 'two'
  properties: {
    issuer: issuer
    audiences: ['api://AzureADTokenExchange']
    subject: 'repo:\${repository}:pull_request'
  }
  dependsOn: [first]
}
`;
    assert.deepEqual(
      federatedCredentials('d.bicep', text).map(c => [
        c.name,
        c.identity,
        c.subject,
        c.dependsOn,
      ]),
      [
        ['first', 'identity', "'repo:${repository}:environment:dev'", []],
        ['second', 'identity', "'repo:${repository}:pull_request'", ['first']],
      ],
    );
  });
});
