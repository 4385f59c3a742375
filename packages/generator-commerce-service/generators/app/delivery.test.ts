import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import {
  bicepBodyProperties,
  bicepDeclarations,
  federatedCredentials,
  roleAssignments,
  secretLiterals,
  untaggedDeclarations,
} from '@internal/iac-checks';
import { generateService } from '../../src/cli.ts';
import { serviceKeyVaultName } from '../../src/keyVault.ts';
import { platform } from '../../src/platform.ts';
import { sampleOptions } from '../../src/testing/sample-options.ts';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** Built-in role definition GUIDs (the same in every tenant). */
const CONTRIBUTOR = 'b24988ac-6180-42a0-ab88-20f7382dd24c';
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';
/** Container Registry Repository Writer (ABAC-enabled; push and pull, no delete). */
const REPOSITORY_WRITER = '2a1e307c-b015-4ebd-883e-5b7698a07328';

// The delivery identities do not depend on the kind: one service is enough.
describe('delivery identities (infra/delivery.bicep)', () => {
  const options = sampleOptions.order!;
  const name = options.name!;
  let out: string;
  const read = (file: string) => readFileSync(path.join(out, file), 'utf8');

  before(async () => {
    out = mkdtempSync(path.join(tmpdir(), 'commerce-delivery-'));
    await generateService(out, options);
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('federates the deploy identity with the dev and production environments only, and the what-if identity with pull requests only', () => {
    const delivery = read('infra/delivery.bicep');
    assert.match(
      delivery,
      new RegExp(
        `^param githubRepository string = '${platform.githubOrg}/${name}'$`,
        'm',
      ),
    );
    assert.match(
      delivery,
      /^var githubIssuer = 'https:\/\/token\.actions\.githubusercontent\.com'$/m,
    );
    const byIdentity = (identity: string) =>
      federatedCredentials('infra/delivery.bicep', delivery)
        .filter(c => c.identity === identity)
        .map(c => c.subject);
    assert.deepEqual(byIdentity('deployIdentity'), [
      "'repo:${githubRepository}:environment:dev'",
      "'repo:${githubRepository}:environment:production'",
    ]);
    assert.deepEqual(byIdentity('whatIfIdentity'), [
      "'repo:${githubRepository}:environment:what-if'",
    ]);
    for (const credential of federatedCredentials('d', delivery)) {
      assert.equal(credential.issuer, 'githubIssuer', credential.name);
    }
    // Azure refuses concurrent writes of one identity's credentials.
    const [first, second] = federatedCredentials('d', delivery).filter(
      c => c.identity === 'deployIdentity',
    );
    assert.deepEqual(second!.dependsOn, [first!.name]);
  });

  it("gives the deploy identity Contributor and the what-if identity Reader and what-if, on the service's own environment groups only", () => {
    const delivery = read('infra/delivery.bicep');
    // No role is granted in the delivery group itself: an identity able to write there could add
    // a federated credential to itself.
    assert.deepEqual(roleAssignments('infra/delivery.bicep', delivery), []);
    const modules = bicepDeclarations('infra/delivery.bicep', delivery).filter(
      d => d.type === 'modules/delivery-access.bicep',
    );
    assert.deepEqual(
      modules.map(m => bicepBodyProperties(m).scope),
      ['dev', 'prod'].map(environment => ({
        kind: 'expression',
        text: `resourceGroup(environmentResourceGroups.${environment})`,
        parts: [],
      })),
    );
    const groups =
      /^param environmentResourceGroups object = \{\n([\s\S]*?)^\}/m
        .exec(delivery)![1]!
        .trim()
        .split('\n')
        .map(line => line.trim());
    assert.deepEqual(groups, [
      `dev: 'rg-${name}-dev'`,
      `prod: 'rg-${name}-prod'`,
    ]);

    const access = read('infra/modules/delivery-access.bicep');
    assert.deepEqual(
      roleAssignments('delivery-access.bicep', access).map(a => [
        a.principalId,
        a.role,
      ]),
      [
        ['deployPrincipalId', CONTRIBUTOR],
        ['whatIfPrincipalId', READER],
        ['whatIfPrincipalId', 'whatIfRoleDefinitionId'],
      ],
    );
  });

  it('lets the deploy identity push to its own repository of the platform registry, and to no other, and join the platform subnet and zones', () => {
    const delivery = read('infra/delivery.bicep');
    const push = bicepDeclarations('infra/delivery.bicep', delivery).find(
      d => d.type === 'modules/platform-access.bicep',
    );
    assert.ok(
      push,
      'delivery.bicep does not deploy modules/platform-access.bicep',
    );
    // Into the platform's group, where the registry is, for the deploy identity, on the image's
    // repository (the pipeline's IMAGE).
    const body = bicepBodyProperties(push) as any;
    assert.equal(body.scope.text, 'resourceGroup(platformResourceGroup)');
    assert.match(
      delivery,
      new RegExp(
        `^param platformResourceGroup string = '${platform.platformResourceGroup}'$`,
        'm',
      ),
    );
    assert.match(
      delivery,
      new RegExp(
        `^param containerRegistryName string = '${
          platform.containerRegistry.split('.')[0]
        }'$`,
        'm',
      ),
    );
    assert.match(
      delivery,
      /platformAccess[\s\S]*?repository: serviceName\n\s*deployPrincipalId: deployIdentity\.properties\.principalId/,
    );
    assert.match(
      read('.github/workflows/pipeline.yml'),
      new RegExp(
        `^  IMAGE: ${platform.containerRegistry.replace(
          /\./g,
          '\\.',
        )}/${name}$`,
        'm',
      ),
    );
    const module = read('infra/modules/platform-access.bicep');
    assert.deepEqual(
      roleAssignments('platform-access.bicep', module).map(a => [
        a.principalId,
        a.role,
      ]),
      [
        ['deployPrincipalId', REPOSITORY_WRITER],
        // The platform's join role (portal-access.bicep): subnet and DNS-zone join actions only,
        // which the prod stores' private endpoints in main.bicep need on every deployment.
        ['deployPrincipalId', 'privateEndpointJoin'],
      ],
    );
    assert.match(
      module,
      /^var privateEndpointJoin = subscriptionResourceId\(\n  'Microsoft\.Authorization\/roleDefinitions',\n  guid\(subscription\(\)\.id, 'commerce-private-endpoint-join'\)\n\)$/m,
    );
    // The condition holds every data action of the role to the one repository: an action it
    // does not name would be allowed on every repository.
    const condition = /^var ownRepositoryOnly = '(.*)'$/m.exec(module)?.[1];
    assert.ok(condition, 'no repository condition');
    for (const action of [
      'content/read',
      'metadata/read',
      'content/write',
      'metadata/write',
    ]) {
      assert.ok(
        condition.includes(
          `!(ActionMatches{\\'Microsoft.ContainerRegistry/registries/repositories/${action}\\'})`,
        ),
        action,
      );
    }
    assert.ok(
      condition.endsWith(
        "OR (@Request[Microsoft.ContainerRegistry/registries/repositories:name] StringEqualsIgnoreCase \\'${repository}\\'))",
      ),
      condition,
    );
    assert.match(
      module,
      /condition: ownRepositoryOnly\n\s*conditionVersion: '2\.0'/,
    );
    assert.match(module, /^  scope: registry$/m);
  });

  it("assigns the platform's what-if role, and defines no role of its own (the portal may assign only listed roles)", () => {
    const delivery = read('infra/delivery.bicep');
    assert.deepEqual(
      bicepDeclarations('infra/delivery.bicep', delivery)
        .filter(d =>
          d.type.startsWith('Microsoft.Authorization/roleDefinitions@'),
        )
        .map(d => d.name),
      [],
    );
    // The id infra/subscription/portal-access.bicep gives the role (its test checks that side).
    assert.match(
      delivery,
      /subscriptionResourceId\(\s*'Microsoft\.Authorization\/roleDefinitions',\s*guid\(subscription\(\)\.id, 'commerce-deployment-what-if'\)\s*\)/,
    );
  });

  it('outputs the client ids the template writes into the GitHub environments, tags what it creates, and holds no secret', () => {
    const delivery = read('infra/delivery.bicep');
    for (const output of [
      'DEPLOY_CLIENT_ID',
      'WHATIF_CLIENT_ID',
      'AZURE_TENANT_ID',
      'AZURE_SUBSCRIPTION_ID',
    ]) {
      assert.match(delivery, new RegExp(`^output ${output} string = `, 'm'));
    }
    const files = {
      'infra/delivery.bicep': delivery,
      'infra/modules/delivery-access.bicep': read(
        'infra/modules/delivery-access.bicep',
      ),
    };
    const declarations = Object.entries(files).flatMap(([file, text]) =>
      bicepDeclarations(file, text),
    );
    // The access module creates role assignments only (untaggable); its file is checked itself.
    assert.deepEqual(
      untaggedDeclarations(declarations.filter(d => d.kind === 'resource')),
      [],
    );
    assert.deepEqual(
      Object.entries(files).flatMap(([file, text]) =>
        secretLiterals(file, text),
      ),
      [],
    );
    assert.match(
      read('infra/delivery.bicepparam'),
      /^using 'delivery\.bicep'$/m,
    );
  });

  it("matches the portal's template: the groups it creates, the one it deploys this into, the variables it writes", () => {
    const steps = parse(
      readFileSync(
        path.join(repoRoot, 'templates/shared/service-steps.yaml'),
        'utf8',
      ),
    ).steps as Array<{ id: string; action: string; input: any; if?: string }>;
    const step = (id: string) => steps.find(s => s.id === id)!;
    const groups = steps
      .filter(s => s.action === 'commerce:azure:resource-group')
      .map(s => [s.input.name, s.input.tags.environment]);
    assert.deepEqual(groups, [
      ['rg-${{ parameters.name }}-dev', 'dev'],
      ['rg-${{ parameters.name }}-prod', 'prod'],
      ['rg-${{ parameters.name }}-delivery', 'delivery'],
    ]);
    assert.deepEqual(step('delivery').input, {
      resourceGroup: 'rg-${{ parameters.name }}-delivery',
      owner: '${{ steps.validate.output.ownerRef }}',
      templatePath: 'infra/delivery.bicep',
      parametersPath: 'infra/delivery.bicepparam',
    });
    // The delivery identities exist before anything is deployed with them.
    const order = steps.map(s => s.id);
    assert.ok(order.indexOf('delivery') < order.indexOf('deploy-dev'));
    // The variables the workflows' deploy and release jobs read, per environment (written by
    // the portal's upsert step after the stock step creates the environment).
    const workflows =
      read('.github/workflows/pipeline.yml') +
      read('.github/workflows/release.yml');
    for (const [id, group] of [
      ['environment-dev', 'dev'],
      ['environment-production', 'prod'],
    ] as const) {
      assert.equal(step(id).input.environmentVariables, undefined);
      const variables = step(`${id}-variables`).input.variables;
      assert.equal(
        step(`${id}-variables`).input.environment,
        step(id).input.name,
      );
      assert.equal(
        variables.AZURE_RESOURCE_GROUP,
        `rg-\${{ parameters.name }}-${group}`,
      );
      for (const variable of Object.keys(variables)) {
        assert.match(workflows, new RegExp(`vars\\.${variable}\\b`), variable);
      }
      // Skipped like the other GitHub steps when the portal publishes locally.
      assert.match(step(id).if!, /publishTarget === 'github'/);
      assert.match(step(`${id}-variables`).if!, /publishTarget === 'github'/);
    }
    assert.deepEqual(step('environment-production').input.reviewers, [
      '${{ steps.validate.output.ownerRef }}',
    ]);
  });
});

// Issue #16: a service's secrets live where its deploy identity may write and only that
// environment's workload identity may read; dev and prod never share a vault.
describe("each environment's own Key Vault (kinds that read secrets)", () => {
  const KEY_VAULT_SECRETS_USER = '4633458b-17de-408a-b874-0445c86b69e6';
  const outs: Record<string, string> = {};
  const read = (kind: string, file: string) =>
    readFileSync(path.join(outs[kind]!, file), 'utf8');

  before(async () => {
    for (const kind of ['cart', 'order', 'payment']) {
      outs[kind] = mkdtempSync(path.join(tmpdir(), `commerce-vault-${kind}-`));
      await generateService(outs[kind]!, sampleOptions[kind]!);
    }
  });
  after(() => {
    for (const out of Object.values(outs)) {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('creates one vault per environment in that environment’s group, RBAC-only, purge-protected, private in prod, read by that environment’s workload identity only', () => {
    const name = sampleOptions.cart!.name!;
    const delivery = read('cart', 'infra/delivery.bicep');
    const names = {
      dev: serviceKeyVaultName(platform.githubOrg, name, 'dev'),
      prod: serviceKeyVaultName(platform.githubOrg, name, 'prod'),
    };
    assert.notEqual(names.dev, names.prod);
    assert.match(
      delivery,
      new RegExp(
        `^param keyVaultNames object = \\{\\n  dev: '${names.dev}'\\n  prod: '${names.prod}'\\n\\}$`,
        'm',
      ),
    );
    for (const env of ['dev', 'prod']) {
      assert.match(
        delivery,
        new RegExp(
          `keyVaultName: keyVaultNames\\.${env}\\n    privateEndpointSubnetId: ${
            env === 'prod' ? 'privateEndpointSubnetId' : "''"
          }`,
        ),
        env,
      );
    }
    const access = read('cart', 'infra/modules/delivery-access.bicep');
    const vault = bicepDeclarations('a', access).find(d => d.name === 'vault')!;
    assert.ok(vault.type.startsWith('Microsoft.KeyVault/vaults@'));
    const body = /^resource vault '[^']+' = \{\n([\s\S]*?)^\}/m.exec(
      access,
    )![1]!;
    assert.match(body, /^    enableRbacAuthorization: true$/m);
    assert.match(body, /^    enablePurgeProtection: true$/m);
    assert.match(
      body,
      /^    publicNetworkAccess: isProd \? 'Disabled' : 'Enabled'$/m,
    );
    assert.match(body, /^      defaultAction: isProd \? 'Deny' : 'Allow'$/m);
    // The one reader: this environment's workload identity, on this vault.
    assert.deepEqual(
      roleAssignments('delivery-access.bicep', access).map(a => [
        a.principalId,
        a.role,
      ]),
      [
        ['deployPrincipalId', CONTRIBUTOR],
        ['whatIfPrincipalId', READER],
        ['whatIfPrincipalId', 'whatIfRoleDefinitionId'],
        ['workloadIdentity.properties.principalId', KEY_VAULT_SECRETS_USER],
      ],
    );
    assert.match(
      access,
      /^resource workloadReadsSecrets [^\n]*\n  scope: vault$/m,
    );
    assert.match(access, /^  name: 'id-\$\{serviceName\}'$/m);
    assert.match(
      read('cart', 'infra/main.bicep'),
      /name: 'id-\$\{serviceName\}'/,
    );
  });

  it('has main.bicep write the secrets into its own group’s vault, with no role assignment and nothing in the platform group', () => {
    const name = sampleOptions.cart!.name!;
    const main = read('cart', 'infra/main.bicep');
    assert.match(
      main,
      new RegExp(
        `^var keyVaultName = environment == 'prod' \\? '${serviceKeyVaultName(
          platform.githubOrg,
          name,
          'prod',
        )}' : '${serviceKeyVaultName(platform.githubOrg, name, 'dev')}'$`,
        'm',
      ),
    );
    assert.doesNotMatch(main, new RegExp(platform.keyVaultName));
    for (const file of [
      'infra/main.bicep',
      'infra/modules/datastore.bicep',
      'infra/modules/keyvault-secret.bicep',
    ]) {
      const text = read('cart', file);
      assert.deepEqual(roleAssignments(file, text), [], file);
      // The deploy identity writes only in its own group: only reads (existing) look elsewhere.
      for (const m of text.matchAll(
        /^(?:resource|module) \w+ '[^']+'( existing)? = \{\n(?: {2}.*\n)*? {2}scope: resourceGroup\(platformResourceGroup\)/gm,
      )) {
        assert.ok(
          m[1],
          `${file}: ${m[0].split('\n')[0]} writes outside its group`,
        );
      }
    }
    assert.match(
      read('cart', 'infra/modules/datastore.bicep'),
      /module connectionSecret 'keyvault-secret\.bicep' = \{\n  name: [^\n]+\n  params: \{\n    keyVaultName: keyVaultName/,
    );
  });

  it('points each environment’s pods at that environment’s vault', () => {
    const name = sampleOptions.payment!.name!;
    const url = (env: 'dev' | 'prod') =>
      `https://${serviceKeyVaultName(
        platform.githubOrg,
        name,
        env,
      )}.vault.azure.net/`;
    const configMap = parse(read('payment', 'deploy/configmap.yaml'));
    assert.equal(configMap.data.KEY_VAULT_URL, url('prod'));
    assert.match(configMap.data.KEY_VAULT_SECRETS, /STRIPE/);
    const dev = read('payment', 'environments/dev/kustomization.yaml');
    assert.match(
      dev,
      new RegExp(
        `path: /data/KEY_VAULT_URL\\n\\s+value: ${url('dev').replace(
          /\./g,
          '\\.',
        )}`,
      ),
    );
    assert.doesNotMatch(
      read('payment', 'environments/prod/kustomization.yaml'),
      /KEY_VAULT_URL/,
    );
  });

  it('gives a service without secrets (order, Entra-only store) no vault at all', () => {
    assert.doesNotMatch(read('order', 'infra/delivery.bicep'), /keyVault/);
    assert.doesNotMatch(
      read('order', 'infra/modules/delivery-access.bicep'),
      /Microsoft\.KeyVault/,
    );
    assert.doesNotMatch(read('order', 'infra/main.bicep'), /keyVault/i);
    assert.doesNotMatch(
      read('order', 'deploy/configmap.yaml'),
      /KEY_VAULT_URL/,
    );
    assert.equal(
      read('order', 'infra/delivery.bicepparam').trim(),
      `using 'delivery.bicep'\n\nparam location = '${
        sampleOptions.order!.region
      }'`,
    );
  });
});
