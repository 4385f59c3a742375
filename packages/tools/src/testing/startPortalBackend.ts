import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { callPortal } from '../platformRun';
import { dropTestDatabases, postgresFromEnv } from './postgres';

export { dropTestDatabases } from './postgres';

/** Where the repository root is, from this file. */
// Test-only helper that is never bundled, so __dirname is the source folder.
// eslint-disable-next-line no-restricted-syntax
export const repoRoot = path.resolve(__dirname, '../../../..');
const backendDir = path.join(repoRoot, 'packages/backend');

/** A database the real backend can be started on. */
export type TestDatabase =
  | {
      client: 'better-sqlite3';
      /**
       * A folder for one SQLite file per plugin, so a restarted backend finds what the
       * previous one wrote (as `./portal start` does). Default: in memory.
       */
      directory?: string;
    }
  | {
      client: 'pg';
      host: string;
      port: number;
      user: string;
      password?: string;
    };

/**
 * The databases available to this run: SQLite always, PostgreSQL when POSTGRES_HOST is set
 * (scripts/test-all.sh sets it when a local server answers).
 */
export function availableTestDatabases(): TestDatabase[] {
  const dbs: TestDatabase[] = [{ client: 'better-sqlite3' }];
  if (process.env.POSTGRES_HOST) {
    dbs.push({ client: 'pg', ...postgresFromEnv() });
  }
  return dbs;
}

/** A running backend process and how to call it. */
export interface PortalBackend {
  baseUrl: string;
  token: string;
  /** Everything the process printed, for failure messages. */
  output(): string;
  /** GET a JSON document from the backend with the static token. */
  getJson<T = any>(urlPath: string): Promise<{ status: number; body: T }>;
  /** POST JSON to the backend with the static token. */
  postJson<T = any>(
    urlPath: string,
    body: unknown,
  ): Promise<{ status: number; body: T }>;
  /**
   * Stops the process (SIGTERM, then SIGKILL after 10 s) and drops the PostgreSQL databases it
   * created; databases it was given through `databasePrefix` are left to their owner.
   */
  stop(): Promise<void>;
  /**
   * Kills the process at once with SIGKILL — a crash or an OOM kill: no shutdown hook runs —
   * and keeps its databases, so a backend started on them sees what the crash left.
   */
  kill(): Promise<void>;
  /** PostgreSQL: the prefix of its databases, to start another backend on them. */
  databasePrefix?: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the real backend (packages/backend/src/index.ts, the same entry `./portal start`
 * runs) with the repository's app-config.yaml and app-config.development.yaml, as
 * `./portal start` loads them — so the real catalog files — on the given
 * database and a free port, and waits until it reports ready.
 */
export async function startPortalBackend(options: {
  database: TestDatabase;
  /**
   * Extra config merged on top of app-config.yaml, by dotted key. Passed as APP_CONFIG_
   * environment variables, which split keys at "_": a key with "_" in it is not applied.
   */
  config?: Record<string, unknown>;
  timeoutMs?: number;
  /**
   * PostgreSQL only: start on the databases of an earlier backend (its `databasePrefix`) — a
   * second replica, or the same backend restarted. They are then not dropped on stop; drop
   * them with {@link dropTestDatabases} when done.
   */
  databasePrefix?: string;
  /**
   * The static token to accept; default a new random one. Replicas share one, as they share
   * config in production.
   */
  token?: string;
  /**
   * The token's `accessRestrictions` (backend.auth.externalAccess), e.g. the production
   * token's; default none, so tests may call anything.
   */
  tokenAccessRestrictions?: unknown[];
  /**
   * PostgreSQL only: `backend.database.knexConfig`, e.g. a smaller pool so two replicas and
   * other test runs fit in the server's max_connections.
   */
  knexConfig?: Record<string, unknown>;
  /** The backend's LOG_LEVEL; default the test process's LOG_LEVEL, else warn. */
  logLevel?: 'error' | 'warn' | 'info' | 'debug';
  /** More environment variables for the backend process. */
  env?: Record<string, string>;
  /**
   * ES modules (absolute paths) the backend process imports (`node --import`) before the
   * backend starts, e.g. one that puts msw between the backend and the outside world.
   */
  preloadModules?: string[];
}): Promise<PortalBackend> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const token = options.token ?? randomBytes(24).toString('hex');
  if (options.databasePrefix && options.database.client !== 'pg') {
    throw new Error('databasePrefix applies to PostgreSQL only');
  }
  const ownsDatabases = !options.databasePrefix;
  const databasePrefix =
    options.database.client === 'pg'
      ? options.databasePrefix ??
        `portal_test_${randomBytes(4).toString('hex')}_`
      : undefined;

