/*
 * Benchmark: the platform review over a large catalog. Prints the refresh time (first, and again
 * with every file unchanged), how long the event loop was held up while each refresh ran (the
 * backend answers nothing meanwhile), and the latency of GET /api/platform-review/v1/review,
 * unfiltered and filtered by System or team; the target is p95 under 100 ms with 10,000
 * components and 2,000 resources. Prints numbers only.
 *
 * The catalog is catalogServiceMock (in memory, paging like the catalog's HTTP API: see
 * pagedCatalog) fed with generated entities carrying the relations the real catalog would
 * derive: ingesting tens of thousands of entities through the real catalog's processing loop
 * takes far longer than the review itself and measures the catalog, not the review. Everything else is real: the plugin in a test backend, each service's
 * OpenSLO file read from a local repository through the local repositories URL reader, decision
 * folders read as trees, the cost overview asked over HTTP (from a stand-in cost plugin).
 *
 *   yarn bench:review [--components 10000] [--resources 2000] [--requests 300]
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  type CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import localRepositoriesReader from '@internal/plugin-local-repositories-backend';
import platformReviewPlugin from '@internal/plugin-platform-review-backend';
import { seededRandom, withCatalogRelations } from '@internal/test-utils';

const pad = (n: number) => String(n).padStart(5, '0');

function openSlo(name: string, target: number): string {
  return `apiVersion: openslo/v1
kind: SLO
metadata:
  name: ${name}-availability
spec:
  service: ${name}
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 28d
      isRolling: true
  indicator:
    metadata:
      name: ${name}-success-ratio
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total{service="${name}",status_code!~"5.."}[{{.window}}]))
        total:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total{service="${name}"}[{{.window}}]))
  objectives:
    - displayName: Available
      target: ${target}
`;
}

function decision(n: number, deferred: boolean): string {
  return deferred
    ? `---
status: deferred
date: 2026-01-15
decision-makers: [platform-team]
revisit-trigger: more than 10 services in the catalog
revisit-by: ${n % 2 ? '2026-03-31' : '2027-12-31'}
---

# Defer option ${n}
`
    : `---
status: accepted
date: 2026-01-15
decision-makers: [platform-team]
---

# Decision ${n}
`;
}

/**
 * A catalog of `components` services in 100 Systems owned by 200 teams, every service with an
 * API and an OpenSLO file in its repository, `resources` data stores (one per service at most),
 * services consuming 0–3 other services' APIs, a few reading another team's data store, one in
 * a hundred calling a service of lower availability, one in twenty generated from an older
 * blueprint, and one in a hundred with a decisions folder (three records, one deferred).
 */
