import type { TokenCredential } from '@azure/core-auth';
import type { HttpClient } from '@azure/core-rest-pipeline';
import { DefaultAzureCredential } from '@azure/identity';
import type { Config } from '@backstage/config';
import { readOutboundDeadline } from '@internal/plugin-catalog-files-node';
import { PrometheusApiQuerier } from './PrometheusApiQuerier';
import { azureMonitorTransport, prometheusHttpTransport } from './transports';
import type { SloMeasurements } from './types';

/** The default for `slo.queryTimeoutSeconds`. */
export const DEFAULT_QUERY_TIMEOUT_SECONDS = 10;

/** What the card says when neither data source is configured. */
export const NOT_CONFIGURED_MESSAGE =
  'No measurements: Prometheus is not configured (set slo.prometheus.baseUrl, or slo.azureMonitor.queryEndpoint for Azure Monitor managed Prometheus). Objectives and error budgets come from the OpenSLO file.';

/**
 * Why the card lists no alerts with Azure Monitor: the workspace's query endpoint serves PromQL
 * (query, query_range, series, labels) but no `/api/v1/alerts` or `/api/v1/rules`; its rule groups
 * (Microsoft.AlertsManagement/prometheusRuleGroups) fire Azure Monitor alerts instead.
 */
export const AZURE_MONITOR_NO_ALERTS_API =
  'Alerts are not available from Azure Monitor managed Prometheus: its query endpoint has no alerts API, and its rule groups fire Azure Monitor alerts; see them under Monitor → Alerts in the Azure portal (filter Monitor service: Prometheus).';

/**
 * Overrides for the Azure Monitor transport. Production passes none: DefaultAzureCredential over
 * the SDK's own HTTP client. Tests pass a fixed-token credential and a fake `httpClient`.
 */
export interface AzureMonitorOverrides {
  credential?: TokenCredential;
  httpClient?: HttpClient;
}

/**
 * Chooses the data source from `slo.*` config: Prometheus when `slo.prometheus.baseUrl` is set,
 * else Azure Monitor when `slo.azureMonitor.queryEndpoint` is, else none (no querier, and a
 * message saying what to configure).
 */
export function createSloMeasurements(
  config: Config,
  overrides: AzureMonitorOverrides = {},
): SloMeasurements {
  const { timeoutMs } = readOutboundDeadline(config, {
    system: 'Prometheus',
    configKey: 'slo.queryTimeoutSeconds',
    defaultSeconds: DEFAULT_QUERY_TIMEOUT_SECONDS,
  });

  const baseUrl = withoutTrailingSlash(
    config.getOptionalString('slo.prometheus.baseUrl'),
  );
  if (baseUrl) {
    return {
      source: {
        type: 'prometheus',
        message: `Measured by Prometheus at ${baseUrl}.`,
      },
      querier: new PrometheusApiQuerier({
        serverName: `Prometheus at ${baseUrl}`,
        transport: prometheusHttpTransport(baseUrl),
        timeoutMs,
      }),
    };
  }

  const queryEndpoint = withoutTrailingSlash(
    config.getOptionalString('slo.azureMonitor.queryEndpoint'),
  );
  if (queryEndpoint) {
    return {
      source: {
        type: 'azure-monitor',
        message: `Measured by Azure Monitor managed Prometheus at ${queryEndpoint}.`,
      },
      querier: new PrometheusApiQuerier({
        serverName: `Azure Monitor at ${queryEndpoint}`,
        transport: azureMonitorTransport({
          queryEndpoint,
          credential: overrides.credential ?? new DefaultAzureCredential(),
          httpClient: overrides.httpClient,
        }),
        timeoutMs,
        noAlertsApi: AZURE_MONITOR_NO_ALERTS_API,
      }),
    };
  }

  return { source: { type: 'none', message: NOT_CONFIGURED_MESSAGE } };
}

function withoutTrailingSlash(url: string | undefined): string | undefined {
  return url?.trim().replace(/\/+$/, '') || undefined;
}
