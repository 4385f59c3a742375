import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SchedulerService } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { NotFoundError, NotModifiedError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readCostConfig } from '../../config';
import { DefaultPriceData } from '../PriceData/DefaultPriceData';
import { BlueprintCostModels } from '../ServiceKindModels/BlueprintCostModels';
import { COST_OVERVIEW_REFRESH_TASK_ID } from './CostOverviewReader';
import { CostOverviewStore } from './CostOverviewStore';
import { DefaultCostReportService } from './DefaultCostReportService';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const repo = path.resolve(__dirname, '../../../../..');
const blueprintModel = (kind: string) =>
  readFileSync(
    path.join(
      repo,
      `packages/generator-commerce-service/templates/kinds/${kind}/infra/cost-model.yaml`,
    ),
    'utf8',
  );

const repositories = 'file:///data/repositories';
const modelUrl = (name: string) =>
  `${repositories}/${name}/infra/cost-model.yaml`;

/** `count` order services in 10 Systems owned by 20 teams, as a large catalog has them. */
function catalogOf(count: number): Entity[] {
  const services = Array.from({ length: count }, (_, i): Entity => {
    const name = `svc-${String(i).padStart(4, '0')}`;
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        namespace: 'default',
        annotations: {
          'backstage.io/managed-by-location': `url:${repositories}/${name}/catalog-info.yaml`,
          'commerce.platform/cost-model': 'infra/cost-model.yaml',
          'commerce.platform/service-kind': 'order',
        },
      },
      spec: {
        type: 'service',
        owner: `group:default/team-${i % 20}`,
        system: `system:default/system-${i % 10}`,
      },
    };
  });
  return [
    ...services,
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: 'commerce-platform', namespace: 'default' },
      spec: { owner: 'group:default/platform-team' },
    },
  ];
}

/**
 * A git host: every cost model with an ETag, answering "not modified" to a read that names the
 * current one. Counts reads, conditional reads and the most reads in flight at once.
 */
function gitHost(entities: Entity[]) {
  const files = new Map<string, { text: string; etag: string }>(
    entities
      .filter(e => e.kind === 'Component')
      .map(e => [
        modelUrl(e.metadata.name),
        { text: blueprintModel('order'), etag: 'v1' },
      ]),
  );
  const stats = { reads: 0, conditional: 0, notModified: 0, maxInFlight: 0 };
  let inFlight = 0;
  const urlReader = mockServices.urlReader.mock({
    readUrl: async (url: string, options?: { etag?: string }) => {
      stats.reads++;
      if (options?.etag) stats.conditional++;
      inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
      try {
        // A network round trip, so reads can overlap.
        await new Promise(resolve => setTimeout(resolve, 1));
        const file = files.get(url);
        if (!file) throw new NotFoundError(`${url} not found`);
        if (options?.etag === file.etag) {
          stats.notModified++;
          throw new NotModifiedError();
        }
        return {
          buffer: async () => Buffer.from(file.text),
          etag: file.etag,
        } as any;
      } finally {
        inFlight--;
      }
    },
  });
  return { urlReader, files, stats };
}

/**
 * The service over a store in SQLite, with the mock scheduler: triggering the overview's task
 * runs it at once (the real scheduler's runs across replicas are in plugin.test.ts).
 */
async function createService(
  entities: Entity[],
  options: { scheduler?: SchedulerService; overviewFirstWaitMs?: number } = {},
) {
  const config = new ConfigReader({
    cost: {
      pricing: {
        priceSheetFile: path.join(repo, 'infra/pricing/azure-prices.yaml'),
      },
    },
    commerce: { platform: { infraDirectory: path.join(repo, 'infra') } },
  });
  const costConfig = readCostConfig(config);
  const integrations = ScmIntegrations.fromConfig(config);
  const catalog = catalogServiceMock({ entities });
  const getEntities = jest.spyOn(catalog, 'getEntities');
  const host = gitHost(entities);
  const logger = mockServices.logger.mock();
  const scheduler = options.scheduler ?? mockServices.scheduler();
  const triggerTask = jest.spyOn(scheduler, 'triggerTask');
  const overviewStore = await CostOverviewStore.create({
    database: mockServices.database({
      knex: await databases.init('SQLITE_3'),
    }),
  });
  const service = new DefaultCostReportService({
    catalog,
    urlReader: host.urlReader,
    integrations,
    priceData: new DefaultPriceData({
      priceSheet: costConfig.priceSheet,
      infra: costConfig.infra,
    }),
    kindModels: new BlueprintCostModels(),
    costManagement: { configured: false, reason: 'set nothing (a test)' },
    config: costConfig,
    auth: mockServices.auth(),
    logger,
    overviewStore,
    scheduler,
    overviewFirstWaitMs: options.overviewFirstWaitMs,
  });
  await scheduler.scheduleTask({
    id: COST_OVERVIEW_REFRESH_TASK_ID,
    frequency: { minutes: 1 },
    timeout: { minutes: 5 },
    scope: 'global',
    fn: signal => service.refreshOverview(signal),
  });
  return { service, host, getEntities, logger, triggerTask, overviewStore };
}