function generateCatalog(options: {
  components: number;
  resources: number;
  repositories: string;
}): { entities: Entity[]; files: number } {
  const rand = seededRandom(7).next;
  const teams = Array.from({ length: 200 }, (_, i) => `team-${pad(i)}`);
  const systems = Array.from({ length: 100 }, (_, i) => `system-${pad(i)}`);
  const entities: Entity[] = [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'engineering' },
      spec: { type: 'organization', children: teams },
    },
    ...teams.map(
      (name): Entity => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name },
        spec: { type: 'team', parent: 'engineering', children: [] },
      }),
    ),
    ...Array.from(
      { length: 1000 },
      (_, i): Entity => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: `user-${pad(i)}` },
        spec: { memberOf: [`group:default/${teams[i % teams.length]}`] },
      }),
    ),
    ...systems.map(
      (name, i): Entity => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'System',
        metadata: {
          name,
          annotations: { 'commerce.platform/monthly-budget-usd': '20000' },
        },
        spec: { owner: `group:default/${teams[(i * 2) % teams.length]}` },
      }),
    ),
  ];

  // Every components/resources-th service owns a data store, so there are `resources` of them.
  const storeEvery = Math.max(
    1,
    Math.floor(options.components / options.resources),
  );
  const services = Array.from({ length: options.components }, (_, i) => {
    const system = i % systems.length;
    return {
      name: `svc-${pad(i)}`,
      // Two teams per System; a team's services stay in its System.
      owner: teams[(system * 2 + (i % 2)) % teams.length]!,
      system: systems[system]!,
      store:
        i % storeEvery === 0 && i / storeEvery < options.resources
          ? `svc-${pad(i)}-db`
          : undefined,
    };
  });
  const withStores = services.filter(s => s.store);
  const availabilityOf = (i: number) => [0.999, 0.9995, 0.9999][i % 3]!;
  let files = 0;
  services.forEach((service, i) => {
    const repo = path.join(options.repositories, service.name);
    fs.mkdirSync(repo, { recursive: true });
    fs.writeFileSync(
      path.join(repo, 'openslo.yaml'),
      openSlo(service.name, availabilityOf(i)),
    );
    files++;
    const hasDecisions = rand() < 0.01;
    if (hasDecisions) {
      fs.mkdirSync(path.join(repo, 'docs/decisions'), { recursive: true });
      for (let n = 1; n <= 3; n++) {
        fs.writeFileSync(
          path.join(repo, `docs/decisions/000${n}-decision.md`),
          decision(n, n === 3),
        );
        files++;
      }
    }
    // Hard dependencies count in series, so services call only 99.99 % services and the
    // 99.99 % ones call none; one in a hundred calls a weaker one anyway (an SLO its
    // dependencies cannot support).
    const calls = availabilityOf(i) === 0.9999 ? 0 : Math.floor(rand() * 4);
    const consumes = Array.from({ length: calls }, () => {
      let j = Math.floor(rand() * services.length);
      if (i % 100 !== 1) {
        while (availabilityOf(j) < 0.9999) j = (j + 1) % services.length;
      }
      return `api:default/${services[j]!.name}-api`;
    }).filter(api => api !== `api:default/${service.name}-api`);
    const dependsOn = service.store
      ? [`resource:default/${service.store}`]
      : [];
    // A few boundary violations: one service in 500 reads another team's data store.
    if (i % 500 === 250) {
      const foreign = withStores[Math.floor(rand() * withStores.length)]!;
      if (foreign.owner !== service.owner) {
        dependsOn.push(`resource:default/${foreign.store}`);
      }
    }
    const outdated = rand() < 0.05;
    const location = `url:${
      pathToFileURL(path.join(repo, 'catalog-info.yaml')).href
    }`;
    entities.push(
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: service.name,
          annotations: {
            'backstage.io/managed-by-location': location,
            'commerce.platform/slo-file': 'openslo.yaml',
            'commerce.platform/monthly-budget-usd': '150',
            'commerce.platform/blueprint-version': outdated ? '0.0.9' : '0.1.0',
            'commerce.platform/service-kind': 'order',
            ...(hasDecisions
              ? { 'backstage.io/adr-location': 'docs/decisions' }
              : {}),
          },
        },
        spec: {
          type: 'service',
          lifecycle: 'production',
          owner: `group:default/${service.owner}`,
          system: `system:default/${service.system}`,
          providesApis: [`api:default/${service.name}-api`],
          consumesApis: [...new Set(consumes)],
          dependsOn,
        },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'API',
        metadata: { name: `${service.name}-api` },
        spec: {
          type: 'openapi',
          lifecycle: 'production',
          owner: `group:default/${service.owner}`,
          system: `system:default/${service.system}`,
          definition: 'openapi: 3.0.3',
        },
      },
    );
    if (service.store) {
      entities.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        // A managed database's SLA, so the SLO analysis can count it.
        metadata: {
          name: service.store,
          annotations: { 'commerce.platform/availability-sla': '99.99' },
        },
        spec: {
          type: 'database',
          owner: `group:default/${service.owner}`,
          system: `system:default/${service.system}`,
        },
      });
    }
  });
  return { entities: withCatalogRelations(entities), files };
}

/** `entity` with only the dotted `fields` (as the catalog's `fields` parameter selects them). */
function selectFields(entity: Entity, fields: readonly string[]): Entity {
  const selected: Record<string, any> = {};
  for (const field of fields) {
    const keys = field.split('.');
    let from: any = entity;
    for (const key of keys) from = from?.[key];
    if (from === undefined) continue;
    let to = selected;
    for (const key of keys.slice(0, -1)) to = to[key] ??= {};
    to[keys[keys.length - 1]!] = from;
  }
  return selected as Entity;
}

