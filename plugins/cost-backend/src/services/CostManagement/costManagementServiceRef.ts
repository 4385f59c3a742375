import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { readCostConfig } from '../../config';
import { createCostManagementService } from './AzureCostManagement';
import type { CostManagementService } from './types';

/**
 * Azure Cost Management as a service of the cost plugin, built from config by default. A
 * replaceable service so the plugin's tests can drive the real SDK client over a fake
 * transport (createCostManagementService's overrides).
 */
export const costManagementServiceRef = createServiceRef<CostManagementService>(
  {
    id: 'cost.cost-management',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: { config: coreServices.rootConfig, cache: coreServices.cache },
        factory: ({ config, cache }) =>
          createCostManagementService(readCostConfig(config), { cache }),
      }),
  },
);
