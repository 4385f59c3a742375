export interface Config {
  /** The platform review (`/api/platform-review`): the leads' view over the whole catalog. */
  platformReview?: {
    /**
     * How often the review is rebuilt from the catalog, the services' SLO files, the decision
     * records and the cost backend. A duration such as `{ minutes: 5 }`, or a string such as
     * `5m` or `PT5M`. `POST /api/platform-review/v1/refresh` rebuilds it at once. Default: 5
     * minutes.
     */
    refreshInterval?:
      | string
      | {
          days?: number;
          hours?: number;
          minutes?: number;
          seconds?: number;
        };
  };
}
