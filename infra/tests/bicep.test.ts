import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  badOutputs,
  bicepDeclarations,
  declaredTagKeys,
  requiredTagKeys,
  secretLiterals,
  unpinnedModules,
  unreachablePrivateStores,
  untaggedDeclarations,
} from '@internal/iac-checks';
import { filesUnder, read } from './support.ts';

// No Bicep compiler can be installed here; the portal workflow runs `az bicep build`, lint and
// what-if. These are the checks that need only the text.
const files = filesUnder('infra', /\.bicep$/).map(file => ({
  file,
  text: read(file),
}));
const declarations = files.flatMap(({ file, text }) =>
  bicepDeclarations(file, text),
);

describe('the platform Bicep', () => {
  it('has a main template and its modules', () => {
    assert.ok(files.some(f => f.file === 'infra/main.bicep'));
    assert.ok(files.length >= 5, files.map(f => f.file).join(', '));
    assert.ok(declarations.length >= 20);
  });

  it('declares the four required tags', () => {
    assert.deepEqual(
      declaredTagKeys(read('infra/main.bicep'))?.sort(),
      [...requiredTagKeys].sort(),
    );
  });

  it('passes tags to every resource and module that can carry them', () => {
    assert.deepEqual(
      untaggedDeclarations(declarations).map(
        d => `${d.file}:${d.line} ${d.name} (${d.type})`,
      ),
      [],
    );
    for (const { file, text } of files.filter(
      f => f.file !== 'infra/main.bicep',
    )) {
      assert.match(text, /^param tags object$/m, `${file} takes no tags`);
    }
  });

  it('has no secret literal', () => {
    assert.deepEqual(
      files.flatMap(({ file, text }) => secretLiterals(file, text)),
      [],
    );
    for (const env of ['dev', 'prod']) {
      const file = `infra/main.${env}.bicepparam`;
      assert.deepEqual(secretLiterals(file, read(file)), []);
    }
  });

  it('pins every Azure Verified Module to an exact version', () => {
    assert.deepEqual(unpinnedModules(declarations), []);
    assert.ok(declarations.some(d => d.type.startsWith('br/public:avm/')));
  });

  it('names outputs in UPPER_SNAKE for CI and outputs no secret', () => {
    assert.deepEqual(badOutputs(read('infra/main.bicep')), []);
  });

  it('builds what the cost model counts', () => {
    const main = read('infra/main.bicep');
    const model = /^\/\/ cost-model: (.*)$/m.exec(main)?.[1];
    assert.ok(model, 'infra/main.bicep has no "// cost-model:" line');
    const counts = Object.fromEntries(
      model.split(' ').map(pair => pair.split('=') as [string, string]),
    );
    const all = files.map(f => f.text).join('\n');
    // One DNS zone group per private endpoint.
    assert.equal(
      [...all.matchAll(/privateDnsZoneResourceId:/g)].length,
      Number(counts.privateEndpoints),
    );
    const zones = /^var privateDnsZoneNames = \[\n([\s\S]*?)^\]/m.exec(
      read('infra/modules/network.bicep'),
    );
    assert.ok(zones);
    assert.equal(
      zones[1]!.split('\n').filter(line => line.trim().startsWith("'")).length,
      Number(counts.privateDnsZones),
    );
  });

  it('has a parameter file per environment and strict linter rules', () => {
    for (const env of ['dev', 'prod']) {
      const params = read(`infra/main.${env}.bicepparam`);
      assert.match(params, /^using 'main\.bicep'/m);
      assert.match(params, new RegExp(`^param environment = '${env}'$`, 'm'));
    }
    const rules = JSON.parse(read('infra/bicepconfig.json')).analyzers.core
      .rules;
    for (const rule of [
      'outputs-should-not-contain-secrets',
      'secure-parameter-default',
      'no-hardcoded-env-urls',
      'no-unused-params',
    ]) {
      assert.equal(rules[rule]?.level, 'error', rule);
    }
  });

  it('leaves no store private and unreachable: each has an endpoint in the endpoint subnet and its linked privatelink zone', () => {
    const sources = [
      ...files,
      {
        file: 'infra/main.prod.bicepparam',
        text: read('infra/main.prod.bicepparam'),
      },
    ];
    assert.deepEqual(unreachablePrivateStores(sources), []);
    // The check sees the platform's private stores (vault, registry, TechDocs, portal database).
    const privateStores = declarations.filter(d =>
      /publicNetworkAccess: .*'Disabled'/.test(d.body),
    );
    assert.equal(
      privateStores.length,
      4,
      privateStores.map(d => d.name).join(),
    );
  });

  it("exports the endpoint subnet and the services' privatelink zones for their prod parameters", () => {
    const main = read('infra/main.bicep');
    for (const output of [
      'PRIVATE_ENDPOINT_SUBNET_ID',
      'COSMOS_PRIVATE_DNS_ZONE_ID',
      'REDIS_PRIVATE_DNS_ZONE_ID',
      'POSTGRES_PRIVATE_DNS_ZONE_ID',
      'KEY_VAULT_PRIVATE_DNS_ZONE_ID',
    ]) {
      assert.match(
        main,
        new RegExp(`^output ${output} string = `, 'm'),
        output,
      );
      // The portal deploys services with these in its environment (set from the outputs).
      assert.match(
        read('infra/portal/configmap.yaml'),
        new RegExp(`^  ${output}: set-by-deploy$`, 'm'),
        output,
      );
    }
  });

  it('keeps the platform facts the generated services rely on', () => {
    const all = files.map(f => f.text).join('\n');
    for (const name of [
      "'kv-commerce-platform'",
      "'log-commerce-platform'",
      "'commerceplatform'",
    ]) {
      assert.ok(all.includes(name), `${name} is not declared`);
    }
    assert.match(read('infra/main.bicep'), /^output AKS_OIDC_ISSUER_URL /m);
  });

  it("lets the portal's identity create the services' Entra app registrations, and nothing broader in Graph", () => {
    const graph = declarations.filter(d =>
      d.type.startsWith('Microsoft.Graph/'),
    );
    const grants = graph.filter(
      d => d.type === 'Microsoft.Graph/appRoleAssignedTo@v1.0',
    );
    // Application.ReadWrite.OwnedBy of Microsoft Graph, to the portal's identity, and no other.
    assert.deepEqual(
      grants.map(d => `${d.file} ${d.name}`),
      ['infra/modules/portal-identity.bicep graphApplicationReadWriteOwnedBy'],
    );
    const module = read('infra/modules/portal-identity.bicep');
    assert.match(
      grants[0]!.body,
      /principalId: identity\.outputs\.principalId/,
    );
    assert.match(grants[0]!.body, /resourceId: microsoftGraph\.id/);
    assert.match(
      grants[0]!.body,
      /appRoleId: applicationReadWriteOwnedByRoleId/,
    );
    assert.match(
      module,
      /^var applicationReadWriteOwnedByRoleId = '18a4783c-866b-4cc7-a460-3d5e5662c884'$/m,
    );
    assert.match(
      module,
      /^var microsoftGraphAppId = '00000003-0000-0000-c000-000000000000'$/m,
    );
    assert.match(module, /^extension microsoftGraphV1$/m);
    assert.match(
      JSON.parse(read('infra/bicepconfig.json')).extensions.microsoftGraphV1,
      /^br:mcr\.microsoft\.com\/bicep\/extensions\/microsoftgraph\/v1\.0:\d+\.\d+\.\d+$/,
    );
  });

  it("puts CI's GitHub-hosted runners in a delegated subnet that reaches the registry's endpoint and nothing else of the platform", () => {
    const network = read('infra/modules/network.bicep');
    const main = read('infra/main.bicep');
    const networkDeclarations = declarations.filter(
      d => d.file === 'infra/modules/network.bicep',
    );
    // The subnet is delegated to GitHub's network settings, which bind it to the organization.
    const runnerVnet = networkDeclarations.find(
      d => d.name === 'runnerVirtualNetwork',
    );
    assert.ok(runnerVnet, 'network.bicep declares the runner VNet');
    assert.match(runnerVnet.body, /location: runnerLocation/);
    assert.match(
      runnerVnet.body,
      /delegation: 'GitHub\.Network\/networkSettings'/,
    );
    assert.match(runnerVnet.body, /natGatewayResourceId: runnerNatGateway\.id/);
    assert.match(runnerVnet.body, /defaultOutboundAccess: false/);
    const settings = networkDeclarations.find(
      d => d.name === 'runnerNetworkSettings',
    );
    assert.equal(settings?.type, 'GitHub.Network/networkSettings@2024-04-02');
    assert.match(settings!.body, /businessId: githubOrganizationDatabaseId/);
    assert.match(
      settings!.body,
      /subnetId: '\$\{runnerVirtualNetwork\.outputs\.resourceId\}\/subnets\/\$\{runnerSubnetName\}'/,
    );
    assert.match(settings!.body, /location: runnerLocation/);
    // Its own address space, outside the platform's, peered both ways without transit.
    const space = (name: string) =>
      new RegExp(`^var ${name} = '([^']+)'$`, 'm').exec(network)?.[1];
    assert.equal(space('addressSpace'), '10.40.0.0/16');
    assert.equal(space('runnerAddressSpace'), '10.41.0.0/24');
    const platformVnet = networkDeclarations.find(
      d => d.name === 'virtualNetwork',
    )!;
    assert.match(
      platformVnet.body,
      /remoteVirtualNetworkResourceId: runnerVirtualNetwork\.outputs\.resourceId[\s\S]*remotePeeringEnabled: true/,
    );
    assert.doesNotMatch(
      platformVnet.body,
      /allowGatewayTransit: true|AllowForwardedTraffic: true/i,
    );
    // The runners resolve the registry's private name: its zone is linked to their VNet.
    assert.match(
      network,
      /zoneName == 'privatelink\.azurecr\.io'\s*\?\s*\[\s*\{\s*virtualNetworkResourceId: runnerVirtualNetwork\.outputs\.resourceId/,
    );
    // Runner NSG: nothing inbound; out, 443 to the endpoints, then nothing else of the platform.
    const runnerNsg = networkDeclarations.find(
      d => d.name === 'runnerNetworkSecurityGroup',
    )!;
    const rule = (body: string, name: string) =>
      new RegExp(
        `name: '${name}'\\s*properties: \\{([\\s\\S]*?)\\n        \\}`,
      ).exec(body)?.[1] ?? '';
    assert.match(
      rule(runnerNsg.body, 'deny-all-inbound'),
      /access: 'Deny'[\s\S]*direction: 'Inbound'[\s\S]*sourceAddressPrefix: '\*'/,
    );
    const toEndpoints = rule(
      runnerNsg.body,
      'allow-https-to-private-endpoints',
    );
    assert.match(toEndpoints, /direction: 'Outbound'\s*priority: 100/);
    assert.match(
      toEndpoints,
      /destinationAddressPrefix: privateEndpointPrefix\s*destinationPortRange: '443'/,
    );
    const denyPlatform = rule(runnerNsg.body, 'deny-platform-vnet-outbound');
    assert.match(
      denyPlatform,
      /access: 'Deny'\s*direction: 'Outbound'\s*priority: 200/,
    );
    assert.match(denyPlatform, /destinationAddressPrefix: addressSpace/);
    // Platform side: the endpoint subnet lets the runners in on 443 only, and its deny rules
    // (endpoints, PostgreSQL) cover the runner VNet, which the VirtualNetwork default would allow.
    const endpointsNsg =
      /name: 'nsg-private-endpoints'[\s\S]*?name: 'nsg-postgres'/.exec(
        network,
      )![0];
    const fromRunners = rule(endpointsNsg, 'allow-https-from-runners');
    assert.match(fromRunners, /sourceAddressPrefix: runnerPrefix/);
    assert.match(fromRunners, /destinationPortRange: '443'/);
    assert.doesNotMatch(fromRunners, /5432|6380/);
    assert.equal(
      [
        ...network.matchAll(
          /sourceAddressPrefixes: \[\s*addressSpace\s*runnerAddressSpace\s*\]/g,
        ),
      ].length,
      2,
      'both deny-other-vnet-inbound rules name the runner VNet',
    );
    // Where GitHub offers it (not westeurope), and the id GitHub asks for is an output.
    const allowed =
      /@allowed\(\[([\s\S]*?)\]\)\nparam runnerLocation string/.exec(main)?.[1];
    assert.ok(allowed, 'main.bicep restricts runnerLocation');
    assert.doesNotMatch(allowed, /'westeurope'/);
    assert.match(allowed, /'northeurope'/);
    for (const env of ['dev', 'prod']) {
      assert.match(
        read(`infra/main.${env}.bicepparam`),
        /^param runnerLocation = 'northeurope'$/m,
      );
    }
    assert.match(
      main,
      /^output RUNNER_NETWORK_SETTINGS_GITHUB_ID string = network\.outputs\.runnerNetworkSettingsGitHubId$/m,
    );
    assert.match(
      network,
      /^output runnerNetworkSettingsGitHubId string = runnerNetworkSettings\.tags\.GitHubId$/m,
    );
  });
});
