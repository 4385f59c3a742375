/**
 * Live health on a developer's machine: the services the platform run published to local git
 * repositories, each built with its own scripts and started as its container starts it (node
 * dist/server.js) on a local store behind a proxy that can cut or delay it; a fixed-rate load per
 * service; a real Prometheus with every service's generated rules (windows scaled 1:60) and
 * Alertmanager routing by team. The portal's SLO card reads that Prometheus. See docs/preview.md.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';
import { kindParts } from '../kinds/index.ts';
import { startProcess, type StartedProcess } from '../processes.ts';
import { npm } from '../testing/npm.ts';
import { freePort, localStores, serviceEnv } from '../testing/run-service.ts';
import {
  answers,
  eventually,
  findAlertmanagerBinary,
  hasCommand,
  keptOutput,
  scaledRules,
  startAlertmanager,
  startLoad,
  startPrometheus,
  startStoreProxy,
  tcpAnswers,
  type LoadCounts,
  type StoreFault,
  type StoreProxy,
} from './localMonitoring.ts';

/** A problem the developer can fix (a missing store, a port in use); printed without a stack. */
export class PreviewError extends Error {
  name = 'PreviewError';
}

/** The ports the preview listens on; each can be changed by flag or environment variable. */
export interface PreviewPorts {
  prometheus: number;
  alertmanager: number;
  control: number;
}

/** Where each port comes from, for the message when it is in use. */
export const portSettings: Record<
  keyof PreviewPorts,
  { label: string; flag: string; env: string; default: number }
> = {
  prometheus: {
    label: 'Prometheus',
    flag: '--prometheus-port',
    env: 'PREVIEW_PROMETHEUS_PORT',
    default: 9090,
  },
  alertmanager: {
    label: 'Alertmanager',
    flag: '--alertmanager-port',
    env: 'PREVIEW_ALERTMANAGER_PORT',
    default: 9093,
  },
  control: {
    label: 'the preview control endpoint',
    flag: '--control-port',
    env: 'PREVIEW_CONTROL_PORT',
    default: 9095,
  },
};

export interface PreviewOptions {
  /** Where the platform run published the services (commerce.publish.local.directory). */
  repositoriesDir: string;
  /** The preview's own files: checkouts, Prometheus' data, the portal config (.data/preview). */
  workDir: string;
  ports: PreviewPorts;
  /** Only these services (by repository name); default all the preview can run. */
  services?: string[];
  /** Real seconds per minute of the services' windows. Default 60 (1 h reads 60 s). */
  timeScale?: number;
  /**
   * Requests per second per service. Default 10: over the page's minimum-traffic guard (about
   * 140 requests in its long window, 60 s scaled) with room to spare.
   */
  loadPerSecond?: number;
  log?: (line: string) => void;
}

/** One service as the preview runs it. */
export interface PreviewService {
  name: string;
  kind: string;
  team: string;
  url: string;
  metricsUrl: string;
  store: StoreProxy;
  load: { counts: LoadCounts; stop(): void };
}

/** A running preview. */
export interface Preview {
  prometheusUrl: string;
  alertmanagerUrl: string;
  controlUrl: string;
  services: PreviewService[];
  /** The processes the preview started (services, Prometheus, Alertmanager), by pid. */
  processes: Array<{ name: string; pid: number }>;
  /** Services found but not run, with the reason. */
  skipped: Array<{ name: string; reason: string }>;
  /** The portal config that points the SLO feature at this Prometheus. */
  portalConfigFile: string;
  /** Cuts, delays or heals a service's store. */
  setFault(service: string, fault: StoreFault): void;
  /** An Authorization header the service accepts: a token of the test issuer it trusts. */
  bearer(
    service: string,
    claims: { sub: string; roles?: string[] },
  ): Promise<string>;
  /** Stops everything the preview started, in reverse order. */
  stop(): Promise<void>;
}

/** A store the preview runs a service on, and the address its fault proxy fronts. */
interface PreviewStore {
  /** The service's store settings, pointing at the store itself. */
  env: Record<string, string>;
  upstream: { host: string; port: number };
  /** The settings that differ when the service reaches the store through the fault proxy. */
  through(proxy: { host: string; port: number }): Record<string, string>;
  /** A process the store runs as (the Cosmos-compatible server), for the preview's list. */
  process?: StartedProcess;
  close(): Promise<void>;
}

