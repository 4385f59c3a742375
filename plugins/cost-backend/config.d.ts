export interface Config {
  /**
   * The cost feature (`/api/cost`): what services, systems, teams and the shared platform cost a
   * month. Actual spend comes from Azure Cost Management when `commerce.azure.subscriptionId` is
   * set; otherwise, and for new services, estimates priced with the price sheet.
   */
  cost?: {
    /**
     * The monthly budget of the whole platform (services and shared infrastructure) in US
     * dollars. Default: 3000.
     */
    platformBudgetUsd?: number;
    /**
     * The environment reported: the cost models' environment priced for estimates, the
     * `infra/main.<environment>.bicepparam` of the platform estimate, and the value of the
     * `environment` tag actual spend is filtered by. Default: `prod`.
     */
    environment?: string;
    platform?: {
      /**
       * The System the shared platform belongs to: its cost is added to this System's roll-up
       * and its owner's, and in Azure it is the value of the platform resources' `service` tag
       * (infra/main.bicep). Default: `system:default/commerce-platform`.
       */
      system?: string;
    };
    pricing?: {
      /**
       * The price sheet estimates are priced with (this repository's
       * `infra/pricing/azure-prices.yaml`). Relative paths are resolved against the backend's
       * working directory. Default: `../../infra/pricing/azure-prices.yaml` (from packages/backend).
       */
      priceSheetFile?: string;
      /**
       * The same sheet at a URL the backend's UrlReader can read, e.g.
       * `https://github.com/<org>/<portal repo>/blob/main/infra/pricing/azure-prices.yaml`: for a
       * deployed portal, whose image holds no infra/ folder. Used instead of `priceSheetFile`
       * when set.
       */
      priceSheetUrl?: string;
    };
    azure?: {
      /**
       * The Cost Management column summed as the cost: `PreTaxCost` for pay-as-you-go and
       * Enterprise Agreement subscriptions, `Cost` for a Microsoft Customer Agreement, `CostUSD`
       * when the billing currency is not USD (budgets are in USD). Default: `PreTaxCost`.
       */
      costColumn?: 'PreTaxCost' | 'Cost' | 'CostUSD';
      /**
       * How long one Cost Management query may take, in seconds, before the report falls back
       * to estimates with an error saying Cost Management did not answer (the next request asks
       * again: a hung query is not cached). Default: 30.
       */
      queryTimeoutSeconds?: number;
    };
  };

  /** Shared with the commerce scaffolder actions (plugins/scaffolder-backend-module-commerce). */
  commerce?: {
    platform?: {
      /**
       * The shared platform's Bicep folder (this repository's `infra/`): the cost feature prices
       * its `main.<environment>.bicepparam` with the assumed usage in `pricing/usage.yaml`.
       * Relative paths are resolved against the backend's working directory. Without it or
       * `infraUrl` the shared platform's cost is reported as not configured.
       */
      infraDirectory?: string;
      /**
       * The same folder at a URL the backend's UrlReader can read (the portal repository's
       * `infra/` on GitHub); used when `infraDirectory` is not set.
       */
      infraUrl?: string;
    };
    azure?: {
      /**
       * The subscription whose actual spend Azure Cost Management reports (query at subscription
       * scope, by the resources' `service` and `environment` tags). The backend signs in with
       * DefaultAzureCredential and needs the Cost Management Reader role there. Without it every
       * figure is an estimate.
       */
      subscriptionId?: string;
    };
  };
}
