import {
  type DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';

/** The knex client a DatabaseService gives. */
export type PluginDatabaseClient = Awaited<
  ReturnType<DatabaseService['getClient']>
>;

/** Attempts at migrating, and the pause before the next one (growing with each attempt). */
const MIGRATION_ATTEMPTS = 5;
const MIGRATION_RETRY_MS = 500;

/**
 * The plugin's database client, with the knex migrations in the package's `migrations` folder
 * applied (unless the backend is told to skip migrations).
 *
 * Replicas starting together on an empty database race to create knex's own migrations table
 * (knex/knex#3457, #2818: "duplicate key value violates unique constraint
 * pg_type_typname_nsp_index", "table ... already exists"); the losers try again, then find the
 * table, and knex's migration lock lets one of them run the migrations.
 *
 * @param options.packageName - the plugin's package, whose `migrations` folder (listed in its
 *   package.json `files`) is found beside `src/` and `dist/` alike
 * @param options.migrationsTable - the package's own knex migrations table: the plugin's
 *   database also holds the scheduler's
 * @public
 */
export async function migratedPluginDatabase(
  database: DatabaseService,
  options: { packageName: string; migrationsTable: string },
): Promise<PluginDatabaseClient> {
  const knex = await database.getClient();
  if (database.migrations?.skip) {
    return knex;
  }
  const directory = resolvePackagePath(options.packageName, 'migrations');
  for (let attempt = 1; ; attempt++) {
    try {
      await knex.migrate.latest({
        directory,
        tableName: options.migrationsTable,
      });
      return knex;
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
