/**
 * Runs a generated, built service as its CI's load-test step does: `node dist/server.js` on a
 * real local store, trusting a local issuer on a port of its own, then `npm run loadtest`
 * against it. Shared by the generated-services e2e and the service-vs-Fastify benchmark.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { commonEnv } from '../compose.ts';
import { runProcess, startProcess } from '../processes.ts';
import { kindPart } from '../kinds/index.ts';
import { parseServiceOptions } from '../spec.ts';
import { sampleOptions } from './sample-options.ts';

/** A free TCP port on 127.0.0.1 (free when asked; the caller binds it right away). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

/** A store of the service's kind on this machine, for one run; `close` removes what it made. */
export interface LocalStore {
  env: Record<string, string>;
  close(): Promise<void>;
}

const databaseUrl =
  process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** The local stores the load test can run on (the kinds whose CI runs it on a service container). */
export const localStores: Partial<
  Record<string, (serviceDir: string) => Promise<LocalStore>>
> = {
  // Carts expire after ten minutes: nothing of the run stays in the shared Redis.
  cart: async () => ({
    env: {
      REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
      CART_TTL_SECONDS: '600',
    },
    close: async () => {},
  }),
  // A database of its own, dropped afterwards (the service migrates it when it starts).
  order: async serviceDir => {
    const pg = createRequire(path.join(serviceDir, 'package.json'))('pg') as {
      Client: new (options: { connectionString: string }) => {
        connect(): Promise<void>;
        query(sql: string): Promise<unknown>;
        end(): Promise<void>;
      };
    };
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    const database = `loadtest_${randomBytes(6).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(databaseUrl);
    url.pathname = `/${database}`;
    return {
      env: { DATABASE_URL: url.toString() },
      close: async () => {
        await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        await admin.end();
      },
    };
  },
};

/**
 * The environment a generated sample service runs with here: its documented local values, a
 * local issuer on `issuerPort` (the load test starts it), ports of its own and the store's
 * settings.
 */
export async function serviceEnv(
  kind: string,
  store: LocalStore,
  issuerPort: number,
): Promise<Record<string, string>> {
  const spec = parseServiceOptions(sampleOptions[kind]!, '0.0.0');
  const local = Object.fromEntries(
    [...commonEnv(spec), ...kindPart(spec.kind).env(spec)].map(e => [
      e.name,
      e.local,
    ]),
  );
  const issuer = `http://127.0.0.1:${issuerPort}/test-tenant`;
  return {
    ...local,
    AUTH_ISSUER: `${issuer}/v2.0`,
    AUTH_JWKS_URL: `${issuer}/discovery/v2.0/keys`,
    PORT: String(await freePort()),
    METRICS_PORT: String(await freePort()),
    HOST: '127.0.0.1',
    SHUTDOWN_DELAY_MS: '0',
    ...store.env,
  };
}

/**
 * Starts the built service on `store`, runs `npm run loadtest` against it with `loadTestEnv`
 * added, and stops the service. The service is started fresh for every run: a new local issuer
 * has new keys, which a running service would refuse for jose's 30 s JWKS refetch cooldown.
 */
export async function loadTestService(
  kind: string,
  serviceDir: string,
  store: LocalStore,
  loadTestEnv: Record<string, string>,
): Promise<{ code: number | null; output: string; serviceLog: string }> {
  const env = await serviceEnv(kind, store, await freePort());
  const service = startProcess('node', ['dist/server.js'], {
    cwd: serviceDir,
    env,
  });
  try {
    const result = await runProcess('npm', ['run', '--silent', 'loadtest'], {
      cwd: serviceDir,
      env: { ...env, ...loadTestEnv },
    });
    return { ...result, serviceLog: service.output() };
  } finally {
    await service.stop();
  }
}
