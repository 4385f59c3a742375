import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import {
  REVIEW_SNAPSHOT_STORED_TOPIC,
  type ReviewSnapshotStoredEvent,
} from '@internal/plugin-platform-review-common';
import { DecisionIndexFollower } from './DecisionIndexFollower';
import { DecisionRecordCollatorFactory } from './DecisionRecordCollatorFactory';

const SCHEDULE_KEY = 'search.collators.platformReviewDecisions.schedule';

/**
 * Adds the platform review's decision records to the portal's search index, on the schedule
 * (`search.collators.platformReviewDecisions.schedule`) and each time the review announces a
 * snapshot with changed records.
 *
 * @public
 */
export const searchModulePlatformReviewDecisions = createBackendModule({
  pluginId: 'search',
  moduleId: 'platform-review-decisions',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        events: eventsServiceRef,
        indexRegistry: searchIndexRegistryExtensionPoint,
      },
      async init({
        config,
        auth,
        discovery,
        logger,
        scheduler,
        lifecycle,
        events,
        indexRegistry,
      }) {
        const schedule = config.has(SCHEDULE_KEY)
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
              config.getConfig(SCHEDULE_KEY),
            )
          : {
              frequency: { minutes: 10 },
              timeout: { minutes: 15 },
              initialDelay: { seconds: 10 },
            };
        const follower = new DecisionIndexFollower({ scheduler, logger });
        lifecycle.addShutdownHook(() => follower.stop());
        indexRegistry.addCollator({
          schedule: follower.follow(
            scheduler.createScheduledTaskRunner(schedule),
          ),
          factory: new DecisionRecordCollatorFactory({
            auth,
            discovery,
            logger,
          }),
        });
        await events.subscribe({
          id: 'platform-review-decisions-index',
          topics: [REVIEW_SNAPSHOT_STORED_TOPIC],
          onEvent: ({ eventPayload }) =>
            follower.snapshotStored(
              (eventPayload ?? {}) as Partial<ReviewSnapshotStoredEvent>,
            ),
        });
      },
    });
  },
});
