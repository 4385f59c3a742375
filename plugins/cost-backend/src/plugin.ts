import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { timeBoundUrlReader } from '@internal/plugin-catalog-files-node';
import { readCostConfig } from './config';
import { createRouter } from './router';
import { costManagementServiceRef } from './services/CostManagement/costManagementServiceRef';
import { DefaultCostReportService } from './services/CostReports/DefaultCostReportService';
import { DefaultPriceData } from './services/PriceData/DefaultPriceData';
import { BlueprintCostModels } from './services/ServiceKindModels/BlueprintCostModels';

/**
 * The cost backend: per-service cost reports (actual from Azure Cost Management, or estimated
 * from each service's cost model and the price sheet), the platform overview with roll-ups per
 * System and team, and estimates per service kind for the template form.
 *
 * @public
 */
export const costPlugin = createBackendPlugin({
  pluginId: 'cost',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        urlReader: coreServices.urlReader,
        catalog: catalogServiceRef,
        costManagement: costManagementServiceRef,
      },
      async init({
        config,
        auth,
        logger,
        httpAuth,
        httpRouter,
        urlReader: backendUrlReader,
        catalog,
        costManagement,
      }) {
        // A hung read of a cost model or the price sheet fails after
        // commerce.reading.timeoutSeconds.
        const urlReader = timeBoundUrlReader(backendUrlReader, config);
        const costConfig = readCostConfig(config);
        const integrations = ScmIntegrations.fromConfig(config);
        const reports = new DefaultCostReportService({
          catalog,
          urlReader,
          integrations,
          priceData: new DefaultPriceData({
            priceSheet: costConfig.priceSheet,
            infra: costConfig.infra,
            urlReader,
            integrations,
          }),
          kindModels: new BlueprintCostModels(),
          costManagement,
          config: costConfig,
          auth,
          logger,
        });
        httpRouter.use(await createRouter({ httpAuth, reports }));
      },
    });
  },
});
