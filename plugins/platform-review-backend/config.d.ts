export interface Config {
  /** The platform review (`/api/platform-review`): the leads' view over the whole catalog. */
  platformReview?: {
    /**
     * How often the review is rebuilt from the catalog, the services' SLO files, the decision
     * records and the cost backend — by one replica, whichever claims the scheduled task; every
     * replica serves the result from the plugin's database. A duration such as
     * `{ minutes: 5 }`, or a string such as `5m` or `PT5M`. `POST /api/platform-review/v1/refresh`
     * rebuilds it at once. Default: 5 minutes.
     */
    refreshInterval?:
      | string
      | {
          days?: number;
          hours?: number;
          minutes?: number;
          seconds?: number;
        };
    /**
     * How long after the first backend replica starts the scheduled rebuild first runs, so that
     * a fresh catalog has had its first processing pass (a request before then builds the
     * review anyway). Only the first start on an empty database waits it: afterwards the
     * schedule, shared by the replicas in the database, carries on. Same formats as
     * `refreshInterval`. Default: 30 seconds.
     */
    initialDelay?:
      | string
      | {
          days?: number;
          hours?: number;
          minutes?: number;
          seconds?: number;
        };
  };
}
