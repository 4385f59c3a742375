import type { DatabaseService } from '@backstage/backend-plugin-api';
import { migratedPluginDatabase } from '@internal/plugin-catalog-files-node';
import type { Knex } from 'knex';
import type { ReviewRefreshSummary } from './types';

const SNAPSHOTS = 'platform_review_snapshots';
const BUILDS = 'platform_review_builds';
/** The one row of BUILDS. */
const ROW = 'review';
/** Our own migrations table: the plugin's database also holds the scheduler's. */
const MIGRATIONS_TABLE = 'platform_review__knex_migrations';
/**
 * Snapshots kept: the served one and the one before, so a replica that has just read which one
 * to serve still finds it when a newer one is stored meanwhile.
 */
const KEPT = 2;

/** A snapshot as stored: what every replica serves. */
export interface StoredSnapshot {
  /** The build that made it; higher is newer. */
  buildNumber: number;
  /** Random per snapshot; the ETags of its answers derive from it. */
  generation: string;
  summary: ReviewRefreshSummary;
  /** The unfiltered review, gzip-compressed JSON. */
  reviewGzip: Buffer;
  /** The decisions (StoredDecisions), gzip-compressed JSON. */
  decisionsGzip: Buffer;
}

/** How the builds went; one small row, read for every request. */
export interface BuildState {
  /** The newest build started (0: none yet). Builds are numbered as they start. */
  claimedBuild: number;
  /**
   * Whether `claimedBuild` has started and not ended. Who may build is the scheduler's lock on
   * the global task, not this; a build whose replica died stays "building" here until the next
   * one starts (after the scheduler's timeout for the task).
   */
  building: boolean;
  /** The newest build that ended, stored or failed. */
  finishedBuild: number;
  /** Why `finishedBuild` failed, when it did. */
  finishedError?: string;
  /** The snapshot to serve; none before the first build stored one. */
  publishedBuild?: number;
}

/**
 * The review's snapshots and the numbers of its builds in the plugin's database, shared by every
 * replica.
 *
 * Only the scheduler's global task `platform-review-refresh` builds (one replica at a time, by
 * the scheduler's lock in the database), so the store needs no lock of its own. It numbers the
 * builds as they start, so that a refresh can wait for one that started after it was asked for,
 * and it drops the late result of a build that a newer one has overtaken (its replica stalled
 * past the scheduler's timeout for the task).
 */
export class ReviewSnapshotStore {
  /** Connects and brings the tables up to date (unless the backend skips migrations). */
  static async create(options: {
    database: DatabaseService;
  }): Promise<ReviewSnapshotStore> {
    return new ReviewSnapshotStore(
      await migratedPluginDatabase(options.database, {
        packageName: '@internal/plugin-platform-review-backend',
        migrationsTable: MIGRATIONS_TABLE,
      }),
    );
  }

  constructor(private readonly knex: Knex) {}

  async state(): Promise<BuildState> {
    const row = await this.knex(BUILDS)
      .where('id', ROW)
      .first(
        'claimed_build',
        'finished_build',
        'finished_error',
        'published_build',
      );
    if (!row) {
      throw new Error(
        `${BUILDS} has no row "${ROW}"; its migration inserts it: run the plugin's migrations`,
      );
    }
    const claimedBuild = Number(row.claimed_build);
    const finishedBuild = Number(row.finished_build);
    return {
      claimedBuild,
      building: claimedBuild > finishedBuild,
      finishedBuild,
      finishedError: row.finished_error ?? undefined,
      publishedBuild:
        row.published_build === null || row.published_build === undefined
          ? undefined
          : Number(row.published_build),
    };
  }

  /** Numbers a build that starts now: the newest build started, plus one. */
  async startBuild(): Promise<number> {
    return this.knex.transaction(async tx => {
      await tx(BUILDS).where('id', ROW).increment('claimed_build', 1);
      const row = await tx(BUILDS).where('id', ROW).first('claimed_build');
      return Number(row.claimed_build);
    });
  }

  /**
   * Stores the snapshot and makes it the one served; drops all but the newest snapshots. False
   * (and nothing stored) when a newer build has started since this one did.
   */
  async publish(snapshot: StoredSnapshot): Promise<boolean> {
    return this.knex.transaction(async tx => {
      const updated = await tx(BUILDS)
        .where({ id: ROW, claimed_build: snapshot.buildNumber })
        .update({
          finished_build: snapshot.buildNumber,
          finished_error: null,
          published_build: snapshot.buildNumber,
        });
      if (updated !== 1) {
        return false;
      }
      await tx(SNAPSHOTS).insert({
        build_number: snapshot.buildNumber,
        generation: snapshot.generation,
        summary_json: JSON.stringify(snapshot.summary),
        review_gzip: snapshot.reviewGzip,
        decisions_gzip: snapshot.decisionsGzip,
      });
      const older = await tx(SNAPSHOTS)
        .select('build_number')
        .orderBy('build_number', 'desc')
        .offset(KEPT);
      if (older.length > 0) {
        await tx(SNAPSHOTS)
          .whereIn(
            'build_number',
            older.map(row => row.build_number),
          )
          .delete();
      }
      return true;
    });
  }

  /**
   * Ends build `buildNumber` as failed, with why; the served snapshot stays. False when a newer
   * build has started since.
   */
  async fail(buildNumber: number, message: string): Promise<boolean> {
    const updated = await this.knex(BUILDS)
      .where({ id: ROW, claimed_build: buildNumber })
      .update({ finished_build: buildNumber, finished_error: message });
    return updated === 1;
  }

  /** A stored snapshot; undefined when it is not (or no longer) stored. */
  async load(buildNumber: number): Promise<StoredSnapshot | undefined> {
    const row = await this.knex(SNAPSHOTS)
      .where('build_number', buildNumber)
      .first();
    if (!row) {
      return undefined;
    }
    return {
      buildNumber: Number(row.build_number),
      generation: row.generation,
      summary: JSON.parse(row.summary_json),
      reviewGzip: Buffer.from(row.review_gzip),
      decisionsGzip: Buffer.from(row.decisions_gzip),
    };
  }
}
