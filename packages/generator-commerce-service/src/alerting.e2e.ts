/**
 * Alerting end to end: a generated cart-service, built as its CI builds it and started as its
 * container starts it (node dist/server.js), on Redis through a proxy that can cut or delay the
 * store; a fixed-rate load loop; a real Prometheus scraping it with the service's own generated
 * rules; a real Alertmanager routing `team=<owner>` to that team's receiver, a webhook sink here.
 * Cutting the store must page the owning team, and the service's own AnalysisTemplates,
 * evaluated through Prometheus' HTTP API with their own successCondition, must fail during a
 * fault and pass when healthy. Prints the detection time (store cut → page at the receiver).
 *
 *   node --test src/alerting.e2e.ts     (yarn workspace generator-commerce-service test:alerting)
 *
 * The rules are rendered with a time scale of 60 (renderSloFiles' timeScale): every range, `for`
 * and interval is divided by 60, so the 1h/5m page reads 60 s/5 s windows and fires within
 * seconds; thresholds, labels and annotations are the service's own. Without prometheus,
 * alertmanager (Debian packages prometheus, prometheus-alertmanager; .ci/run installs them) or
 * Redis this skips and says why, except under CI=true, where it fails.
 */
import assert from 'node:assert/strict';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingMessage,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { generateService } from './cli.ts';
import {
  answers,
  eventually,
  findAlertmanagerBinary,
  hasCommand,
  redisAnswers,
  scaledRules,
  sleep,
  startAlertmanager,
  startLoad,
  startPrometheus,
  startStoreProxy,
  type StoreProxy,
} from './preview/localMonitoring.ts';
import { startProcess, type StartedProcess } from './processes.ts';
import { npm } from './testing/npm.ts';
import { freePort } from './testing/run-service.ts';
import { sampleOptions } from './testing/sample-options.ts';
import { evaluateSuccessCondition } from './testing/success-condition.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const serviceDir = path.join(
  repoRoot,
  '.data',
  'generated-services',
  'alerting',
  'cart-service',
);
const redisHost = '127.0.0.1';
const redisPort = 6379;
/** One real second stands for a minute of the service's windows. */
const timeScale = 60;
/** Requests per second of the load loop: enough for the alerts' minimum-traffic guard. */
const loadPerSecond = 25;
/** The ReplicaSet hash Prometheus gives the pod (the cluster relabels the pod label to this). */
const podTemplateHash = '6b7d9c4f5';

const alertmanagerBinary = findAlertmanagerBinary();
const missing = [
  hasCommand('prometheus')
    ? undefined
    : 'prometheus (Debian package prometheus)',
  alertmanagerBinary
    ? undefined
    : 'alertmanager (Debian package prometheus-alertmanager)',
  (await redisAnswers(redisHost, redisPort))
    ? undefined
    : `Redis at ${redisHost}:${redisPort} (redis-server)`,
].filter((m): m is string => m !== undefined);
const skip =
  missing.length === 0
    ? false
    : `needs ${missing.join(', ')}; .ci/run installs and starts them`;
if (skip && process.env.CI === 'true') {
  // CI must prove the alerting path; a skipped proof is a failed one there.
  throw new Error(`alerting e2e cannot run under CI=true: it ${skip}`);
}

interface WebhookAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
}
interface Delivery {
  receiver: string;
  at: number;
  alerts: WebhookAlert[];
}