describe('DefaultCostReportService.overview with many services', () => {
  it('computes it once for every caller, however many System and team cards ask', async () => {
    const { service, host, getEntities, triggerTask } = await createService(
      catalogOf(200),
    );
    const overviews = await Promise.all([
      service.overview(),
      service.overview({ system: 'system:default/system-3' }),
      service.overview({ group: 'group:default/team-7' }),
      service.overview({ group: 'group:default/team-8' }),
    ]);
    await service.overview({ system: 'system:default/system-4' });

    // The first requests, finding none stored, triggered the task once and waited for it.
    expect(triggerTask).toHaveBeenCalledTimes(1);
    expect(getEntities).toHaveBeenCalledTimes(1);
    expect(host.stats.reads).toBe(200);
    expect(overviews[0].systems).toHaveLength(11);
    expect(overviews[0].platform.servicesUsd).toBeCloseTo(200 * 295.09, 2);
  });

  it('reads at most 16 cost models at once', async () => {
    const { service, host } = await createService(catalogOf(200));
    await service.overview();
    expect(host.stats.maxInFlight).toBeGreaterThan(1);
    expect(host.stats.maxInFlight).toBeLessThanOrEqual(16);
  });

  it('serves the stored overview until the next run, which asks only whether each file changed', async () => {
    const { service, host, getEntities, triggerTask } = await createService(
      catalogOf(50),
    );
    const first = await service.overview();
    host.files.set(modelUrl('svc-0001'), {
      text: blueprintModel('cart'),
      etag: 'v2',
    });

    // A request never computes once one is stored: it is served as stored.
    expect(await service.overview()).toBe(first);
    expect(getEntities).toHaveBeenCalledTimes(1);
    expect(triggerTask).toHaveBeenCalledTimes(1);

    // The scheduled run, a minute later.
    await service.refreshOverview();
    const second = await service.overview();
    expect(second).not.toEqual(first);
    // 50 first reads, then 50 conditional ones: 49 unchanged, one new file read again.
    expect(host.stats.reads).toBe(100);
    expect(host.stats.conditional).toBe(50);
    expect(host.stats.notModified).toBe(49);
    // order 295.09 → cart 675.98 for the changed service
    expect(second.platform.servicesUsd).toBeCloseTo(
      first.platform.servicesUsd - 295.09 + 675.98,
      2,
    );
  });

  it('lists only the roll-up a card asks for', async () => {
    const { service } = await createService(catalogOf(40));
    const all = await service.overview();
    const system = await service.overview({
      system: 'system:default/system-3',
    });
    expect(system.systems.map(s => s.entityRef)).toEqual([
      'system:default/system-3',
    ]);
    expect(system.systems[0].services).toHaveLength(4);
    expect(system.groups).toEqual([]);
    expect(system.platform).toEqual(all.platform);

    const team = await service.overview({ group: 'group:default/team-7' });
    expect(team.systems).toEqual([]);
    expect(team.groups.map(g => g.entityRef)).toEqual(['group:default/team-7']);
  });

  it('keeps serving the last overview when a run fails, and says so in the log', async () => {
    const { service, getEntities, logger, overviewStore } = await createService(
      catalogOf(5),
    );
    const first = await service.overview();
    getEntities.mockRejectedValueOnce(new Error('catalog unavailable'));
    // The scheduler records the failure too.
    await expect(service.refreshOverview()).rejects.toThrow(
      'catalog unavailable',
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('catalog unavailable'),
    );
    expect(await overviewStore.state()).toEqual({
      revision: 1,
      runsEnded: 2,
      lastError: 'catalog unavailable',
    });
    expect(await service.overview()).toBe(first);
  });

  it('answers 503 with the reason when the first run fails, and tries again on the next request', async () => {
    const { service, getEntities, triggerTask } = await createService(
      catalogOf(5),
    );
    getEntities.mockRejectedValueOnce(new Error('catalog unavailable'));
    await expect(service.overview()).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message:
        'The cost overview could not be computed: catalog unavailable. It is tried again every minute',
    });
    expect((await service.overview()).systems).toHaveLength(6);
    expect(triggerTask).toHaveBeenCalledTimes(2);
  });

  it('waits for the first overview at most as long as it is told', async () => {
    // A scheduler whose workers are all still in their initial delay: nothing runs.
    const scheduler = mockServices.scheduler.mock({
      triggerTask: async () => {},
    });
    const { service, getEntities } = await createService(catalogOf(5), {
      scheduler,
      overviewFirstWaitMs: 300,
    });
    const started = Date.now();
    await expect(service.overview()).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message:
        'The cost overview is still being computed for the first time (waited 0.3 s); ask again in a minute',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(getEntities).not.toHaveBeenCalled();
  });
});
