import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { parseCostModel } from './costModel';
import { InvalidCostModelError } from './errors';
import { parsePriceSheet } from './priceSheet';
import { estimateServiceCost, missingPriceProblem } from './serviceEstimate';

const repo = path.resolve(__dirname, '../../..');
const sheet = parsePriceSheet(
  parse(
    readFileSync(path.join(repo, 'infra/pricing/azure-prices.yaml'), 'utf8'),
  ),
);
const blueprintModel = (kind: string) => {
  const file = `packages/generator-commerce-service/templates/kinds/${kind}/infra/cost-model.yaml`;
  return parseCostModel(
    parse(readFileSync(path.join(repo, file), 'utf8')),
    file,
  );
};
const estimate = (kind: string, environment: string) =>
  estimateServiceCost({ sheet, model: blueprintModel(kind), environment });

describe('estimateServiceCost on the blueprint’s cost models and the real price sheet', () => {
  // Worked by hand from infra/pricing/azure-prices.yaml (730 h/month). Key Vault: 10,000
  // operations × $0.03 = $0.03 wherever a service reads secrets.
  it.each([
    // Redis Premium P1 1.5 × 0.61 × 730 = 667.95, + its private endpoint (below) 8.00, + 0.03.
    // Private endpoint 0.01 × 730 = 7.30, + data in/out at 0.01/GB, + 1M DNS queries 0.40:
    // cart 10 + 20 GB = 0.30, order 5 + 10 GB = 0.15, product 5 + 20 GB = 0.25 (prod only).
    ['cart', 'prod', 675.98, 675.98],
    // Redis Standard C1 0.139 × 730 = 101.47, + 0.03
    ['cart', 'dev', 101.5, 101.5],
    // PostgreSQL D2ds_v5 2 × 0.191 × 730 = 278.86; storage 64 GB × 0.131 = 8.384; endpoint 7.85
    ['order', 'prod', 295.09, 295.09],
    // B2s 0.091 × 730 = 66.43; storage 32 × 0.131 = 4.192
    ['order', 'dev', 70.62, 70.62],
    // Cosmos zone-redundant autoscale 2 × 0.015 × 730 = 21.90 (max 20 × = 219.00); storage
    // 5 × 0.25 = 1.25; backup 5 × 0.20 = 1.00; endpoint 7.95; + 0.03
    ['product', 'prod', 32.13, 229.23],
    // Cosmos autoscale 1 × 0.012 × 730 = 8.76 (max 87.60); storage 0.25; + 0.03
    ['product', 'dev', 9.04, 87.88],
    ['payment', 'prod', 0.03, 0.03],
    ['payment', 'dev', 0.03, 0.03],
  ])('prices %s in %s at $%s (at max scale $%s)', (kind, env, idle, max) => {
    const result = estimate(kind, env);
    expect(result.problems).toEqual([]);
    expect(result.monthlyUsd).toBe(idle);
    expect(result.atMaxScaleUsd).toBe(max);
    expect(result.pricesAsOf).toBe(sheet.asOf);
    expect(result.region).toBe('westeurope');
  });

  it('keeps each line’s unit and basis', () => {
    const [redis, endpoint, , , queries, vault] = estimate(
      'cart',
      'prod',
    ).lines;
    expect(redis).toMatchObject({
      priceId: 'redis.Premium.P1',
      quantity: 1.5,
      unit: 'cache-hour',
      basis: 'list price',
    });
    expect(redis.monthlyUsd).toBeCloseTo(667.95, 6);
    expect(endpoint).toMatchObject({
      priceId: 'privatelink.endpoint',
      unit: 'endpoint-hour',
      basis: 'list price',
    });
    expect(endpoint.monthlyUsd).toBeCloseTo(7.3, 6);
    expect(queries).toMatchObject({
      unit: 'million-queries',
      basis: 'assumed usage',
    });
    expect(vault).toMatchObject({
      unit: '10k-operations',
      basis: 'assumed usage',
    });
  });
});

describe('estimateServiceCost with a price the sheet lacks', () => {
  const model = parseCostModel({
    apiVersion: 'commerce.platform/v1alpha1',
    kind: 'CostModel',
    environments: {
      prod: [
        { item: 'Redis', priceId: 'redis.Premium.P2', quantity: 1 },
        { item: 'Storage', priceId: 'postgres.flexible.storage', quantity: 10 },
        { item: 'Redis again', priceId: 'redis.Premium.P2', quantity: 1 },
      ],
    },
  });

  it('prices the rest and reports the missing price once, saying how to add it', () => {
    const result = estimateServiceCost({ sheet, model, environment: 'prod' });
    expect(result.lines.map(l => l.priceId)).toEqual([
      'postgres.flexible.storage',
    ]);
    expect(result.monthlyUsd).toBe(1.31);
    expect(result.problems).toEqual([
      'no price for "redis.Premium.P2" in the price sheet (infra/pricing/azure-prices.yaml): add it with id, meter, unit, usd, source',
    ]);
    expect(missingPriceProblem('x')).toMatch(/^no price for "x"/);
  });

  it('names the environments the model has when asked for another', () => {
    expect(() =>
      estimateServiceCost({
        sheet,
        model,
        environment: 'staging',
        source: 'order-service/infra/cost-model.yaml',
      }),
    ).toThrow(
      new InvalidCostModelError('order-service/infra/cost-model.yaml', [
        'environments.staging: there is no "staging" environment; the model has prod',
      ]),
    );
  });
});
