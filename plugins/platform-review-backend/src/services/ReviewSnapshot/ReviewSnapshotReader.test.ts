import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { PlatformReview } from '@internal/plugin-platform-review-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { gzipSync } from 'node:zlib';
import type { StoredDecisions } from './analyseReview';
import { ReviewSnapshotReader } from './ReviewSnapshotReader';
import {
  ReviewSnapshotStore,
  type StoredSnapshot,
} from './ReviewSnapshotStore';
import { refreshSummary } from '../../__testUtils__/snapshots';

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

const review: PlatformReview = {
  generatedAt: '2026-12-07T12:00:00.000Z',
  filters: {},
  ownership: ['cart', 'order', 'payment', 'product'].map(name => ({
    service: `component:default/${name}-service`,
    owner: `group:default/${name}-team`,
    system: 'system:default/commerce-platform',
    dataStores: [],
    providesApis: [],
    consumesApis: [],
  })),
  findings: [],
  slo: [],
  spend: [],
  notYet: [],
  drift: [],
  systems: [{ entityRef: 'system:default/commerce-platform' }],
  teams: [],
  problems: [],
};

const decisions: StoredDecisions = {
  decisions: [],
  problemsByEntity: {},
  entityRefs: [],
};

function stored(
  buildNumber: number,
  reviewGzip = gzipSync(JSON.stringify(review)),
): StoredSnapshot {
  return {
    buildNumber,
    generation: `generation-${buildNumber}`,
    summary: refreshSummary({ generatedAt: review.generatedAt }),
    reviewGzip,
    decisionsGzip: gzipSync(JSON.stringify(decisions)),
  };
}

describe('ReviewSnapshotReader', () => {
  async function readerWith() {
    const knex = await databases.init('SQLITE_3');
    const store = await ReviewSnapshotStore.create({
      database: mockServices.database({ knex }),
    });
    const logger = mockServices.logger.mock();
    const reader = new ReviewSnapshotReader({
      catalog: catalogServiceMock(),
      logger,
      scheduler: mockServices.scheduler.mock(),
      store,
    });
    return { store, logger, reader };
  }

  it('prepares a new snapshot before anyone asks, so the first request reads it from memory', async () => {
    const { store, logger, reader } = await readerWith();
    const snapshot = stored(await store.startBuild());
    await store.publish(snapshot);
    await reader.stored(snapshot);

    // No request yet: the review was parsed and its lists sorted in the background.
    await waitForCall(logger.debug);
    expect(logger.debug).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Platform review snapshot 1 is ready to serve \(parsed and sorted in \d+ ms\)$/,
      ),
    );
    expect(logger.warn).not.toHaveBeenCalled();
    const page = await reader.getOwnershipPage({ limit: 2 });
    expect(page.items.map(row => row.service)).toEqual([
      'component:default/cart-service',
      'component:default/order-service',
    ]);
    expect(page.totalCount).toBe(4);
  });

  it('says so when a snapshot cannot be prepared, and the request then answers with the reason', async () => {
    const { store, logger, reader } = await readerWith();
    const broken = stored(await store.startBuild(), Buffer.from('not gzip'));
    await store.publish(broken);
    await reader.stored(broken);

    await waitForCall(logger.warn);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Platform review snapshot 1 could not be prepared ahead of requests \(.*header.*\); the first request will try again$/,
      ),
    );
    await expect(reader.getReviewSummary({})).rejects.toThrow(/header/);
  });
});

async function waitForCall(fn: { mock: { calls: unknown[] } }) {
  for (let i = 0; i < 200 && fn.mock.calls.length === 0; i++) {
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}
