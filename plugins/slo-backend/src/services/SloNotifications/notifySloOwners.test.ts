import type { TokenCredential } from '@azure/core-auth';
import {
  createHttpHeaders,
  type HttpClient,
  type PipelineRequest,
} from '@azure/core-rest-pipeline';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { migratedPluginDatabase } from '@internal/plugin-catalog-files-node';
import { localTestDatabaseIds } from '@internal/test-utils';
import { createSloMeasurements } from '../PrometheusQuerier';
import { DefaultSloReportService } from '../SloReports';
import { notifySloOwners } from './notifySloOwners';

// SQLite always; PostgreSQL when POSTGRES_HOST is set.
const databases = TestDatabases.create({
  ids: localTestDatabaseIds(),
  disableDocker: true,
});

const OPENSLO = `apiVersion: openslo/v1
kind: SLO
metadata: {name: payment-service-availability, displayName: Availability}
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

/** Burning 20× (1 h) and 10× (6 h) the budget of a 99.95 % objective: critical. */
const BURNING = {
  'sum(rate(all[28d]))': '1000',
  'sum(rate(ok[28d]))': '999.9',
  'sum(rate(all[1h]))': '10',
  'sum(rate(ok[1h]))': '9.9',
  'sum(rate(all[6h]))': '20',
  'sum(rate(ok[6h]))': '19.9',
};
/** Every event good in the last hours: ok. */
const HEALTHY = {
  ...BURNING,
  'sum(rate(ok[1h]))': '10',
  'sum(rate(ok[6h]))': '20',
};

const credential: TokenCredential = {
  async getToken() {
    return { token: 'fake', expiresOnTimestamp: Date.now() + 3.6e6 };
  },
};

/** Backstage's NotificationService at its boundary: records what the plugin asks it to send. */
class RecordingNotificationService implements NotificationService {
  readonly sent: NotificationSendOptions[] = [];
  async send(options: NotificationSendOptions): Promise<void> {
    this.sent.push(options);
  }
}

describe.each(databases.eachSupportedId())('notifySloOwners on %s', id => {
  it('notifies the owning team once when an SLO turns critical, and once when it recovers', async () => {
    // The Azure Monitor workspace, through the Azure SDK pipeline's own transport.
    let values: Record<string, string> = BURNING;
    const httpClient: HttpClient = {
      async sendRequest(request: PipelineRequest) {
        const query = new URLSearchParams(String(request.body)).get('query')!;
        const value = values[query];
        return {
          request,
          status: 200,
          headers: createHttpHeaders({ 'content-type': 'application/json' }),
          bodyAsText: JSON.stringify({
            status: 'success',
            data: {
              resultType: 'vector',
              result: value ? [{ metric: {}, value: [0, value] }] : [],
            },
          }),
        };
      },
    };
    const catalog = catalogServiceMock({
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
          spec: { owner: 'team-payments' },
          relations: [
            { type: 'ownedBy', targetRef: 'group:default/team-payments' },
          ],
        },
        // No OpenSLO file: not measured, no condition.
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'legacy' },
        },
      ],
    });
    const logger = mockServices.logger.mock();
    const sloReports = new DefaultSloReportService({
      catalog,
      urlReader: mockServices.urlReader.mock({
        readUrl: async () => ({ buffer: async () => Buffer.from(OPENSLO) }),
      }),
      integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
      measurements: createSloMeasurements(
        new ConfigReader({
          slo: {
            azureMonitor: {
              queryEndpoint:
                'https://commerce-amw.westeurope.prometheus.monitor.azure.com',
            },
          },
        }),
        { credential, httpClient },
      ),
      logger,
    });
    const knex = await migratedPluginDatabase(
      mockServices.database({ knex: await databases.init(id) }),
      {
        packageName: '@internal/plugin-slo-backend',
        migrationsTable: 'slo__knex_migrations',
      },
    );
    const notifications = new RecordingNotificationService();
    const run = () =>
      notifySloOwners({
        catalog,
        auth: mockServices.auth(),
        sloReports,
        knex,
        notifications,
        logger,
      });

    expect(await run()).toEqual({ sent: 1, failed: 0 });
    expect(await run()).toEqual({ sent: 0, failed: 0 });
    expect(notifications.sent).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: ['group:default/team-payments'],
        },
        payload: expect.objectContaining({
          title:
            'SLO critical: Availability of component:default/payment-service',
          severity: 'critical',
          topic: 'slo-critical',
          link: '/catalog/default/component/payment-service',
          scope:
            'slo:component:default/payment-service:payment-service-availability',
        }),
      },
    ]);
    expect(notifications.sent[0].payload.description).toContain(
      '1 h burn rate 20.0, 6 h burn rate 10.0',
    );

    values = HEALTHY;
    await run();
    await run();
    values = BURNING;
    await run();
    expect(notifications.sent.map(n => n.payload.severity)).toEqual([
      'critical',
      'normal',
      'critical',
    ]);
  });
});
