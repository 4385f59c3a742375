import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { filesUnder, read } from './support.ts';

// The price sheet prices the platform (yarn cost:baseline) and every service kind's cost model
// (the portal's cost estimates). A cost model naming a price the sheet lacks would show as a
// problem on every service of that kind; catch it here, where the sheet is changed.
const sheet = parse(read('infra/pricing/azure-prices.yaml')) as {
  prices: Array<{ id: string; source: string }>;
};
const priceIds = new Set(sheet.prices.map(p => p.id));
const costModels = filesUnder(
  'packages/generator-commerce-service/templates/kinds',
  /^cost-model\.yaml$/,
).map(file => ({
  file,
  model: parse(read(file)) as {
    environments: Record<string, Array<{ priceId: string }>>;
  },
}));

describe('the price sheet and the service kinds’ cost models', () => {
  it('finds a cost model for each of the four kinds', () => {
    assert.deepEqual(costModels.map(c => c.file.split('/').at(-3)).sort(), [
      'cart',
      'order',
      'payment',
      'product',
    ]);
  });

  it('has a price for every price id a cost model names', () => {
    const missing = costModels.flatMap(({ file, model }) =>
      Object.entries(model.environments).flatMap(([env, lines]) =>
        lines
          .filter(line => !priceIds.has(line.priceId))
          .map(line => `${file} (${env}): ${line.priceId}`),
      ),
    );
    assert.deepEqual(
      missing,
      [],
      'add these to infra/pricing/azure-prices.yaml with id, meter, unit, usd and source',
    );
  });

  it('says where every price was read', () => {
    for (const price of sheet.prices) {
      assert.match(
        price.source,
        /^https:\/\/azure\.microsoft\.com\/pricing\//,
        price.id,
      );
    }
  });
});
