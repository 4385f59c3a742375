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
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { generateService } from '../../src/cli.ts';
import { kindParts } from '../../src/kinds/index.ts';
import { sampleOptions } from '../../src/testing/sample-options.ts';

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

    /** Top-level `resource`/`module` declarations with their bodies (up to the closing `}`). */
    const declarations = () =>
      bicep.flatMap(({ file, text }) =>
        [
          ...text.matchAll(
            /^(resource|module) (\w+) '([^']+)'(.*?) = (?:\[[^\n]*|if [^\n]*)?\{\n([\s\S]*?)^\}/gm,
          ),
        ].map(m => ({
          file,
          kind: m[1]!,
          name: m[2]!,
          type: m[3]!,
          existing: m[4]!.includes('existing'),
          body: m[5]!,
        })),
      );

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
      for (const d of declarations().filter(d => d.type.startsWith('br/'))) {
        assert.match(
          d.type,
          /^br\/public:avm\/(res|ptn)\/[\w/-]+:\d+\.\d+\.\d+$/,
          `${d.file}: ${d.type}`,
        );
      }
    });

    it('tags every resource it creates with owner, service, cost-center and environment', () => {
      const main = bicep.find(b => b.file === 'infra/main.bicep')!.text;
      for (const tag of [
        'owner: owner',
        'service: serviceName',
        "'cost-center': costCenter",
        'environment: environment',
      ]) {
        assert.ok(main.includes(tag), `tags lack ${tag}`);
      }
      const creating = declarations().filter(
        d =>
          !d.existing &&
          !d.type.startsWith('Microsoft.Authorization/roleAssignments') &&
          !d.type.includes('/authorization/') &&
          !d.type.endsWith('.bicep'),
      );
      // The identity at least; a kind with an Azure data store adds its resources.
      assert.ok(creating.length >= 1);
      for (const d of creating)
        assert.match(
          d.body,
          /\btags: tags\b/,
          `${d.file}: ${d.name} has no tags`,
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

    it('names outputs in UPPER_SNAKE for CI, and never outputs a secret', () => {
      const outputs = [
        ...bicep
          .find(b => b.file === 'infra/main.bicep')!
          .text.matchAll(/^output (\w+)/gm),
      ].map(m => m[1]!);
      assert.deepEqual(outputs, [
        'AZURE_CLIENT_ID',
        'IDENTITY_PRINCIPAL_ID',
        'DATA_STORE_NAME',
      ]);
      for (const { text } of bicep)
        assert.doesNotMatch(
          text,
          /^output .*(key|password|secret|connection)/im,
        );
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
