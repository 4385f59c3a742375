import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { generateService } from './cli.ts';
import { kindParts } from './kinds/index.ts';
import { sampleOptions } from './testing/sample-options.ts';

/*
 * Each kind's infra/cost-model.yaml declares what its infra/modules/datastore.bicep deploys, so
 * the portal can price a service before Azure bills it. No Bicep compiler runs here, so these
 * checks read the generated Bicep as text: the values that decide cost (SKU, capacity, replicas,
 * HA, storage, throughput) are read per environment and turned into the price ids and quantities
 * the cost model must hold. Change a SKU in one file and not the other, and this fails.
 */

const templates = fileURLToPath(
  new URL('../templates/kinds/', import.meta.url),
);
const environments = ['prod', 'dev'] as const;
type Environment = (typeof environments)[number];

interface ModelLine {
  item: string;
  priceId: string;
  quantity: number;
  maxQuantity?: number;
  basis?: string;
}

/** What the Bicep says the model must contain: quantities only where the Bicep fixes them. */
interface ExpectedLine {
  priceId: string;
  quantity?: number;
  maxQuantity?: number;
}

/**
 * The value of `name: …` (a module parameter) or `var name = …` in the Bicep for one environment;
 * `isProd ? a : b` picks by environment. Fails the test when the Bicep no longer sets it.
 */
function bicepValue(
  bicep: string,
  name: string,
  environment: Environment,
): string | number | boolean {
  const match = new RegExp(`^\\s*(?:var )?${name}(?::| =) (.+)$`, 'm').exec(
    bicep,
  );
  assert.ok(match, `the Bicep no longer sets ${name}`);
  let text = match[1]!.trim();
  const conditional = /^isProd \? (.+?) : (.+)$/.exec(text);
  if (conditional) {
    text = environment === 'prod' ? conditional[1]! : conditional[2]!;
  }
  if (text === 'isProd') return environment === 'prod';
  if (/^'.*'$/.test(text)) return text.slice(1, -1);
  if (/^-?\d+$/.test(text)) return Number(text);
  return text;
}

/** Secrets the service reads from the platform Key Vault (each read costs Key Vault operations). */
function keyVaultSecrets(bicep: string): number {
  const written = [...bicep.matchAll(/^module \w+ 'keyvault-secret\.bicep'/gm)]
    .length;
  const stripe = /^var stripeSecrets = \[([\s\S]*?)^\]/m.exec(bicep)?.[1];
  return written + (stripe ? [...stripe.matchAll(/name:/g)].length : 0);
}

/**
 * The private endpoints the Bicep deploys in `env` (a declaration `= if (isProd)` only in prod):
 * each is billed by the hour, plus the data it processes and the private DNS queries that resolve
 * it, which depend on traffic and so are assumed.
 */
function privateLinkLines(bicep: string, env: Environment): ExpectedLine[] {
  const endpoints = [
    ...bicep.matchAll(
      /^resource \w+ 'Microsoft\.Network\/privateEndpoints@[^']+' = (if \((\w+)\) )?\{/gm,
    ),
  ].filter(m => !m[1] || (m[2] === 'isProd') === (env === 'prod')).length;
  if (endpoints === 0) return [];
  return [
    { priceId: 'privatelink.endpoint', quantity: endpoints },
    { priceId: 'privatelink.data.inbound' },
    { priceId: 'privatelink.data.outbound' },
    { priceId: 'privatedns.queries' },
  ];
}

const keyVaultLine = (bicep: string): ExpectedLine[] =>
  keyVaultSecrets(bicep) > 0
    ? [{ priceId: 'keyvault.standard.operations' }]
    : [];

/** Per kind: how its Bicep's values become price sheet ids and quantities. */
const expectedLines: Record<
  string,
  (bicep: string, env: Environment) => ExpectedLine[]
