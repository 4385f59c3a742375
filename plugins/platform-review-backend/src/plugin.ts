import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { timeBoundUrlReader } from '@internal/plugin-catalog-files-node';
import { platformReviewPermissions } from '@internal/plugin-platform-review-common';
import { readPlatformReviewConfig } from './config';
import { createRouter } from './router';
import {
  REVIEW_REFRESH_TASK_ID,
  ReviewSnapshotBuilder,
  ReviewSnapshotReader,
  ReviewSnapshotStore,
} from './services/ReviewSnapshot';
import { notifyDecisionOwners } from './services/ReviewSnapshot/notifyDecisionOwners';

/**
 * The platform review's backend: ownership boundaries, SLO achievability, spend against budget,
 * "not yet" decisions and template drift over the whole catalog, at `/api/platform-review`,
 * from a snapshot rebuilt every `platformReview.refreshInterval` by the scheduler's global task
 * (one replica per run) and shared by all through the plugin's database.
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
        notifications: notificationService,
        events: eventsServiceRef,
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
        notifications,
        events,
      }) {
        const reviewConfig = readPlatformReviewConfig(config);
        const store = await ReviewSnapshotStore.create({ database });
        const snapshot = new ReviewSnapshotReader({
          catalog,
          logger,
          scheduler,
          store,
        });
        const builder = new ReviewSnapshotBuilder({
          catalog,
          auth,
          discovery,
          // A hung read of an SLO file or a decisions folder fails after
          // commerce.reading.timeoutSeconds.
          urlReader: timeBoundUrlReader(urlReader, config),
          integrations: ScmIntegrations.fromConfig(config),
          logger,
          localCatalogFolders: reviewConfig.localCatalogFolders,
          store,
          onStored: stored => snapshot.stored(stored),
          // The search index of decision records follows the snapshots it announces.
          events,
        });
        // The one thing that builds: one replica per run (the scheduler's lock in the
        // database), on the schedule or when POST /v1/refresh triggers it; all serve its
        // snapshot.
        await scheduler.scheduleTask({
          id: REVIEW_REFRESH_TASK_ID,
          frequency: reviewConfig.refreshInterval,
          timeout: { minutes: 15 },
          initialDelay: reviewConfig.initialDelay,
          scope: 'global',
          fn: async signal => {
            await builder.run(signal);
            // Owners hear of a decision becoming due or overdue once, from the build that
            // found it.
            await notifyDecisionOwners({
              store,
              // The client ReviewSnapshotStore.create migrated.
              knex: await database.getClient(),
              notifications,
              logger,
            });
          },
        });
        permissionsRegistry.addPermissions(platformReviewPermissions);
        httpRouter.use(await createRouter({ httpAuth, permissions, snapshot }));
      },
    });
  },
});
