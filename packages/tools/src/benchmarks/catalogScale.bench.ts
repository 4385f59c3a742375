/*
 * Benchmark: the catalog, the entity pages and this project's endpoints with 10,000 components
 * (issue #8; Backstage users report catalog pages slowing at 4k–20k entities, backstage#12829,
 * #21798). Prints numbers only.
 *
 * Starts the real backend (src/index.ts with app-config.yaml, through startPortalBackend) on
 * PostgreSQL when POSTGRES_HOST is set, else on SQLite in memory, and has its catalog ingest a
 * generated organisation from file locations: `--components` services in 100 Systems owned by
 * 200 teams, each with its API (the real generated OpenAPI document inline) and data store, the
 * annotations the blueprint writes, and 0–3 consumed APIs. The files those annotations name
 * (OpenSLO, rollout policy, cost model, decision records) are real: the four kinds are generated
 * once by the blueprint (packages/generator-commerce-service) into the local repositories
 * folder, and every service's source location points at its kind's copy, so the SLO, rollout,
 * cost and decisions endpoints read and parse real files.
 *
 * Then times, one request after another and then `--concurrency` at a time, every call a
 * component's page makes (stock catalog calls and this project's cards), this project's list
 * endpoints, and the stock catalog list calls on the same data, and prints p50/p95/p99.
 *
 *   yarn bench:scale [--components 10000] [--requests 200] [--concurrency 4]
 *                    [--max-seconds 60] [--processing-interval-minutes 3] [--keep NAME]
 *
 * `--keep NAME` (PostgreSQL only) keeps the databases and generated files after the run, and a
 * later run with the same NAME starts on them, so it measures without ingesting again (the
 * catalog only refreshes what it has). `--drop NAME` deletes them.
 *
 * The catalog's processing interval is production's (app-config.production.yaml, 3 minutes)
 * rather than local mode's 30 s, so the timings include production's background reprocessing.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { parseAllDocuments, stringify } from 'yaml';
import { seededRandom } from '@internal/test-utils';
import {
  availableTestDatabases,
  dropTestDatabases,
  PortalBackend,
  repoRoot,
  startPortalBackend,
  TestDatabase,
} from '../testing/startPortalBackend';
import { describePostgres, vacuumAnalyze } from '../testing/postgres';

const pad = (n: number, width = 5) => String(n).padStart(width, '0');

type Doc = Record<string, any>;

/** What the blueprint generated for one kind: its repository and its catalog-info.yaml. */
interface GeneratedKind {
  kind: string;
  repository: string;
  component: Doc;
  api: Doc;
  resource: Doc;
  openApi: string;
}

/** Real blueprint options per kind (src/testing/sample-options.ts of the generator). */
const KINDS: Record<string, Record<string, string>> = {
  order: {
    availability: '99.95',
    latencyP95Ms: '150',
    monthlyBudgetUsd: '600',
  },
  cart: { availability: '99.95', latencyP95Ms: '120', monthlyBudgetUsd: '250' },
  product: {
    availability: '99.9',
    latencyP95Ms: '100',
    monthlyBudgetUsd: '400',
  },
  payment: {
    availability: '99.99',
    latencyP95Ms: '200',
    monthlyBudgetUsd: '300',
  },
};

/** Runs the blueprint's CLI once per kind into the local repositories folder. */
function generateKinds(repositories: string): GeneratedKind[] {
  const cli = path.join(
    repoRoot,
    'packages/generator-commerce-service/src/cli.ts',
  );
  return Object.entries(KINDS).map(([kind, options]) => {
    const repository = path.join(repositories, `shared-${kind}`);
    const result = spawnSync(
      process.execPath,
      [
        cli,
        '--out',
        repository,
        '--kind',
        kind,
        '--name',
        `shared-${kind}`,
        '--owner',
        'team-000',
        '--region',
        'swedencentral',
        ...Object.entries(options).flatMap(([k, v]) => [`--${k}`, v]),
      ],
      { encoding: 'utf8' },
    );
    if (result.status !== 0) {
      throw new Error(
        `the blueprint failed for ${kind}: ${result.stdout}${result.stderr}`,
      );
    }
    const docs = parseAllDocuments(
      fs.readFileSync(path.join(repository, 'catalog-info.yaml'), 'utf8'),
    ).map(d => d.toJS() as Doc);
    const of = (k: string) => {
      const doc = docs.find(d => d.kind === k);
      if (!doc) throw new Error(`the ${kind} blueprint wrote no ${k}`);
      return doc;
    };
    return {
      kind,
      repository,
      component: of('Component'),
      api: of('API'),
      resource: of('Resource'),
      openApi: fs.readFileSync(path.join(repository, 'openapi.yaml'), 'utf8'),
    };
  });
}

