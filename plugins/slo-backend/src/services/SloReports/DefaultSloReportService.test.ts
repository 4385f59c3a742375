import type { TokenCredential } from '@azure/core-auth';
import {
  createHttpHeaders,
  type HttpClient,
  type PipelineRequest,
} from '@azure/core-rest-pipeline';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AZURE_MONITOR_NO_ALERTS_API,
  createSloMeasurements,
} from '../PrometheusQuerier';
import { DefaultSloReportService } from './DefaultSloReportService';

const ENDPOINT = 'https://commerce-amw.westeurope.prometheus.monitor.azure.com';
const NOW = new Date('2025-03-01T12:00:00.000Z');

const OPENSLO = `apiVersion: openslo/v1
kind: SLO
metadata: {name: payment-service-availability}
spec:
  service: payment-service
  timeWindow: [{duration: 4w}]
  indicator:
    spec:
      ratioMetric:
        good: {metricSource: {type: Prometheus, spec: {query: 'sum(rate(ok[{{.window}}]))'}}}
        total: {metricSource: {type: Prometheus, spec: {query: 'sum(rate(all[{{.window}}]))'}}}
  objectives: [{target: 0.9995}]
`;

const credential: TokenCredential = {
  async getToken() {
    return {
      token: 'fake-monitor-token',
      expiresOnTimestamp: Date.now() + 3.6e6,
    };
  },
};

/** The workspace's PromQL endpoint as the Azure SDK pipeline's transport. */
function fakeWorkspace(values: Record<string, string[]>) {
  const requests: { url: string; auth?: string; form: URLSearchParams }[] = [];
  const httpClient: HttpClient = {
    async sendRequest(request: PipelineRequest) {
      const form = new URLSearchParams(String(request.body));
      requests.push({
        url: request.url,
        auth: request.headers.get('authorization'),
        form,
      });
      const samples = values[form.get('query')!] ?? [];
      return {
        request,
        status: 200,
        headers: createHttpHeaders({ 'content-type': 'application/json' }),
        bodyAsText: JSON.stringify({
          status: 'success',
          data: {
            resultType: 'vector',
            result: samples.map(v => ({ metric: {}, value: [0, v] })),
          },
        }),
      };
    },
  };
  return { httpClient, requests };
}

describe('DefaultSloReportService with Azure Monitor managed Prometheus', () => {
  it('measures through the workspace endpoint with a bearer token', async () => {
    const { httpClient, requests } = fakeWorkspace({
      'sum(rate(all[28d]))': ['1000'],
      'sum(rate(ok[28d]))': ['999.8'],
      'sum(rate(all[1h]))': ['10'],
      // No good series in the last hour next to real traffic: nothing was good.
      'sum(rate(all[6h]))': ['20'],
      'sum(rate(ok[6h]))': ['19.9'],
    });
    const service = new DefaultSloReportService({
      catalog: catalogServiceMock({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: {
              name: 'payment-service',
              annotations: {
                'commerce.platform/slo-file':
                  'url:https://git.example.com/payment-service/openslo.yaml',
              },
            },
          },
        ],
      }),
      urlReader: mockServices.urlReader.mock({
        readUrl: async () => ({ buffer: async () => Buffer.from(OPENSLO) }),
      }),
      integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
      measurements: createSloMeasurements(
        new ConfigReader({
          slo: { azureMonitor: { queryEndpoint: ENDPOINT } },
        }),
        { credential, httpClient },
      ),
      logger: mockServices.logger.mock(),
      now: () => NOW,
    });

    const report = await service.getReport(
      { kind: 'component', namespace: 'default', name: 'payment-service' },
      { credentials: mockCredentials.user() },
    );

    expect(report.source.type).toBe('azure-monitor');
    expect(report.problems).toEqual([]);
    const [slo] = report.slos;
    expect(slo.windowDays).toBe(28);
    expect(slo.measurementError).toBeUndefined();
    expect(slo.measurement!.attainment).toBeCloseTo(0.9998, 9);
    expect(slo.measurement!.budgetRemaining).toBeCloseTo(0.6, 9);
    expect(slo.measurement!.burnRate1h).toBeCloseTo(2000, 6);
    expect(slo.measurement!.burnRate6h).toBeCloseTo(10, 6);
    expect(slo.measurement!.status).toBe('critical');
    expect(slo.measurement!.measuredAt).toBe(NOW.toISOString());

    // Six instant queries and the daily range query of the days held; no alerts request, as the
    // workspace has no alerts API: the report says so instead.
    expect(report.alerts).toEqual({
      status: 'not-available',
      alerts: [],
      message: AZURE_MONITOR_NO_ALERTS_API,
    });
    const ranges = requests.filter(r => r.url.endsWith('/api/v1/query_range'));
    expect(ranges).toHaveLength(1);
    expect(ranges[0].form.get('query')).toBe('sum(rate(all[1d]))');
    expect(ranges[0].auth).toBe('Bearer fake-monitor-token');
    const instant = requests.filter(r => !ranges.includes(r));
    expect(instant).toHaveLength(6);
    for (const r of instant) {
      expect(r.url).toBe(`${ENDPOINT}/api/v1/query`);
      expect(r.auth).toBe('Bearer fake-monitor-token');
      expect(r.form.get('time')).toBe(String(NOW.getTime() / 1000));
    }
  });
});
