import type { TokenCredential } from '@azure/core-auth';
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
} from '@azure/core-rest-pipeline';
import type { PrometheusTransport } from './types';

const FORM = 'application/x-www-form-urlencoded';

/** Joins an API path to a base URL, keeping any path prefix the base URL has. */
function apiUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}

/** The URL of a GET (parameters in the query string) or a POST (parameters in the body). */
function requestUrl(
  baseUrl: string,
  path: string,
  method: 'GET' | 'POST',
  form: URLSearchParams,
): string {
  const query = form.toString();
  return method === 'GET' && query
    ? `${apiUrl(baseUrl, path)}?${query}`
    : apiUrl(baseUrl, path);
}

/**
 * Prometheus's own HTTP API over plain fetch. Queries go as a form POST, which Prometheus
 * accepts like GET, so that long indicator queries never hit URL length limits.
 */
export function prometheusHttpTransport(baseUrl: string): PrometheusTransport {
  return async ({ path, method, form, signal }) => {
    const response = await fetch(requestUrl(baseUrl, path, method, form), {
      method,
      headers: {
        ...(method === 'POST' && { 'content-type': FORM }),
        accept: 'application/json',
      },
      ...(method === 'POST' && { body: form.toString() }),
      signal,
    });
    return { status: response.status, body: await response.text() };
  };
}

/** The Entra ID scope of Azure Monitor managed service for Prometheus's query API. */
export const AZURE_MONITOR_PROMETHEUS_SCOPE =
  'https://prometheus.monitor.azure.com/.default';

/**
 * Azure Monitor managed service for Prometheus: the workspace's query endpoint speaks the same
 * PromQL HTTP API, behind Entra ID. The Azure SDK's pipeline fetches and refreshes the bearer
 * token and retries throttled or failed requests.
 *
 * @param options.httpClient - the pipeline's transport; tests pass a fake, production the SDK's
 *   default client.
 */
export function azureMonitorTransport(options: {
  queryEndpoint: string;
  credential: TokenCredential;
  httpClient?: HttpClient;
}): PrometheusTransport {
  const pipeline = createPipelineFromOptions({
    // A card waits for this: one quick retry, not the SDK's default of three with backoff.
    retryOptions: { maxRetries: 1, retryDelayInMs: 500 },
    userAgentOptions: { userAgentPrefix: 'commerce-platform-portal-slo' },
  });
  pipeline.addPolicy(
    bearerTokenAuthenticationPolicy({
      credential: options.credential,
      scopes: AZURE_MONITOR_PROMETHEUS_SCOPE,
    }),
  );
  const httpClient = options.httpClient ?? createDefaultHttpClient();

  return async ({ path, method, form, timeoutMs, signal }) => {
    const request = createPipelineRequest({
      url: requestUrl(options.queryEndpoint, path, method, form),
      method,
      headers: createHttpHeaders({
        ...(method === 'POST' && { 'content-type': FORM }),
        accept: 'application/json',
      }),
      ...(method === 'POST' && { body: form.toString() }),
      // The socket's own timeout, and the deadline's signal for the whole call (the token
      // request and the retry included).
      timeout: timeoutMs,
      abortSignal: signal,
    });
    const response = await pipeline.sendRequest(httpClient, request);
    return { status: response.status, body: response.bodyAsText ?? '' };
  };
}
