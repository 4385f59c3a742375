import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { DecisionRecordCollatorFactory } from './DecisionRecordCollatorFactory';

const SCHEDULE_KEY = 'search.collators.platformReviewDecisions.schedule';

/**
 * Adds the platform review's decision records to the portal's search index.
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
        indexRegistry: searchIndexRegistryExtensionPoint,
      },
      async init({
        config,
        auth,
        discovery,
        logger,
        scheduler,
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
        indexRegistry.addCollator({
          schedule: scheduler.createScheduledTaskRunner(schedule),
          factory: new DecisionRecordCollatorFactory({
            auth,
            discovery,
            logger,
          }),
        });
      },
    });
  },
});
