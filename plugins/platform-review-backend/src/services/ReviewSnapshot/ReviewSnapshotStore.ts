import {
  type DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
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

/** Who builds, and how the builds went; one small row, read for every request. */
export interface BuildState {
  /** The newest build started (0: none yet). Builds are numbered by claiming. */
  claimedBuild: number;
  /** Whether `claimedBuild` is being built now: claimed, and its lease not expired. */
  building: boolean;
  /** The newest build that ended, stored or failed. */
  finishedBuild: number;
  /** Why `finishedBuild` failed, when it did. */
  finishedError?: string;
  /** The snapshot to serve; none before the first build stored one. */
  publishedBuild?: number;
}

/** The database clock plus some seconds, as an SQL expression (each replica's clock may differ). */
function dbNowPlus(knex: Knex, seconds: number): Knex.Raw {
  const client = String(knex.client.config.client);
  if (client.includes('sqlite')) {
    return knex.raw(`datetime('now', ?)`, [`+${seconds} seconds`]);
  }
  if (client.includes('mysql')) {
    return knex.raw(`now() + interval ${Math.round(seconds)} second`);
  }
  return knex.raw(`now() + interval '${Math.round(seconds)} seconds'`);
}

/** Attempts at migrating, and the pause before the next one. */
const MIGRATION_ATTEMPTS = 5;
const MIGRATION_RETRY_MS = 500;

/**
 * Brings the tables up to date. Replicas starting together on an empty database race to create
 * knex's own migrations table (knex/knex#3457, #2818: "duplicate key value violates unique
 * constraint pg_type_typname_nsp_index", "table ... already exists"); the losers try again,
 * and then find the table, and knex's migration lock lets one of them run the migrations.
 */
async function migrate(knex: Knex): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await knex.migrate.latest({
        // Beside dist/ and src/ alike: "migrations" is in the package's files.
        directory: resolvePackagePath(
          '@internal/plugin-platform-review-backend',
          'migrations',
        ),
        tableName: MIGRATIONS_TABLE,
      });
      return;
    } catch (error) {
      if (attempt >= MIGRATION_ATTEMPTS) {
        throw error;
      }
      await new Promise(resolve =>
        setTimeout(resolve, MIGRATION_RETRY_MS * attempt),
      );
    }
  }
}

/**
 * The review's snapshots and build lease in the plugin's database, shared by every replica.
 *
 * A build is claimed by a compare-and-set on the one row of `platform_review_builds`: the
 * claimer increments `claimed_build` from the value it read, and only when no live builder
 * holds the lease. The builder renews the lease while it works and stores the snapshot only if
 * it still holds it, so a replica that died mid-build is replaced after the lease expires, and
 * its late result (if it was only slow) is dropped rather than stored over a newer one.
 */
export class ReviewSnapshotStore {
  /** Connects and brings the tables up to date (unless the backend skips migrations). */
  static async create(options: {
    database: DatabaseService;
  }): Promise<ReviewSnapshotStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await migrate(knex);
    }
    return new ReviewSnapshotStore(knex);
  }

  constructor(private readonly knex: Knex) {}

  async state(): Promise<BuildState> {
    const { knex } = this;
    const row = await knex(BUILDS)
      .where('id', ROW)
      .first(
        'claimed_build',
        'finished_build',
        'finished_error',
        'published_build',
        knex.raw(
          'case when builder is not null and builder_expires_at > CURRENT_TIMESTAMP then 1 else 0 end as building',
        ),
      );
    if (!row) {
      throw new Error(
        `${BUILDS} has no row "${ROW}"; its migration inserts it: run the plugin's migrations`,
      );
    }
    return {
      claimedBuild: Number(row.claimed_build),
      building: Number(row.building) === 1,
      finishedBuild: Number(row.finished_build),
      finishedError: row.finished_error ?? undefined,
      publishedBuild:
        row.published_build === null || row.published_build === undefined
          ? undefined
          : Number(row.published_build),
    };
  }

  /**
   * Claims build `after + 1` for `ticket`, if the newest build started is still `after` and no
   * live builder holds the lease. Returns the build number, or undefined when another replica
   * got there first.
   */
  async claim(
    ticket: string,
    after: number,
    leaseSeconds: number,
  ): Promise<number | undefined> {
    const { knex } = this;
    const updated = await knex(BUILDS)
      .where({ id: ROW, claimed_build: after })
      .andWhere(q =>
        q
          .whereNull('builder')
          .orWhereNull('builder_expires_at')
          .orWhere('builder_expires_at', '<=', knex.fn.now()),
      )
      .update({
        claimed_build: after + 1,
        builder: ticket,
        builder_expires_at: dbNowPlus(knex, leaseSeconds),
      });
    return updated === 1 ? after + 1 : undefined;
  }

  /** Extends `ticket`'s lease; false when it no longer holds it. */
  async renew(ticket: string, leaseSeconds: number): Promise<boolean> {
    const updated = await this.knex(BUILDS)
      .where({ id: ROW, builder: ticket })
      .update({ builder_expires_at: dbNowPlus(this.knex, leaseSeconds) });
    return updated === 1;
  }

  /**
   * Stores the snapshot and makes it the one served, ending `ticket`'s build; drops all but the
   * newest snapshots. False (and nothing stored) when `ticket` no longer holds the lease.
   */
  async publish(ticket: string, snapshot: StoredSnapshot): Promise<boolean> {
    return this.knex.transaction(async tx => {
      const updated = await tx(BUILDS)
        .where({
          id: ROW,
          builder: ticket,
          claimed_build: snapshot.buildNumber,
        })
        .update({
          builder: null,
          builder_expires_at: null,
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

  /** Ends `ticket`'s build as failed, with why; the served snapshot stays. */
  async fail(
    ticket: string,
    buildNumber: number,
    message: string,
  ): Promise<boolean> {
    const updated = await this.knex(BUILDS)
      .where({ id: ROW, builder: ticket, claimed_build: buildNumber })
      .update({
        builder: null,
        builder_expires_at: null,
        finished_build: buildNumber,
        finished_error: message,
      });
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