/** The teams' receivers: Alertmanager's webhook posts, recorded with their arrival time. */
async function startWebhookSink() {
  const deliveries: Delivery[] = [];
  const server = createHttpServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', chunk => (body += String(chunk)));
    request.on('end', () => {
      const at = Date.now();
      try {
        const payload = JSON.parse(body) as { alerts: WebhookAlert[] };
        deliveries.push({
          receiver: (request.url ?? '/').slice(1),
          at,
          alerts: payload.alerts,
        });
      } catch {
        // Not Alertmanager's JSON: keep nothing, but answer so it does not retry forever.
      }
      response.writeHead(200).end();
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    deliveries,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Imports a module of a generated service (its own dependencies resolve from its tree). */
const load = <T>(file: string): Promise<T> =>
  import(pathToFileURL(path.join(serviceDir, file)).href) as Promise<T>;

interface AnalysisTemplate {
  metadata: { name: string };
  spec: {
    metrics: Array<{
      name: string;
      successCondition: string;
      provider: { prometheus: { query: string } };
    }>;
  };
}

describe(
  'alerting: a store fault pages the owning team; the canary analysis fails during it',
  {
    skip,
  },
  () => {
    const processes: StartedProcess[] = [];
    let workDir: string;
    let proxy: StoreProxy;
    let sink: Awaited<ReturnType<typeof startWebhookSink>>;
    let issuer: { close(): Promise<void> } | undefined;
    let loadLoop: ReturnType<typeof startLoad> | undefined;
    let prometheusUrl: string;
    let team: string;
    let templates: AnalysisTemplate[];
    let prometheus: StartedProcess;
    let alertmanager: StartedProcess;
    let service: StartedProcess;

    before(
      async () => {
        rmSync(serviceDir, { recursive: true, force: true });
        mkdirSync(serviceDir, { recursive: true });
        await generateService(serviceDir, sampleOptions.cart!);
        await npm(serviceDir, [
          'install',
          '--no-audit',
          '--no-fund',
          '--prefer-offline',
          '--loglevel=error',
        ]);
        await npm(serviceDir, ['run', 'build']);
        workDir = mkdtempSync(path.join(tmpdir(), 'commerce-alerting-'));
        // The service's own rules, with scaled windows; the same render at scale 1 is its file.
        const rules = scaledRules(serviceDir, timeScale);
        assert.ok(
          rules.unscaledMatchesFile,
          'the unscaled render is the service’s own environments/prod/prometheus-rules.yaml',
        );
        team = rules.team;
        writeFileSync(path.join(workDir, 'rules.yaml'), rules.rulesYaml);
        templates = parseAllDocuments(
          readFileSync(
            path.join(serviceDir, 'deploy/analysis-templates.yaml'),
            'utf8',
          ),
        ).map(d => d.toJS() as AnalysisTemplate);

        sink = await startWebhookSink();
        proxy = await startStoreProxy(redisHost, redisPort);

        // Alertmanager: the cluster's routing, the teams' receivers posting to the sink.
        const alertmanagerPort = await freePort();
        alertmanager = startAlertmanager({
          binary: alertmanagerBinary!,
          workDir,
          port: alertmanagerPort,
          defaultReceiver: {
            name: 'platform-team',
            webhookUrl: `${sink.url}/platform-team`,
          },
          teams: [{ name: team, webhookUrl: `${sink.url}/${team}` }],
        });
        processes.push(alertmanager);

        // The service, as its container starts it, trusting the test issuer it ships.
        const { startTestIssuer } = await load<{
          startTestIssuer(): Promise<{
            env: Record<string, string>;
            bearer(claims: { sub: string }): Promise<string>;
            close(): Promise<void>;
          }>;
        }>('test/issuer.ts');
        const testIssuer = await startTestIssuer();
        issuer = testIssuer;
        const [port, metricsPort, prometheusPort] = [
          await freePort(),
          await freePort(),
          await freePort(),
        ];
        service = startProcess(process.execPath, ['dist/server.js'], {
          cwd: serviceDir,
          env: {
            ...process.env,
            ...testIssuer.env,
            HOST: '127.0.0.1',
            PORT: String(port),
            METRICS_PORT: String(metricsPort),
            REDIS_URL: `redis://${proxy.host}:${proxy.port}`,
            LOG_LEVEL: 'fatal',
            SHUTDOWN_DELAY_MS: '0',
          },
        });
        processes.push(service);
        const serviceUrl = `http://127.0.0.1:${port}`;
        await eventually(
          'cart-service ready',
          30_000,
          async () =>
            (await answers(`${serviceUrl}/readyz`)) ? true : undefined,
          service.output,
        );

        // Prometheus scraping the pod as the cluster's does, with the pod's template hash label.
        prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
        prometheus = startPrometheus({
          workDir,
          port: prometheusPort,
          ruleFiles: ['rules.yaml'],
          alertmanagerPort,
          targets: [
            {
              address: `127.0.0.1:${metricsPort}`,
              labels: {
                rollouts_pod_template_hash: podTemplateHash,
                namespace: team,
              },
            },
          ],
        });
        processes.push(prometheus);
        await eventually(
          'Prometheus and Alertmanager ready',
          30_000,
          async () =>
            (await answers(`${prometheusUrl}/-/ready`)) &&
            (await answers(`http://127.0.0.1:${alertmanagerPort}/-/ready`))
              ? true
              : undefined,
          () => `${prometheus.output()}\n${alertmanager.output()}`,
        );

        // One cart, read over and over at a fixed rate: each read is a Redis round trip.
        const authorization = await testIssuer.bearer({ sub: 'alerting-e2e' });
        const created = await fetch(`${serviceUrl}/carts/load/items`, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json' },
          body: JSON.stringify({ sku: 'SKU-1', quantity: 1 }),
        });
        assert.equal(created.status, 200, await created.text());
        loadLoop = startLoad(
          `${serviceUrl}/carts/load`,
          authorization,
          loadPerSecond,
        );
      },
      { timeout: 5 * 60_000 },
    );

    after(async () => {
      loadLoop?.stop();
      for (const p of processes.reverse()) await p.stop();
      await issuer?.close();
      await proxy?.close();
      await sink?.close();
      if (workDir) rmSync(workDir, { recursive: true, force: true });
    });

    /** The values of a PromQL query's vector, as Argo's Prometheus provider hands them over. */
    async function queryValues(promql: string): Promise<number[]> {
      const response = await fetch(
        `${prometheusUrl}/api/v1/query?${new URLSearchParams({
          query: promql,
        })}`,
      );
      const body = (await response.json()) as {
        status: string;
        error?: string;
        data?: { result: Array<{ value: [number, string] }> };
      };
      assert.equal(body.status, 'success', `${promql}\n→ ${body.error}`);
      return body.data!.result.map(r => Number(r.value[1]));
    }

    /** Every template's verdict for the pod's hash, with the value behind it. */
    async function analysis() {
      const verdicts: Record<string, { passes: boolean; result: number[] }> =
        {};
      for (const template of templates) {
        for (const metric of template.spec.metrics) {
          const result = await queryValues(
            metric.provider.prometheus.query
              .replaceAll('{{args.canary-hash}}', podTemplateHash)
              // The Rollout's namespace (the pod is scraped as the team's, prod's).
              .replaceAll('{{args.namespace}}', team),
          );
          verdicts[template.metadata.name] = {
            passes: evaluateSuccessCondition(metric.successCondition, result),
            result,
          };
        }
      }
      return verdicts;
    }

    /** Waits until the named template passes or fails on a non-empty result (a real verdict). */
    const analysisVerdict = (
      name: string,
      passes: boolean,
      timeoutMs: number,
    ) =>
      eventually(
        `AnalysisTemplate ${name} ${passes ? 'passes' : 'fails'}`,
        timeoutMs,
        async () => {
          const verdict = (await analysis())[name];
          assert.ok(verdict, `no AnalysisTemplate ${name}`);
          return verdict.result.length === 1 && verdict.passes === passes
            ? verdict
            : undefined;
        },
        () =>
          `load: ${JSON.stringify(
            loadLoop?.counts,
          )}\nservice: ${service.output()}`,
      );

    const pages = () =>
      sink.deliveries.flatMap(d =>
        d.alerts
          .filter(a => a.status === 'firing' && a.labels.severity === 'page')
          .map(a => ({ ...a, receiver: d.receiver, at: d.at })),
      );

    it(
      'pages the owning team when the store is cut, and the analysis fails until it recovers',
      {
        timeout: 2 * 60_000,
      },
      async t => {
        const success = templates.find(t =>
          t.metadata.name.endsWith('-success-rate'),
        )!;
        const latency = templates.find(t =>
          t.metadata.name.endsWith('-latency-p95'),
        )!;
        assert.ok(
          success && latency,
          'the service renders both AnalysisTemplates',
        );

        // Healthy: both templates pass on real data, and nobody has been paged.
        await analysisVerdict(success.metadata.name, true, 30_000);
        await analysisVerdict(latency.metadata.name, true, 30_000);
        // Long enough for the 60 s (scaled 1 h) window to pass its minimum-traffic guard.
        await sleep(5_000);
        assert.deepEqual(pages(), [], 'no page while the service is healthy');

        const cutAt = Date.now();
        proxy.set('cut');
        const page = await eventually(
          `a page at ${team}'s receiver`,
          60_000,
          async () => pages()[0],
          () =>
            `deliveries: ${JSON.stringify(
              sink.deliveries,
            )}\nload: ${JSON.stringify(
              loadLoop?.counts,
            )}\nprometheus: ${prometheus.output()}\nalertmanager: ${alertmanager.output()}`,
        );
        const detectionMs = page.at - cutAt;
        const message = `detection time: store cut → ${
          page.labels.alertname
        } at ${team}'s receiver in ${(detectionMs / 1000).toFixed(
          1,
        )} s (windows scaled 1:${timeScale}; the load loop at ${loadPerSecond} req/s)`;
        console.log(`[alerting] ${message}`);
        t.diagnostic(message);

        assert.equal(page.receiver, team, 'routed by the team label');
        assert.equal(page.labels.alertname, 'SLOErrorBudgetBurn1h5m');
        assert.equal(page.labels.team, team);
        assert.equal(page.labels.service, 'cart-service');
        assert.equal(page.labels.severity, 'page');
        assert.equal(page.labels.slo, 'cart-service-availability');
        assert.match(
          page.annotations.runbook_url ?? '',
          /\/docs\/default\/component\/cart-service\/runbook\/#sloerrorbudgetburn1h5m$/,
        );
        assert.ok(
          sink.deliveries.every(d => d.receiver === team),
          `only ${team} is notified: ${sink.deliveries.map(d => d.receiver)}`,
        );
        const failing = await analysisVerdict(
          success.metadata.name,
          false,
          20_000,
        );
        assert.ok(
          loadLoop!.counts.serverErrors > 0,
          'the cut store answered 5xx',
        );

        proxy.set('none');
        const recovered = await analysisVerdict(
          success.metadata.name,
          true,
          30_000,
        );
        t.diagnostic(
          `success-rate: ${failing.result[0]} during the cut, ${
            recovered.result[0]
          } after recovery (target ${
            success.spec.metrics[0]!.successCondition
          })`,
        );
      },
    );

    it(
      'fails the latency analysis while the store answers slowly, and passes again after',
      {
        timeout: 60_000,
      },
      async t => {
        const latency = templates.find(t =>
          t.metadata.name.endsWith('-latency-p95'),
        )!;
        proxy.set({ delayMs: 300 });
        const slow = await analysisVerdict(
          latency.metadata.name,
          false,
          30_000,
        );
        proxy.set('none');
        const fast = await analysisVerdict(latency.metadata.name, true, 30_000);
        t.diagnostic(
          `latency-p95: ${slow.result[0]} s with a 300 ms store, ${
            fast.result[0]
          } s after (${latency.spec.metrics[0]!.successCondition})`,
        );
      },
    );
  },
);
