export interface Config {
  /** The platform review (`/api/platform-review`): the leads' view over the whole catalog. */
  platformReview?: {
    /**
     * How often the review is rebuilt from the catalog, the services' SLO files, the decision
     * records and the cost backend — by the scheduler's global task, on one replica per run;
     * every replica serves the result from the plugin's database. A duration such as
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
     * How long after a backend replica starts its scheduler worker first takes up the rebuild
     * (the scheduler's `initialDelay`, which each replica waits on its own), so that a fresh
     * catalog has had its first processing pass. Until a first snapshot is stored, a request
     * waits for it, so on a cold start it may wait this long. Same formats as
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
