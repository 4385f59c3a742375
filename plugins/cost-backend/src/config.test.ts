import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { readCostConfig } from './config';

describe('readCostConfig', () => {
  it('applies the defaults, resolving paths against the working directory', () => {
    expect(readCostConfig(new ConfigReader({}))).toEqual({
      environment: 'prod',
      platformBudgetUsd: 3000,
      platformSystemRef: 'system:default/commerce-platform',
      priceSheet: {
        file: path.resolve('../../infra/pricing/azure-prices.yaml'),
        setting: 'cost.pricing.priceSheetFile',
      },
    });
  });

  it('reads the shared commerce settings', () => {
    const config = readCostConfig(
      new ConfigReader({
        cost: {
          environment: 'dev',
          platformBudgetUsd: 1200,
          platform: { system: 'commerce-platform' },
          azure: { costColumn: 'Cost' },
        },
        commerce: {
          platform: { infraDirectory: '../../infra' },
          azure: { subscriptionId: ' 6f1c2a7e ' },
        },
      }),
    );
    expect(config).toMatchObject({
      environment: 'dev',
      platformBudgetUsd: 1200,
      platformSystemRef: 'system:default/commerce-platform',
      infra: {
        file: path.resolve('../../infra'),
        setting: 'commerce.platform.infraDirectory',
      },
      azure: { subscriptionId: '6f1c2a7e', costColumn: 'Cost' },
    });
  });

  it('reads the price sheet and infra folder from URLs for a deployed portal', () => {
    const url = 'https://github.com/commerce/portal/blob/main/infra';
    expect(
      readCostConfig(
        new ConfigReader({
          cost: {
            pricing: {
              priceSheetFile: 'ignored.yaml',
              priceSheetUrl: `${url}/pricing/azure-prices.yaml`,
            },
          },
          commerce: { platform: { infraUrl: url } },
        }),
      ),
    ).toMatchObject({
      priceSheet: {
        url: `${url}/pricing/azure-prices.yaml`,
        setting: 'cost.pricing.priceSheetUrl',
      },
      infra: { url, setting: 'commerce.platform.infraUrl' },
    });
  });

  it('says which setting cannot work', () => {
    expect(() =>
      readCostConfig(new ConfigReader({ cost: { platformBudgetUsd: 0 } })),
    ).toThrow('cost.platformBudgetUsd is 0; use a positive number');
    expect(() =>
      readCostConfig(new ConfigReader({ cost: { environment: 'Prod!' } })),
    ).toThrow('cost.environment is "Prod!"');
    expect(() =>
      readCostConfig(
        new ConfigReader({ cost: { azure: { costColumn: 'AmortizedCost' } } }),
      ),
    ).toThrow(
      'cost.azure.costColumn is "AmortizedCost"; use one of PreTaxCost, Cost, CostUSD',
    );
    expect(() =>
      readCostConfig(
        new ConfigReader({
          cost: { platform: { system: 'group:default/platform-team' } },
        }),
      ),
    ).toThrow(
      'cost.platform.system is "group:default/platform-team"; use a System entity ref',
    );
  });
});
