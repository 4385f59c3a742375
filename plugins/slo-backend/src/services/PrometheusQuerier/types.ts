import type {
  PrometheusAlertEntry,
  SloDataSource,
} from '@internal/plugin-slo-common';

/**
 * A Prometheus-compatible query API (Prometheus itself, or Azure Monitor managed service for
 * Prometheus): PromQL in, numbers out. Each query's vector is summed, because an SLO's good and
 * total events are totals over whatever series the query selects.
 */
export interface PrometheusQuerier {
  /**
   * Evaluates `query` at `time` (`/api/v1/query`) and sums the samples of its result.
   *
   * @returns undefined when the result is empty (no series matched: no events), otherwise the sum
   *   of its finite samples.
   * @throws PrometheusQueryError when the server refuses the query or cannot be reached, and
   *   OutboundTimeoutError (a ServiceUnavailableError naming `slo.queryTimeoutSeconds`) when it
   *   does not answer in time.
   */
  instantSum(query: string, time: Date): Promise<number | undefined>;

  /**
   * Evaluates `query` at every step from `start` to `end` (`/api/v1/query_range`) and sums the
   * series at each step.
   *
   * @returns the sum per step, keyed by the step's Unix time in seconds; steps without a sample
   *   are absent.
   * @throws PrometheusQueryError or OutboundTimeoutError as for
   *   {@link PrometheusQuerier.instantSum}.
   */
  rangeSums(
    query: string,
    range: { start: Date; end: Date; stepSeconds: number },
  ): Promise<Map<number, number>>;

  /**
   * Every pending and firing alert the server's rules hold (`GET /api/v1/alerts`), over the same
   * transport, deadline and sign-in as the queries.
   *
   * @throws NotImplementedError when the data source has no alerts API (Azure Monitor managed
   *   Prometheus: its rule groups fire Azure Monitor alerts instead), PrometheusQueryError or
   *   OutboundTimeoutError as for {@link PrometheusQuerier.instantSum}.
   */
  alerts(): Promise<PrometheusAlertEntry[]>;
}

/**
 * What measures the SLOs: the data source to describe on the card, and its querier (none when
 * nothing is configured).
 */
export interface SloMeasurements {
  source: SloDataSource;
  querier?: PrometheusQuerier;
}

/** The Prometheus HTTP API paths the SLO feature uses. */
export type PrometheusApiPath =
  | '/api/v1/query'
  | '/api/v1/query_range'
  | '/api/v1/alerts';

/**
 * Carries one request to a Prometheus-compatible API and returns the raw answer, so
 * that the API's semantics (error bodies, result types) are handled once for every transport.
 * Transports throw only when no answer arrived (network failure, abort).
 */
export type PrometheusTransport = (request: {
  path: PrometheusApiPath;
  /**
   * POST for queries (a form body: long queries never hit URL limits); GET for the alerts API,
   * which Prometheus serves on GET only (POST is 405).
   */
  method: 'GET' | 'POST';
  /** The form body of a POST, the query string of a GET. */
  form: URLSearchParams;
  timeoutMs: number;
  /** Fires at the query's deadline; the querier gives up then even if the transport does not. */
  signal: AbortSignal;
}) => Promise<{ status: number; body: string }>;
