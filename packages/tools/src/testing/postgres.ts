import { Client } from 'pg';

/** Where the tests' and benchmarks' PostgreSQL is (POSTGRES_HOST, PORT, USER, PASSWORD). */
export interface PostgresConnection {
  host: string;
  port: number;
  user: string;
  password?: string;
}

/** PostgreSQL from POSTGRES_HOST (PORT, USER, PASSWORD); 127.0.0.1:5432 as postgres without. */
export function postgresFromEnv(): PostgresConnection {
  return {
    host: process.env.POSTGRES_HOST ?? '127.0.0.1',
    port: Number(process.env.POSTGRES_PORT ?? 5432),
    user: process.env.POSTGRES_USER ?? 'postgres',
    ...(process.env.POSTGRES_PASSWORD && {
      password: process.env.POSTGRES_PASSWORD,
    }),
  };
}

async function connect(
  connection: PostgresConnection,
  database: string,
): Promise<Client> {
  // Only the connection's own fields: a TestDatabase carries its `client` too.
  const { host, port, user, password } = connection;
  const client = new Client({ host, port, user, password, database });
  await client.connect();
  return client;
}

/**
 * Calls `run` for each of the server's databases whose name starts with `prefix` (the plugin
 * databases of one test or benchmark backend), with a connection to `postgres` for statements such as
 * DROP DATABASE. It runs no SQL of its own on them.
 */
export async function eachDatabase(
  connection: PostgresConnection,
  prefix: string,
  run: (name: string, admin: Client) => Promise<void>,
): Promise<void> {
  const admin = await connect(connection, 'postgres');
  try {
    const { rows } = await admin.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [prefix],
    );
    for (const { datname } of rows) await run(datname, admin);
  } finally {
    await admin.end();
  }
}

/**
 * What autovacuum does after a bulk load, done at once, on each database named with `prefix`:
 * without fresh statistics PostgreSQL plans the catalog's search-table filters for one row
 * instead of 10,000 (a team's "owned" list took 0.9 s instead of 5 ms). The local server's CI
 * configuration turns autovacuum off; Azure's PostgreSQL flexible server has it on. Prints how
 * long it took.
 */
export async function vacuumAnalyze(
  connection: PostgresConnection,
  prefix: string,
): Promise<void> {
  const started = Date.now();
  let count = 0;
  let autovacuum = 'unknown';
  await eachDatabase(connection, prefix, async (name, admin) => {
    if (count === 0) {
      autovacuum = (await admin.query('SHOW autovacuum')).rows[0]?.autovacuum;
    }
    count += 1;
    const client = await connect(connection, name);
    try {
      await client.query('VACUUM (ANALYZE)');
    } finally {
      await client.end();
    }
  });
  console.log(
    `VACUUM (ANALYZE) of ${count} databases, as autovacuum would (autovacuum is ${autovacuum} on this server): ${(
      (Date.now() - started) /
      1000
    ).toFixed(1)} s`,
  );
}

/** "PostgreSQL <version> at <host>:<port>", for a benchmark's header. */
export async function describePostgres(
  connection: PostgresConnection,
): Promise<string> {
  const client = await connect(connection, 'postgres');
  try {
    const { rows } = await client.query<{ server_version: string }>(
      'SHOW server_version',
    );
    return `PostgreSQL ${rows[0]?.server_version} at ${connection.host}:${connection.port}`;
  } finally {
    await client.end();
  }
}

/**
 * Drops every database whose name starts with `prefix`: the per-plugin databases a test or
 * benchmark backend created, so runs leave nothing behind.
 */
export async function dropTestDatabases(
  connection: PostgresConnection,
  prefix: string,
): Promise<void> {
  await eachDatabase(connection, prefix, async (name, admin) => {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}
