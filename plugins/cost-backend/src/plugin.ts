import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  migratedPluginDatabase,
  timeBoundUrlReader,
} from '@internal/plugin-catalog-files-node';
import { readCostConfig } from './config';
import { createRouter } from './router';
import { notifyBudgetOwners } from './services/BudgetNotifications/notifyBudgetOwners';
import { costManagementServiceRef } from './services/CostManagement/costManagementServiceRef';
import { COST_OVERVIEW_REFRESH_TASK_ID } from './services/CostReports/CostOverviewReader';
import { CostOverviewStore } from './services/CostReports/CostOverviewStore';
import { DefaultCostReportService } from './services/CostReports/DefaultCostReportService';
import { DefaultPriceData } from './services/PriceData/DefaultPriceData';
import { BlueprintCostModels } from './services/ServiceKindModels/BlueprintCostModels';

/**
 * The cost backend: per-service cost reports (actual from Azure Cost Management, or estimated
 * from each service's cost model and the price sheet), the platform overview with roll-ups per
 * System and team (computed every minute by the scheduler's global task `cost-overview-refresh`
 * and stored in the plugin's database for every replica), and estimates per service kind for the
 * template form.
 *
 * @public
 */
export const costPlugin = createBackendPlugin({
  pluginId: 'cost',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        urlReader: coreServices.urlReader,
        catalog: catalogServiceRef,
        costManagement: costManagementServiceRef,
        notifications: notificationService,
      },
      async init({
        config,
        database,
        scheduler,
        auth,
        logger,
        httpAuth,
        httpRouter,
        urlReader: backendUrlReader,
        catalog,
        costManagement,
        notifications,
      }) {
        // A hung read of a cost model or the price sheet fails after
        // commerce.reading.timeoutSeconds.
        const urlReader = timeBoundUrlReader(backendUrlReader, config);
        const costConfig = readCostConfig(config);
        const integrations = ScmIntegrations.fromConfig(config);
        const knex = await migratedPluginDatabase(database, {
          packageName: '@internal/plugin-cost-backend',
          // Our own: the plugin's database also holds the scheduler's migrations.
          migrationsTable: 'cost__knex_migrations',
        });
        const overviewStore = new CostOverviewStore(knex);
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
          overviewStore,
          scheduler,
        });
        // The one thing that computes the overview: one replica per run (the scheduler's lock
        // in the database), every minute or when a request finds none stored; all serve it.
        await scheduler.scheduleTask({
          id: COST_OVERVIEW_REFRESH_TASK_ID,
          frequency: { minutes: 1 },
          timeout: { minutes: 5 },
          // Short: a fresh portal's first overview request waits for the first run.
          initialDelay: { seconds: 5 },
          scope: 'global',
          fn: async signal => {
            await reports.refreshOverview(signal);
            // Owners hear of a change of budget state once, from the run that found it.
            await notifyBudgetOwners({
              store: overviewStore,
              knex,
              notifications,
              logger,
            });
          },
        });
        httpRouter.use(await createRouter({ httpAuth, reports }));
      },
    });
  },
});
