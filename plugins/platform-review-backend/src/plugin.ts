import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { timeBoundUrlReader } from '@internal/plugin-catalog-files-node';
import { platformReviewPermissions } from '@internal/plugin-platform-review-common';
import { readPlatformReviewConfig } from './config';
import { createRouter } from './router';
import {
  DefaultReviewSnapshotService,
  ReviewSnapshotStore,
} from './services/ReviewSnapshot';

/**
 * The platform review's backend: ownership boundaries, SLO achievability, spend against budget,
 * "not yet" decisions and template drift over the whole catalog, at `/api/platform-review`,
 * from a snapshot rebuilt every `platformReview.refreshInterval` by one replica and shared by
 * all through the plugin's database.
 *
 * @public
 */
export const platformReviewPlugin = createBackendPlugin({
  pluginId: 'platform-review',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        logger: coreServices.logger,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        httpRouter: coreServices.httpRouter,
        discovery: coreServices.discovery,
        scheduler: coreServices.scheduler,
        urlReader: coreServices.urlReader,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        database,
        logger,
        auth,
        httpAuth,
        permissions,
        permissionsRegistry,
        httpRouter,
        discovery,
        scheduler,
        urlReader,
        catalog,
      }) {
        const reviewConfig = readPlatformReviewConfig(config);
        const snapshot = new DefaultReviewSnapshotService({
          catalog,
          auth,
          discovery,
          // A hung read of an SLO file or a decisions folder fails after
          // commerce.reading.timeoutSeconds.
          urlReader: timeBoundUrlReader(urlReader, config),
          integrations: ScmIntegrations.fromConfig(config),
          logger,
          localCatalogFolders: reviewConfig.localCatalogFolders,
          store: await ReviewSnapshotStore.create({ database }),
        });
        await scheduler.scheduleTask({
          id: 'platform-review-refresh',
          frequency: reviewConfig.refreshInterval,
          timeout: { minutes: 15 },
          initialDelay: reviewConfig.initialDelay,
          // One replica per run (the scheduler's lock in the database); all serve its snapshot.
          scope: 'global',
          fn: async () => {
            await snapshot.refresh();
          },
        });
        permissionsRegistry.addPermissions(platformReviewPermissions);
        httpRouter.use(await createRouter({ httpAuth, permissions, snapshot }));
      },
    });
  },
});
