export * from './types';
export {
  PrometheusApiQuerier,
  PrometheusQueryError,
} from './PrometheusApiQuerier';
export {
  createSloMeasurements,
  DEFAULT_QUERY_TIMEOUT_SECONDS,
  NOT_CONFIGURED_MESSAGE,
  AZURE_MONITOR_NO_ALERTS_API,
  type AzureMonitorOverrides,
} from './createSloMeasurements';
export { AZURE_MONITOR_PROMETHEUS_SCOPE } from './transports';