/**
 * The in-memory catalog, except that `streamEntities` pages the way the catalog's HTTP API does
 * for the review's reads (a kind filter and `fields`): each page is JSON that the backend parses
 * (what the catalog client does with a response), one page per event-loop turn.
 * InMemoryCatalogClient filters every entity again, synchronously, for each page (seconds of a
 * blocked event loop at this size): that is the mock's cost, not the review's, and it would
 * drown the event-loop delay this benchmark measures.
 */
function pagedCatalog(entities: Entity[]): CatalogService {
  const catalog = catalogServiceMock({ entities });
  catalog.streamEntities = async function* streamEntities(request) {
    const filter = request?.filter;
    const kinds = new Set(
      [(Array.isArray(filter) ? filter[0] : filter)?.kind ?? []]
        .flat()
        .map(kind => String(kind).toLocaleLowerCase('en-US')),
    );
    const matching = entities.filter(
      entity =>
        kinds.size === 0 || kinds.has(entity.kind.toLocaleLowerCase('en-US')),
    );
    const pageSize = request?.pageSize ?? 500;
    for (let i = 0; i < matching.length; i += pageSize) {
      const page = matching
        .slice(i, i + pageSize)
        .map(entity =>
          request?.fields ? selectFields(entity, request.fields) : entity,
        );
      const body = JSON.stringify({ items: page });
      await new Promise(resolve => setImmediate(resolve));
      yield JSON.parse(body).items as Entity[];
    }
  };
  return catalog;
}

/** A stand-in cost backend answering the overview for the generated Systems and teams. */
function fakeCostPlugin(systems: string[], teams: string[]) {
  const overview = {
    platform: {
      kind: 'estimate',
      sharedUsd: 1800,
      servicesUsd: 1_500_000,
      totalUsd: 1_501_800,
      budgetUsd: 3000,
    },
    systems: systems.map((ref, i) => ({
      entityRef: ref,
      kind: 'estimate',
      monthlyUsd: 15_000 + (i % 10) * 1000,
      budgetUsd: 20_000,
      services: [],
      problems: [],
    })),
    groups: teams.map(ref => ({
      entityRef: ref,
      kind: 'estimate',
      monthlyUsd: 7_500,
      services: [],
      problems: [],
    })),
    problems: [],
  };
  return createBackendPlugin({
    pluginId: 'cost',
    register(env) {
      env.registerInit({
        deps: { httpRouter: coreServices.httpRouter },
        async init({ httpRouter }) {
          httpRouter.use((req, res, next) =>
            req.path === '/v1/overview' ? res.json(overview) : next(),
          );
        },
      });
    },
  });
}

/**
 * GET as a browser does it (gzip accepted, connection kept alive), timed until the last byte
 * arrives; decompressing and parsing are the client's work and are left out of the timing.
 */
function getRaw(
  url: string,
  agent: http.Agent,
): Promise<{ status: number; encoding?: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers: { 'accept-encoding': 'gzip' } }, res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            encoding: res.headers['content-encoding'],
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ]!;
}

function describeLatencies(label: string, ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  return `${label.padEnd(12)} n=${String(sorted.length).padStart(
    3,
  )}  p50 ${percentile(sorted, 50).toFixed(1)} ms  p95 ${percentile(
    sorted,
    95,
  ).toFixed(1)} ms  p99 ${percentile(sorted, 99).toFixed(1)} ms  max ${sorted[
    sorted.length - 1
  ]!.toFixed(1)} ms`;
}

/**
 * How long the event loop was held up while `work` ran: the backend and this client share the
 * process, so a refresh that blocks it delays every request the backend serves meanwhile.
 * Sampled every 5 ms; the histogram's values are the delays beyond that.
 */
