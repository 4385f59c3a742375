import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import {
  ReviewSnapshotStore,
  type StoredSnapshot,
} from './ReviewSnapshotStore';
import { localTestDatabaseIds } from '@internal/test-utils';
import { refreshSummary } from '../../__testUtils__/snapshots';

// SQLite always; PostgreSQL when the environment provides one (POSTGRES_HOST), reached through
// TestDatabases' connection-string variable rather than a container.
const ids = localTestDatabaseIds();
const databases = TestDatabases.create({ ids, disableDocker: true });

function snapshot(buildNumber: number, label = 'review'): StoredSnapshot {
  return {
    buildNumber,
    generation: `generation-${buildNumber}`,
    summary: refreshSummary({
      generatedAt: `2026-11-21T12:00:0${buildNumber}.000Z`,
      entityCount: 42,
      findingCount: 7,
      decisionCount: 3,
    }),
    reviewGzip: Buffer.from(`${label} ${buildNumber}`),
    // Bytes a text column would mangle: the review is stored as binary.
    decisionsGzip: Buffer.from([0x1f, 0x8b, 0x00, 0xff, 0x80, buildNumber]),
  };
}

describe.each(databases.eachSupportedId())('ReviewSnapshotStore on %s', id => {
  let knex: Knex;
  let store: ReviewSnapshotStore;

  beforeEach(async () => {
    knex = await databases.init(id);
    store = await ReviewSnapshotStore.create({
      database: mockServices.database({ knex }),
    });
  });

  it('starts with no build and nothing to serve', async () => {
    expect(await store.state()).toEqual({
      claimedBuild: 0,
      building: false,
      finishedBuild: 0,
      finishedError: undefined,
      publishedBuild: undefined,
    });
    expect(await store.load(1)).toBeUndefined();
  });

  it('migrates once when replicas start at the same time', async () => {
    const fresh = await databases.init(id);
    const replicas = await Promise.all(
      [1, 2, 3].map(() =>
        ReviewSnapshotStore.create({
          database: mockServices.database({ knex: fresh }),
        }),
      ),
    );
    // One row of build state, not one per replica's migration.
    expect(
      Number((await fresh('platform_review_builds').count({ n: '*' }))[0]!.n),
    ).toBe(1);
    for (const replica of replicas) {
      expect(await replica.state()).toMatchObject({ claimedBuild: 0 });
    }
  });

  it('numbers the builds as they start, and says one is under way until it ends', async () => {
    expect(await store.startBuild()).toBe(1);
    expect(await store.state()).toMatchObject({
      claimedBuild: 1,
      building: true,
      finishedBuild: 0,
    });

    expect(await store.publish(snapshot(1))).toBe(true);
    expect(await store.state()).toEqual({
      claimedBuild: 1,
      building: false,
      finishedBuild: 1,
      finishedError: undefined,
      publishedBuild: 1,
    });
    expect(await store.startBuild()).toBe(2);
  });

  it('stores the snapshot byte for byte and serves the newest, keeping two', async () => {
    for (const n of [1, 2, 3]) {
      expect(await store.startBuild()).toBe(n);
      expect(await store.publish(snapshot(n))).toBe(true);
    }

    expect(await store.load(3)).toEqual(snapshot(3));
    expect(await store.load(2)).toEqual(snapshot(2));
    expect(await store.load(1)).toBeUndefined();
    expect((await store.state()).publishedBuild).toBe(3);
  });

  it('records a failed build and keeps serving the last stored one', async () => {
    await store.startBuild();
    await store.publish(snapshot(1));
    await store.startBuild();

    expect(await store.fail(2, 'the catalog could not be read')).toBe(true);

    expect(await store.state()).toEqual({
      claimedBuild: 2,
      building: false,
      finishedBuild: 2,
      finishedError: 'the catalog could not be read',
      publishedBuild: 1,
    });
    // The next success clears the error.
    await store.startBuild();
    await store.publish(snapshot(3));
    expect(await store.state()).toMatchObject({
      finishedBuild: 3,
      finishedError: undefined,
      publishedBuild: 3,
    });
  });

  it('drops the late result of a build that a newer one overtook', async () => {
    // Build 1's replica stalls past the scheduler's timeout; the next run starts build 2.
    expect(await store.startBuild()).toBe(1);
    expect(await store.startBuild()).toBe(2);

    expect(await store.publish(snapshot(1))).toBe(false);
    expect(await store.fail(1, 'late')).toBe(false);
    expect(await store.load(1)).toBeUndefined();
    expect(await store.state()).toMatchObject({
      claimedBuild: 2,
      building: true,
      publishedBuild: undefined,
    });

    expect(await store.publish(snapshot(2))).toBe(true);
    expect(await store.state()).toMatchObject({
      publishedBuild: 2,
      finishedBuild: 2,
      finishedError: undefined,
    });
  });

  it('upgrades a database that still has the build lease columns', async () => {
    const columns = await knex('platform_review_builds').columnInfo();
    expect(Object.keys(columns).sort()).toEqual([
      'claimed_build',
      'finished_build',
      'finished_error',
      'id',
      'published_build',
    ]);
  });

  it('skips its migrations when the backend says so', async () => {
    const fresh = await databases.init(id);
    const skipping = await ReviewSnapshotStore.create({
      database: {
        ...mockServices.database({ knex: fresh }),
        migrations: { skip: true },
      },
    });
    expect(await fresh.schema.hasTable('platform_review_builds')).toBe(false);
    const result = await skipping.state().then(
      ok => ({ ok }),
      error => ({ error: String(error) }),
    );
    expect(result).toEqual({
      error: expect.stringMatching(/platform_review_builds/),
    });
  });
});
