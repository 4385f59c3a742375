/**
 * Runs a generated, built service as its CI's load-test step does: `node dist/server.js` on a
 * real local store, trusting a local issuer on a port of its own, then `npm run loadtest`
 * against it. Shared by the generated-services e2e and the service-vs-Fastify benchmark.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { commonEnv } from '../compose.ts';
import { loadTestServiceSettings } from '../entra.ts';
import { platform } from '../platform.ts';
import { runProcess, startProcess, type StartedProcess } from '../processes.ts';
import { kindPart } from '../kinds/index.ts';
import { startStoreProxy } from '../preview/localMonitoring.ts';
import { parseServiceOptions } from '../spec.ts';
import { sampleOptions } from './sample-options.ts';

/**
 * `count` distinct free TCP ports on 127.0.0.1 below the kernel's ephemeral range, for servers
 * started some time later (Prometheus and Alertmanager after the services): a port from
 * `freePort()` is released at once, and the kernel may hand it to the next `freePort()` (a
 * service's own) before its server binds it. Outside the range, no `freePort()` gets them.
 */
export async function reservedPorts(count: number): Promise<number[]> {
  let ephemeralLow = 32768;
  try {
    ephemeralLow = Number(
      readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').split(
        /\s+/,
      )[0],
    );
  } catch {
    // not Linux: the IANA range starts at 49152, above the default
  }
  const low = 10_000;
  const span = Math.max(1, ephemeralLow - low - 1000);
  const servers: ReturnType<typeof createServer>[] = [];
  try {
    for (
      let port = low + Math.floor(Math.random() * span), tries = 0;
      servers.length < count && tries < 1000;
      port = port + 1 >= ephemeralLow ? low : port + 1, tries++
    ) {
      const server = createServer();
      const bound = await new Promise<boolean>(resolve => {
        server.once('error', () => resolve(false));
        server.listen(port, '127.0.0.1', () => resolve(true));
      });
      if (bound) servers.push(server);
    }
    if (servers.length < count) {
      throw new Error(
        `found ${servers.length} of ${count} free ports between ${low} and ${ephemeralLow}`,
      );
    }
    return servers.map(server => (server.address() as AddressInfo).port);
  } finally {
    await Promise.all(
      servers.map(server => new Promise(resolve => server.close(resolve))),
    );
  }
}

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
  /**
   * Where the service reaches the store over TCP, and the settings that point it at another
   * address instead: a proxy in front of the store that delays or cuts it (a fault test).
   */
  endpoint: {
    host: string;
    port: number;
    via(host: string, port: number): Record<string, string>;
  };
  close(): Promise<void>;
}

/** The same URL at another host and port (a proxy in front of a store). */
function urlVia(url: string, host: string, port: number): string {
  const moved = new URL(url);
  moved.hostname = host;
  moved.port = String(port);
  return moved.toString();
}

/** A store reached at the URL in `env[variable]`. */
function urlEndpoint(
  env: Record<string, string>,
  variable: string,
  defaultPort: number,
): LocalStore['endpoint'] {
  const url = new URL(env[variable]!);
  return {
    host: url.hostname,
    port: Number(url.port || defaultPort),
    via: (host, port) => ({ [variable]: urlVia(env[variable]!, host, port) }),
  };
}

/**
 * Runs `command` in the service's directory (its CI step, dataStore.ciLocalServer) with `env`,
 * until `readyUrl` answers; `stop` ends it.
 */
async function startLocalServer(
  serviceDir: string,
  command: string[],
  env: Record<string, string>,
  readyUrl: string,
): Promise<StartedProcess> {
  const server = startProcess(command[0]!, command.slice(1), {
    cwd: serviceDir,
    env,
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.child.exitCode !== null) {
      throw new Error(`${command.join(' ')} exited:\n${server.output()}`);
    }
    try {
      await fetch(readyUrl, { signal: AbortSignal.timeout(1000) });
      return server;
    } catch (error) {
      if (Date.now() > deadline) {
        await server.stop();
        throw new Error(
          `${command.join(
            ' ',
          )} did not answer at ${readyUrl} within 30 s (${String(
            error,
          )}):\n${server.output()}`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, 200));
    }
  }
}

