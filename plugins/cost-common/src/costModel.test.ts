import { parseCostModel } from './costModel';
import { InvalidCostModelError } from './errors';

const model = {
  apiVersion: 'commerce.platform/v1alpha1',
  kind: 'CostModel',
  environments: {
    prod: [
      {
        item: 'Redis Premium P1, primary + 2 replicas',
        priceId: 'redis.Premium.P1',
        quantity: 1.5,
      },
      {
        item: 'Cosmos DB autoscale',
        priceId: 'cosmos.autoscale.throughput',
        quantity: 2,
        maxQuantity: 20,
        basis: 'list price',
      },
    ],
    dev: [],
  },
};

function problemsOf(document: unknown): string[] {
  try {
    parseCostModel(document, 'cart-service/infra/cost-model.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidCostModelError);
    expect((error as Error).name).toBe('InputError');
    expect((error as Error).message).toMatch(
      /^cart-service\/infra\/cost-model\.yaml is not a valid cost model:\n- /,
    );
    return (error as InvalidCostModelError).problems;
  }
  throw new Error('the model was accepted');
}

describe('parseCostModel', () => {
  it('reads lines per environment, defaulting basis to list price', () => {
    const parsed = parseCostModel(model);
    expect(parsed.environments.prod[0]).toEqual({
      item: 'Redis Premium P1, primary + 2 replicas',
      priceId: 'redis.Premium.P1',
      quantity: 1.5,
      basis: 'list price',
    });
    expect(parsed.environments.prod[1].maxQuantity).toBe(20);
    expect(parsed.environments.dev).toEqual([]);
  });

  it('names the field of every problem, with the line’s price id', () => {
    expect(
      problemsOf({
        apiVersion: 'v1',
        kind: 'CostModel',
        environments: {
          prod: [
            { item: 'Redis', priceId: 'redis.Premium.P1', quantity: -1 },
            { item: 'Cosmos', priceId: 'cosmos x', quantity: '2' },
            { priceId: 'keyvault.standard.operations', quantity: 1 },
            {
              item: 'Typo',
              priceId: 'postgres.flexible.storage',
              quantity: 1,
              maxQuanity: 3,
            },
            { item: 'B', priceId: 'p', quantity: 1, basis: 'guess' },
          ],
        },
      }),
    ).toEqual([
      'apiVersion: apiVersion must be commerce.platform/v1alpha1',
      'environments.prod[0] (redis.Premium.P1).quantity: quantity must not be negative',
      'environments.prod[1] (cosmos x).priceId: priceId must be a price sheet id such as redis.Premium.P1',
      'environments.prod[1] (cosmos x).quantity: quantity must be a number (how many of the price’s unit)',
      'environments.prod[2] (keyvault.standard.operations).item: item is required: what is paid for, in words',
      'environments.prod[3] (postgres.flexible.storage): unknown field "maxQuanity"; a line has item, priceId, quantity, maxQuantity and basis',
      'environments.prod[4] (p).basis: basis must be one of list price, assumed usage, daily cap',
    ]);
  });

  it('refuses a maximum below the minimum', () => {
    expect(
      problemsOf({
        ...model,
        environments: {
          prod: [{ item: 'Cosmos', priceId: 'c', quantity: 5, maxQuantity: 2 }],
        },
      }),
    ).toEqual([
      'environments.prod[0] (c).maxQuantity: maxQuantity 2 is below quantity 5',
    ]);
  });

  it('explains a document that is not a cost model at all', () => {
    expect(problemsOf('prod: lots')).toEqual([
      'a cost model is a YAML map with apiVersion, kind and environments',
    ]);
    expect(problemsOf({ ...model, environments: undefined })).toEqual([
      'environments: environments is required: a map of environment name (prod, dev) to the resources it runs',
    ]);
    expect(problemsOf({ ...model, environments: {} })).toEqual([
      'environments: environments must name at least one environment',
    ]);
    expect(problemsOf({ ...model, environments: { prod: 'redis' } })).toEqual([
      'environments.prod: each environment is a list of {item, priceId, quantity}',
    ]);
  });
});