/** How the preview runs one kind: on which store, and what its load loop requests. */
interface KindRuntime {
  /** The store, as a developer names it in a message. */
  storeName: string;
  /** A store that must already run here: checked before anything is built. */
  external?: { variable: string; default: string; start: string };
  /** Starts (or, for an external one, opens) the store for the service in `checkout`. */
  startStore(checkout: string): Promise<PreviewStore>;
  /** One request that is a store round trip, repeated by the load loop. */
  load: {
    path: string;
    prepare?(url: string, authorization: string): Promise<void>;
  };
}

/** A store's address from its connection URL (redis://, postgres://). */
function storeAddress(url: string) {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || (parsed.protocol === 'redis:' ? 6379 : 5432)),
  };
}

/** An external store named by a connection URL variable (run-service's localStores open it). */
async function urlStore(kind: string, variable: string, checkout: string) {
  const store = await localStores[kind]!(checkout);
  const url = store.env[variable]!;
  return {
    ...store,
    upstream: storeAddress(url),
    through(proxy: { host: string; port: number }) {
      const proxied = new URL(url);
      proxied.hostname = proxy.host;
      proxied.port = String(proxy.port);
      return { [variable]: proxied.toString() };
    },
  };
}

/** Imports a module of a service checkout (its own dependencies resolve from its tree). */
const load = <T>(dir: string, file: string): Promise<T> =>
  import(pathToFileURL(path.join(dir, file)).href) as Promise<T>;

export const kindRuntimes: Record<string, KindRuntime> = {
  cart: {
    storeName: 'Redis',
    external: {
      variable: 'REDIS_URL',
      default: 'redis://127.0.0.1:6379',
      start: 'redis-server, or docker run -p 6379:6379 redis:7-alpine',
    },
    startStore: checkout => urlStore('cart', 'REDIS_URL', checkout),
    load: {
      path: '/carts/preview',
      async prepare(url, authorization) {
        const response = await fetch(`${url}/carts/preview/items`, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json' },
          body: JSON.stringify({ sku: 'SKU-1', quantity: 1 }),
        });
        if (!response.ok) {
          throw new PreviewError(
            `cart-service refused the preview's cart: ${
              response.status
            } ${await response.text()}`,
          );
        }
      },
    },
  },
  order: {
    storeName: 'PostgreSQL',
    external: {
      variable: 'DATABASE_URL',
      default: 'postgres://postgres@127.0.0.1:5432/postgres',
      start:
        'pg_ctlcluster 16 main start, or docker run -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust postgres:16-alpine',
    },
    // A database of its own, dropped at stop.
    startStore: checkout => urlStore('order', 'DATABASE_URL', checkout),
    // An unpriced SKU answers 404 after a database read: a good event that needs the store.
    load: { path: '/prices/SKU-PREVIEW' },
  },
  product: {
    storeName: 'a Cosmos-compatible server (cosmosdb-server)',
    // The service's own devDependency, the server its tests use, over plain HTTP (its
    // documented local setting): started per preview, in memory, gone at stop.
    async startStore(checkout) {
      const cli = path.join(
        checkout,
        'node_modules/@vercel/cosmosdb-server/lib/cli.js',
      );
      if (!existsSync(cli)) {
        throw new PreviewError(
          `${cli} is missing: the service's devDependency @vercel/cosmosdb-server was not installed (delete ${checkout} and start the preview again)`,
        );
      }
      const port = await freePort();
      const server = startProcess(
        process.execPath,
        [cli, '--port', String(port), '--host', '127.0.0.1', '--no-ssl'],
        { cwd: checkout, outputLimit: keptOutput },
      );
      try {
        await eventually(
          `cosmosdb-server on 127.0.0.1:${port}`,
          20_000,
          async () => {
            if (server.child.exitCode !== null) {
              throw new PreviewError(
                `cosmosdb-server exited:\n${server.output()}`,
              );
            }
            return (await tcpAnswers('127.0.0.1', port)) ? true : undefined;
          },
          server.output,
        );
      } catch (error) {
        await server.stop();
        throw error;
      }
      return {
        env: {
          COSMOS_ENDPOINT: `http://127.0.0.1:${port}`,
          // The server accepts any key; a fresh one, so none is written down.
          COSMOS_KEY: randomBytes(32).toString('base64'),
        },
        upstream: { host: '127.0.0.1', port },
        through: proxy => ({
          COSMOS_ENDPOINT: `http://${proxy.host}:${proxy.port}`,
        }),
        process: server,
        close: () => server.stop(),
      };
    },
    // The public listing of one category: a single-partition query.
    load: { path: '/products?category=preview&limit=5' },
  },
  payment: {
    storeName: 'the Stripe double',
    // The double payment-service's own tests run the real Stripe SDK against.
    async startStore(checkout) {
      const { startStripeDouble } = await load<{
        startStripeDouble(options: {
          apiKey: string;
        }): Promise<{ host: string; port: number; close(): Promise<void> }>;
      }>(checkout, 'test/stripe-double.ts');
      const apiKey = `sk_test_${randomBytes(16).toString('hex')}`;
      const stripe = await startStripeDouble({ apiKey });
      return {
        env: {
          STRIPE_SECRET_KEY: apiKey,
          STRIPE_WEBHOOK_SECRET: `whsec_${randomBytes(16).toString('hex')}`,
          STRIPE_API_HOST: stripe.host,
          STRIPE_API_PORT: String(stripe.port),
          STRIPE_API_PROTOCOL: 'http',
        },
        upstream: { host: stripe.host, port: stripe.port },
        through: proxy => ({
          STRIPE_API_HOST: proxy.host,
          STRIPE_API_PORT: String(proxy.port),
        }),
        close: () => stripe.close(),
      };
    },
    // A PaymentIntent Stripe does not have: a 404 after a Stripe round trip, a good event.
    load: { path: '/payments/pi_preview' },
  },
};

