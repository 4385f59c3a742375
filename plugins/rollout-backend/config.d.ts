export interface Config {
  /**
   * Argo CD, read by the rollout feature's "Argo CD" card (sync status, health and recent
   * history of each service's Applications, per environment). Without it the card says "not
   * configured".
   */
  argocd?: {
    /**
     * The Argo CD server's URL, e.g. `https://argocd.example.com` (its REST API is under
     * `/api/v1`).
     */
    baseUrl: string;
    /**
     * An Argo CD API token allowed to `get` the services' Applications (an account with
     * `applications, get` only). From an environment variable (`${ARGOCD_TOKEN}`) locally and
     * Key Vault in production, never in the file.
     *
     * @visibility secret
     */
    token: string;
    /**
     * The environments a service's Applications are named after (`<argocd/app-name>-<env>`),
     * in the order the card lists them. Default: `[dev, prod]`.
     */
    environments?: string[];
    /** The namespace the Applications live in, when not Argo CD's own (apps-in-any-namespace). */
    appNamespace?: string;
    /** The Argo CD UI's URL for links, when it differs from `baseUrl`. */
    uiUrl?: string;
    /** How many recent deployments the card shows per Application. Default: 5. */
    historyLength?: number;
    /** How long one call to Argo CD may take, in seconds. Default: 10. */
    timeoutSeconds?: number;
  };
}
