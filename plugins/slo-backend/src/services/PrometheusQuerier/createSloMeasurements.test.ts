import type { TokenCredential } from '@azure/core-auth';
import {
  createHttpHeaders,
  type HttpClient,
  type PipelineRequest,
} from '@azure/core-rest-pipeline';
import { ConfigReader } from '@backstage/config';
import {
  AZURE_MONITOR_NO_ALERTS_API,
  createSloMeasurements,
} from './createSloMeasurements';

const ENDPOINT =
  'https://commerce-amw-abcd.westeurope.prometheus.monitor.azure.com';

/** A credential that hands out a fixed token and records the scopes asked for. */
function fakeCredential() {
  const scopes: (string | string[])[] = [];
  const credential: TokenCredential = {
    async getToken(requested) {
      scopes.push(requested);
      return {
        token: 'fake-monitor-token',
        expiresOnTimestamp: Date.now() + 60 * 60 * 1000,
      };
    },
  };
  return { credential, scopes };
}

/** The Azure SDK pipeline's transport, answering like the workspace's query endpoint. */
function fakeWorkspace(
  answer: (request: PipelineRequest) => {
    status: number;
    body: unknown;
  },
) {
  const requests: PipelineRequest[] = [];
  const httpClient: HttpClient = {
    async sendRequest(request) {
      requests.push(request);
      const { status, body } = answer(request);
      return {
        request,
        status,
        headers: createHttpHeaders({ 'content-type': 'application/json' }),
        bodyAsText: JSON.stringify(body),
      };
    },
  };
  return { httpClient, requests };
}

const AT = new Date('2025-03-01T12:00:00.000Z');

describe('createSloMeasurements', () => {
  it('says what to configure when there is no data source', () => {
    const measurements = createSloMeasurements(new ConfigReader({}));
    expect(measurements.querier).toBeUndefined();
    expect(measurements.source).toEqual({
      type: 'none',
      message:
        'No measurements: Prometheus is not configured (set slo.prometheus.baseUrl, or slo.azureMonitor.queryEndpoint for Azure Monitor managed Prometheus). Objectives and error budgets come from the OpenSLO file.',
    });
  });

  it('prefers Prometheus when both are configured', () => {
    const { source } = createSloMeasurements(
      new ConfigReader({
        slo: {
          prometheus: { baseUrl: 'http://prometheus:9090' },
          azureMonitor: { queryEndpoint: ENDPOINT },
        },
      }),
      { credential: fakeCredential().credential },
    );
    expect(source).toEqual({
      type: 'prometheus',
      message: 'Measured by Prometheus at http://prometheus:9090.',
    });
  });

  it('refuses a timeout that is not positive', () => {
    expect(() =>
      createSloMeasurements(
        new ConfigReader({ slo: { queryTimeoutSeconds: 0 } }),
      ),
    ).toThrow(
      'slo.queryTimeoutSeconds is 0; set a positive number of seconds (default 10)',
    );
  });
});

