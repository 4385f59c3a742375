/**
 * The databases the plugins' database tests run on here: SQLite always, and PostgreSQL when the
 * environment names a server (`POSTGRES_HOST`, optionally `POSTGRES_PORT`, `POSTGRES_USER`,
 * `POSTGRES_PASSWORD` — CI and this machine run one; `./portal test` sets them when one answers).
 * The server is reached through TestDatabases' connection-string variable rather than a
 * container (there is no docker engine). Pass the result to
 * `TestDatabases.create({ ids, disableDocker: true })`.
 *
 * @public
 */
export function localTestDatabaseIds(
  env: NodeJS.ProcessEnv = process.env,
): Array<'SQLITE_3' | 'POSTGRES_15'> {
  if (!env.POSTGRES_HOST) return ['SQLITE_3'];
  const user = env.POSTGRES_USER ?? 'postgres';
  const password = env.POSTGRES_PASSWORD
    ? `:${encodeURIComponent(env.POSTGRES_PASSWORD)}`
    : '';
  env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??= `postgresql://${user}${password}@${
    env.POSTGRES_HOST
  }:${env.POSTGRES_PORT ?? 5432}`;
  return ['SQLITE_3', 'POSTGRES_15'];
}
