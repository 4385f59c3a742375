import { NotImplementedError } from '@backstage/errors';
import type { PrometheusAlertEntry } from '@internal/plugin-slo-common';
import {
  type OutboundDeadline,
  OutboundTimeoutError,
  withTimeout,
} from '@internal/plugin-catalog-files-node';
import type {
  PrometheusApiPath,
  PrometheusQuerier,
  PrometheusTransport,
} from './types';

/**
 * A query the Prometheus-compatible API refused or did not answer. The message names the server,
 * the query and Prometheus's own error text, because that is what a service owner needs to fix
 * their OpenSLO file (or an operator their configuration).
 */
export class PrometheusQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrometheusQueryError';
  }
}

type Sample = [number, string];

interface ApiAnswer {
  status?: string;
  errorType?: string;
  error?: unknown;
  data?: {
    resultType?: string;
    result?: unknown;
  };
}

const MAX_ERROR_BODY = 300;

/** How messages name the alerts request. */
const ALERTS_REQUEST = 'GET /api/v1/alerts';

/**
 * The Prometheus HTTP API's semantics over any transport: builds the form parameters, reads
 * `status: error` answers and sums the result's samples. NaN and infinite samples are skipped:
 * they come from divisions by zero inside a query, not from events.
 */
export class PrometheusApiQuerier implements PrometheusQuerier {
  readonly #serverName: string;
  readonly #transport: PrometheusTransport;
  readonly #deadline: OutboundDeadline;
  readonly #noAlertsApi?: string;

  /**
   * @param options.serverName - how messages name the server, e.g. `Prometheus at http://…`.
   * @param options.timeoutMs - the longest one query may take (`slo.queryTimeoutSeconds`).
   * @param options.noAlertsApi - for a server without `/api/v1/alerts`: why, and where its
   *   alerts are instead; {@link PrometheusApiQuerier.alerts} then throws NotImplementedError
   *   with it rather than asking.
   */
  constructor(options: {
    serverName: string;
    transport: PrometheusTransport;
    timeoutMs: number;
    noAlertsApi?: string;
  }) {
    this.#serverName = options.serverName;
    this.#transport = options.transport;
    this.#noAlertsApi = options.noAlertsApi;
    this.#deadline = {
      system: options.serverName,
      timeoutMs: options.timeoutMs,
      configKey: 'slo.queryTimeoutSeconds',
    };
  }

  async instantSum(query: string, time: Date): Promise<number | undefined> {
    const data = await this.#call('/api/v1/query', query, {
      query,
      time: unixSeconds(time),
    });
    if (data.resultType === 'scalar') {
      return finiteSum([data.result as Sample]);
    }
    if (data.resultType !== 'vector' || !Array.isArray(data.result)) {
      throw this.#unexpected(query, `a ${data.resultType} result`);
    }
    return finiteSum(
      (data.result as { value?: Sample }[]).flatMap(s =>
        s.value ? [s.value] : [],
      ),
    );
  }

  async rangeSums(
    query: string,
    range: { start: Date; end: Date; stepSeconds: number },
  ): Promise<Map<number, number>> {
    const data = await this.#call('/api/v1/query_range', query, {
      query,
      start: unixSeconds(range.start),
      end: unixSeconds(range.end),
      step: String(range.stepSeconds),
    });
    if (data.resultType !== 'matrix' || !Array.isArray(data.result)) {
      throw this.#unexpected(query, `a ${data.resultType} result`);
    }
    const byTime = new Map<number, Sample[]>();
    for (const series of data.result as { values?: Sample[] }[]) {
      for (const sample of series.values ?? []) {
        const time = Number(sample[0]);
        byTime.set(time, [...(byTime.get(time) ?? []), sample]);
      }
    }
    const sums = new Map<number, number>();
    for (const [time, samples] of [...byTime].sort(([a], [b]) => a - b)) {
      const sum = finiteSum(samples);
      if (sum !== undefined) sums.set(time, sum);
    }
    return sums;
  }

  async alerts(): Promise<PrometheusAlertEntry[]> {
    if (this.#noAlertsApi) {
      throw new NotImplementedError(this.#noAlertsApi);
    }
    const data = await this.#call('/api/v1/alerts', ALERTS_REQUEST, {}, 'GET');
    const alerts = (data as { alerts?: unknown }).alerts;
    if (!Array.isArray(alerts)) {
      throw new PrometheusQueryError(
        `${
          this.#serverName
        } answered ${ALERTS_REQUEST} without a list of alerts`,
      );
    }
    return alerts as PrometheusAlertEntry[];
  }

  /**
   * One API call. `what` names the request in messages: the PromQL query, whose text is what an
   * owner fixes, or the alerts API.
   */
  async #call(
    path: PrometheusApiPath,
    what: string,
    params: Record<string, string>,
    method: 'GET' | 'POST' = 'POST',
  ): Promise<NonNullable<ApiAnswer['data']>> {
    const form = new URLSearchParams(params);
    let answer: { status: number; body: string };
    try {
      // The deadline holds even when a transport ignores the signal (a token request that
      // hangs, an SDK transport that never settles).
      answer = await withTimeout(this.#deadline, `evaluating ${what}`, signal =>
        this.#transport({
          path,
          method,
          form,
          timeoutMs: this.#deadline.timeoutMs,
          signal,
        }),
      );
    } catch (error) {
      if (error instanceof OutboundTimeoutError) {
        throw error;
      }
      throw new PrometheusQueryError(
        `${this.#serverName} could not be reached (${describeFailure(
          error,
        )}) while evaluating ${what}`,
      );
    }

    let parsed: ApiAnswer | undefined;
    try {
      parsed = JSON.parse(answer.body);
    } catch {
      parsed = undefined;
    }
    if (parsed?.status === 'error') {
      const kind = parsed.errorType ? `${parsed.errorType}: ` : '';
      throw new PrometheusQueryError(
        `${this.#serverName} refused ${what}: ${kind}${String(parsed.error)}`,
      );
    }
    if (answer.status < 200 || answer.status >= 300 || !parsed?.data) {
      throw new PrometheusQueryError(
        `${this.#serverName} answered HTTP ${
          answer.status
        } to ${what}: ${describeBody(parsed, answer.body)}`,
      );
    }
    return parsed.data;
  }

  #unexpected(query: string, what: string) {
    return new PrometheusQueryError(
      `${
        this.#serverName
      } returned ${what} for ${query}; the SLO feature needs an instant vector (or a range matrix)`,
    );
  }
}

