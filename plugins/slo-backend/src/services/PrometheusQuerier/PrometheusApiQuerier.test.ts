import { ConfigReader } from '@backstage/config';
import { delay, http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import net from 'node:net';
import {
  alertList,
  fakePrometheusApi,
  matrix,
  promError,
  type PromReply,
  vector,
} from './__testUtils__/fakePrometheusApi';
import { createSloMeasurements } from './createSloMeasurements';
import { PrometheusQueryError } from './PrometheusApiQuerier';
import type { PrometheusQuerier } from './types';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const BASE_URL = 'http://prometheus.test:9090/prom';
const AT = new Date('2025-03-01T12:00:00.000Z');
const AT_SECONDS = '1740830400';

function prometheusQuerier(extra: object = {}): PrometheusQuerier {
  const { querier } = createSloMeasurements(
    new ConfigReader({ slo: { prometheus: { baseUrl: BASE_URL }, ...extra } }),
  );
  return querier!;
}

describe('PrometheusApiQuerier over Prometheus’s HTTP API', () => {
  const query = 'sum(rate(http_requests_total{service="order-service"}[1h]))';

  it('sends the query and the time to /api/v1/query under the base path and sums the vector', async () => {
    const { requests } = fakePrometheusApi(server, BASE_URL, () =>
      vector(1740830400, '1.5', '2.25'),
    );
    await expect(prometheusQuerier().instantSum(query, AT)).resolves.toBe(3.75);
    expect(requests).toEqual([
      { path: '/api/v1/query', method: 'POST', query, time: AT_SECONDS },
    ]);
  });

  it('reads an empty vector as no events and skips NaN and infinite samples', async () => {
    const replies: Record<string, PromReply> = {
      empty: vector(1),
      nan: vector(1, 'NaN'),
      mixed: vector(1, 'NaN', '4', '+Inf', '-Inf'),
    };
    fakePrometheusApi(server, BASE_URL, r => replies[r.query]);
    const querier = prometheusQuerier();
    await expect(querier.instantSum('empty', AT)).resolves.toBeUndefined();
    await expect(querier.instantSum('nan', AT)).resolves.toBeUndefined();
    await expect(querier.instantSum('mixed', AT)).resolves.toBe(4);
  });

  it('accepts a scalar result', async () => {
    fakePrometheusApi(server, BASE_URL, () => ({
      body: {
        status: 'success',
        data: { resultType: 'scalar', result: [1, '0.5'] },
      },
    }));
    await expect(prometheusQuerier().instantSum('scalar(x)', AT)).resolves.toBe(
      0.5,
    );
  });

  it('reports Prometheus’s own error text for a refused query', async () => {
    fakePrometheusApi(server, BASE_URL, () =>
      promError(
        'bad_data',
        '1:5: parse error: unexpected "}" in label matching',
      ),
    );
    const error = await prometheusQuerier()
      .instantSum('sum(rate(x{]))', AT)
      .catch(e => e);
    expect(error).toBeInstanceOf(PrometheusQueryError);
    expect(error.message).toBe(
      `Prometheus at ${BASE_URL} refused sum(rate(x{])): bad_data: 1:5: parse error: unexpected "}" in label matching`,
    );
  });

  it('reports an answer that is not the API’s, with its status and body', async () => {
    server.use(
      http.post(
        `${BASE_URL}/api/v1/query`,
        () => new HttpResponse('<html>502 Bad Gateway</html>', { status: 502 }),
      ),
    );
    await expect(prometheusQuerier().instantSum('up', AT)).rejects.toThrow(
      `Prometheus at ${BASE_URL} answered HTTP 502 to up: <html>502 Bad Gateway</html>`,
    );
  });

  it('gives up on a query that never answers within slo.queryTimeoutSeconds, with a 503 naming the key, and asks again next time', async () => {
    let hang = true;
    let requests = 0;
    server.use(
      http.post(`${BASE_URL}/api/v1/query`, async () => {
        requests += 1;
        if (hang) await delay('infinite');
        return HttpResponse.json(vector(1, '1').body as object);
      }),
    );
    const querier = prometheusQuerier({ queryTimeoutSeconds: 0.05 });
    const started = Date.now();
    const error = await querier.instantSum('up', AT).catch(e => e);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error.name).toBe('ServiceUnavailableError');
    expect(error.message).toBe(
      `Prometheus at ${BASE_URL} did not answer within 0.05 s (evaluating up). Try again later, or raise slo.queryTimeoutSeconds if Prometheus at ${BASE_URL} is only slow.`,
    );

    hang = false;
    await expect(querier.instantSum('up', AT)).resolves.toBe(1);
    expect(requests).toBe(2);
  });

  it('reports an unreachable server', async () => {
    server.use(
      http.post(`${BASE_URL}/api/v1/query`, () => HttpResponse.error()),
    );
    await expect(prometheusQuerier().instantSum('up', AT)).rejects.toThrow(
      /^Prometheus at http:\/\/prometheus.test:9090\/prom could not be reached \(.+\) while evaluating up$/,
    );
  });

  it('says why the connection failed, not only "fetch failed": nothing listens on the port', async () => {
    // A port that was free a moment ago: the real fetch gets ECONNREFUSED from the kernel.
    const port = await new Promise<number>(resolve => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const baseUrl = `http://127.0.0.1:${port}`;
    server.use(http.post(`${baseUrl}/api/v1/query`, () => passthrough()));
    const { querier } = createSloMeasurements(
      new ConfigReader({ slo: { prometheus: { baseUrl } } }),
    );
    const failure = querier!.instantSum('up', AT);
    await expect(failure).rejects.toThrow(PrometheusQueryError);
    await expect(failure).rejects.toThrow(
      `Prometheus at ${baseUrl} could not be reached (fetch failed: connect ECONNREFUSED 127.0.0.1:${port}) while evaluating up`,
    );
  });

  it('refuses a result type the SLO maths cannot use', async () => {
    fakePrometheusApi(server, BASE_URL, () => ({
      body: {
        status: 'success',
        data: { resultType: 'string', result: [1, 'x'] },
      },
    }));
    await expect(prometheusQuerier().instantSum('"x"', AT)).rejects.toThrow(
      /returned a string result for "x"/,
    );
  });

  it('sends start, end and step to /api/v1/query_range and sums the series per step', async () => {
    const day = 86400;
    const end = new Date(AT.getTime());
    const start = new Date(AT.getTime() - 2 * day * 1000);
    const t0 = 1740830400 - 2 * day;
    const { requests } = fakePrometheusApi(server, BASE_URL, () =>
      matrix(
        [
          [t0, '1'],
          [t0 + day, 'NaN'],
          [t0 + 2 * day, '2'],
        ],
        [
          [t0, '3'],
          [t0 + 2 * day, '0.5'],
        ],
      ),
    );
    const sums = await prometheusQuerier().rangeSums('x', {
      start,
      end,
      stepSeconds: day,
    });
    expect([...sums]).toEqual([
      [t0, 4],
      [t0 + 2 * day, 2.5],
    ]);
    expect(requests).toEqual([
      {
        path: '/api/v1/query_range',
        method: 'POST',
        query: 'x',
        start: String(t0),
        end: AT_SECONDS,
        step: '86400',
      },
    ]);
  });

  it('reports a range query Prometheus refuses', async () => {
    fakePrometheusApi(server, BASE_URL, () =>
      promError('execution', 'query timed out in expression evaluation', 503),
    );
    await expect(
      prometheusQuerier().rangeSums('x', {
        start: AT,
        end: AT,
        stepSeconds: 60,
      }),
    ).rejects.toThrow(
      `Prometheus at ${BASE_URL} refused x: execution: query timed out in expression evaluation`,
    );
  });

  it('reads the alerts with a GET under the base path, with no body', async () => {
    const firing = {
      labels: { alertname: 'SLOBudgetBurnFast', service: 'order-service' },
      annotations: { summary: 'burns' },
      state: 'firing',
      activeAt: '2026-12-07T11:13:29.11983645Z',
      value: '1e+00',
    };
    const seen: { method: string; url: string; body: string }[] = [];
    server.use(
      http.all(`${BASE_URL}/api/v1/alerts`, async ({ request }) => {
        seen.push({
          method: request.method,
          url: request.url,
          body: await request.text(),
        });
        return HttpResponse.json(alertList(firing).body as object);
      }),
    );
    await expect(prometheusQuerier().alerts()).resolves.toEqual([firing]);
    expect(seen).toEqual([
      { method: 'GET', url: `${BASE_URL}/api/v1/alerts`, body: '' },
    ]);
  });

  it('names the alerts request in its errors', async () => {
    fakePrometheusApi(server, BASE_URL, () =>
      promError('unavailable', 'rule manager not ready', 503),
    );
    await expect(prometheusQuerier().alerts()).rejects.toThrow(
      `Prometheus at ${BASE_URL} refused GET /api/v1/alerts: unavailable: rule manager not ready`,
    );
    server.use(
      http.get(`${BASE_URL}/api/v1/alerts`, () =>
        HttpResponse.json({ status: 'success', data: {} }),
      ),
    );
    await expect(prometheusQuerier().alerts()).rejects.toThrow(
      `Prometheus at ${BASE_URL} answered GET /api/v1/alerts without a list of alerts`,
    );
  });
});
