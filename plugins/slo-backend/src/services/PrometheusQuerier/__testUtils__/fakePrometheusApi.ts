import { http, HttpResponse } from 'msw';
import type { SetupServer } from 'msw/node';

/** One request as Prometheus's HTTP API receives it (form POST or GET query string). */
export interface PromRequest {
  path: string;
  query: string;
  time?: string;
  start?: string;
  end?: string;
  step?: string;
  method: string;
}

/** What the fake answers: HTTP status and raw body (JSON unless a string is given). */
export interface PromReply {
  status?: number;
  body: unknown;
}

/** `status: success` with an instant vector; each value is one series' sample at `time`. */
export function vector(time: number, ...values: string[]): PromReply {
  return {
    body: {
      status: 'success',
      data: {
        resultType: 'vector',
        result: values.map((value, i) => ({
          metric: { series: String(i) },
          value: [time, value],
        })),
      },
    },
  };
}

/** `status: success` with a range matrix; each argument is one series' [time, value] samples. */
export function matrix(...series: [number, string][][]): PromReply {
  return {
    body: {
      status: 'success',
      data: {
        resultType: 'matrix',
        result: series.map((values, i) => ({
          metric: { series: String(i) },
          values,
        })),
      },
    },
  };
}

/** `status: success` with the alerts list of `GET /api/v1/alerts`. */
export function alertList(...alerts: object[]): PromReply {
  return { body: { status: 'success', data: { alerts } } };
}

/** Prometheus's error answer, e.g. `bad_data` with HTTP 400 for a PromQL syntax error. */
export function promError(
  errorType: string,
  error: string,
  status = 400,
): PromReply {
  return { status, body: { status: 'error', errorType, error } };
}

/**
 * A Prometheus HTTP API at `baseUrl` as msw handlers: every request is recorded with its
 * parameters, and `answer` decides the reply (unanswered queries get Prometheus's 400, so a
 * test sees an unexpected query fail instead of hang).
 */
export function fakePrometheusApi(
  server: Pick<SetupServer, 'use'>,
  baseUrl: string,
  answer: (request: PromRequest) => PromReply | undefined,
) {
  const requests: PromRequest[] = [];
  const handle = async ({ request }: { request: Request }) => {
    const url = new URL(request.url);
    const params =
      request.method === 'POST'
        ? new URLSearchParams(await request.text())
        : url.searchParams;
    const recorded: PromRequest = {
      path: url.pathname.slice(
        new URL(baseUrl).pathname.replace(/\/$/, '').length,
      ),
      method: request.method,
      query: params.get('query') ?? '',
      ...(params.has('time') && { time: params.get('time')! }),
      ...(params.has('start') && { start: params.get('start')! }),
      ...(params.has('end') && { end: params.get('end')! }),
      ...(params.has('step') && { step: params.get('step')! }),
    };
    requests.push(recorded);
    const reply =
      answer(recorded) ??
      promError(
        'bad_data',
        `fake Prometheus has no answer for ${recorded.query}`,
      );
    return typeof reply.body === 'string'
      ? new HttpResponse(reply.body, { status: reply.status ?? 200 })
      : HttpResponse.json(reply.body as object, {
          status: reply.status ?? 200,
        });
  };
  const base = baseUrl.replace(/\/$/, '');
  server.use(
    http.all(`${base}/api/v1/query`, handle),
    http.all(`${base}/api/v1/query_range`, handle),
    // Real Prometheus serves its alerts on GET only; a POST gets its 405.
    http.get(`${base}/api/v1/alerts`, handle),
    http.post(
      `${base}/api/v1/alerts`,
      () => new HttpResponse('Method Not Allowed\n', { status: 405 }),
    ),
  );
  return { requests };
}
