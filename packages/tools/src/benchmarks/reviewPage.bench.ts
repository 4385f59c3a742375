/*
 * Benchmark: the platform review page (issue #17, item 5) with 10,000 services, in Debian's
 * chromium, on the production build. Prints numbers only.
 *
 * Serves the production build as the browser journeys do (scripts/serve-production-build.sh
 * with app-config.yaml and the journeys' app-config.e2e.yaml: guest sign-in, the built app
 * served by the backend, NODE_ENV=production, SQLite in memory: on SQLite files the catalog
 * ingests about 3 entities/s here, in memory about 50), and has
 * its catalog ingest a generated organisation from file locations: `--components` services in
 * 100 Systems owned by 200 teams (two per System), one in five with its own data store (a
 * Resource), one in 500 also reading another team's store (a boundary finding), each consuming
 * 0–2 other services' APIs. APIs are left out: ingesting 10,000 more entities takes minutes and
 * the review's lists do not grow with them. Once the catalog has every component, the review
 * is rebuilt (POST /v1/refresh) so the page reads a snapshot of the whole catalog.
 *
 * Then `--runs` times, each in a fresh chromium profile (--user-data-dir), launched with the
 * journeys' flags: sign in as guest on Home (which loads and caches the app's bundle), then
 * visit the review twice, as a lead does:
 *
 *   in-app  click Home's "Review the platform" link (the app is running; the review's own
 *           code chunks are fetched then); times from the click;
 *   load    load /platform-review as a new document (a bookmark or a shared link: the whole
 *           app starts again, its bundle cached); times from the navigation's start,
 *
 * and measure each in the page's own clock (performance.now()):
 *
 *   rows         the ownership map (the table named "Ownership map") shows at least one row
 *                with a link to a service.
 *   answers input  after `rows`, the first key typed into the ownership map's search field
 *                shows in it (the animation frame after the key press): the page answers
 *                input. Before issue #17 (no search field), the Tab key's frame below.
 *   interactive  after `rows`, the benchmark types "svc-0424" (which matches 10 of 10,000
 *                services; at fewer services another ten's prefix) into the ownership map's
 *                search field, key by key, and the table shows at least one row and every row
 *                it shows contains it: the lead's first search answered. Time-to-interactive
 *                is the moment that holds. A page without a search field in that table (before
 *                issue #17) gets a key press (Tab) and one animation frame instead, i.e. when it
 *                can first answer input at all; the output says which ("search", "keypress").
 *   settled      the last response of the page's requests, waited for until the network was
 *                quiet for 2 s (e.g. the catalog name look-ups that continue after `rows`).
 *   requests     requests the page made from the visit's start until settled (Chrome DevTools
 *                protocol, Network.requestWillBeSent), of them to /api/.
 *   bytes        bytes transferred over the network for them (encodedDataLength: compressed
 *                bodies and headers; answers from the HTTP cache count 0).
 *
 * and prints each run and the medians.
 *
 *   yarn bench:review-page [--components 10000] [--runs 5] [--run-timeout-seconds 300]
 *                          [--bundle path/to/bundle.tar.gz] [--pin] [--serve-only]
 *                          [--postgres]
 *
 * `--postgres` puts the plugins' databases on PostgreSQL (POSTGRES_HOST, PORT, USER, PASSWORD;
 * default 127.0.0.1:5432, user postgres) as in production, instead of SQLite in memory, whose
 * synchronous queries run on the backend's event loop: the catalog's processing loop then
 * holds up the review's answers. It runs VACUUM (ANALYZE) after the ingest and drops the
 * databases (prefix bench_review_page_<pid>_) at the end; with `--pin` the server's processes
 * share the backend's CPU.
 *
 * `--pin`, once the catalog is ingested, runs the backend on the last CPU alone and chromium on
 * the others (taskset), as the portal's backend and a lead's browser run on different machines;
 * without it the catalog's processing loop shares the browser's CPUs. `--serve-only` ingests the
 * catalog, rebuilds the review, prints the URL and serves it until interrupted (to profile the
 * page by hand).
 *
 * Needs the production build (`./portal yarn build:backend`); `--bundle` serves another one
 * (e.g. a copy of the build before a change, for the "before" figure). A run that does not get
 * to a step within `--run-timeout-seconds` of its navigation reports that step as "> limit".
 * The generated catalog is written to .data/bench-review-page-<pid> and removed after the run.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { chromium, type Page } from 'playwright-core';
import { stringify } from 'yaml';
import { seededRandom } from '@internal/test-utils';
import { repoRoot } from '../testing/startPortalBackend';
import {
  dropTestDatabases,
  postgresFromEnv,
  vacuumAnalyze,
} from '../testing/postgres';

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const pad = (n: number, width = 5) => String(n).padStart(width, '0');

/**
 * What the benchmark types into the ownership map's search: ten services' name prefix
 * ("svc-0424" at 10,000 services: svc-04240 … svc-04249), a smaller one for a smaller catalog.
 */
