import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  search?: {
    collators?: {
      /** The decision records the platform review found, indexed for the portal's search. */
      platformReviewDecisions?: {
        /**
         * When the records are indexed again regardless of the review. They are also indexed
         * within seconds of each review snapshot whose records changed (the review announces
         * it on the events service), so this is the fallback for an announcement lost.
         * Default: every 10 minutes, a 15-minute timeout, first 10 seconds after start.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
