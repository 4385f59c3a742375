import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { timeBoundUrlReader } from '@internal/plugin-catalog-files-node';
import { createRouter } from './router';
import {
  ArgoCdStatusService,
  readArgoCdConfig,
} from './services/ArgoCdStatusService';
import { DefaultRolloutPolicyService } from './services/RolloutPolicyService';

/**
 * The rollout backend: a service's canary policy read from its repository and checked against
 * its SLO, at `/api/rollout/v1/entities/:kind/:namespace/:name`, and its Argo CD Applications'
 * status at `.../argocd`.
 *
 * @public
 */
export const rolloutPlugin = createBackendPlugin({
  pluginId: 'rollout',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        config: coreServices.rootConfig,
        urlReader: coreServices.urlReader,
        catalog: catalogServiceRef,
        logger: coreServices.logger,
      },
      async init({ httpRouter, httpAuth, config, urlReader, catalog, logger }) {
        const rolloutPolicy = DefaultRolloutPolicyService.create({
          catalog,
          // A hung read of a policy or SLO file fails after commerce.reading.timeoutSeconds.
          urlReader: timeBoundUrlReader(urlReader, config),
          integrations: ScmIntegrations.fromConfig(config),
        });
        const argoCdConfig = readArgoCdConfig(config);
        if (!argoCdConfig) {
          logger.info(
            'Argo CD is not configured (argocd.kubernetes.cluster, or argocd.baseUrl and argocd.token): the Argo CD card says so',
          );
        } else {
          const { source } = argoCdConfig;
          logger.info(
            source.type === 'kubernetes'
              ? `Argo CD: Applications read through cluster ${source.cluster}'s API (namespace ${argoCdConfig.appNamespace})`
              : `Argo CD: Applications read through ${source.baseUrl}`,
          );
        }
        const argoCdStatus = new ArgoCdStatusService({
          catalog,
          config: argoCdConfig,
          logger,
        });
        httpRouter.use(
          await createRouter({ httpAuth, rolloutPolicy, argoCdStatus }),
        );
      },
    });
  },
});
