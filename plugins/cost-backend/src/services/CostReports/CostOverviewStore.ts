import type { DatabaseService } from '@backstage/backend-plugin-api';
import {
  migratedPluginDatabase,
  type PluginDatabaseClient,
} from '@internal/plugin-catalog-files-node';
import type { CostOverview } from '@internal/plugin-cost-common';

const TABLE = 'cost_overview';
/** The one row of TABLE. */
const ROW = 'overview';

/** How the runs went; one small row, read for every request. */
export interface CostOverviewState {
  /** Incremented with each overview stored; 0 before the first. */
  revision: number;
  /** Incremented when a run ends, stored or failed. */
  runsEnded: number;
  /** Why the last run failed, when it did. */
  lastError?: string;
}

/**
 * The newest cost overview in the cost plugin's database, shared by every replica. Only the
 * scheduler's global task `cost-overview-refresh` writes it (one replica at a time, by the
 * scheduler's lock), so it needs no lock of its own.
 */
export class CostOverviewStore {
  /** Connects and brings the table up to date (unless the backend skips migrations). */
  static async create(options: {
    database: DatabaseService;
  }): Promise<CostOverviewStore> {
    return new CostOverviewStore(
      await migratedPluginDatabase(options.database, {
        packageName: '@internal/plugin-cost-backend',
        // Our own: the plugin's database also holds the scheduler's migrations.
        migrationsTable: 'cost__knex_migrations',
      }),
    );
  }

  constructor(private readonly knex: PluginDatabaseClient) {}

  async state(): Promise<CostOverviewState> {
    const row = await this.#row().first('revision', 'runs_ended', 'last_error');
    return {
      revision: Number(row.revision),
      runsEnded: Number(row.runs_ended),
      lastError: row.last_error ?? undefined,
    };
  }

  /** The stored overview with its revision; undefined before the first is stored. */
  async load(): Promise<
    { revision: number; overview: CostOverview } | undefined
  > {
    const row = await this.#row().first('revision', 'overview_json');
    if (!row.overview_json) {
      return undefined;
    }
    return {
      revision: Number(row.revision),
      overview: JSON.parse(row.overview_json),
    };
  }

  /** Stores a new overview: every replica serves it from its next request on. */
  async store(overview: CostOverview): Promise<void> {
    await this.knex(TABLE)
      .where('id', ROW)
      .update({
        overview_json: JSON.stringify(overview),
        stored_at: this.knex.fn.now(),
        last_error: null,
        revision: this.knex.raw('revision + 1'),
        runs_ended: this.knex.raw('runs_ended + 1'),
      });
  }

  /** Records why a run failed; the stored overview, if any, is still served. */
  async fail(message: string): Promise<void> {
    await this.knex(TABLE)
      .where('id', ROW)
      .update({
        last_error: message,
        runs_ended: this.knex.raw('runs_ended + 1'),
      });
  }

  #row() {
    // first() on a missing row gives undefined; the migration inserts it, so say so.
    const query = this.knex(TABLE).where('id', ROW);
    return {
      first: async (...columns: string[]) => {
        const row = await query.clone().first(...columns);
        if (!row) {
          throw new Error(
            `${TABLE} has no row "${ROW}"; its migration inserts it: run the cost plugin's migrations`,
          );
        }
        return row;
      },
    };
  }
}