/** One generated service, with what its entity page asks the catalog for. */
interface Service {
  name: string;
  system: string;
  owner: string;
  relationTargets: string[];
}

/**
 * Writes the catalog: an organisation file (200 teams under one organisation, 1,000 people),
 * the Systems, and one file per System with its services, APIs and data stores, all listed by a
 * root Location. Returns the root file and the services.
 */
function writeCatalog(options: {
  directory: string;
  components: number;
  kinds: GeneratedKind[];
}): { root: string; services: Service[]; systems: string[]; teams: string[] } {
  const { directory, components, kinds } = options;
  const rand = seededRandom(8).next;
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
      metadata: {
        name,
        annotations: { 'commerce.platform/monthly-budget-usd': '40000' },
      },
      spec: { type: 'team', parent: 'engineering', children: [] },
    })),
    ...Array.from({ length: 1000 }, (_, i) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: `user-${pad(i, 4)}` },
      spec: {
        profile: { email: `user-${pad(i, 4)}@commerce.example` },
        memberOf: [teams[i % teams.length]],
      },
    })),
  ]);
  write(
    'systems.yaml',
    systems.map((name, i) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: {
        name,
        annotations: { 'commerce.platform/monthly-budget-usd': '60000' },
      },
      spec: {
        owner: `group:default/${teams[(i * 2) % teams.length]}`,
        domain: 'commerce',
      },
    })),
  );

  const services: Service[] = Array.from({ length: components }, (_, i) => {
    const system = i % systems.length;
    return {
      name: `svc-${pad(i)}`,
      system: systems[system]!,
      // Two teams per System.
      owner: teams[(system * 2 + (Math.floor(i / systems.length) % 2)) % 200]!,
      relationTargets: [],
    };
  });
  const bySystem = new Map<string, Doc[]>();
  services.forEach((service, i) => {
    const generated = kinds[i % kinds.length]!;
    const ownerRef = `group:default/${service.owner}`;
    const systemRef = `system:default/${service.system}`;
    const storeSuffix = String(generated.resource.metadata.name).replace(
      /^shared-[a-z]+/,
      '',
    );
    const storeRef = `resource:default/${service.name}${storeSuffix}`;
    const consumes = [
      ...new Set(
        Array.from(
          { length: Math.floor(rand() * 4) },
          () => `api:default/svc-${pad(Math.floor(rand() * components))}-api`,
        ),
      ),
    ].filter(ref => ref !== `api:default/${service.name}-api`);
    // One service in five also calls another service directly.
    const dependsOn = [storeRef];
    if (i % 5 === 0 && components > 1) {
      dependsOn.push(`component:default/svc-${pad((i + 1) % components)}`);
    }
    service.relationTargets = [
      ownerRef,
      systemRef,
      `api:default/${service.name}-api`,
      ...consumes,
      ...dependsOn,
    ];
    const annotations = {
      ...generated.component.metadata.annotations,
      // The files are the blueprint's, in its kind's shared repository.
      'backstage.io/source-location': `url:${
        pathToFileURL(generated.repository).href
      }/`,
      'backstage.io/kubernetes-id': service.name,
      'argocd/app-name': service.name,
      'commerce.platform/azure-resource-group': `rg-${service.name}`,
      'commerce.platform/cost-center': `cc-${service.owner}`,
    };
    const docs = bySystem.get(service.system) ?? [];
    bySystem.set(service.system, docs);
    docs.push(
      {
        ...generated.component,
        metadata: {
          ...generated.component.metadata,
          name: service.name,
          annotations,
        },
        spec: {
          ...generated.component.spec,
          owner: ownerRef,
          system: systemRef,
          providesApis: [`api:default/${service.name}-api`],
          consumesApis: consumes,
          dependsOn,
        },
      },
      {
        ...generated.api,
        metadata: {
          ...generated.api.metadata,
          name: `${service.name}-api`,
          description: `The HTTP API of ${service.name}.`,
        },
        // Inline: a file location cannot resolve the blueprint's `$text: ./openapi.yaml`.
        spec: {
          ...generated.api.spec,
          owner: ownerRef,
          system: systemRef,
          definition: generated.openApi,
        },
      },
      {
        ...generated.resource,
        metadata: {
          ...generated.resource.metadata,
          name: `${service.name}${storeSuffix}`,
          description: `Owned and written only by ${service.name}.`,
          annotations: {
            ...generated.resource.metadata.annotations,
            'commerce.platform/azure-resource-group': `rg-${service.name}`,
            'commerce.platform/cost-center': `cc-${service.owner}`,
          },
        },
        spec: {
          ...generated.resource.spec,
          owner: ownerRef,
          system: systemRef,
        },
      },
    );
  });
  for (const [system, docs] of bySystem) {
    write(`${system}.yaml`, docs);
  }

  const root = path.join(directory, 'all.yaml');
  fs.writeFileSync(
    root,
    stringify({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Location',
      metadata: { name: 'scale-benchmark' },
      spec: { targets: files },
    }),
  );
  return { root, services, systems, teams };
}