const searchFor = (components: number) =>
  `svc-${pad(Math.min(424, Math.floor((components - 1) / 10)), 4)}`;

type Doc = Record<string, any>;

/** Writes the catalog files into `directory`; returns the root Location file. */
function writeCatalog(directory: string, components: number): string {
  const rand = seededRandom(17).next;
  const teams = Array.from({ length: 200 }, (_, i) => `team-${pad(i, 3)}`);
  const systems = Array.from({ length: 100 }, (_, i) => `system-${pad(i, 3)}`);
  const files: string[] = [];
  const write = (name: string, docs: Doc[]) => {
    fs.writeFileSync(
      path.join(directory, name),
      docs.map(d => stringify(d, { lineWidth: 0 })).join('---\n'),
    );
    files.push(`./${name}`);
  };
  write('org.yaml', [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'engineering' },
      spec: { type: 'organization', children: teams },
    },
    ...teams.map(name => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name },
      spec: { type: 'team', parent: 'engineering', children: [] },
    })),
  ]);
  write(
    'systems.yaml',
    systems.map((name, i) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name },
      spec: { owner: `group:default/${teams[(i * 2) % teams.length]}` },
    })),
  );
  const ownerOf = (i: number) =>
    teams[((i % systems.length) * 2 + (Math.floor(i / 100) % 2)) % 200]!;
  const bySystem = new Map<string, Doc[]>();
  for (let i = 0; i < components; i++) {
    const name = `svc-${pad(i)}`;
    const system = systems[i % systems.length]!;
    const owner = `group:default/${ownerOf(i)}`;
    const dependsOn: string[] = [];
    const docs = bySystem.get(system) ?? [];
    bySystem.set(system, docs);
    if (i % 5 === 0) {
      dependsOn.push(`resource:default/${name}-db`);
      docs.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: { name: `${name}-db` },
        spec: { type: 'database', owner, system: `system:default/${system}` },
      });
    }
    if (i % 500 === 250) {
      // Another team's data store: a boundary finding.
      dependsOn.push(`resource:default/svc-${pad((i + 5) % components)}-db`);
    }
    const consumesApis = [
      ...new Set(
        Array.from(
          { length: Math.floor(rand() * 3) },
          () => `api:default/svc-${pad(Math.floor(rand() * components))}-api`,
        ),
      ),
    ].filter(ref => ref !== `api:default/${name}-api`);
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        annotations: { 'commerce.platform/service-kind': 'order' },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner,
        system: `system:default/${system}`,
        providesApis: [`api:default/${name}-api`],
        consumesApis,
        dependsOn,
      },
    });
  }
  for (const [system, docs] of bySystem) write(`${system}.yaml`, docs);
  const root = path.join(directory, 'all.yaml');
  fs.writeFileSync(
    root,
    stringify({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Location',
      metadata: { name: 'review-page-benchmark' },
      spec: { targets: files },
    }),
  );
  return root;
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

interface Served {
  baseUrl: string;
  call(
    urlPath: string,
    init?: { method?: string },
  ): Promise<{ status: number; body: any }>;
  output(): string;
  stop(): Promise<void>;
  /** The backend's process (the script execs node). */
  pid: number;
}

