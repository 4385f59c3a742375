export interface Config {
  /** Shared by the portal's backends (plugins/catalog-files-node). */
  commerce?: {
    reading?: {
      /**
       * How long one read of a repository file or folder through the backend's UrlReader
       * (GitHub in production) may take, in seconds, before it fails with an error naming the
       * host and this key: SLO files, cost models, rollout policies, decision records, the price
       * sheet and the platform's Bicep. Nothing is cached from a read that timed out; the next
       * request reads again. Default: 30.
       */
      timeoutSeconds?: number;
    };
  };
}