/** Fails before any build when a store the services need does not answer. */
async function ensureStoresAnswer(
  services: Array<{ name: string; kind: string }>,
) {
  for (const kind of new Set(services.map(s => s.kind))) {
    const runtime = kindRuntimes[kind]!;
    if (!runtime.external) continue;
    const setting = runtime.external;
    const { host, port } = storeAddress(
      process.env[setting.variable] || setting.default,
    );
    if (!(await tcpAnswers(host, port))) {
      throw new PreviewError(
        `${runtime.storeName} not reachable at ${host}:${port} (${services
          .filter(s => s.kind === kind)
          .map(s => s.name)
          .join(', ')} needs it): start it (${setting.start}) or set ${
          setting.variable
        }`,
      );
    }
  }
}

/** Fails with the port, the flag and the variable to change it when a port is taken. */
async function ensurePortsFree(ports: PreviewPorts) {
  for (const key of Object.keys(ports) as Array<keyof PreviewPorts>) {
    if (await tcpAnswers('127.0.0.1', ports[key])) {
      const s = portSettings[key];
      throw new PreviewError(
        `port ${ports[key]} (${s.label}) is in use: stop what listens there, or choose another port with ${s.flag} <port> or ${s.env}=<port>`,
      );
    }
  }
}

/** The published services: folders with a catalog-info.yaml naming their kind. */
export function findPublishedServices(
  repositoriesDir: string,
): Array<{ name: string; dir: string; kind: string }> {
  if (!existsSync(repositoriesDir)) return [];
  return readdirSync(repositoriesDir, { withFileTypes: true })
    .filter(entry => entry.isDirectory())
    .flatMap(entry => {
      const dir = path.join(repositoriesDir, entry.name);
      const catalogFile = path.join(dir, 'catalog-info.yaml');
      if (
        !existsSync(catalogFile) ||
        !existsSync(path.join(dir, 'openslo.yaml'))
      )
        return [];
      const component = parseAllDocuments(readFileSync(catalogFile, 'utf8'))
        .map(
          d =>
            d.toJS() as {
              kind?: string;
              metadata?: { annotations?: Record<string, string> };
            },
        )
        .find(d => d.kind === 'Component');
      const kind =
        component?.metadata?.annotations?.['commerce.platform/service-kind'];
      return kind ? [{ name: entry.name, dir, kind }] : [];
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function git(args: string[], cwd: string) {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new PreviewError(`git ${args.join(' ')} in ${cwd}: ${result.stderr}`);
  }
  return result.stdout.trim();
}

/**
 * A checkout of the published repository under the preview's folder, built with the service's
 * own scripts (npm ci, npm run build); skipped when that commit was built already. The published
 * repository itself is never written to.
 */
async function checkoutAndBuild(
  source: string,
  checkout: string,
  log: (line: string) => void,
) {
  if (!existsSync(path.join(checkout, '.git'))) {
    mkdirSync(path.dirname(checkout), { recursive: true });
    git(['clone', '--quiet', source, checkout], path.dirname(checkout));
  } else {
    git(['fetch', '--quiet', 'origin'], checkout);
    git(['reset', '--quiet', '--hard', 'FETCH_HEAD'], checkout);
  }
  // The tree, not the commit: a platform run that publishes the same files again (a new
  // commit, same content) needs no new build.
  const tree = git(['rev-parse', 'HEAD^{tree}'], checkout);
  const stamp = path.join(checkout, 'node_modules', '.preview-built');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === tree) {
    log(`${path.basename(checkout)}: built already (tree ${tree.slice(0, 7)})`);
    return;
  }
  log(
    `${path.basename(
      checkout,
    )}: npm install and npm run build (first time takes a minute)`,
  );
  const install = existsSync(path.join(checkout, 'package-lock.json'))
    ? ['ci']
    : ['install'];
  await npm(checkout, [
    ...install,
    '--no-audit',
    '--no-fund',
    '--prefer-offline',
    '--loglevel=error',
  ]);
  await npm(checkout, ['run', 'build']);
  writeFileSync(stamp, tree);
}

/** What the preview uses of a service's test issuer (its test/issuer.ts). */
interface TestIssuer {
  audience: string;
  env: Record<string, string>;
  token(claims: {
    sub: string;
    roles?: string[];
    aud?: string;
  }): Promise<string>;
  bearer(claims: { sub: string; roles?: string[] }): Promise<string>;
  close(): Promise<void>;
}

/**
 * A local managed identity endpoint in Azure App Service's protocol (IDENTITY_ENDPOINT and
 * IDENTITY_HEADER), which DefaultAzureCredential in a service speaks unchanged: a service that
 * calls another (payment-service → order-service) gets a token from the callee's test issuer,
 * with the app roles its kind is granted — what Entra gives its workload identity in Azure.
 */
type IdentityEndpoint = (
  caller: string,
  resource: string,
  secretHeader: string | string[] | undefined,
) => Promise<{ status: number; body: unknown }>;

/** Parses a fault name of the control endpoint and the fault command. */
function parseFault(mode: string | undefined): StoreFault {
  if (mode === 'cut' || mode === 'none') return mode;
  if (mode === 'slow') return { delayMs: 300 };
  throw new PreviewError(`unknown fault ${mode}: cut, slow or none`);
}

/**
 * The preview's control endpoint: `POST /fault/<service>/<cut|slow|none>`, `GET /status`, and
 * the teams' Alertmanager receiver (`POST /alerts/<team>`), whose alerts are printed where the
 * developer looks.
 */
async function startControlServer(options: {
  port: number;
  log: (line: string) => void;
  setFault(service: string, fault: StoreFault): void;
  status(): unknown;
  identity: IdentityEndpoint;
}): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', chunk => (body += String(chunk)));
    request.on('end', () => {
      const parts = (request.url ?? '/').split('/').filter(Boolean);
      if (request.method === 'POST' && parts[0] === 'alerts') {
        try {
          const payload = JSON.parse(body) as {
            alerts: Array<{ status: string; labels: Record<string, string> }>;
          };
          for (const alert of payload.alerts) {
            options.log(
              `ALERT ${alert.status}: ${alert.labels.alertname} ${
                alert.labels.slo ?? ''
              } (${alert.labels.severity ?? ''}) → receiver ${parts[1]}`,
            );
          }
        } catch {
          // Not Alertmanager's JSON: answer anyway, so it does not retry forever.
        }
        response.writeHead(200).end();
      } else if (
        request.method === 'POST' &&
        parts[0] === 'fault' &&
        parts.length === 3
      ) {
        try {
          const fault = parseFault(parts[2]);
          options.setFault(parts[1]!, fault);
          response
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ service: parts[1], fault }));
        } catch (error) {
          response.writeHead(400).end((error as Error).message);
        }
      } else if (request.method === 'GET' && parts[0] === 'identity') {
        const url = new URL(request.url ?? '/', 'http://control');
        options
          .identity(
            decodeURIComponent(url.pathname.split('/')[2] ?? ''),
            url.searchParams.get('resource') ?? '',
            request.headers['x-identity-header'],
          )
          .then(
            answer =>
              response
                .writeHead(answer.status, {
                  'content-type': 'application/json',
                })
                .end(JSON.stringify(answer.body)),
            (error: Error) =>
              response.writeHead(500).end(JSON.stringify(error.message)),
          );
      } else if (request.method === 'GET' && parts[0] === 'status') {
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(options.status()));
      } else {
        response
          .writeHead(404)
          .end('POST /fault/<service>/<cut|slow|none> or GET /status');
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Starts the preview; on failure, stops whatever it had started and rethrows. */
export async function startPreview(options: PreviewOptions): Promise<Preview> {
  const log = options.log ?? (() => {});
  const timeScale = options.timeScale ?? 60;
  const loadPerSecond = options.loadPerSecond ?? 10;
  const cleanups: Array<() => Promise<void> | void> = [];
  const processes: Array<{ name: string; pid: number }> = [];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        log(`while stopping: ${(error as Error).message}`);
      }
    }
  };

  try {
    const alertmanagerBinary = findAlertmanagerBinary();
    const missingTools = [
      hasCommand('prometheus')
        ? undefined
        : 'prometheus (apt-get install prometheus)',
      alertmanagerBinary
        ? undefined
        : 'alertmanager (apt-get install prometheus-alertmanager)',
    ].filter(Boolean);
    if (missingTools.length > 0) {
      throw new PreviewError(`preview needs ${missingTools.join(' and ')}`);
    }
    await ensurePortsFree(options.ports);

    const published = findPublishedServices(options.repositoriesDir).filter(
      s => !options.services || options.services.includes(s.name),
    );
    if (published.length === 0) {
      throw new PreviewError(
        `no published services under ${options.repositoriesDir}${
          options.services ? ` named ${options.services.join(', ')}` : ''
        }: run the platform first: yarn platform:run`,
      );
    }
    const skipped = published
      .filter(s => !kindRuntimes[s.kind])
      .map(s => ({ name: s.name, reason: `unknown kind ${s.kind}` }));
    for (const s of skipped) log(`${s.name}: not run: ${s.reason}`);
    // Callers after the services they call (payment-service needs order-service's URL).
    const calls = (kind: string) =>
      kindParts[kind as keyof typeof kindParts]?.callsApis ?? [];
    const runnable = published
      .filter(s => kindRuntimes[s.kind])
      .sort((a, b) => calls(a.kind).length - calls(b.kind).length);
    if (runnable.length === 0) {
      throw new PreviewError(
        `none of ${published
          .map(s => s.name)
          .join(', ')} is a kind the preview can run (${Object.keys(
          kindRuntimes,
        ).join(', ')})`,
      );
    }

    await ensureStoresAnswer(runnable);
    mkdirSync(options.workDir, { recursive: true });
    // Fresh each run: Alertmanager's stored notifications and Prometheus' old series would
    // otherwise replay the last preview's alerts (seen as a "resolved" page at start).
    const monitoringDir = path.join(options.workDir, 'monitoring');
    rmSync(monitoringDir, { recursive: true, force: true });
    mkdirSync(monitoringDir, { recursive: true });

    const prometheusUrl = `http://127.0.0.1:${options.ports.prometheus}`;
    const alertmanagerUrl = `http://127.0.0.1:${options.ports.alertmanager}`;
    const services: PreviewService[] = [];
    const issuers = new Map<string, TestIssuer>();
    const identitySecret = randomBytes(16).toString('hex');
    const setFault = (name: string, fault: StoreFault) => {
      const service = services.find(s => s.name === name);
      if (!service) {
        throw new PreviewError(
          `no service ${name} in this preview (${services
            .map(s => s.name)
            .join(', ')})`,
        );
      }
      service.store.set(fault);
      log(`${name}: store fault ${JSON.stringify(fault)}`);
    };
    // First: the services' token endpoint, and the teams' receiver Alertmanager posts to.
    const control = await startControlServer({
      port: options.ports.control,
      log,
      setFault,
      status: () => ({
        prometheusUrl,
        alertmanagerUrl,
        services: services.map(s => ({
          name: s.name,
          url: s.url,
          fault: s.store.fault(),
          load: s.load.counts,
        })),
        skipped,
      }),
      async identity(caller, resource, secretHeader) {
        if (secretHeader !== identitySecret) {
          return {
            status: 401,
            body: {
              error: 'invalid_request',
              error_description: 'X-IDENTITY-HEADER is not IDENTITY_HEADER',
            },
          };
        }
        const audience = resource.replace(/\/\.default$/, '');
        const [callee, issuer] =
          [...issuers].find(([, i]) => i.audience === audience) ?? [];
        const callerKind = services.find(s => s.name === caller)?.kind;
        const grant = callerKind
          ? calls(callerKind).find(c => c.service === callee)
          : undefined;
        if (!issuer || !grant) {
          return {
            status: 400,
            body: {
              error: 'invalid_resource',
              error_description: issuer
                ? `${caller} is granted no app role on ${callee}`
                : `no service of this preview has the audience ${audience}`,
            },
          };
        }
        const expiresOn = Math.floor(Date.now() / 1000) + 3600;
        return {
          status: 200,
          body: {
            access_token: await issuer.token({
              sub: caller,
              roles: [...grant.roles],
              aud: audience,
            }),
            expires_on: String(expiresOn),
            resource: audience,
            token_type: 'Bearer',
          },
        };
      },
    });
    cleanups.push(() => control.close());
    const controlUrl = control.url;

    // Every build at once: installing is most of a first start.
    await Promise.all(
      runnable.map(s =>
        checkoutAndBuild(
          s.dir,
          path.join(options.workDir, 'services', s.name),
          log,
        ),
      ),
    );

    const teams = new Set<string>();
    const ruleFiles: string[] = [];
    for (const published_ of runnable) {
      const { name, kind } = published_;
      const runtime = kindRuntimes[kind]!;
      const checkout = path.join(options.workDir, 'services', name);

      const store = await runtime.startStore(checkout).catch(error => {
        throw error instanceof PreviewError
          ? error
          : new PreviewError(
              `${name} needs ${runtime.storeName}: ${(error as Error).message}`,
            );
      });
      cleanups.push(() => store.close());
      if (store.process) {
        processes.push({
          name: `${name} store`,
          pid: store.process.child.pid!,
        });
      }
      const proxy = await startStoreProxy(
        store.upstream.host,
        store.upstream.port,
      );
      cleanups.push(() => proxy.close());

      const { startTestIssuer } = await load<{
        startTestIssuer(): Promise<TestIssuer>;
      }>(checkout, 'test/issuer.ts');
      const issuer = await startTestIssuer();
      cleanups.push(() => issuer.close());
      issuers.set(name, issuer);

      // The services it calls, at their preview addresses, and tokens for them.
      const links: Record<string, string> = {};
      for (const call of calls(kind)) {
        const callee = services.find(s => s.name === call.service);
        if (callee && kind === 'payment') links.ORDER_SERVICE_URL = callee.url;
        if (!callee) log(`${name}: ${call.service} is not in this preview`);
      }
      if (calls(kind).length > 0) {
        links.IDENTITY_ENDPOINT = `${controlUrl}/identity/${name}`;
        links.IDENTITY_HEADER = identitySecret;
      }

      const [port, metricsPort] = [await freePort(), await freePort()];
      const service = startProcess(process.execPath, ['dist/server.js'], {
        cwd: checkout,
        env: {
          ...(await serviceEnv(kind, store, 0)),
          ...issuer.env,
          ...store.through(proxy),
          ...links,
          PORT: String(port),
          METRICS_PORT: String(metricsPort),
          LOG_LEVEL: 'warn',
        },
        outputLimit: keptOutput,
      });
      cleanups.push(() => service.stop());
      processes.push({ name, pid: service.child.pid! });
      const url = `http://127.0.0.1:${port}`;
      await eventually(
        `${name} ready at ${url}`,
        60_000,
        async () => {
          if (service.child.exitCode !== null) {
            throw new PreviewError(`${name} exited:\n${service.output()}`);
          }
          return (await answers(`${url}/readyz`)) ? true : undefined;
        },
        service.output,
      );

      const rules = scaledRules(checkout, timeScale);
      writeFileSync(
        path.join(monitoringDir, `rules-${name}.yaml`),
        rules.rulesYaml,
      );
      ruleFiles.push(`rules-${name}.yaml`);
      teams.add(rules.team);

      const authorization = await issuer.bearer({ sub: 'portal-preview' });
      await runtime.load.prepare?.(url, authorization);
      const loadLoop = startLoad(
        `${url}${runtime.load.path}`,
        authorization,
        loadPerSecond,
      );
      cleanups.push(() => loadLoop.stop());
      services.push({
        name,
        kind,
        team: rules.team,
        url,
        metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
        store: proxy,
        load: loadLoop,
      });
      log(
        `${name}: ${url} on ${runtime.storeName} (through a proxy), load ${loadPerSecond} req/s`,
      );
    }

    const alertmanager = startAlertmanager({
      binary: alertmanagerBinary!,
      workDir: monitoringDir,
      port: options.ports.alertmanager,
      defaultReceiver: {
        name: 'platform-team',
        webhookUrl: `${controlUrl}/alerts/platform-team`,
      },
      teams: [...teams].map(team => ({
        name: team,
        webhookUrl: `${controlUrl}/alerts/${team}`,
      })),
    });
    cleanups.push(() => alertmanager.stop());
    processes.push({ name: 'alertmanager', pid: alertmanager.child.pid! });
    const prometheus = startPrometheus({
      workDir: monitoringDir,
      port: options.ports.prometheus,
      ruleFiles,
      alertmanagerPort: options.ports.alertmanager,
      targets: services.map(s => ({
        address: new URL(s.metricsUrl).host,
        labels: { namespace: s.team, rollouts_pod_template_hash: 'preview' },
      })),
    });
    cleanups.push(() => prometheus.stop());
    processes.push({ name: 'prometheus', pid: prometheus.child.pid! });
    await eventually(
      'Prometheus and Alertmanager ready',
      30_000,
      async () => {
        // One that stopped (its port taken meanwhile, say) must not be mistaken for whatever
        // else answers on that port.
        for (const [name, started, port] of [
          ['Prometheus', prometheus, options.ports.prometheus],
          ['Alertmanager', alertmanager, options.ports.alertmanager],
        ] as const) {
          if (
            started.child.exitCode !== null ||
            started.child.signalCode !== null
          ) {
            throw new PreviewError(
              `${name} stopped as it started (is port ${port} taken?):\n${started
                .output()
                .trim()
                .split('\n')
                .slice(-5)
                .join('\n')}`,
            );
          }
        }
        return (await answers(`${prometheusUrl}/-/ready`)) &&
          (await answers(`${alertmanagerUrl}/-/ready`))
          ? true
          : undefined;
      },
      () => `${prometheus.output()}\n${alertmanager.output()}`,
    );

    // Read by `./portal start` when present (config files are merged after app-config.yaml).
    const portalConfigFile = path.join(
      options.workDir,
      'app-config.preview.yaml',
    );
    writeFileSync(
      portalConfigFile,
      `# Written by ./portal preview; removed when it stops.\n${stringify({
        slo: { prometheus: { baseUrl: prometheusUrl } },
      })}`,
    );
    cleanups.push(() => rmSync(portalConfigFile, { force: true }));

    const preview: Preview = {
      prometheusUrl,
      alertmanagerUrl,
      controlUrl,
      services,
      processes,
      skipped,
      portalConfigFile,
      setFault,
      async bearer(name, claims) {
        const issuer = issuers.get(name);
        if (!issuer)
          throw new PreviewError(`no service ${name} in this preview`);
        return issuer.bearer(claims);
      },
      stop,
    };
    return preview;
  } catch (error) {
    await stop();
    throw error;
  }
}
