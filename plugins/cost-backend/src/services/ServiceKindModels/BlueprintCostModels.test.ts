import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InvalidCostModelError } from '@internal/plugin-cost-common';
import { BlueprintCostModels } from './BlueprintCostModels';

describe('BlueprintCostModels', () => {
  it('finds the installed blueprint and its four kinds', async () => {
    const models = new BlueprintCostModels();
    expect(await models.kinds()).toEqual([
      'cart',
      'order',
      'payment',
      'product',
    ]);
    const { model, source } = await models.model('order');
    expect(source).toBe(
      'generator-commerce-service/templates/kinds/order/infra/cost-model.yaml',
    );
    expect(model.environments.prod[0].priceId).toBe(
      'postgres.flexible.GeneralPurpose.Standard_D2ds_v5',
    );
  });

  it('refuses a kind it has no model for, even one that looks like a path', async () => {
    const models = new BlueprintCostModels();
    await expect(models.model('../../..')).rejects.toThrow(
      'unknown service kind "../../.."; the blueprint has cost models for cart, order, payment, product',
    );
  });

  it('reports an invalid model with its file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'blueprint-'));
    try {
      mkdirSync(path.join(dir, 'templates/kinds/inventory/infra'), {
        recursive: true,
      });
      mkdirSync(path.join(dir, 'templates/kinds/search'));
      writeFileSync(
        path.join(dir, 'templates/kinds/inventory/infra/cost-model.yaml'),
        'kind: CostModel\n',
      );
      const models = new BlueprintCostModels({ blueprintDirectory: dir });
      // A kind without a cost model is not offered.
      expect(await models.kinds()).toEqual(['inventory']);
      await expect(models.model('inventory')).rejects.toThrow(
        InvalidCostModelError,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