const databaseUrl =
  process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** The local stores the load test can run on (the kinds whose CI runs it on a service container). */
export const localStores: Partial<
  Record<string, (serviceDir: string) => Promise<LocalStore>>
> = {
  // Carts expire after ten minutes: nothing of the run stays in the shared Redis.
  cart: async () => {
    const env = {
      REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
      CART_TTL_SECONDS: '600',
    };
    return {
      env,
      endpoint: urlEndpoint(env, 'REDIS_URL', 6379),
      close: async () => {},
    };
  },
  // The Cosmos-compatible server of the service's devDependencies, as its CI starts it
  // (dataStore.ciLocalServer), on a free port: in memory, gone when it stops.
  product: async serviceDir => {
    const port = await freePort();
    const server = await startLocalServer(
      serviceDir,
      [
        // Its bin directly (not npx): stopping it must stop the server, not a wrapper.
        path.join(serviceDir, 'node_modules', '.bin', 'cosmosdb-server'),
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '--no-ssl',
      ],
      {},
      `http://127.0.0.1:${port}/`,
    );
    const env = {
      COSMOS_ENDPOINT: `http://127.0.0.1:${port}`,
      COSMOS_KEY: 'any-value-for-the-local-server',
    };
    return {
      env,
      endpoint: {
        host: '127.0.0.1',
        port,
        via: (host, viaPort) => ({
          COSMOS_ENDPOINT: `http://${host}:${viaPort}`,
        }),
      },
      close: () => server.stop(),
    };
  },
  // Stripe, order-service and the managed-identity endpoint as doubles: the service's own
  // test/loadtest-doubles.ts, as its CI starts it, on free ports. The fault proxy goes in
  // front of Stripe, the call every request makes.
  payment: async serviceDir => {
    const [stripePort, orderPort, identityPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const env = {
      ...kindPart('payment').dataStore.ciLocalServer!.env,
      STRIPE_SECRET_KEY: `sk_test_${randomBytes(16).toString('hex')}`,
      STRIPE_WEBHOOK_SECRET: `whsec_${randomBytes(16).toString('hex')}`,
      STRIPE_API_PORT: String(stripePort),
      ORDER_SERVICE_URL: `http://127.0.0.1:${orderPort}`,
      IDENTITY_ENDPOINT: `http://127.0.0.1:${identityPort}/msi/token`,
      // Where the load script's setup places the order it pays: the order-service double.
      [loadTestServiceSettings(platform.orderService.name)
        .urlVariable]: `http://127.0.0.1:${orderPort}`,
    };
    const doubles = await startLocalServer(
      serviceDir,
      ['node', 'test/loadtest-doubles.ts'],
      env,
      `http://127.0.0.1:${identityPort}/`,
    );
    return {
      env,
      endpoint: {
        host: '127.0.0.1',
        port: stripePort,
        via: (host, port) => ({
          STRIPE_API_HOST: host,
          STRIPE_API_PORT: String(port),
        }),
      },
      close: () => doubles.stop(),
    };
  },
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
    const env = { DATABASE_URL: url.toString() };
    return {
      env,
      endpoint: urlEndpoint(env, 'DATABASE_URL', 5432),
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
  store: Pick<LocalStore, 'env'>,
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
  options: {
    /** Puts a proxy in front of the store that delays each of its answers by this much. */
    storeDelayMs?: number;
  } = {},
): Promise<{ code: number | null; output: string; serviceLog: string }> {
  const env = await serviceEnv(kind, store, await freePort());
  const proxy =
    options.storeDelayMs === undefined
      ? undefined
      : await startStoreProxy(store.endpoint.host, store.endpoint.port);
  if (proxy) {
    proxy.set({ delayMs: options.storeDelayMs! });
    Object.assign(env, store.endpoint.via(proxy.host, proxy.port));
  }
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
    await proxy?.close();
  }
}
