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
import { createRouter } from './router';
import { createSloMeasurements } from './services/PrometheusQuerier';
import {
  notifySloOwners,
  SLO_NOTIFICATIONS_TASK_ID,
} from './services/SloNotifications/notifySloOwners';
import { DefaultSloReportService } from './services/SloReports';

/**
 * The SLO feature's backend: each service's objectives from its OpenSLO file, measured through
 * Prometheus or Azure Monitor managed Prometheus, under `/api/slo`; with a data source
 * configured, the scheduler's global task `slo-owner-notifications` tells owners when an
 * objective turns critical (once per change, states kept in the plugin's database).
 *
 * @public
 */
export const sloPlugin = createBackendPlugin({
  pluginId: 'slo',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        urlReader: coreServices.urlReader,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        notifications: notificationService,
      },
      async init({
        config,
        logger,
        httpAuth,
        httpRouter,
        urlReader,
        catalog,
        auth,
        database,
        scheduler,
        notifications,
      }) {
        const measurements = createSloMeasurements(config);
        logger.info(measurements.source.message);
        const sloReports = new DefaultSloReportService({
          catalog,
          // A hung read of an OpenSLO file fails after commerce.reading.timeoutSeconds.
          urlReader: timeBoundUrlReader(urlReader, config),
          integrations: ScmIntegrations.fromConfig(config),
          measurements,
          logger,
          grafanaBaseUrl: config.getOptionalString('slo.grafana.baseUrl'),
        });
        if (measurements.source.type === 'none') {
          logger.info(
            'SLO owner notifications: not configured (no data source, so nothing turns critical)',
          );
        } else {
          const knex = await migratedPluginDatabase(database, {
            packageName: '@internal/plugin-slo-backend',
            // Our own: the plugin's database also holds the scheduler's migrations.
            migrationsTable: 'slo__knex_migrations',
          });
          await scheduler.scheduleTask({
            id: SLO_NOTIFICATIONS_TASK_ID,
            frequency: { minutes: 5 },
            timeout: { minutes: 4 },
            initialDelay: { minutes: 1 },
            scope: 'global',
            fn: async () => {
              await notifySloOwners({
                catalog,
                auth,
                sloReports,
                knex,
                notifications,
                logger,
              });
            },
          });
        }
        httpRouter.use(await createRouter({ httpAuth, sloReports }));
      },
    });
  },
});
