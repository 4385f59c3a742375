import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { timeBoundUrlReader } from '@internal/plugin-catalog-files-node';
import { createRouter } from './router';
import { createSloMeasurements } from './services/PrometheusQuerier';
import { DefaultSloReportService } from './services/SloReports';

/**
 * The SLO feature's backend: each service's objectives from its OpenSLO file, measured through
 * Prometheus or Azure Monitor managed Prometheus, under `/api/slo`.
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
      },
      async init({ config, logger, httpAuth, httpRouter, urlReader, catalog }) {
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
        httpRouter.use(await createRouter({ httpAuth, sloReports }));
      },
    });
  },
});