describe('Azure Monitor managed Prometheus through the Azure SDK pipeline', () => {
  const config = new ConfigReader({
    slo: { azureMonitor: { queryEndpoint: `${ENDPOINT}/` } },
  });

  it('posts the query with a bearer token for the Prometheus scope and sums the vector', async () => {
    const { credential, scopes } = fakeCredential();
    const { httpClient, requests } = fakeWorkspace(() => ({
      status: 200,
      body: {
        status: 'success',
        data: {
          resultType: 'vector',
          result: [{ metric: {}, value: [1740830400, '0.9995'] }],
        },
      },
    }));
    const { source, querier } = createSloMeasurements(config, {
      credential,
      httpClient,
    });
    expect(source).toEqual({
      type: 'azure-monitor',
      message: `Measured by Azure Monitor managed Prometheus at ${ENDPOINT}.`,
    });

    const query = 'sum(rate(http_requests_total{service="cart-service"}[6h]))';
    await expect(querier!.instantSum(query, AT)).resolves.toBe(0.9995);

    expect(scopes).toEqual([['https://prometheus.monitor.azure.com/.default']]);
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`${ENDPOINT}/api/v1/query`);
    expect(request.headers.get('authorization')).toBe(
      'Bearer fake-monitor-token',
    );
    expect(request.headers.get('content-type')).toBe(
      'application/x-www-form-urlencoded',
    );
    const form = new URLSearchParams(String(request.body));
    expect(Object.fromEntries(form)).toEqual({ query, time: '1740830400' });
  });

  it('says alerts are not available without asking the workspace, which has no alerts API', async () => {
    const { httpClient, requests } = fakeWorkspace(() => ({
      status: 404,
      body: {},
    }));
    const { querier } = createSloMeasurements(config, {
      credential: fakeCredential().credential,
      httpClient,
    });
    const error = await querier!.alerts().catch(e => e);
    expect(error.name).toBe('NotImplementedError');
    expect(error.message).toBe(AZURE_MONITOR_NO_ALERTS_API);
    expect(requests).toEqual([]);
  });

  it('reports Azure’s own error when the identity may not read the workspace', async () => {
    const { httpClient } = fakeWorkspace(() => ({
      status: 403,
      body: {
        error: {
          code: 'AuthorizationFailed',
          message: 'The client does not have authorization to perform action',
        },
      },
    }));
    const { querier } = createSloMeasurements(config, {
      credential: fakeCredential().credential,
      httpClient,
    });
    await expect(querier!.instantSum('up', AT)).rejects.toThrow(
      `Azure Monitor at ${ENDPOINT} answered HTTP 403 to up: AuthorizationFailed: The client does not have authorization to perform action`,
    );
  });

  it('reports the PromQL error text the workspace returns', async () => {
    const { httpClient } = fakeWorkspace(() => ({
      status: 400,
      body: {
        status: 'error',
        errorType: 'bad_data',
        error: 'invalid parameter "query": 1:1: parse error',
      },
    }));
    const { querier } = createSloMeasurements(config, {
      credential: fakeCredential().credential,
      httpClient,
    });
    await expect(querier!.instantSum('(', AT)).rejects.toThrow(
      `Azure Monitor at ${ENDPOINT} refused (: bad_data: invalid parameter "query": 1:1: parse error`,
    );
  });
});

describe('Azure Monitor managed Prometheus that does not answer', () => {
  const config = new ConfigReader({
    slo: {
      azureMonitor: { queryEndpoint: ENDPOINT },
      queryTimeoutSeconds: 0.05,
    },
  });
  const answered = fakeWorkspace(() => ({
    status: 200,
    body: {
      status: 'success',
      data: { resultType: 'vector', result: [{ value: [1, '2'] }] },
    },
  }));
  const message = `Azure Monitor at ${ENDPOINT} did not answer within 0.05 s (evaluating up). Try again later, or raise slo.queryTimeoutSeconds if Azure Monitor at ${ENDPOINT} is only slow.`;

  it('gives up on a query the workspace never answers, even through a transport that ignores the abort, and asks again next time', async () => {
    let hang = true;
    const sent: PipelineRequest[] = [];
    // The SDK's transport: the first request never settles, whatever its abort signal says.
    const httpClient: HttpClient = {
      sendRequest(request) {
        sent.push(request);
        return hang
          ? new Promise(() => {})
          : answered.httpClient.sendRequest(request);
      },
    };
    const { querier } = createSloMeasurements(config, {
      credential: fakeCredential().credential,
      httpClient,
    });

    const started = Date.now();
    const error = await querier!.instantSum('up', AT).catch(e => e);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error.name).toBe('ServiceUnavailableError');
    expect(error.message).toBe(message);
    // The pipeline was handed the deadline's signal, and it fired.
    expect(sent[0].abortSignal?.aborted).toBe(true);

    hang = false;
    await expect(querier!.instantSum('up', AT)).resolves.toBe(2);
    expect(sent).toHaveLength(2);
  });

  it('gives up when signing in to Entra ID hangs', async () => {
    const { querier } = createSloMeasurements(config, {
      credential: { getToken: () => new Promise(() => {}) },
      httpClient: answered.httpClient,
    });
    await expect(querier!.instantSum('up', AT)).rejects.toThrow(message);
  });
});
