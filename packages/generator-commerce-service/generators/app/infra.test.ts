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
import { composeOpenApi } from '../../src/compose.ts';
import { apiAppUniqueName } from '../../src/entra.ts';
import { kindPart, kindParts } from '../../src/kinds/index.ts';
import { parseServiceOptions } from '../../src/spec.ts';
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

/** Every `x-required-roles` entry of an OpenAPI document, once, sorted. */
function rolesOfDocument(doc: { paths: Record<string, any> }): string[] {
  return [
    ...new Set(
      Object.values(doc.paths).flatMap(item =>
        Object.values(item as Record<string, any>).flatMap(
          op => op?.['x-required-roles'] ?? [],
        ),
      ),
    ),
  ].sort() as string[];
}

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
        // The prod Key Vault (kinds with secrets), deployed by the portal with delivery.bicep.
        ...['infra/delivery.bicep', 'infra/delivery.bicepparam'].map(file => ({
          file,
          text: readFileSync(path.join(out, file), 'utf8'),
        })),
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
      for (const env of ['dev', 'prod', 'delivery']) {
        const params = readFileSync(
          path.join(
            out,
            env === 'delivery'
              ? 'infra/delivery.bicepparam'
              : `infra/main.${env}.bicepparam`,
          ),
          'utf8',
        );
        const names = [
          ...params.matchAll(/readEnvironmentVariable\('(\w+)'\)/g),
        ].map(m => m[1]!);
        if (env !== 'delivery') {
          assert.ok(names.includes('AKS_OIDC_ISSUER_URL'), env);
        }
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
        [
          'AZURE_CLIENT_ID',
          'IDENTITY_PRINCIPAL_ID',
          'DATA_STORE_NAME',
          'API_APP_ID',
          // Kinds that read secrets have a vault of their own (order has none).
          ...(kind === 'order' ? [] : ['KEY_VAULT_URL']),
        ],
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

    describe("the API's Entra app registration (infra/modules/api-app.bicep)", () => {
      const module = () =>
        bicep.find(b => b.file === 'infra/modules/api-app.bicep')!.text;
      const declaration = (type: string) =>
        bicepDeclarations('api-app.bicep', module()).filter(
          d => d.type === type && !d.existing,
        );
      /** The app roles the document requires, from openapi.yaml as generated. */
      const documentRoles = () => {
        const doc = parse(readFileSync(path.join(out, 'openapi.yaml'), 'utf8'));
        return rolesOfDocument(doc);
      };

      it('is documented: how a person gets an app role, and how local development gets tokens', () => {
        const readme = readFileSync(path.join(out, 'README.md'), 'utf8');
        const docs = readFileSync(path.join(out, 'docs/index.md'), 'utf8');
        for (const text of [readme, docs]) {
          assert.match(text, /npm run dev:issuer/);
          for (const role of documentRoles())
            assert.ok(text.includes(`\`${role}\``), role);
        }
        const forPeople = documentRoles().filter(r => !r.startsWith('Orders.'));
        for (const text of [readme, docs]) {
          assert.equal(
            /Enterprise applications → [\w-]+ → Users and groups/.test(
              text.replace(/\s+/g, ' '),
            ),
            forPeople.length > 0,
          );
        }
      });

      it('is created by main.bicep, whose API_APP_ID output is its client id', () => {
        const main = bicep.find(b => b.file === 'infra/main.bicep')!.text;
        const call = bicepDeclarations('main.bicep', main).find(
          d => d.type === 'modules/api-app.bicep',
        );
        assert.ok(call, 'main.bicep calls modules/api-app.bicep');
        assert.match(
          main,
          new RegExp(
            `^output API_APP_ID string = ${call.name}\\.outputs\\.appId$`,
            'm',
          ),
        );
        assert.match(module(), /^output appId string = api\.appId$/m);
        assert.match(module(), /^extension microsoftGraphV1$/m);
        const config = JSON.parse(
          readFileSync(path.join(out, 'infra/bicepconfig.json'), 'utf8'),
        );
        assert.match(
          config.extensions.microsoftGraphV1,
          /^br:mcr\.microsoft\.com\/bicep\/extensions\/microsoftgraph\/v1\.0:\d+\.\d+\.\d+$/,
        );
      });

      it('registers the API with its app ID URI for v2.0 tokens, and a service principal', () => {
        const [app] = declaration('Microsoft.Graph/applications@v1.0');
        assert.ok(app);
        assert.match(
          module(),
          new RegExp(
            `^var uniqueName = '${apiAppUniqueName(options.name!)}'$`,
            'm',
          ),
        );
        assert.match(app.body, /^  uniqueName: uniqueName$/m);
        assert.match(
          app.body,
          /identifierUris: \[\n\s+'api:\/\/([\w-]+)'\n\s+\]/,
        );
        assert.equal(
          /identifierUris: \[\n\s+'api:\/\/([\w-]+)'/.exec(app.body)![1],
          options.name,
        );
        assert.match(app.body, /requestedAccessTokenVersion: 2\n/);
        const [sp] = declaration('Microsoft.Graph/servicePrincipals@v1.0');
        assert.match(sp!.body, /appId: api\.appId/);
      });

      it('declares exactly the app roles openapi.yaml requires, each with a stable id and who may hold it', () => {
        const [app] = declaration('Microsoft.Graph/applications@v1.0');
        const roles = [
          ...app!.body.matchAll(
            /\{\n\s+id: guid\(uniqueName, '([^']+)'\)\n\s+value: '([^']+)'\n\s+displayName: '[^']+'\n\s+description: '.+'\n\s+allowedMemberTypes: \[\n((?:\s+'(?:User|Application)'\n)+)\s+\]\n\s+isEnabled: true\n\s+\}/g,
          ),
        ].map(m => {
          assert.equal(m[1], m[2], 'the id is derived from the role it names');
          return {
            value: m[2]!,
            members: [...m[3]!.matchAll(/'(\w+)'/g)].map(x => x[1]),
          };
        });
        assert.deepEqual(
          roles.map(r => r.value),
          documentRoles(),
        );
        for (const role of roles) {
          // Roles for people may also go to admin apps; service-to-service roles never to people.
          assert.deepEqual(
            role.members,
            role.value.startsWith('Orders.')
              ? ['Application']
              : ['User', 'Application'],
            role.value,
          );
        }
      });

      it('grants the workload identity exactly the roles its kind declares on the APIs it calls, by their stable ids', () => {
        const grants = bicepDeclarations('api-app.bicep', module())
          .filter(d => d.type === 'Microsoft.Graph/appRoleAssignedTo@v1.0')
          // The deploy identity's roles on this API: the next test.
          .filter(d => !/principalId: deployer\(\)/.test(d.body))
          .map(d => {
            const [, app, role] =
              /appRoleId: guid\((\w+)\.uniqueName, '([^']+)'\)/.exec(d.body)!;
            const existing = bicepDeclarations('api-app.bicep', module()).find(
              e => e.existing && e.name === app,
            )!;
            const [, sp] = /resourceId: (\w+)\.id/.exec(d.body)!;
            assert.match(d.body, /principalId: identityPrincipalId\n/);
            const servicePrincipal = bicepDeclarations(
              'api-app.bicep',
              module(),
            ).find(e => e.existing && e.name === sp)!;
            assert.match(
              servicePrincipal.body,
              new RegExp(`appId: ${app}\\.appId`),
            );
            return `${/uniqueName: '([^']+)'/.exec(existing.body)![1]} ${role}`;
          });
        const expected = (
          kindPart(options.kind as never).callsApis ?? []
        ).flatMap(call =>
          call.roles.map(role => `${apiAppUniqueName(call.service)} ${role}`),
        );
        assert.deepEqual(grants.sort(), expected.sort());
        if (kind === 'payment') {
          assert.deepEqual(grants.sort(), [
            'commerce-order-service Orders.PaymentStatus.Write',
            'commerce-order-service Orders.Read.All',
          ]);
          // The identity reaches the module only where it is granted something.
          assert.match(module(), /^param identityPrincipalId string$/m);
        } else {
          assert.doesNotMatch(module(), /identityPrincipalId/);
        }
      });

      it('grants the deploy identity (deployer()) exactly the app roles its load-test scenario sends, on each API it sends them to', () => {
        const scenario = kindPart(options.kind as never).loadTest;
        const steps = [...scenario.setup, ...scenario.requests];
        const rolesSentTo = (service: string | undefined) =>
          [
            ...new Set(
              steps
                .filter(step => step.service === service)
                .flatMap(step => step.roles ?? []),
            ),
          ].sort();
        const sent = rolesSentTo(undefined);
        const elsewhere = Object.keys(scenario.services ?? {})
          .flatMap(service =>
            rolesSentTo(service).map(
              role => `${apiAppUniqueName(service)} ${role}`,
            ),
          )
          .sort();
        const declarations = bicepDeclarations('api-app.bicep', module());
        const deployerGrants = declarations
          .filter(d => d.type === 'Microsoft.Graph/appRoleAssignedTo@v1.0')
          .filter(d => /principalId: deployer\(\)/.test(d.body));
        for (const d of deployerGrants)
          assert.match(d.body, /^  principalId: deployer\(\)\.objectId$/m);
        // This registration's roles (its own uniqueName), on its own service principal.
        const toDeployer = deployerGrants
          .filter(d => /^  resourceId: apiServicePrincipal\.id$/m.test(d.body))
          .map(
            d => /appRoleId: guid\(uniqueName, '([^']+)'\)/.exec(d.body)![1]!,
          );
        assert.deepEqual(toDeployer.sort(), sent);
        // Another service's roles (payment's setup creates its order in order-service): on
        // that service's registration and service principal, found by its key.
        const toDeployerElsewhere = deployerGrants
          .filter(d => !/^  resourceId: apiServicePrincipal\.id$/m.test(d.body))
          .map(d => {
            const [, app, role] =
              /appRoleId: guid\((\w+)\.uniqueName, '([^']+)'\)/.exec(d.body)!;
            const [, sp] = /resourceId: (\w+)\.id/.exec(d.body)!;
            const existing = declarations.find(
              e => e.existing && e.name === app,
            )!;
            assert.match(
              declarations.find(e => e.existing && e.name === sp)!.body,
              new RegExp(`appId: ${app}\\.appId`),
            );
            return `${/uniqueName: '([^']+)'/.exec(existing.body)![1]} ${role}`;
          });
        assert.deepEqual(toDeployerElsewhere.sort(), elsewhere);
        // Only when CI deploys it (the deploy identity): the portal's deploys leave the flag false.
        const main = bicep.find(b => b.file === 'infra/main.bicep')!.text;
        if (sent.length + elsewhere.length > 0) {
          for (const d of deployerGrants) {
            assert.equal(d.condition, 'grantReleaseVerifier', d.name);
          }
          assert.match(module(), /^param grantReleaseVerifier bool$/m);
          assert.match(main, /^param grantReleaseVerifier bool = false$/m);
          assert.match(
            main,
            /^    grantReleaseVerifier: grantReleaseVerifier$/m,
          );
        } else {
          assert.doesNotMatch(module() + main, /grantReleaseVerifier/);
        }
        // Every one is a role this API declares, and one an application may hold.
        const [app] = declaration('Microsoft.Graph/applications@v1.0');
        for (const role of sent) {
          assert.match(
            app!.body,
            new RegExp(
              `value: '${role.replaceAll(
                '.',
                '\\.',
              )}'[\\s\\S]*?allowedMemberTypes: \\[[^\\]]*'Application'`,
            ),
            role,
          );
        }
        // Nothing else is ever granted to the deployer: no other principal holds these.
        assert.equal(
          (module().match(/deployer\(\)\.objectId/g) ?? []).length,
          sent.length + elsewhere.length,
        );
        // The kinds whose scenario writes the catalog or the price book need it; the others none.
        assert.equal(
          sent.length > 0,
          kind === 'product' || kind === 'order',
          `${kind}: ${sent.join(', ')}`,
        );
        // payment's setup sets a price in order-service before it places the order it pays.
        assert.deepEqual(
          elsewhere,
          kind === 'payment' ? ['commerce-order-service Catalog.Admin'] : [],
        );
      });

      if (kind === 'payment') {
        it("grants only roles order-service's own registration declares, for applications", async () => {
          const orderDoc = composeOpenApi(
            parseServiceOptions(sampleOptions.order!, '0.0.0'),
            kindPart('order'),
          );
          const orderOut = mkdtempSync(path.join(tmpdir(), 'commerce-infra-'));
          try {
            await generateService(orderOut, sampleOptions.order!);
            const orderModule = readFileSync(
              path.join(orderOut, 'infra/modules/api-app.bicep'),
              'utf8',
            );
            const verifyCalls = Object.keys(
              kindPart('payment').loadTest.services ?? {},
            ).map(service => ({
              service,
              roles: kindPart('payment')
                .loadTest.setup.filter(step => step.service === service)
                .flatMap(step => step.roles ?? []),
            }));
            assert.ok(verifyCalls.some(call => call.roles.length > 0));
            for (const call of [
              ...kindPart('payment').callsApis!,
              ...verifyCalls,
            ]) {
              assert.equal(call.service, sampleOptions.order!.name);
              assert.match(
                orderModule,
                new RegExp(
                  `^var uniqueName = '${apiAppUniqueName(call.service)}'$`,
                  'm',
                ),
              );
              for (const role of call.roles) {
                assert.ok(rolesOfDocument(orderDoc).includes(role), role);
                assert.match(
                  orderModule,
                  new RegExp(
                    `id: guid\\(uniqueName, '${role.replaceAll(
                      '.',
                      '\\.',
                    )}'\\)\\n\\s+value: '${role.replaceAll(
                      '.',
                      '\\.',
                    )}'\\n\\s+displayName: '[^']+'\\n\\s+description: '.+'\\n\\s+allowedMemberTypes: \\[${
                      // The workload identity's roles are for applications only; the deploy
                      // identity's setup roles (Catalog.Admin) for people too.
                      verifyCalls.includes(call as never)
                        ? "[^\\]]*'Application'"
                        : "\\n\\s+'Application'\\n\\s+\\]"
                    }`,
                  ),
                  role,
                );
              }
            }
          } finally {
            rmSync(orderOut, { recursive: true, force: true });
          }
        });
      }
    });
  });
}
