/**
 * How much the generated service costs over bare Fastify (issue #15 item 8): for each kind, in
 * one run on this machine, the generated service (built, production settings: LOG_LEVEL=info,
 * auth, metrics, validation) and a bare Fastify route making the same store call are each
 * driven by autocannon at 1,000 connections; prints req/s, p50 and p99 of both and the ratio.
 * Prints numbers; not a test (they depend on the machine and on what else runs on it).
 *
 *   yarn workspace generator-commerce-service bench:service
 *   BENCH_KINDS=cart BENCH_SECONDS=20 BENCH_CONNECTIONS=1000 BENCH_ROUNDS=3 ...
 *   (defaults: cart,order; 10 s; 1000; 3)
 *
 * Both apps run as their own process with the same Node, one at a time, after a warm-up of
 * each, in rounds of alternating order; medians are printed with each round's ratio. The load
 * generator runs in this process. The bare app imports the service's own
 * compiled store (dist/store.js), so the store calls are the same code.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateService } from '../cli.ts';
import { kindParts } from '../kinds/index.ts';
import { runProcess, startProcess, type StartedProcess } from '../processes.ts';
import { freePort, localStores, serviceEnv } from '../testing/run-service.ts';
import { sampleOptions } from '../testing/sample-options.ts';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const workDir = path.join(repoRoot, '.data', 'generated-services', 'bench');
const kinds = (process.env.BENCH_KINDS ?? 'cart,order').split(',');
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 1000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const subject = 'loadtest-customer';

/**
 * The bare route per kind: the service's main GET, as one Fastify route calling the same store
 * method with the same arguments, and nothing else (no auth, metrics, logs or validation).
 */
const bareRoutes: Record<string, { route: string; call: string }> = {
  cart: {
    route: '/carts/:cartId',
    call: `store.get(${JSON.stringify(subject)}, request.params.cartId)`,
  },
  order: {
    route: '/orders/:orderId',
    call: `store.getOrder(request.params.orderId, ${JSON.stringify(subject)})`,
  },
};

const bareApp = (
  kind: string,
) => `// Written by the blueprint's service-vs-fastify benchmark.
import Fastify from 'fastify';
import { createStore } from '../dist/store.js';

const store = await createStore(process.env);
const app = Fastify({ logger: false });
app.get(${JSON.stringify(bareRoutes[kind]!.route)}, async request => ${
  bareRoutes[kind]!.call
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
`;

interface Measured {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

type Autocannon = (options: Record<string, unknown>) => Promise<{
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}>;

/** Per field, the median of the runs (each field on its own). */
function median(runs: Measured[]): Measured {
  const mid = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const half = Math.floor(sorted.length / 2);
    return sorted.length % 2
      ? sorted[half]!
      : (sorted[half - 1]! + sorted[half]!) / 2;
  };
  return {
    requestsPerSecond: mid(runs.map(r => r.requestsPerSecond)),
    p50: mid(runs.map(r => r.p50)),
    p99: mid(runs.map(r => r.p99)),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}

async function waitFor(url: string, process: StartedProcess): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    if (process.child.exitCode !== null) break;
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer:\n${process.output()}`);
}

async function drive(
  autocannon: Autocannon,
  url: string,
  headers: Record<string, string>,
  duration: number,
): Promise<Measured> {
  const result = await autocannon({ url, connections, duration, headers });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function benchKind(kind: string): Promise<void> {
  const part = kindParts[kind as keyof typeof kindParts];
  const openStore = localStores[kind];
  if (!part?.loadTest || !openStore || !bareRoutes[kind]) {
    console.log(
      `${kind}: no local store or bare route to compare with; skipped`,
    );
    return;
  }
  const dir = path.join(workDir, `${kind}-service`);
  mkdirSync(dir, { recursive: true });
  await generateService(dir, sampleOptions[kind]!);
  for (const args of [
    ['install', '--no-audit', '--no-fund', '--loglevel=error'],
    ['run', 'build'],
  ]) {
    const { code, output } = await runProcess('npm', args, { cwd: dir });
    if (code !== 0)
      throw new Error(`npm ${args.join(' ')} in ${dir}:\n${output}`);
  }
  mkdirSync(path.join(dir, '.bench'), { recursive: true });
  writeFileSync(path.join(dir, '.bench', 'bare-fastify.mjs'), bareApp(kind));
  const autocannon = createRequire(path.join(dir, 'package.json'))(
    'autocannon',
  ) as Autocannon;

  const store = await openStore(dir);
  const { startTestIssuer } = (await import(
    pathToFileURL(path.join(dir, 'test', 'issuer.ts')).href
  )) as {
    startTestIssuer(options: { port: number; audience: string }): Promise<{
      bearer(claims: { sub: string; roles?: string[] }): Promise<string>;
      close(): Promise<void>;
    }>;
  };
  const issuerPort = await freePort();
  const env: Record<string, string> = {
    ...(await serviceEnv(kind, store, issuerPort)),
    LOG_LEVEL: 'info',
    NODE_ENV: 'production',
  };
  const issuer = await startTestIssuer({
    port: issuerPort,
    audience: env.AUTH_AUDIENCE!,
  });
  const service = startProcess('node', ['dist/server.js'], { cwd: dir, env });
  const barePort = String(await freePort());
  const bare = startProcess('node', ['.bench/bare-fastify.mjs'], {
    cwd: dir,
    env: { ...env, PORT: barePort },
  });
  try {
    const serviceUrl = `http://127.0.0.1:${env.PORT}`;
    const bareUrl = `http://127.0.0.1:${barePort}`;
    await waitFor(`${serviceUrl}/readyz`, service);
    await waitFor(`${bareUrl}/`, bare);