function unixSeconds(time: Date): string {
  return String(time.getTime() / 1000);
}

// Prometheus writes sample values as strings, including "NaN", "+Inf" and "-Inf".
function sampleValue(sample: Sample): number {
  const text = String(sample[1]);
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

function finiteSum(samples: Sample[]): number | undefined {
  const values = samples.map(sampleValue).filter(Number.isFinite);
  if (values.length === 0) return undefined;
  return values.reduce((sum, value) => sum + value, 0);
}

/**
 * A failed request's message with its causes. Node's fetch says only "fetch failed" and keeps
 * what happened (ECONNREFUSED and the address, a DNS failure, a reset) in `cause`, which is what
 * tells an operator whether the address, the network or the server is wrong.
 */
function describeFailure(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  // A cause chain is short; the bound only guards against a cycle.
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    const text = failureText(current);
    if (text && !parts.includes(text)) parts.push(text);
    current = (current as { cause?: unknown } | null)?.cause;
  }
  return parts.join(': ') || String(error);
}

// Duck-typed: errors from Node's own fetch are of another realm under Jest's sandbox.
function failureText(error: unknown): string {
  const { message, errors } = (error ?? {}) as {
    message?: unknown;
    errors?: unknown;
  };
  if (Array.isArray(errors) && errors.length > 0) {
    // Node's happy-eyeballs connect fails with one error per address it tried.
    return errors.map(failureText).join('; ');
  }
  if (typeof message === 'string') return message;
  return typeof error === 'string' ? error : '';
}

// Azure answers authentication failures with its own `{ error: { code, message } }` shape.
function describeBody(parsed: unknown, body: string): string {
  const error = (parsed as { error?: { code?: string; message?: string } })
    ?.error;
  if (error && typeof error === 'object' && (error.code || error.message)) {
    return [error.code, error.message].filter(Boolean).join(': ');
  }
  const text = body.trim();
  if (!text) return 'empty answer';
  return text.length > MAX_ERROR_BODY
    ? `${text.slice(0, MAX_ERROR_BODY)}…`
    : text;
}
