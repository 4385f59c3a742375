import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { timeBoundUrlReader } from '@internal/plugin-catalog-files-node';
import { createRouter } from './router';
import { DefaultRolloutPolicyService } from './services/RolloutPolicyService';

/**
 * The rollout backend: a service's canary policy read from its repository and checked against
 * its SLO, at `/api/rollout/v1/entities/:kind/:namespace/:name`.
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
      },
      async init({ httpRouter, httpAuth, config, urlReader, catalog }) {
        const rolloutPolicy = DefaultRolloutPolicyService.create({
          catalog,
          // A hung read of a policy or SLO file fails after commerce.reading.timeoutSeconds.
          urlReader: timeBoundUrlReader(urlReader, config),
          integrations: ScmIntegrations.fromConfig(config),
        });
        httpRouter.use(await createRouter({ httpAuth, rolloutPolicy }));
      },
    });
  },
});