/** The production build, served as the journeys serve it. */
async function serveProductionBuild(options: {
  catalogRoot: string;
  bundle?: string;
  /** Plugin databases on PostgreSQL, named with this prefix; SQLite in memory without. */
  postgresPrefix?: string;
}): Promise<Served> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const token = randomBytes(24).toString('hex');
  const child: ChildProcess = spawn(
    'bash',
    [
      'scripts/serve-production-build.sh',
      '--config',
      'app-config.yaml',
      '--config',
      'packages/app/e2e-tests/app-config.e2e.yaml',
    ],
    {
      cwd: repoRoot,
      detached: true,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        PORTAL_E2E_PORT: String(port),
        PORTAL_PRODUCTION_BUILD_DIR: `.data/production-build-bench-${process.pid}`,
        ...(options.bundle && {
          PORTAL_PRODUCTION_BUNDLE: path.resolve(options.bundle),
        }),
        ...(options.postgresPrefix && {
          APP_CONFIG_backend_database: JSON.stringify({
            client: 'pg',
            connection: postgresFromEnv(),
            prefix: options.postgresPrefix,
          }),
        }),
        APP_CONFIG_backend_auth_externalAccess: JSON.stringify([
          { type: 'static', options: { token, subject: 'bench-review-page' } },
        ]),
        APP_CONFIG_catalog_locations: JSON.stringify([
          { type: 'file', target: './catalog-info.yaml' },
          {
            type: 'file',
            target: './catalog/local/guest.yaml',
            rules: [{ allow: ['User'] }],
          },
          { type: 'file', target: options.catalogRoot },
        ]),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', d => (output = (output + d).slice(-20_000)));
  child.stderr!.on('data', d => (output = (output + d).slice(-20_000)));
  const exited = new Promise<void>(resolve => child.once('exit', resolve));
  const call = async (urlPath: string, init?: { method?: string }) => {
    const response = await fetch(`${baseUrl}${urlPath}`, {
      method: init?.method ?? 'GET',
      headers: { authorization: `Bearer ${token}` },
    });
    const text = await response.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    return { status: response.status, body };
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      // The script execs node, but kill its group in case it has not yet.
      process.kill(-child.pid!, 'SIGTERM');
      const timer = setTimeout(
        () => process.kill(-child.pid!, 'SIGKILL'),
        10_000,
      );
      await exited;
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`the production build exited:\n${output}`);
    }
    try {
      const { status } = await call('/.backstage/health/v1/readiness');
      if (status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the production build did not get ready:\n${output}`);
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  return { baseUrl, call, output: () => output, stop, pid: child.pid! };
}

interface Run {
  rowsMs: number;
  /** The first key typed into the map's search shows in the field (the next frame after it). */
  inputMs: number;
  interactiveMs: number;
  /** What the interactive step did; `no answer`: the page did not answer within the run. */
  mode: 'search' | 'keypress' | 'no answer';
  settledMs: number;
  requests: number;
  apiRequests: number;
  bytes: number;
}

/** How the lead gets to the review: from the portal's Home, or by loading its URL. */
type Visit = 'in-app' | 'load';
const VISITS: Visit[] = ['in-app', 'load'];
const VISIT_TITLE: Record<Visit, string> = {
  'in-app': "opened from Home's link",
  load: 'its URL loaded',
};

/**
 * One measured visit of the review page in `page`, timed from `start` (the page's clock when
 * the visit began: the click, or 0 for a new document's navigation).
 */
async function measureVisit(
  page: Page,
  limitMs: number,
  term: string,
  begin: () => Promise<number>,
): Promise<Run> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  let requests = 0;
  let apiRequests = 0;
  let bytes = 0;
  let lastActivity = Date.now();
  cdp.on('Network.requestWillBeSent', event => {
    requests++;
    if (new URL(event.request.url).pathname.startsWith('/api/')) {
      apiRequests++;
    }
    lastActivity = Date.now();
  });
  cdp.on('Network.loadingFinished', event => {
    bytes += event.encodedDataLength;
    lastActivity = Date.now();
  });
  cdp.on('Network.loadingFailed', () => {
    lastActivity = Date.now();
  });

  const navigated = Date.now();
  const remaining = () => Math.max(1, navigated + limitMs - Date.now());
  /** `step`'s figure, or Infinity when it did not get there in time. */
  const within = async (step: () => Promise<number>): Promise<number> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      return await Promise.race([
        step(),
        new Promise<number>(resolve => {
          timer = setTimeout(() => resolve(Infinity), remaining());
        }),
      ]);
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') return Infinity;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
  const start = await begin();
  const rowsAt = await within(
    async () =>
      (await (
        await page.waitForFunction(
          () => {
            const table = document.querySelector(
              'table[aria-label="Ownership map"]',
            );
            const row = table?.querySelector(
              'tbody tr a[href*="/catalog/default/component/"]',
            );
            return row ? performance.now() : undefined;
          },
          undefined,
          { polling: 'raf', timeout: remaining() },
        )
      ).jsonValue()) as number,
  );

  const map = page.getByRole('region', {
    name: 'Ownership map',
    exact: true,
  });
  // The table's search field: the only text box in the section.
  const search = map.getByRole('textbox');
  let interactiveAt = Infinity;
  let inputAt = Infinity;
  let mode: Run['mode'] = 'keypress';
  // Counting asks the page, which answers only once its main thread is free: within the
  // run's time too (Infinity: the page did not answer).
  const searchFields =
    rowsAt === Infinity ? Infinity : await within(() => search.count());
  if (searchFields === Infinity) {
    mode = 'no answer';
  } else if (searchFields > 0) {
    mode = 'search';
    interactiveAt = await within(async () => {
      // The first key, and the frame that shows it: when the page answers input at all.
      await search.pressSequentially(term.slice(0, 1), {
        timeout: remaining(),
      });
      inputAt = (await (
        await page.waitForFunction(
          first => {
            const field = document.querySelector<HTMLInputElement>(
              'section[aria-label="Ownership map"] input',
            );
            return field?.value === first ? performance.now() : undefined;
          },
          term.slice(0, 1),
          { polling: 'raf', timeout: remaining() },
        )
      ).jsonValue()) as number;
      await search.pressSequentially(term.slice(1), { timeout: remaining() });
      return (await (
        await page.waitForFunction(
          typed => {
            const rows = [
              ...(document
                .querySelector('table[aria-label="Ownership map"]')
                ?.querySelectorAll('tbody tr') ?? []),
            ];
            const shown = rows.filter(row =>
              row.querySelector('a[href*="/catalog/default/component/"]'),
            );
            return shown.length > 0 &&
              shown.every(row => row.textContent?.includes(typed))
              ? performance.now()
              : undefined;
          },
          term,
          { polling: 'raf', timeout: remaining() },
        )
      ).jsonValue()) as number;
    });
  } else {
    interactiveAt = await within(async () => {
      await page.keyboard.press('Tab');
      // Before issue #17: the key press's frame is both figures.
      return page.evaluate(
        () =>
          new Promise<number>(resolve =>
            requestAnimationFrame(() => resolve(performance.now())),
          ),
      );
    });
  }

  // Settled: no request started or finished for 2 s (or the run's time is up).
  let settledAt = Infinity;
  while (Date.now() - lastActivity < 2000 && remaining() > 1) {
    await new Promise(r => setTimeout(r, 250));
  }
  if (remaining() > 1) {
    settledAt = await within(() =>
      page.evaluate(() => {
        const entries = performance.getEntriesByType(
          'resource',
        ) as PerformanceResourceTiming[];
        return Math.max(0, ...entries.map(e => e.responseEnd));
      }),
    );
  }
  await cdp.detach();
  return {
    rowsMs: rowsAt - start,
    inputMs: (mode === 'keypress' ? interactiveAt : inputAt) - start,
    interactiveMs: interactiveAt - start,
    mode,
    settledMs: settledAt - start,
    requests,
    apiRequests,
    bytes,
  };
}

/**
 * One run in a fresh profile: sign in on Home, open the review from Home's "Review the
 * platform" link (in-app), then load its URL again (a new document, the bundle cached).
 */
async function measureOnce(
  baseUrl: string,
  executablePath: string,
  limitMs: number,
  term: string,
): Promise<Record<Visit, Run>> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-review-page-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1400, height: 900 },
    baseURL: baseUrl,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    // Signing in is not timed; on a busy machine the first load of the bundle takes a while.
    await page.goto('/', { timeout: 180_000 });
    await page
      .getByRole('button', { name: 'Enter' })
      .click({ timeout: 120_000 });
    const link = page.getByRole('link', { name: /Review the platform/ });
    await link.waitFor({ timeout: 120_000 });

    const inApp = await measureVisit(page, limitMs, term, async () => {
      const clicked = await page.evaluate(() => performance.now());
      await link.click();
      return clicked;
    });
    const load = await measureVisit(page, limitMs, term, async () => {
      await page.goto('/platform-review', { waitUntil: 'commit' });
      return 0;
    });
    return { 'in-app': inApp, load };
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[mid]!
    : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

let limitSeconds = 300;
const seconds = (ms: number) =>
  Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : `> ${limitSeconds} s`;

const describe = (run: Omit<Run, 'mode'> & { mode: string }) =>
  `rows ${seconds(run.rowsMs)}, answers input ${seconds(
    run.inputMs,
  )}, interactive (${run.mode}) ${seconds(
    run.interactiveMs,
  )}, settled ${seconds(run.settledMs)}; ${run.requests} requests (${
    run.apiRequests
  } to /api), ${(run.bytes / 1024).toFixed(0)} KiB transferred`;

async function main() {
  const { values } = parseArgs({
    options: {
      components: { type: 'string', default: '10000' },
      runs: { type: 'string', default: '5' },
      'run-timeout-seconds': { type: 'string', default: '300' },
      bundle: { type: 'string' },
      pin: { type: 'boolean', default: false },
      'serve-only': { type: 'boolean', default: false },
      postgres: { type: 'boolean', default: false },
    },
  });
  const components = Number(values.components);
  const runs = Number(values.runs);
  if (!Number.isInteger(components) || components < 1) {
    throw new Error(
      `--components takes a positive integer, not "${values.components}"`,
    );
  }
  if (!Number.isInteger(runs) || runs < 1) {
    throw new Error(`--runs takes a positive integer, not "${values.runs}"`);
  }
  limitSeconds = Number(values['run-timeout-seconds']);
  if (!(limitSeconds > 0)) {
    throw new Error(
      `--run-timeout-seconds takes a positive number, not "${values['run-timeout-seconds']}"`,
    );
  }
  const bundle = values.bundle
    ? path.resolve(values.bundle)
    : path.join(repoRoot, 'packages/backend/dist/bundle.tar.gz');
  if (!fs.existsSync(bundle)) {
    throw new Error(
      values.bundle
        ? `--bundle ${values.bundle}: no such file`
        : 'no production build: run `./portal yarn build:backend` first',
    );
  }
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  // --pin: once the catalog is in, the backend on the last CPU alone, this process and the
  // chromium it starts on the others, as a lead's browser and the portal's backend run on
  // different machines. Without it they share every CPU, and the catalog's processing loop
  // (12,000 entities re-processed every `catalog.processingInterval`) takes the browser's time.
  const cpus = os.availableParallelism();
  if (values.pin && cpus < 2) throw new Error('--pin needs at least two CPUs');
  const pin = (pid: number, cpuList: string) => {
    const pinned = spawnSync('taskset', [
      '--all-tasks',
      '--cpu-list',
      '-p',
      cpuList,
      String(pid),
    ]);
    if (pinned.status !== 0) {
      throw new Error(`--pin: taskset failed: ${pinned.stderr}`);
    }
  };
  // --postgres: the plugins' databases on PostgreSQL (POSTGRES_HOST, default 127.0.0.1:5432),
  // as in production, so the catalog's queries run in the database server rather than in the
  // backend's event loop (better-sqlite3 is synchronous). With --pin the server's processes
  // share the backend's CPU; the databases are dropped at the end.
  const postgresPrefix = values.postgres
    ? `bench_review_page_${process.pid}_`
    : undefined;
  /** The PostgreSQL server's processes: the postmaster and its children. */
  const postgresProcesses = async (): Promise<number[]> => {
    const parentOf = (pid: string) =>
      Number(
        fs
          .readFileSync(`/proc/${pid}/stat`, 'utf8')
          .replace(/^.*\) /, '')
          .split(' ')[1],
      );
    const client = new Client({
      ...postgresFromEnv(),
      database: 'postgres',
    });
    await client.connect();
    let postmaster: number;
    try {
      // This connection's server process, while it is there: its parent is the postmaster.
      const backend = (await client.query('SELECT pg_backend_pid() AS pid'))
        .rows[0].pid;
      postmaster = parentOf(String(backend));
    } finally {
      await client.end();
    }
    const children = fs
      .readdirSync('/proc')
      .filter(pid => /^\d+$/.test(pid))
      .filter(pid => {
        try {
          return parentOf(pid) === postmaster;
        } catch {
          return false; // gone meanwhile
        }
      })
      .map(Number);
    return [postmaster, ...children];
  };
  const work = path.join(repoRoot, `.data/bench-review-page-${process.pid}`);
  const catalogDir = path.join(work, 'catalog');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(catalogDir, { recursive: true });

  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(
      os.totalmem() /
      2 ** 30
    ).toFixed(0)} GiB, load ${os
      .loadavg()
      .map(l => l.toFixed(1))
      .join(' ')}, Node ${process.version}; ${
      postgresPrefix
        ? `PostgreSQL at ${postgresFromEnv().host}`
        : 'SQLite in memory'
    }; date ${new Date().toISOString()}`,
  );
  const root = writeCatalog(catalogDir, components);
  let served: Served | undefined;
  let pinnedPostgres = false;
  process.once('SIGINT', () => {
    served?.stop().finally(() => process.exit(130));
  });
  try {
    let started = Date.now();
    served = await serveProductionBuild({
      catalogRoot: root,
      bundle: values.bundle,
      postgresPrefix,
    });
    console.log(
      `production build ready in ${((Date.now() - started) / 1000).toFixed(
        1,
      )} s`,
    );
    started = Date.now();
    let lastPrint = 0;
    for (;;) {
      const { status, body } = await served.call(
        '/api/catalog/entity-facets?facet=kind',
      );
      const counts: Record<string, number> = {};
      for (const { value, count } of status === 200 ? body.facets.kind : []) {
        counts[value] = count;
      }
      const done =
        (counts.Component ?? 0) >= components &&
        (counts.Resource ?? 0) >= Math.ceil(components / 5) &&
        (counts.System ?? 0) >= 100;
      if (done || Date.now() - lastPrint > 30_000) {
        lastPrint = Date.now();
        console.log(
          `  ${((Date.now() - started) / 1000).toFixed(0)} s: ${Object.entries(
            counts,
          )
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}`,
        );
      }
      if (done) break;
      if (Date.now() - started > 45 * 60_000) {
        throw new Error(`the catalog did not ingest everything in time`);
      }
      await new Promise(r => setTimeout(r, 3000));
    }
    started = Date.now();
    const refresh = await served.call('/api/platform-review/v1/refresh', {
      method: 'POST',
    });
    if (refresh.status !== 200) {
      throw new Error(
        `refresh answered ${refresh.status}: ${JSON.stringify(refresh.body)}`,
      );
    }
    console.log(
      `review refreshed in ${((Date.now() - started) / 1000).toFixed(1)} s: ${
        refresh.body.entityCount
      } entities, ${refresh.body.findingCount} findings, ${
        refresh.body.decisionCount
      } decisions`,
    );

    if (postgresPrefix) {
      // What autovacuum would do after a bulk load (the local server may have it off).
      await vacuumAnalyze(postgresFromEnv(), postgresPrefix);
    }
    if (values.pin) {
      if (postgresPrefix) {
        for (const pid of await postgresProcesses()) {
          // A server process may end meanwhile (a closed connection).
          if (fs.existsSync(`/proc/${pid}`)) pin(pid, String(cpus - 1));
        }
        pinnedPostgres = true;
      }
      pin(served.pid, String(cpus - 1));
      pin(process.pid, cpus > 2 ? `0-${cpus - 2}` : '0');
      console.log(
        `pinned: the backend${postgresPrefix ? ' and PostgreSQL' : ''} to CPU ${
          cpus - 1
        }, chromium to CPU ${cpus > 2 ? `0-${cpus - 2}` : '0'}`,
      );
    }
    if (values['serve-only']) {
      console.log(
        `serving ${served.baseUrl} (guest sign-in) until interrupted (Ctrl-C)`,
      );
      await new Promise(() => {});
    }
    const results: Record<Visit, Run>[] = [];
    for (let i = 0; i < runs; i++) {
      const run = await measureOnce(
        served.baseUrl,
        executablePath,
        limitSeconds * 1000,
        searchFor(components),
      );
      results.push(run);
      for (const visit of VISITS) {
        console.log(`run ${i + 1}/${runs}, ${visit}: ${describe(run[visit])}`);
      }
    }
    for (const visit of VISITS) {
      const of = (key: keyof Omit<Run, 'mode'>) =>
        median(results.map(r => r[visit][key]));
      console.log(
        `median of ${runs}, ${visit}: ${describe({
          rowsMs: of('rowsMs'),
          inputMs: of('inputMs'),
          interactiveMs: of('interactiveMs'),
          mode: [...new Set(results.map(r => r[visit].mode))].join('/'),
          settledMs: of('settledMs'),
          requests: of('requests'),
          apiRequests: of('apiRequests'),
          bytes: of('bytes'),
        })}`,
      );
    }
    for (const visit of VISITS) {
      console.log(
        `${VISIT_TITLE[visit]} (median): answers input ${seconds(
          median(results.map(r => r[visit].inputMs)),
        )}, first search answered ${seconds(
          median(results.map(r => r[visit].interactiveMs)),
        )} (target: interactive < 2 s)`,
      );
    }
  } finally {
    await served?.stop();
    if (postgresPrefix) {
      if (pinnedPostgres) {
        for (const pid of await postgresProcesses()) {
          if (fs.existsSync(`/proc/${pid}`)) pin(pid, `0-${cpus - 1}`);
        }
      }
      await dropTestDatabases(postgresFromEnv(), postgresPrefix);
    }
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(`bench:review-page: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
});
