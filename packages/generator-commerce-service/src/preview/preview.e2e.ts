/**
 * `./portal preview` end to end, for the four services the platform publishes: published
 * repositories (generated and committed as the platform run's publish step does), built with
 * their own scripts, on Redis, PostgreSQL, a Cosmos-compatible server and the Stripe double;
 * Prometheus scrapes all four and the SLO card's query (the OpenSLO indicator over a window)
 * measures attainment; payment-service reaches order-service with a token from the preview's
 * managed identity endpoint; a cut store fires the page at Alertmanager; stopping leaves no
 * process and no listener behind. Also: no repositories, a port in use and a store that does
 * not answer fail with the messages a developer can act on.
 *
 *   node --test src/preview/preview.e2e.ts     (yarn workspace generator-commerce-service test:preview)
 *
 * Without prometheus, alertmanager or Redis this skips and says why, except under CI=true.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { generateService } from '../cli.ts';
import { freePort, reservedPorts } from '../testing/run-service.ts';
import { sampleOptions } from '../testing/sample-options.ts';
import {
  eventually,
  findAlertmanagerBinary,
  hasCommand,
  redisAnswers,
  tcpAnswers,
} from './localMonitoring.ts';
import { PreviewError, startPreview, type Preview } from './preview.ts';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
// Under .data so the checkout's build is reused by the next run (same content, same commit).
const baseDir = path.join(repoRoot, '.data', 'generated-services', 'preview');
const repositoriesDir = path.join(baseDir, 'repositories');
const workDir = path.join(baseDir, 'preview');

const missing = [
  hasCommand('prometheus')
    ? undefined
    : 'prometheus (Debian package prometheus)',
  findAlertmanagerBinary()
    ? undefined
    : 'alertmanager (Debian package prometheus-alertmanager)',
  (await redisAnswers('127.0.0.1', 6379))
    ? undefined
    : 'Redis at 127.0.0.1:6379',
].filter((m): m is string => m !== undefined);
const skip = missing.length === 0 ? false : `needs ${missing.join(', ')}`;
if (skip && process.env.CI === 'true') {
  throw new Error(`preview e2e cannot run under CI=true: it ${skip}`);
}

const kinds = ['cart', 'order', 'product', 'payment'];

/** Publishes a generated service as a local git repository with one fixed commit. */
async function publish(kind: string) {
  const dir = path.join(repositoriesDir, `${kind}-service`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await generateService(dir, sampleOptions[kind]!);
  const fixed = '2026-01-01T00:00:00Z';
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'Commerce Platform Portal',
    GIT_AUTHOR_EMAIL: 'portal@commerce.example',
    GIT_COMMITTER_NAME: 'Commerce Platform Portal',
    GIT_COMMITTER_EMAIL: 'portal@commerce.example',
    GIT_AUTHOR_DATE: fixed,
    GIT_COMMITTER_DATE: fixed,
  };
  for (const args of [
    ['init', '--quiet', '--initial-branch=main'],
    ['add', '-A'],
    ['commit', '--quiet', '--no-gpg-sign', '-m', 'Initial commit'],
  ]) {
    const result = spawnSync('git', args, { cwd: dir, env, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  }
  return dir;
}

async function query(prometheusUrl: string, promql: string) {
  const response = await fetch(
    `${prometheusUrl}/api/v1/query?${new URLSearchParams({ query: promql })}`,
  );
  const body = (await response.json()) as {
    status: string;
    error?: string;
    data?: { result: Array<{ value: [number, string] }> };
  };
  assert.equal(body.status, 'success', `${promql}\n→ ${body.error}`);
  return body.data!.result.map(r => Number(r.value[1]));
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('./portal preview', { skip }, () => {
  let preview: Preview | undefined;
  const lines: string[] = [];

  before(async () => {
    rmSync(repositoriesDir, { recursive: true, force: true });
    for (const kind of kinds) await publish(kind);
  });

  after(async () => {
    await preview?.stop();
  });

  it('says to run the platform first when nothing is published', async () => {
    await assert.rejects(
      startPreview({
        repositoriesDir: path.join(baseDir, 'nothing-here'),
        workDir,
        ports: {
          prometheus: await freePort(),
          alertmanager: await freePort(),
          control: await freePort(),
        },
      }),
      (error: Error) =>
        error instanceof PreviewError &&
        /run the platform first: yarn platform:run/.test(error.message),
    );
  });

  it('names the port in use and how to change it', async () => {
    const taken: Server = createServer();
    await new Promise<void>(resolve => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      await assert.rejects(
        startPreview({
          repositoriesDir,
          workDir,
          ports: {
            prometheus: port,
            alertmanager: await freePort(),
            control: await freePort(),
          },
        }),
        (error: Error) =>
          error instanceof PreviewError &&
          error.message.includes(`port ${port} (Prometheus) is in use`) &&
          error.message.includes('PREVIEW_PROMETHEUS_PORT') &&
          error.message.includes('--prometheus-port'),
      );
    } finally {
      taken.close();
    }
  });

  it('says which store does not answer, before building anything', async () => {
    const closedPort = await freePort();
    const saved = process.env.REDIS_URL;
    process.env.REDIS_URL = `redis://127.0.0.1:${closedPort}`;
    try {
      await assert.rejects(
        startPreview({
          repositoriesDir,
          workDir,
          ports: {
            prometheus: await freePort(),
            alertmanager: await freePort(),
            control: await freePort(),
          },
        }),
        (error: Error) =>
          error instanceof PreviewError &&
          error.message.startsWith(
            `Redis not reachable at 127.0.0.1:${closedPort} (cart-service needs it)`,
          ) &&
          error.message.includes('set REDIS_URL'),
      );
    } finally {
      if (saved === undefined) delete process.env.REDIS_URL;
      else process.env.REDIS_URL = saved;
    }
  });

  it(
    'measures all four services, pages on a cut store, and stops everything it started',
    { timeout: 12 * 60_000 },
    async t => {
      const [prometheusPort, alertmanagerPort, controlPort] =
        await reservedPorts(3);
      preview = await startPreview({
        repositoriesDir,
        workDir,
        ports: {
          prometheus: prometheusPort!,
          alertmanager: alertmanagerPort!,
          control: controlPort!,
        },
        log: line => lines.push(line),
      });
      const { prometheusUrl } = preview;
      // Callers last: payment-service starts after the order-service it calls.
      assert.deepEqual(
        preview.services.map(s => s.name),
        ['cart-service', 'order-service', 'product-service', 'payment-service'],
      );
      assert.deepEqual(preview.skipped, []);
      assert.match(
        readFileSync(preview.portalConfigFile, 'utf8'),
        new RegExp(`baseUrl: ${prometheusUrl}`),
      );

      await eventually(
        'Prometheus scrapes the four services',
        30_000,
        async () => {
          const up = await query(prometheusUrl, 'up{job="kubernetes-pods"}');
          return up.length === 4 && up.every(u => u === 1) ? true : undefined;
        },
        () => lines.join('\n'),
      );

      // The SLO card's query, for each service: its OpenSLO indicator's good/total over a window.
      for (const service of preview.services) {
        const openSlo = parseAllDocuments(
          readFileSync(
            path.join(workDir, 'services', service.name, 'openslo.yaml'),
            'utf8',
          ),
        ).map(d => d.toJS());
        const availability = openSlo.find(
          d =>
            d.kind === 'SLO' &&
            String(d.metadata.name).endsWith('availability'),
        );
        const ratio = availability.spec.indicator.spec.ratioMetric;
        const withWindow = (q: string) =>
          q.replace(/\{\{\s*\.window\s*\}\}/g, '1m');
        const attainment = await eventually(
          `measured attainment of ${service.name}`,
          30_000,
          async () => {
            const [value] = await query(
              prometheusUrl,
              `(${withWindow(
                ratio.good.metricSource.spec.query,
              )}) / (${withWindow(ratio.total.metricSource.spec.query)})`,
            );
            return value !== undefined && Number.isFinite(value)
              ? value
              : undefined;
          },
          () => JSON.stringify(service.load.counts),
        );
        assert.equal(
          attainment,
          1,
          `a healthy ${service.name} meets every request`,
        );
        t.diagnostic(`${service.name} attainment over 1m: ${attainment}`);
      }

      // payment-service asks order-service about an order with a token from the preview's
      // managed identity endpoint: order-service's 404 (not a 503 for a refused token) comes back.
      const payment = preview.services.find(s => s.name === 'payment-service')!;
      const paymentAnswer = await fetch(`${payment.url}/payments`, {
        method: 'POST',
        headers: {
          authorization: await preview.bearer('payment-service', {
            sub: 'preview-customer',
          }),
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
        },
        body: JSON.stringify({ orderId: randomUUID() }),
      });
      const paymentBody = await paymentAnswer.text();
      assert.equal(paymentAnswer.status, 404, paymentBody);
      assert.match(paymentBody, /No order .* among your orders/);

      // Long enough for the scaled 1 h window to pass its minimum-traffic guard.
      await new Promise(resolve => setTimeout(resolve, 15_000));
      const cutAt = Date.now();
      const response = await fetch(
        `${preview.controlUrl}/fault/cart-service/cut`,
        {
          method: 'POST',
        },
      );
      assert.equal(response.status, 200, await response.text());
      await eventually(
        'SLOErrorBudgetBurn1h5m firing at Alertmanager',
        90_000,
        async () => {
          const alerts = (await (
            await fetch(`${preview!.alertmanagerUrl}/api/v2/alerts`)
          ).json()) as Array<{
            labels: Record<string, string>;
            status: { state: string };
          }>;
          return alerts.find(
            a =>
              a.labels.alertname === 'SLOErrorBudgetBurn1h5m' &&
              a.labels.service === 'cart-service' &&
              a.status.state === 'active',
          );
        },
        () =>
          `${lines.join('\n')}\nload: ${JSON.stringify(
            preview?.services[0]?.load.counts,
          )}`,
      );
      t.diagnostic(
        `store cut → page active in ${((Date.now() - cutAt) / 1000).toFixed(
          1,
        )} s`,
      );
      await eventually('the page printed', 10_000, async () =>
        lines.some(l => l.startsWith('ALERT firing: SLOErrorBudgetBurn1h5m'))
          ? true
          : undefined,
      );

      const pids = preview.processes.map(p => p.pid);
      assert.ok(pids.length >= 3, JSON.stringify(preview.processes));
      const ports = [
        prometheusUrl,
        preview.alertmanagerUrl,
        preview.controlUrl,
        preview.services[0]!.url,
      ].map(u => Number(new URL(u).port));
      await preview.stop();
      const stopped = preview;
      preview = undefined;
      for (const pid of pids)
        assert.equal(isAlive(pid), false, `process ${pid} still runs`);
      for (const port of ports) {
        assert.equal(
          await tcpAnswers('127.0.0.1', port),
          false,
          `port ${port} still answers`,
        );
      }
      assert.equal(
        existsSync(stopped.portalConfigFile),
        false,
        'portal config removed',
      );
    },
  );
});
