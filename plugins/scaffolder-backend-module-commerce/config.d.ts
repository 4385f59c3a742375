export interface Config {
  /**
   * What the commerce scaffolder actions publish to, provision and register. Every part is
   * optional: an action whose part is missing logs "not configured: <what to set>" and ends as
   * skipped, so a local run completes.
   */
  commerce?: {
    publish?: {
      /**
       * Where the templates publish a new service's repository: `local` (a git repository under
       * `local.directory`, the default) or `github` (the stock publish:github action, under
       * `github.owner`).
       * @visibility frontend
       */
      target?: 'local' | 'github';
      local?: {
        /**
         * Folder that holds the locally published repositories, one per service. Relative paths
         * are resolved against the backend's working directory. Default: `<PORTAL_DATA_DIR or
         * .data>/repositories`.
         */
        directory?: string;
      };
      github?: {
        /** The GitHub organization new repositories are created in, e.g. `commerce`. */
        owner: string;
        /**
         * The host of the GitHub integration to use. Default: `github.com`.
         */
        host?: string;
        /**
         * How long one request to GitHub (the App's token included) of
         * commerce:github:repository-state and commerce:github:environment-variables may take,
         * in seconds, before the step fails with an error naming this key; a re-run is safe.
         * Default: 30.
         */
        requestTimeoutSeconds?: number;
      };
    };
    platform?: {
      /**
       * Folder holding the shared platform's Bicep (this repository's `infra/`), copied into the
       * platform run's workspace. Relative paths are resolved against the backend's working
       * directory. Used when set; otherwise `infraUrl`.
       */
      infraDirectory?: string;
      /**
       * URL of the same folder in the portal's repository, read with the backend's URL readers,
       * e.g. `https://github.com/commerce/commerce-platform-portal/tree/main/infra`.
       */
      infraUrl?: string;
      /**
       * The public https base URL of the platform's edge (Front Door: the endpoint host name,
       * infra/main.bicep output FRONT_DOOR_ENDPOINT_HOSTNAME, or its custom domain), e.g.
       * `https://fde-commerce-platform-abc123.z01.azurefd.net`. Services run on the shared
       * gateway behind it, dev under `/dev/<short name>/`, so the templates write that URL as the
       * GitHub environment `dev`'s SERVICE_URL (the pipeline's smoke and load tests). Unset
       * (before the edge exists): SERVICE_URL is not written.
       */
      edgeUrl?: string;
    };
    azure?: {
      /**
       * The subscription service resource groups and deployments go to. Credentials come from
       * DefaultAzureCredential (workload identity in AKS, `az login` locally); none are stored.
       */
      subscriptionId: string;
      /** Region for new resource groups when the template does not name one. Default: `westeurope`. */
      defaultLocation?: string;
      /**
       * The Bicep CLI used to compile templates to ARM JSON. Default: `bicep` on the PATH, then
       * `az bicep`.
       */
      bicepCommand?: string;
      /**
       * How long one request to Azure Resource Manager may take, in seconds (the sign-in and
       * the SDK's retries included), before the step fails with an error naming this key. A
       * deployment is many requests (ARM answers at once and the step polls), so this does not
       * limit how long a deployment runs. Default: 60.
       */
      requestTimeoutSeconds?: number;
    };
    gitops?: {
      github?: {
        /**
         * The GitOps repository Argo CD's app-of-apps reads, as `https://github.com/<owner>/<repo>`.
         */
        repoUrl: string;
        /**
         * Folder in that repository holding one folder per environment (`dev`, `prod`), each with
         * one Application per service (`<path>/<environment>/<name>.yaml`), synced by that
         * environment's Argo CD. Default: `apps`.
         */
        path?: string;
        /**
         * The base branch the pull requests target (each service proposes its Applications from
         * its own branch, `service/<name>`; the base is protected). Default: the repository's
         * default branch.
         */
        branch?: string;
        /**
         * How long one request to GitHub (the App's token included) may take, in seconds,
         * before the step fails with an error naming this key; a re-run is safe. Default: 30.
         */
        requestTimeoutSeconds?: number;
      };
    };
  };
}
