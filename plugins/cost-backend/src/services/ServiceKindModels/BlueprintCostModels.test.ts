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
    const source =
      'generator-commerce-service/templates/kinds/inventory/infra/cost-model.yaml';
    const read = async (kind: string) =>
      kind === 'inventory' ? { text: 'kind: CostModel\n', source } : undefined;
    const models = new BlueprintCostModels({
      files: { kinds: ['search', 'inventory'], read },
    });
    // A kind without a cost model is not offered.
    expect(await models.kinds()).toEqual(['inventory']);
    await expect(models.model('inventory')).rejects.toThrow(
      InvalidCostModelError,
    );
    await expect(models.model('inventory')).rejects.toThrow(source);
  });

  it('reports a model that is not YAML with its file', async () => {
    const source =
      'generator-commerce-service/templates/kinds/inventory/infra/cost-model.yaml';
    const models = new BlueprintCostModels({
      files: {
        kinds: ['inventory'],
        read: async () => ({ text: 'kind: [CostModel\n', source }),
      },
    });
    await expect(models.model('inventory')).rejects.toThrow(
      InvalidCostModelError,
    );
    await expect(models.model('inventory')).rejects.toThrow(source);
  });

  it('never reads a kind the blueprint does not generate', async () => {
    const read = jest.fn(async () => undefined);
    const models = new BlueprintCostModels({
      files: { kinds: ['inventory'], read },
    });
    await expect(models.model('../inventory')).rejects.toThrow(
      'unknown service kind "../inventory"; the blueprint has cost models for ',
    );
    expect(read).not.toHaveBeenCalledWith('../inventory');
  });
});
