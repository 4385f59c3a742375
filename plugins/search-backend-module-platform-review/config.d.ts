import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  search?: {
    collators?: {
      /** The decision records the platform review found, indexed for the portal's search. */
      platformReviewDecisions?: {
        /**
         * When the records are indexed again. Default: every 10 minutes (the review itself
         * reads the records every `platformReview.refreshInterval`), a 15-minute timeout, first
         * 10 seconds after start.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