async function withEventLoopDelay<T>(
  work: () => Promise<T>,
): Promise<{ result: T; delay: string }> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  try {
    const result = await work();
    histogram.disable();
    const ms = (ns: number) => `${(ns / 1e6).toFixed(1)} ms`;
    return {
      result,
      delay: `event loop delay p50 ${ms(histogram.percentile(50))}, p99 ${ms(
        histogram.percentile(99),
      )}, max ${ms(histogram.max)} (${histogram.count} samples)`,
    };
  } finally {
    histogram.disable();
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      components: { type: 'string', default: '10000' },
      resources: { type: 'string', default: '2000' },
      requests: { type: 'string', default: '300' },
    },
  });
  const components = Number(values.components);
  const resources = Number(values.resources);
  const requests = Number(values.requests);
  const repositories = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-review-'));
  try {
    let started = Date.now();
    const { entities, files } = generateCatalog({
      components,
      resources,
      repositories,
    });
    const count = (kind: string) =>
      entities.filter(e => e.kind === kind).length;
    console.log(
      `catalog: ${count('Component')} components, ${count(
        'Resource',
      )} resources, ${count('API')} APIs, ${count('System')} systems, ${count(
        'Group',
      )} groups, ${count(
        'User',
      )} users; ${files} repository files (generated in ${(
        (Date.now() - started) /
        1000
      ).toFixed(1)} s)`,
    );
    const systems = entities
      .filter(e => e.kind === 'System')
      .map(e => `system:default/${e.metadata.name}`);
    const teams = entities
      .filter(e => e.kind === 'Group' && e.metadata.name !== 'engineering')
      .map(e => `group:default/${e.metadata.name}`);

    // The review's database (it stores its snapshots there), SQLite in memory, opened here to be
    // closed at the end: the backend's shutdown leaves SQLite connections open (DatabaseManager
    // skips them), and their pool's and keepalive's timers would keep this process alive.
    const shutdownHooks: (() => Promise<void> | void)[] = [];
    const knex = await DatabaseManager.fromConfig(
      new ConfigReader({
        backend: {
          database: { client: 'better-sqlite3', connection: ':memory:' },
        },
      }),
      {
        rootLifecycle: {
          addStartupHook() {},
          addBeforeShutdownHook() {},
          addShutdownHook(hook) {
            shutdownHooks.push(hook);
          },
        },
      },
    )
      .forPlugin('platform-review', {
        logger: mockServices.rootLogger({ level: 'warn' }),
        lifecycle: { addStartupHook() {}, addShutdownHook() {} },
      })
      .getClient();
    const backend = await startTestBackend({
      features: [
        mockServices.database.factory({ knex }),
        platformReviewPlugin,
        localRepositoriesReader,
        fakeCostPlugin(systems, teams),
        mockServices.rootConfig.factory({
          data: {
            commerce: { publish: { local: { directory: repositories } } },
          },
        }),
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => pagedCatalog(entities),
        }),
      ],
    });
    const base = `http://localhost:${backend.server.port()}/api/platform-review`;

    for (const label of ['first refresh', 'second refresh (files unchanged)']) {
      started = Date.now();
      const { result: response, delay } = await withEventLoopDelay(() =>
        fetch(`${base}/v1/refresh`, { method: 'POST' }),
      );
      const summary = await response.json();
      if (!response.ok) {
        throw new Error(
          `refresh answered ${response.status}: ${JSON.stringify(summary)}`,
        );
      }
      console.log(
        `${label}: ${summary.durationMs} ms (${
          Date.now() - started
        } ms wall) — ${summary.entityCount} entities, ${
          summary.findingCount
        } findings, ${summary.decisionCount} decisions, ${
          summary.problems.length
        } problems`,
      );
      const phases = Object.entries(summary.phasesMs as Record<string, number>)
        .map(([phase, ms]) => `${phase} ${ms} ms`)
        .join(', ');
      console.log(`  phases: ${phases}`);
      console.log(`  while it ran: ${delay}`);
      for (const problem of summary.problems.slice(0, 3)) {
        console.log(`  problem: ${problem}`);
      }
    }

    // One keep-alive connection, as a browser tab has.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const rand = seededRandom(11).next;
    const kinds = ['unfiltered', 'system', 'team', 'system+team'] as const;
    const latencies: Record<(typeof kinds)[number], number[]> = {
      unfiltered: [],
      system: [],
      team: [],
      'system+team': [],
    };
    const sizes: Record<string, number> = {};
    const findings: Record<string, number> = {};
    for (let i = 0; i < requests; i++) {
      // A third unfiltered, a third by System, a quarter by team, the rest both.
      const r = rand();
      let kind: (typeof kinds)[number] = 'system+team';
      if (r < 1 / 3) kind = 'unfiltered';
      else if (r < 2 / 3) kind = 'system';
      else if (r < 11 / 12) kind = 'team';
      const systemIndex = Math.floor(rand() * systems.length);
      const params = new URLSearchParams();
      if (kind === 'system' || kind === 'system+team') {
        params.set('system', systems[systemIndex]!);
      }
      if (kind === 'team' || kind === 'system+team') {
        // In "system+team", one of the System's two teams.
        params.set(
          'team',
          kind === 'team'
            ? teams[Math.floor(rand() * teams.length)]!
            : teams[(systemIndex * 2 + (i % 2)) % teams.length]!,
        );
      }
      const query = params.size ? `?${params}` : '';
      const t0 = performance.now();
      const response = await getRaw(`${base}/v1/review${query}`, agent);
      latencies[kind].push(performance.now() - t0);
      // Decoded only when looked at: the client shares this process with the backend, and
      // unzipping megabytes per answer would add its garbage collection to the timings.
      const text = () =>
        (response.encoding === 'gzip'
          ? gunzipSync(response.body)
          : response.body
        ).toString('utf8');
      if (response.status !== 200) {
        throw new Error(
          `GET /v1/review${query} answered ${response.status}: ${text()}`,
        );
      }
      if (sizes[kind] === undefined) {
        sizes[kind] = response.body.length;
        const review = JSON.parse(text());
        findings[kind] = review.findings.length;
        if (kind === 'unfiltered') {
          const byRule = new Map<string, number>();
          for (const finding of review.findings) {
            byRule.set(finding.rule, (byRule.get(finding.rule) ?? 0) + 1);
          }
          console.log(
            `findings by rule: ${[...byRule]
              .map(([rule, n]) => `${rule} ${n}`)
              .join(', ')}`,
          );
        }
      }
    }
    console.log(`GET /v1/review, ${requests} requests one after another:`);
    console.log(describeLatencies('all', Object.values(latencies).flat()));
    for (const kind of kinds) {
      if (latencies[kind].length === 0) continue;
      console.log(
        `${describeLatencies(kind, latencies[kind])}  (${(
          sizes[kind]! / 1024
        ).toFixed(0)} KiB gzipped, ${
          findings[kind]
        } findings in the first answer)`,
      );
    }
    // What the review page reads instead of the whole review: the summary, which carries
    // counts in place of the per-service lists (target: a few KiB, no per-service arrays).
    for (const query of ['', `?team=${encodeURIComponent(teams[0]!)}`]) {
      const summary = await getRaw(`${base}/v1/review/summary${query}`, agent);
      const text = (
        summary.encoding === 'gzip' ? gunzipSync(summary.body) : summary.body
      ).toString('utf8');
      if (summary.status !== 200) {
        throw new Error(
          `GET /v1/review/summary${query} answered ${summary.status}: ${text}`,
        );
      }
      const parts = Object.entries(JSON.parse(text))
        .map(([key, value]) => {
          const size = JSON.stringify(value).length;
          const rows = Array.isArray(value) ? ` (${value.length} rows)` : '';
          return `${key} ${(size / 1024).toFixed(1)} KiB${rows}`;
        })
        .join(', ');
      console.log(
        `GET /v1/review/summary${query}: ${(
          Buffer.byteLength(text) / 1024
        ).toFixed(1)} KiB uncompressed: ${parts}`,
      );
    }
    agent.destroy();
    await backend.stop();
    for (const hook of shutdownHooks) await hook();
    await knex.destroy();
  } finally {
    fs.rmSync(repositories, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(`bench:review: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
});
