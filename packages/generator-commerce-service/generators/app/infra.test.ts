import assert from 'node:assert/strict';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import {
  badOutputs,
  bicepDeclarations,
  declaredTagKeys,
  requiredTagKeys,
  secretLiterals,
  secretOutputs,
  unpinnedModules,
  unreachablePrivateStores,
  untaggedDeclarations,
} from '@internal/iac-checks';
import { generateService } from '../../src/cli.ts';
import { kindParts } from '../../src/kinds/index.ts';
import { sampleOptions } from '../../src/testing/sample-options.ts';

/** The portal repository's platform Bicep, which a generated service's prod store plugs into. */
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const platformSources = [
  'infra/main.bicep',
  'infra/main.prod.bicepparam',
  ...readdirSync(path.join(repoRoot, 'infra/modules')).map(
    f => `infra/modules/${f}`,
  ),
].map(file => ({
  file,
  text: readFileSync(path.join(repoRoot, file), 'utf8'),
}));

// No Bicep compiler can be installed here (it downloads its binary), so these checks read the
// generated Bicep as text; CI of the generated repository runs `az bicep lint` and what-if.
for (const kind of Object.keys(kindParts)) {
  const options = sampleOptions[kind]!;

  describe(`generated Bicep (${kind})`, () => {
    let out: string;
    let bicep: Array<{ file: string; text: string }>;

    before(async () => {
      out = mkdtempSync(path.join(tmpdir(), 'commerce-infra-'));
      await generateService(out, options);
      const files = [
        'infra/main.bicep',
        ...readdirSync(path.join(out, 'infra/modules')).map(
          f => `infra/modules/${f}`,
        ),
      ];
      bicep = files.map(file => ({
        file,
        text: readFileSync(path.join(out, file), 'utf8'),
      }));
    });
    after(() => rmSync(out, { recursive: true, force: true }));

    const declarations = () =>
      bicep.flatMap(({ file, text }) => bicepDeclarations(file, text));

    it('declares the service identity and a data-store module', () => {
      const types = declarations().map(d => d.type);
      assert.ok(
        types.some(t =>
          t.startsWith(
            'br/public:avm/res/managed-identity/user-assigned-identity:',
          ),
        ),
      );
      assert.ok(types.includes('modules/datastore.bicep'));
    });

    it('uses Azure Verified Modules pinned to exact versions', () => {
      assert.ok(declarations().some(d => d.type.startsWith('br/public:avm/')));
      assert.deepEqual(unpinnedModules(declarations()), []);
    });

    it('tags every resource it creates with owner, service, cost-center and environment, and has no secret literal', () => {
      const main = bicep.find(b => b.file === 'infra/main.bicep')!.text;
      assert.deepEqual(
        declaredTagKeys(main)?.sort(),
        [...requiredTagKeys].sort(),
      );
      // The identity at least; a kind with an Azure data store adds its resources.
      assert.ok(declarations().filter(d => !d.existing).length >= 2);
      assert.deepEqual(
        untaggedDeclarations(declarations()).map(d => `${d.file}: ${d.name}`),
        [],
      );
      assert.deepEqual(
        bicep.flatMap(({ file, text }) => secretLiterals(file, text)),
        [],
      );
    });

    it('federates the identity with the Kubernetes service account the Rollout uses', () => {
      const main = bicep.find(b => b.file === 'infra/main.bicep')!.text;
      assert.match(
        main,
        /subject: 'system:serviceaccount:\$\{kubernetesNamespace\}:\$\{serviceName\}'/,
      );
      assert.match(
        main,
        new RegExp(`param kubernetesNamespace string = '${options.owner}'`),
      );
      const sa = parse(
        readFileSync(path.join(out, 'deploy/serviceaccount.yaml'), 'utf8'),
      );
      assert.equal(sa.metadata.name, options.name);
      assert.equal(
        parse(readFileSync(path.join(out, 'deploy/kustomization.yaml'), 'utf8'))
          .namespace,
        options.owner,
      );
    });

    it("reaches its prod data store privately: an endpoint in the platform subnet, registered in the platform's linked privatelink zone", () => {
      // The service's prod parameters and its templates, read together with the platform's
      // (the prod parameters come from the platform's outputs through the deploy environment).
      const service = [
        ...bicep,
        {
          file: 'infra/main.prod.bicepparam',
          text: readFileSync(
            path.join(out, 'infra/main.prod.bicepparam'),
            'utf8',
          ),
        },
      ].map(({ file, text }) => ({ file: `${kind}-service/${file}`, text }));
      assert.deepEqual(
        unreachablePrivateStores([...platformSources, ...service]),
        [],
      );
      const datastore = bicep.find(
        b => b.file === 'infra/modules/datastore.bicep',
      )!.text;
      const isPrivate = /publicNetworkAccess: isProd \? 'Disabled'/.test(
        datastore,
      );
      // Every Azure store is private in prod; Stripe (payment) has no Azure store at all.
      assert.equal(isPrivate, kind !== 'payment');
      assert.equal(
        kindParts[kind as keyof typeof kindParts]!.dataStore
          .privateDnsZoneIdVariable !== undefined,
        isPrivate,
      );
      // Dev keeps public access: its parameters name no endpoint subnet.
      assert.doesNotMatch(
        readFileSync(path.join(out, 'infra/main.dev.bicepparam'), 'utf8'),
        /privateEndpointSubnetId/,
      );
    });

    it('reads from the deploy environment only what the platform outputs and the portal carries', () => {
      // The portal compiles the service's .bicepparam (commerce:azure:deploy) in its own
      // environment, which infra/portal/configmap.yaml fills from infra/main.bicep's outputs.
      const configMap = readFileSync(
        path.join(repoRoot, 'infra/portal/configmap.yaml'),
        'utf8',
      );
      const platformMain = readFileSync(
        path.join(repoRoot, 'infra/main.bicep'),
        'utf8',
      );
      for (const env of ['dev', 'prod']) {
        const params = readFileSync(
          path.join(out, `infra/main.${env}.bicepparam`),
          'utf8',
        );
        const names = [
          ...params.matchAll(/readEnvironmentVariable\('(\w+)'\)/g),
        ].map(m => m[1]!);
        assert.ok(names.includes('AKS_OIDC_ISSUER_URL'), env);
        for (const name of names) {
          assert.match(platformMain, new RegExp(`^output ${name} `, 'm'), name);
          assert.match(configMap, new RegExp(`^  ${name}: `, 'm'), name);
        }
      }
    });

    it('names outputs in UPPER_SNAKE for CI, and never outputs a secret', () => {
      const main = bicep.find(b => b.file === 'infra/main.bicep')!.text;
      assert.deepEqual(
        [...main.matchAll(/^output (\w+)/gm)].map(m => m[1]),
        ['AZURE_CLIENT_ID', 'IDENTITY_PRINCIPAL_ID', 'DATA_STORE_NAME'],
      );
      assert.deepEqual(badOutputs(main), []);
      for (const { text } of bicep) assert.deepEqual(secretOutputs(text), []);
    });

    it('has a parameter file per environment and strict linter rules', () => {
      for (const env of ['dev', 'prod']) {
        const params = readFileSync(
          path.join(out, `infra/main.${env}.bicepparam`),
          'utf8',
        );
        assert.match(params, /^using 'main\.bicep'/);
        assert.match(params, new RegExp(`param environment = '${env}'`));
        assert.match(params, /param location = 'swedencentral'/);
      }
      const config = JSON.parse(
        readFileSync(path.join(out, 'infra/bicepconfig.json'), 'utf8'),
      );
      assert.equal(
        config.analyzers.core.rules['outputs-should-not-contain-secrets'].level,
        'error',
      );
      assert.ok(existsSync(path.join(out, 'infra/modules/datastore.bicep')));
    });
  });
}