> = {
  cart(bicep, env) {
    const sku = bicepValue(bicep, 'skuName', env);
    const capacity = bicepValue(bicep, 'capacity', env);
    const replicas = Number(bicepValue(bicep, 'replicasPerMaster', env));
    // Standard is always a primary and one replica; a Premium price is a primary and one
    // replica too, and each further replica is billed at half of it.
    return [
      {
        priceId: `redis.${sku}.${sku === 'Premium' ? 'P' : 'C'}${capacity}`,
        quantity: sku === 'Premium' ? 1 + (replicas - 1) / 2 : 1,
      },
      ...privateLinkLines(bicep, env),
      ...keyVaultLine(bicep),
    ];
  },
  order(bicep, env) {
    const tier = bicepValue(bicep, 'tier', env);
    const sku = bicepValue(bicep, 'skuName', env);
    const servers =
      bicepValue(bicep, 'highAvailability', env) === 'Disabled' ? 1 : 2;
    const storageGb = Number(bicepValue(bicep, 'storageSizeGB', env));
    return [
      { priceId: `postgres.flexible.${tier}.${sku}`, quantity: servers },
      { priceId: 'postgres.flexible.storage', quantity: storageGb * servers },
      ...privateLinkLines(bicep, env),
      ...keyVaultLine(bicep),
    ];
  },
  product(bicep, env) {
    const maxThroughput = Number(bicepValue(bicep, 'maxThroughput', env));
    const zoneRedundant = bicepValue(bicep, 'zoneRedundant', env) === true;
    const backup = bicepValue(bicep, 'backupPolicyContinuousTier', env);
    assert.match(bicep, /autoscaleSettings: \{\s+maxThroughput: maxThroughput/);
    return [
      {
        priceId: `cosmos.autoscale.throughput${
          zoneRedundant ? '.zoneRedundant' : ''
        }`,
        // Autoscale bills at least a tenth of the maximum; prices are per 100 RU/s.
        quantity: maxThroughput / 10 / 100,
        maxQuantity: maxThroughput / 100,
      },
      { priceId: 'cosmos.storage.transactional' },
      // The 7-day tier is free.
      ...(backup === 'Continuous30Days'
        ? [{ priceId: 'cosmos.backup.continuous30days' }]
        : []),
      ...privateLinkLines(bicep, env),
      ...keyVaultLine(bicep),
    ];
  },
  payment(bicep) {
    // Stripe is the store: nothing billable is created in Azure, only role assignments.
    assert.doesNotMatch(bicep, /^resource \w+ '[^']+' = (?!\[)/m);
    return [...privateLinkLines(bicep, 'prod'), ...keyVaultLine(bicep)];
  },
};

for (const kind of Object.keys(kindParts)) {
  const options = sampleOptions[kind]!;
  const blueprintFile = path.join(templates, kind, 'infra/cost-model.yaml');

  describe(`cost model (${kind})`, () => {
    let out: string;
    let bicep: string;
    let model: {
      apiVersion: string;
      kind: string;
      environments: Record<string, ModelLine[]>;
    };

    before(async () => {
      out = mkdtempSync(path.join(tmpdir(), 'commerce-cost-'));
      await generateService(out, options);
      bicep = readFileSync(
        path.join(out, 'infra/modules/datastore.bicep'),
        'utf8',
      );
      model = parse(readFileSync(blueprintFile, 'utf8'));
    });
    after(() => rmSync(out, { recursive: true, force: true }));

    it('is in the blueprint and copied unchanged into the generated service, where catalog-info names it', () => {
      assert.ok(existsSync(blueprintFile), `${blueprintFile} is missing`);
      assert.equal(
        readFileSync(path.join(out, 'infra/cost-model.yaml'), 'utf8'),
        readFileSync(blueprintFile, 'utf8'),
      );
      const catalogInfo = readFileSync(
        path.join(out, 'catalog-info.yaml'),
        'utf8',
      );
      assert.match(
        catalogInfo,
        /^ {4}commerce\.platform\/cost-model: infra\/cost-model\.yaml$/m,
      );
    });

    it('says what it is and that it changes with the Bicep', () => {
      const text = readFileSync(blueprintFile, 'utf8');
      assert.match(text, /^# Cost model of this \w+ service/);
      assert.match(text, /infra\/modules\/datastore\.bicep/);
      assert.equal(model.apiVersion, 'commerce.platform/v1alpha1');
      assert.equal(model.kind, 'CostModel');
      assert.deepEqual(Object.keys(model.environments).sort(), ['dev', 'prod']);
    });

    for (const env of environments) {
      it(`declares the SKUs and quantities the Bicep deploys in ${env}`, () => {
        const expected = expectedLines[kind]!(bicep, env);
        const lines = model.environments[env]!;
        assert.deepEqual(
          lines.map(l => l.priceId),
          expected.map(e => e.priceId),
          `${kind} ${env}: the cost model's price ids differ from what the Bicep deploys`,
        );
        expected.forEach((e, i) => {
          const line = lines[i]!;
          assert.ok(
            line.item.trim().length > 0 && line.quantity >= 0,
            `${line.priceId}: item and quantity`,
          );
          if (e.quantity === undefined) {
            // Usage the Bicep does not fix: the model must say it is assumed.
            assert.equal(line.basis, 'assumed usage', line.priceId);
            return;
          }
          assert.equal(line.basis ?? 'list price', 'list price', line.priceId);
          assert.equal(line.quantity, e.quantity, `${line.priceId} quantity`);
          assert.equal(
            line.maxQuantity ?? line.quantity,
            e.maxQuantity ?? e.quantity,
            `${line.priceId} maxQuantity`,
          );
        });
      });
    }
  });
}

describe('bicepValue (the reader the cost-model checks rely on)', () => {
  const bicep = `var isProd = environment == 'prod'
var maxThroughput = isProd ? 2000 : 1000
module m 'x' = {
  params: {
    skuName: isProd ? 'Premium' : 'Standard'
    capacity: 1
    zoneRedundant: isProd
  }
}`;

  it('picks the value of each environment', () => {
    assert.equal(bicepValue(bicep, 'skuName', 'prod'), 'Premium');
    assert.equal(bicepValue(bicep, 'skuName', 'dev'), 'Standard');
    assert.equal(bicepValue(bicep, 'maxThroughput', 'dev'), 1000);
    assert.equal(bicepValue(bicep, 'capacity', 'prod'), 1);
    assert.equal(bicepValue(bicep, 'zoneRedundant', 'dev'), false);
  });

  it('fails when the Bicep no longer sets a value', () => {
    assert.throws(
      () => bicepValue(bicep, 'replicasPerMaster', 'prod'),
      /no longer sets replicasPerMaster/,
    );
  });
});