  const database =
    options.database.client === 'pg'
      ? {
          client: 'pg',
          connection: {
            host: options.database.host,
            port: options.database.port,
            user: options.database.user,
            ...(options.database.password
              ? { password: options.database.password }
              : {}),
          },
          prefix: databasePrefix,
          ...(options.knexConfig ? { knexConfig: options.knexConfig } : {}),
        }
      : {
          client: 'better-sqlite3',
          connection: options.database.directory
            ? { directory: options.database.directory }
            : ':memory:',
        };

  const overrides: Record<string, unknown> = {
    APP_CONFIG_backend_baseUrl: baseUrl,
    APP_CONFIG_backend_listen: JSON.stringify({ port, host: '127.0.0.1' }),
    APP_CONFIG_backend_database: JSON.stringify(database),
    APP_CONFIG_backend_auth_externalAccess: JSON.stringify([
      {
        type: 'static',
        options: { token, subject: 'integration-test' },
        ...(options.tokenAccessRestrictions
          ? { accessRestrictions: options.tokenAccessRestrictions }
          : {}),
      },
    ]),
  };
  for (const [key, value] of Object.entries(options.config ?? {})) {
    overrides[`APP_CONFIG_${key.replace(/\./g, '_')}`] = JSON.stringify(value);
  }

  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      ...(options.preloadModules ?? []).flatMap(file => [
        '--import',
        pathToFileURL(file).href,
      ]),
      path.join(backendDir, 'src/index.ts'),
      '--config',
      path.join(repoRoot, 'app-config.yaml'),
      // What ./portal start adds: the development-only settings (this checkout's infra/ and
      // local repositories), kept out of app-config.yaml so production cannot inherit them.
      '--config',
      path.join(repoRoot, 'app-config.development.yaml'),
    ],
    {
      cwd: backendDir,
      env: {
        ...process.env,
        ...(overrides as Record<string, string>),
        ...options.env,
        NODE_ENV: 'development',
        LOG_LEVEL: options.logLevel ?? process.env.LOG_LEVEL ?? 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', d => (output += d));
  child.stderr!.on('data', d => (output += d));
  const exited = new Promise<number | null>(resolve =>
    child.once('exit', code => resolve(code)),
  );

  // The same plain node:http client the platform-run command uses (Jest blocks fetch).
  const call = (urlPath: string, body?: unknown) =>
    callPortal<any>(`${baseUrl}${urlPath}`, token, body);

  const backend = {
    baseUrl,
    token,
    databasePrefix,
    output: () => output,
    getJson: (urlPath: string) => call(urlPath),
    postJson: (urlPath: string, body: unknown) => call(urlPath, body),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      if (options.database.client === 'pg' && databasePrefix && ownsDatabases) {
        await dropTestDatabases(options.database, databasePrefix);
      }
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };

  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(
        `backend exited with code ${child.exitCode} before it was ready:\n${output}`,
      );
    }
    try {
      const res = await call('/.backstage/health/v1/readiness');
      if (res.status === 200) return backend;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await backend.stop();
      throw new Error(`backend was not ready in time:\n${output}`);
    }
    await new Promise(r => setTimeout(r, 500));
  }
}

/** Polls until `check` returns a value, or fails with the last reason. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${what}${last ? `: ${last}` : ''}`,
      );
    }
    await new Promise(r => setTimeout(r, 1000));
  }
}