/** A request a page makes, for the service, System or team `i`. */
interface Call {
  group: 'entity page' | 'project lists' | 'stock catalog';
  label: string;
  request(i: number): { path: string; body?: unknown };
}

function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(
      sorted.length - 1,
      Math.max(0, Math.ceil((p / 100) * sorted.length) - 1),
    )
  ]!;
}

/**
 * Sends requests as a browser does (gzip accepted, keep-alive), timed until the last byte
 * arrives; decompressing and parsing are the client's work and left out.
 */
class Client_ {
  readonly agent: http.Agent;
  constructor(private readonly backend: PortalBackend, sockets: number) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  }

  send(
    urlPath: string,
    body?: unknown,
  ): Promise<{ ms: number; status: number; bytes: number; text: string }> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request(
        `${this.backend.baseUrl}${urlPath}`,
        {
          agent: this.agent,
          method: payload === undefined ? 'GET' : 'POST',
          headers: {
            authorization: `Bearer ${this.backend.token}`,
            accept: 'application/json',
            'accept-encoding': 'gzip',
            ...(payload !== undefined && {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(payload),
            }),
          },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', c => chunks.push(c));
          res.on('end', () => {
            const ms = performance.now() - started;
            const raw = Buffer.concat(chunks);
            const status = res.statusCode ?? 0;
            resolve({
              ms,
              status,
              bytes: raw.length,
              // Only error bodies are read (to report them), never on the timed path.
              text:
                status >= 400 && res.headers['content-encoding'] !== 'gzip'
                  ? raw.toString('utf8').slice(0, 500)
                  : '',
            });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }
}

interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  bytes: number;
  errors: string[];
}

async function measure(options: {
  client: Client_;
  call: Call;
  indexes: () => number;
  requests: number;
  concurrency: number;
  maxSeconds: number;
}): Promise<Stats> {
  const { client, call, indexes, requests, concurrency, maxSeconds } = options;
  const deadline = Date.now() + maxSeconds * 1000;
  const times: number[] = [];
  const errors: string[] = [];
  let bytes = 0;
  let sent = 0;
  const worker = async () => {
    // At least 10 samples, then until the count or the time runs out.
    while (sent < requests && (sent < 10 || Date.now() < deadline)) {
      sent++;
      const { path: urlPath, body } = call.request(indexes());
      const res = await client.send(urlPath, body);
      if (res.status !== 200) {
        errors.push(`${res.status} ${urlPath}: ${res.text}`);
        continue;
      }
      times.push(res.ms);
      bytes = Math.max(bytes, res.bytes);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const sorted = times.sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: sorted.length ? percentile(sorted, 50) : NaN,
    p95: sorted.length ? percentile(sorted, 95) : NaN,
    p99: sorted.length ? percentile(sorted, 99) : NaN,
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
    bytes,
    errors,
  };
}

function kindCounts(body: any): Record<string, number> {
  return Object.fromEntries(
    (body?.facets?.kind ?? []).map((f: any) => [f.value, f.count]),
  );
}

async function describeDatabase(database: TestDatabase): Promise<string> {
  if (database.client !== 'pg') {
    return 'SQLite in memory (better-sqlite3); set POSTGRES_HOST for PostgreSQL';
  }
  return describePostgres(database);
}

/**
 * How many entities the catalog should have refreshed by now and has not: when it keeps
 * growing, the processing loop cannot keep up with `catalog.processingInterval` and is busy all
 * the time (PostgreSQL only; undefined on SQLite).
 */
async function processingBacklog(
  database: TestDatabase,
  prefix: string | undefined,
): Promise<number | undefined> {
  if (database.client !== 'pg' || !prefix) return undefined;
  const client = new Client({
    host: database.host,
    port: database.port,
    user: database.user,
    password: database.password,
    database: `${prefix}catalog`,
  });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>(
      'SELECT count(*) FROM refresh_state WHERE next_update_at <= now()',
    );
    return Number(rows[0]?.count);
  } finally {
    await client.end();
  }
}

function fmt(ms: number): string {
  if (Number.isNaN(ms)) return '–';
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(1);
}

async function main() {
  const { values } = parseArgs({
    options: {
      components: { type: 'string', default: '10000' },
      requests: { type: 'string', default: '200' },
      concurrency: { type: 'string', default: '4' },
      'max-seconds': { type: 'string', default: '60' },
      'processing-interval-minutes': { type: 'string', default: '3' },
      'ingest-timeout-minutes': { type: 'string', default: '45' },
      keep: { type: 'string' },
      drop: { type: 'string' },
    },
  });
  const components = Number(values.components);
  const requests = Number(values.requests);
  const concurrency = Number(values.concurrency);
  const maxSeconds = Number(values['max-seconds']);
  const dbs = availableTestDatabases();
  const database = dbs[dbs.length - 1]!;
  const kept = values.keep ?? values.drop;
  if (kept !== undefined) {
    if (!/^[a-z0-9_]+$/.test(kept) || database.client !== 'pg') {
      throw new Error(
        '--keep/--drop take a name of lower-case letters, digits and _, and need POSTGRES_HOST',
      );
    }
  }
  const keptPrefix = kept && `bench_scale_${kept}_`;
  if (values.drop && database.client === 'pg') {
    await dropTestDatabases(database, keptPrefix!);
    fs.rmSync(path.join(os.tmpdir(), `bench-scale-${kept}`), {
      recursive: true,
      force: true,
    });
    console.log(`dropped ${keptPrefix}* and its files`);
    return;
  }

  const work = kept
    ? path.join(os.tmpdir(), `bench-scale-${kept}`)
    : fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scale-'));
  const repositories = path.join(work, 'repositories');
  const catalogDir = path.join(work, 'catalog');
  const reused = Boolean(kept) && fs.existsSync(catalogDir);
  if (!reused) {
    fs.mkdirSync(repositories, { recursive: true });
    fs.mkdirSync(catalogDir, { recursive: true });
  }
  let backend: (PortalBackend & { databasePrefix?: string }) | undefined;
  const stop = async () => {
    await backend?.stop();
    backend = undefined;
    if (!kept) fs.rmSync(work, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    stop().finally(() => process.exit(130));
  });

  try {
    console.log(
      `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(
        os.totalmem() /
        2 ** 30
      ).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`,
    );
    console.log(`database: ${await describeDatabase(database)}`);
    console.log(`date: ${new Date().toISOString()}`);

    let started = Date.now();
    // Generated again when reused: deterministic, and the files keep their paths.
    const kinds = generateKinds(repositories);
    const { root, services, systems, teams } = writeCatalog({
      directory: catalogDir,
      components,
      kinds,
    });
    console.log(
      `generated: ${components} components, ${components} APIs, ${components} resources, ${
        systems.length
      } systems, ${teams.length + 1} groups, 1000 users in ${
        systems.length + 2
      } files; files from the blueprint's ${kinds
        .map(k => k.kind)
        .join(', ')} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );

    started = Date.now();
    if (reused) {
      console.log(`reusing ${keptPrefix}* (ingested by an earlier run)`);
    }
    backend = await startPortalBackend({
      database,
      ...(keptPrefix && { databasePrefix: keptPrefix }),
      timeoutMs: 180_000,
      config: {
        'catalog.locations': [
          // The portal's own catalog (the commerce domain, the platform System the cost
          // feature's shared platform belongs to), then the generated one.
          { type: 'file', target: path.join(repoRoot, 'catalog-info.yaml') },
          { type: 'file', target: root },
        ],
        'catalog.processingInterval': {
          minutes: Number(values['processing-interval-minutes']),
        },
        'commerce.publish.local.directory': repositories,
      },
    });
    console.log(
      `backend ready: ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    // Ingested = every generated entity is stitched and so counted by the facets endpoint.
    const ingestDeadline =
      Date.now() + Number(values['ingest-timeout-minutes']) * 60_000;
    let lastPrint = 0;
    for (;;) {
      const { status, body } = await backend.getJson(
        '/api/catalog/entity-facets?facet=kind',
      );
      const counts = status === 200 ? kindCounts(body) : {};
      const done =
        (counts.Component ?? 0) >= components + 1 &&
        (counts.API ?? 0) >= components &&
        (counts.Resource ?? 0) >= components &&
        (counts.System ?? 0) >= systems.length &&
        (counts.Group ?? 0) >= teams.length + 1 &&
        (counts.User ?? 0) >= 1000;
      const elapsed = (Date.now() - started) / 1000;
      if (done || Date.now() - lastPrint > 30_000) {
        lastPrint = Date.now();
        console.log(
          `  ${elapsed.toFixed(0)} s: ${Object.entries(counts)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}`,
        );
      }
      if (done) {
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        console.log(
          `ingested: ${total} entities in ${elapsed.toFixed(
            0,
          )} s from start (${(total / elapsed).toFixed(0)} entities/s)`,
        );
        break;
      }
      if (Date.now() > ingestDeadline) {
        throw new Error(
          `the catalog did not ingest everything in time: ${JSON.stringify(
            counts,
          )}\n${backend.output().slice(-4000)}`,
        );
      }
      await new Promise(r => setTimeout(r, 2000));
    }

    if (database.client === 'pg' && backend.databasePrefix) {
      await vacuumAnalyze(database, backend.databasePrefix);
    }

    // The cost overview is computed in the background and served for a minute: wait until it
    // covers the whole catalog, so neither the review below nor the timings use a partial one.
    started = Date.now();
    for (;;) {
      const { body } = await backend.getJson('/api/cost/v1/overview');
      const covered = (body?.systems ?? []).reduce(
        (n: number, s: any) => n + (s.services?.length ?? 0),
        0,
      );
      if (covered >= components) {
        console.log(
          `cost overview covers all ${covered} services after ${(
            (Date.now() - started) /
            1000
          ).toFixed(1)} s`,
        );
        break;
      }
      if (Date.now() - started > 300_000) {
        throw new Error(`the cost overview covers only ${covered} services`);
      }
      await new Promise(r => setTimeout(r, 2000));
    }

    // The review's snapshot was built while the catalog was still filling: rebuild it on the
    // whole catalog, as its 5-minute refresh would.
    started = Date.now();
    const refresh = await backend.postJson(
      '/api/platform-review/v1/refresh',
      {},
    );
    console.log(
      `platform review refresh: ${refresh.status} in ${(
        (Date.now() - started) /
        1000
      ).toFixed(1)} s${
        refresh.body?.phasesMs
          ? ` (${Object.entries(refresh.body.phasesMs)
              .map(([k, v]) => `${k} ${v} ms`)
              .join(', ')})`
          : ''
      }`,
    );

    const name = (i: number) => services[i % services.length]!;
    const entityPath = (i: number) => `component/default/${name(i).name}`;
    const calls: Call[] = [
      {
        group: 'entity page',
        label: 'catalog: entity by name',
        request: i => ({
          path: `/api/catalog/entities/by-name/${entityPath(i)}`,
        }),
      },
      {
        group: 'entity page',
        label: 'catalog: ancestry (processing errors)',
        request: i => ({
          path: `/api/catalog/entities/by-name/${entityPath(i)}/ancestry`,
        }),
      },
      {
        group: 'entity page',
        label: 'catalog: by-refs, relation warning',
        request: i => ({
          path: '/api/catalog/entities/by-refs',
          body: {
            entityRefs: name(i).relationTargets,
            fields: ['kind', 'metadata.name', 'metadata.namespace'],
          },
        }),
      },
      {
        group: 'entity page',
        label: 'catalog: by-refs, entity presentation',
        request: i => ({
          path: '/api/catalog/entities/by-refs',
          body: {
            entityRefs: name(i).relationTargets,
            fields: [
              'kind',
              'metadata.name',
              'metadata.namespace',
              'metadata.title',
              'metadata.description',
              'spec.profile.displayName',
              'spec.type',
            ],
          },
        }),
      },
      {
        group: 'entity page',
        label: 'catalog: parent System (breadcrumb)',
        request: i => ({
          path: `/api/catalog/entities/by-name/system/default/${
            name(i).system
          }`,
        }),
      },
      {
        group: 'entity page',
        label: 'slo: entity report',
        request: i => ({ path: `/api/slo/v1/entities/${entityPath(i)}` }),
      },
      {
        group: 'entity page',
        label: 'cost: entity report',
        request: i => ({ path: `/api/cost/v1/entities/${entityPath(i)}` }),
      },
      {
        group: 'entity page',
        label: 'rollout: entity report',
        request: i => ({ path: `/api/rollout/v1/entities/${entityPath(i)}` }),
      },
      {
        group: 'entity page',
        label: 'platform-review: entity decisions',
        request: i => ({
          path: `/api/platform-review/v1/entities/${entityPath(i)}/decisions`,
        }),
      },
      {
        group: 'project lists',
        label: 'cost: overview, unfiltered (the review reads it)',
        request: () => ({ path: '/api/cost/v1/overview' }),
      },
      {
        group: 'project lists',
        label: 'cost: System card (overview?system=)',
        request: i => ({
          path: `/api/cost/v1/overview?system=${encodeURIComponent(
            `system:default/${systems[i % systems.length]}`,
          )}`,
        }),
      },
      {
        group: 'project lists',
        label: 'cost: team card (overview?group=)',
        request: i => ({
          path: `/api/cost/v1/overview?group=${encodeURIComponent(
            `group:default/${teams[i % teams.length]}`,
          )}`,
        }),
      },
      {
        group: 'project lists',
        label: 'platform-review: review, unfiltered',
        request: () => ({ path: '/api/platform-review/v1/review' }),
      },
      {
        group: 'project lists',
        label: 'platform-review: review by System',
        request: i => ({
          path: `/api/platform-review/v1/review?system=system:default/${
            systems[i % systems.length]
          }`,
        }),
      },
      {
        group: 'stock catalog',
        label: 'catalog table: by-query kind=component, 20',
        request: () => ({
          path: `/api/catalog/entities/by-query?filter=kind%3Dcomponent&limit=20&orderField=metadata.name%2Casc`,
        }),
      },
      {
        group: 'stock catalog',
        label: 'catalog table: by-query owned by a team, 20',
        request: i => ({
          path: `/api/catalog/entities/by-query?filter=${encodeURIComponent(
            `kind=component,relations.ownedBy=group:default/${
              teams[i % teams.length]
            }`,
          )}&limit=20&orderField=metadata.name%2Casc`,
        }),
      },
      {
        group: 'stock catalog',
        label: 'catalog: entity-facets kind',
        request: () => ({ path: '/api/catalog/entity-facets?facet=kind' }),
      },
      {
        group: 'stock catalog',
        label: 'catalog: entity-facets spec.type of components',
        request: () => ({
          path: '/api/catalog/entity-facets?facet=spec.type&filter=kind%3Dcomponent',
        }),
      },
      {
        group: 'stock catalog',
        label: 'by-refs, a full presentation batch (100 refs)',
        request: i => ({
          path: '/api/catalog/entities/by-refs',
          body: {
            entityRefs: Array.from(
              { length: 100 },
              (_, k) => `component:default/${name(i + k * 97).name}`,
            ),
            fields: [
              'kind',
              'metadata.name',
              'metadata.namespace',
              'metadata.title',
              'metadata.description',
              'spec.profile.displayName',
              'spec.type',
            ],
          },
        }),
      },
      {
        group: 'stock catalog',
        label: 'System page: by-refs hasPart (whole entities)',
        request: i => {
          const system = systems[i % systems.length]!;
          const parts = services.filter(s => s.system === system);
          return {
            path: '/api/catalog/entities/by-refs',
            body: {
              entityRefs: parts.map(s => `component:default/${s.name}`),
            },
          };
        },
      },
    ];

    // The calls must answer what a page gets, or the timings measure empty answers.
    for (const call of calls.filter(c => c.request(0).body)) {
      const { path: urlPath, body } = call.request(1);
      const { status, body: answer } = await backend.postJson(urlPath, body);
      const found = (answer?.items ?? []).filter(Boolean).length;
      if (status !== 200 || found !== (body as any).entityRefs.length) {
        throw new Error(
          `${call.label}: ${status}, ${found} of ${
            (body as any).entityRefs.length
          } entities found`,
        );
      }
    }

    const backlogBefore = await processingBacklog(
      database,
      backend.databasePrefix,
    );
    const measuringSince = Date.now();
    const rand = seededRandom(12).next;
    const pick = () => Math.floor(rand() * components);
    const rows: string[] = [];
    const header = `| ${'call'.padEnd(
      48,
    )} | ${'sequential n, p50 / p95 / p99 ms'.padEnd(
      34,
    )} | ${`${concurrency} at a time n, p50 / p95 / p99 ms`.padEnd(
      34,
    )} | gzipped |`;
    const allErrors: string[] = [];
    for (const call of calls) {
      const client = new Client_(backend, concurrency);
      // Warm-up: JIT, connection pools, first-read caches.
      for (let w = 0; w < 3; w++) {
        const { path: urlPath, body } = call.request(pick());
        await client.send(urlPath, body);
      }
      const sequential = await measure({
        client,
        call,
        indexes: pick,
        requests,
        concurrency: 1,
        maxSeconds,
      });
      const concurrent = await measure({
        client,
        call,
        indexes: pick,
        requests,
        concurrency,
        maxSeconds,
      });
      client.agent.destroy();
      const cell = (s: Stats) =>
        `${String(s.n).padStart(3)}, ${fmt(s.p50)} / ${fmt(s.p95)} / ${fmt(
          s.p99,
        )}`.padEnd(34);
      const row = `| ${`${call.group}: ${call.label}`.padEnd(48)} | ${cell(
        sequential,
      )} | ${cell(concurrent)} | ${(
        Math.max(sequential.bytes, concurrent.bytes) / 1024
      ).toFixed(1)} KiB |`;
      rows.push(row);
      console.log(row);
      allErrors.push(...sequential.errors, ...concurrent.errors);
    }
    const backlogAfter = await processingBacklog(
      database,
      backend.databasePrefix,
    );
    if (backlogBefore !== undefined) {
      console.log(
        `\ncatalog processing backlog (entities overdue for their refresh): ${backlogBefore} when the timings started, ${backlogAfter} ${(
          (Date.now() - measuringSince) /
          60_000
        ).toFixed(1)} min later (processing interval ${
          values['processing-interval-minutes']
        } min)`,
      );
    }
    console.log('');
    console.log(header);
    console.log(
      `|${'-'.repeat(50)}|${'-'.repeat(36)}|${'-'.repeat(36)}|---------|`,
    );
    for (const row of rows) console.log(row);

    // Every EntityRefLink a page renders asks the entity presentation API, which batches them
    // into by-refs requests of at most 100 refs: the review page's links, counted.
    const review = await backend.getJson('/api/platform-review/v1/review');
    const refs = new Set(
      JSON.stringify(review.body).match(
        /\b(?:component|resource|api|system|group|user|domain):[a-z0-9-]+\/[a-z0-9._-]+/g,
      ) ?? [],
    );
    console.log(
      `\nthe unfiltered review names ${
        refs.size
      } distinct entities: rendered as links, ${Math.ceil(
        refs.size / 100,
      )} by-refs requests of 100 from the entity presentation API`,
    );
    if (allErrors.length) {
      console.log(`\n${allErrors.length} failed requests, first ones:`);
      for (const e of [...new Set(allErrors)].slice(0, 5))
        console.log(`  ${e}`);
      process.exitCode = 1;
    }
  } finally {
    await stop();
  }
}

main().catch(error => {
  console.error(`bench:scale: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
});
