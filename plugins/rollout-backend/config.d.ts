export interface Config {
  /**
   * Argo CD, read by the rollout feature's "Argo CD" card (sync status, health and recent
   * history of each service's Applications, per environment). Without it the card says "not
   * configured". Set either `kubernetes.cluster` (production: the Application resources read
   * through the cluster's API as the portal's identity, no Argo CD token) or `baseUrl` and
   * `token` (Argo CD's REST API).
   */
  argocd?: {
    /**
     * Read the Applications through the Kubernetes API of the cluster Argo CD runs in, as
     * `GET /apis/argoproj.io/v1alpha1/namespaces/<appNamespace>/applications/<name>`.
     */
    kubernetes?: {
      /**
       * A cluster of `kubernetes.clusterLocatorMethods` (type `config`), by name; its `url`,
       * `caData`, `skipTLSVerify` and `authProvider` (`azure`: the workload identity's Entra
       * token for AKS; `serviceAccount`: its `serviceAccountToken`) are used.
       */
      cluster: string;
    };
    /**
     * The Argo CD server's URL, e.g. `https://argocd.example.com` (its REST API is under
     * `/api/v1`).
     */
    baseUrl?: string;
    /**
     * An Argo CD API token allowed to `get` the services' Applications (an account with
     * `applications, get` only). From an environment variable (`${ARGOCD_TOKEN}`) locally and
     * Key Vault in production, never in the file.
     *
     * @visibility secret
     */
    token?: string;
    /**
     * The environments a service's Applications are named after (`<argocd/app-name>-<env>`),
     * in the order the card lists them. Default: `[dev, prod]`.
     */
    environments?: string[];
    /**
     * The namespace the Applications live in, when not Argo CD's own (apps-in-any-namespace).
     * Default with `kubernetes`: `argocd`.
     */
    appNamespace?: string;
    /** The Argo CD UI's URL for links, when it differs from `baseUrl`. */
    uiUrl?: string;
    /** How many recent deployments the card shows per Application. Default: 5. */
    historyLength?: number;
    /** How long one call to Argo CD may take, in seconds. Default: 10. */
    timeoutSeconds?: number;
  };
}
