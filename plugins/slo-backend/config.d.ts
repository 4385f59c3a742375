export interface Config {
  /**
   * Where the SLO feature measures objectives. Without `prometheus` or `azureMonitor`, the SLO
   * card lists each objective and its error budget and says "No measurements: … not configured".
   */
  slo?: {
    /**
     * A Prometheus server queried over its HTTP API (`/api/v1/query`, `/api/v1/query_range`).
     * Used in preference to `azureMonitor` when both are set.
     */
    prometheus?: {
      /**
       * The server's base URL, e.g. `http://prometheus.monitoring:9090` (a path prefix such as
       * `https://example.com/prometheus` is kept). No default: without it nothing is measured.
       */
      baseUrl: string;
    };
    /**
     * Azure Monitor managed service for Prometheus: the Azure Monitor workspace's PromQL
     * endpoint, signed in with DefaultAzureCredential (workload identity in AKS, `az login`
     * locally; the identity needs the Monitoring Data Reader role on the workspace). No secret is
     * configured.
     */
    azureMonitor?: {
      /**
       * The workspace's query endpoint from its Overview page, e.g.
       * `https://my-workspace-abcd.westeurope.prometheus.monitor.azure.com`. No default.
       */
      queryEndpoint: string;
    };
    /**
     * Grafana, where each service's SLO dashboards (environments/<env>/grafana-dashboard.yaml,
     * rendered from its OpenSLO file; the card links prod's) are loaded. The card links to `<baseUrl>/d/<uid>`, the uid read from the
     * entity's `commerce.platform/grafana-dashboard-uid` annotation. No default: without it the
     * card says the dashboard is not configured.
     */
    grafana?: {
      /**
       * Grafana's address as a browser reaches it, e.g. `https://grafana.example.com` (a path
       * prefix such as `https://example.com/grafana` is kept).
       */
      baseUrl: string;
    };
    /**
     * How long one PromQL query may take (Prometheus or Azure Monitor, the Entra ID sign-in
     * included) before the SLO it belongs to is reported as not measured with an error naming
     * this key, in seconds; the next request queries again. Default: 10.
     */
    queryTimeoutSeconds?: number;
  };
}