    // The kind's load-test setup (what its GET reads), through the service's API.
    const values: Record<string, string> = {};
    const fill = (text: string) =>
      text.replace(/\{\{(\w+)\}\}/g, (_, name: string) =>
        name === 'unique' ? randomUUID() : values[name]!,
      );
    for (const step of part.loadTest.setup) {
      const response = await fetch(`${serviceUrl}${fill(step.path)}`, {
        method: step.method,
        headers: {
          authorization: await issuer.bearer({
            sub: subject,
            roles: step.roles ?? [],
          }),
          'content-type': 'application/json',
          ...Object.fromEntries(
            Object.entries(step.headers ?? {}).map(([k, v]) => [k, fill(v)]),
          ),
        },
        body:
          step.body === undefined ? undefined : fill(JSON.stringify(step.body)),
      });
      const text = await response.text();
      if (response.status !== (step.status ?? 200)) {
        throw new Error(
          `setup ${step.method} ${step.path}: ${response.status} ${text}`,
        );
      }
      for (const [name, field] of Object.entries(step.capture ?? {})) {
        values[name] = String(
          (JSON.parse(text) as Record<string, unknown>)[field],
        );
      }
    }
    const read = part.loadTest.requests.find(r => r.method === 'GET')!;
    const readPath = fill(read.path);
    const authorization = await issuer.bearer({ sub: subject });

    // Warm-up: JIT, connection pools, the JWKS fetch.
    await drive(autocannon, `${bareUrl}${readPath}`, {}, 2);
    await drive(autocannon, `${serviceUrl}${readPath}`, { authorization }, 2);
    // Rounds in alternating order, medians reported: a shared machine's noise shifts single runs.
    const bareRuns: Measured[] = [];
    const serviceRuns: Measured[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const order = round % 2 === 0 ? ['bare', 'service'] : ['service', 'bare'];
      for (const which of order) {
        if (which === 'bare') {
          bareRuns.push(
            await drive(autocannon, `${bareUrl}${readPath}`, {}, seconds),
          );
        } else {
          serviceRuns.push(
            await drive(
              autocannon,
              `${serviceUrl}${readPath}`,
              { authorization },
              seconds,
            ),
          );
        }
      }
    }
    const bareResult = median(bareRuns);
    const serviceResult = median(serviceRuns);
    const row = (name: string, m: Measured) =>
      `  ${name.padEnd(22)} ${m.requestsPerSecond
        .toFixed(0)
        .padStart(8)} req/s   p50 ${String(m.p50).padStart(
        5,
      )} ms   p99 ${String(m.p99).padStart(5)} ms${
        m.non2xx + m.errors > 0
          ? `   (${m.non2xx} non-2xx, ${m.errors} errors)`
          : ''
      }`;
    console.log(
      `${kind}: GET ${read.path} at ${connections} connections, ${rounds} rounds of ${seconds} s each (medians)`,
    );
    console.log(row('bare Fastify', bareResult));
    console.log(row(sampleOptions[kind]!.name!, serviceResult));
    console.log(
      `  ratio (service / bare)  ${(
        serviceResult.requestsPerSecond / bareResult.requestsPerSecond
      ).toFixed(2)}×   per round: ${serviceRuns
        .map((m, i) =>
          (m.requestsPerSecond / bareRuns[i]!.requestsPerSecond).toFixed(2),
        )
        .join(', ')}`,
    );
  } finally {
    await service.stop();
    await bare.stop();
    await issuer.close();
    await store.close();
  }
}

for (const kind of kinds) await benchKind(kind);
