/**
 * The local monitoring stack a generated service runs under outside a cluster: the service's own
 * generated rules (time-scaled), a real Prometheus and Alertmanager (Debian's binaries), a TCP
 * proxy in front of a store that can cut or delay it, and a fixed-rate load loop. Shared by the
 * alerting e2e (src/alerting.e2e.ts) and `./portal preview` (src/preview/preview.ts), so the
 * preview a developer watches is the stack the e2e proves.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import {
  connect,
  createServer as createTcpServer,
  type AddressInfo,
  type Server as TcpServer,
  type Socket,
} from 'node:net';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { startProcess, type StartedProcess } from '../processes.ts';
import { readOwner, renderSloFiles, type SloPlatform } from '../slo-files.ts';

/** How much of a long-running process's output is kept for failure messages. */
export const keptOutput = 4000;

/** Whether `command --version` runs on this machine. */
export const hasCommand = (command: string) =>
  spawnSync(command, ['--version'], { encoding: 'utf8' }).status === 0;

/** Alertmanager's binary: Debian names it prometheus-alertmanager; upstream's tarball, alertmanager. */
export const findAlertmanagerBinary = () =>
  ['prometheus-alertmanager', 'alertmanager'].find(hasCommand);

export const sleep = (ms: number) =>
  new Promise(resolve => setTimeout(resolve, ms));

/** Polls `check` until it returns a value (not undefined), or fails with `what` and `detail()`. */
export async function eventually<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined>,
  detail: () => string = () => '',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(`${what}: not within ${timeoutMs / 1000} s\n${detail()}`);
    }
    await sleep(250);
  }
}

/** Whether `url` answers 2xx within a second. */
export async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/** Whether something accepts TCP connections at host:port. */
export function tcpAnswers(host: string, port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = connect(port, host);
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** Whether a Redis server answers PING at host:port. */
export function redisAnswers(host: string, port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = connect(port, host);
    socket.setTimeout(2000);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', data => {
      socket.destroy();
      resolve(String(data).startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** What the store proxy does to the store's traffic. */
export type StoreFault = 'none' | 'cut' | { delayMs: number };

/** A TCP proxy in front of a store. */
export interface StoreProxy {
  host: string;
  port: number;
  fault(): StoreFault;
  set(next: StoreFault): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a store (Redis, PostgreSQL, any TCP protocol) that can cut it (drop
 * every connection and refuse new ones, as a failed node or a network partition does) or delay
 * its answers.
 */
export async function startStoreProxy(
  upstreamHost: string,
  upstreamPort: number,
  listenPort = 0,
): Promise<StoreProxy> {
  let fault: StoreFault = 'none';
  const open = new Set<Socket>();
  const server: TcpServer = createTcpServer(client => {
    if (fault === 'cut') {
      client.destroy();
      return;
    }
    const upstream = connect(upstreamPort, upstreamHost);
    open.add(client);
    open.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', () => {
      // A store that answers and closes (HTTP without keep-alive): the delayed answer is
      // still on its way, so the close follows it instead of cutting it off.
      if (typeof fault === 'object') setTimeout(drop, fault.delayMs);
      else drop();
    });
    client.on('data', chunk => upstream.write(chunk));
    upstream.on('data', chunk => {
      // The same delay for every chunk keeps their order (timers of equal delay run in order).
      if (typeof fault === 'object') {
        setTimeout(() => client.writable && client.write(chunk), fault.delayMs);
      } else {
        client.write(chunk);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, '127.0.0.1', resolve);
  });
  return {
    host: '127.0.0.1',
    port: (server.address() as AddressInfo).port,
    fault: () => fault,
    set(next: StoreFault) {
      fault = next;
      if (next === 'cut') for (const socket of open) socket.destroy();
    },
    close: () =>
      new Promise<void>(resolve => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Counts of a load loop's requests by outcome. */
export interface LoadCounts {
  sent: number;
  ok: number;
  serverErrors: number;
  failed: number;
}

/** A fixed request rate, whatever the answers take; stops at stop(). */
export function startLoad(
  url: string,
  authorization: string,
  perSecond: number,
): { counts: LoadCounts; stop(): void } {
  const counts: LoadCounts = { sent: 0, ok: 0, serverErrors: 0, failed: 0 };
  const timer = setInterval(() => {
    counts.sent += 1;
    fetch(url, {
      headers: { authorization },
      signal: AbortSignal.timeout(5000),
    }).then(
      async response => {
        await response.body?.cancel();
        if (response.status >= 500) counts.serverErrors += 1;
        else counts.ok += 1;
      },
      () => (counts.failed += 1),
    );
  }, 1000 / perSecond);
  return { counts, stop: () => clearInterval(timer) };
}

/**
 * A service's generated alert rules as a plain Prometheus rules file, with every range, `for`
 * and interval divided by `timeScale` (renderSloFiles' timeScale): at 60 the 1h/5m page reads
 * 60 s/5 s windows. Thresholds, labels and annotations are the service's own. The PrometheusRule
 * CR's spec is what the operator hands Prometheus, so its groups are the rules file.
 */
export function scaledRules(
  serviceDir: string,
  timeScale: number,
): { rulesYaml: string; team: string; unscaledMatchesFile: boolean } {
  const read = (file: string) =>
    readFileSync(path.join(serviceDir, file), 'utf8');
  const inputs = {
    openSlo: read('openslo.yaml'),
    catalogInfo: read('catalog-info.yaml'),
    platform: JSON.parse(read('scripts/slo-platform.json')) as SloPlatform,
  };
  const unscaledMatchesFile =
    renderSloFiles(inputs)['environments/prod/prometheus-rules.yaml'] ===
    read('environments/prod/prometheus-rules.yaml');
  const scaled = renderSloFiles({ ...inputs, timeScale });
  return {
    rulesYaml: stringify(
      {
        groups: parse(scaled['environments/prod/prometheus-rules.yaml']).spec
          .groups,
      },
      { lineWidth: 0 },
    ),
    team: readOwner(inputs.catalogInfo).team,
    unscaledMatchesFile,
  };
}

/** One receiver: a team (or the platform team's default) and where Alertmanager posts to it. */
export interface Receiver {
  name: string;
  webhookUrl?: string;
}

/**
 * Starts Alertmanager with the cluster's routing (infra/cluster/monitoring/alertmanager.yaml):
 * `team="<name>"` to that team's receiver, the rest to `defaultReceiver`. Receivers' URLs are
 * inline — in the cluster they are files from Key Vault, and Debian's 0.25 has no url_file. Short
 * waits so nobody waits minutes for a group.
 */
export function startAlertmanager(options: {
  binary: string;
  workDir: string;
  port: number;
  defaultReceiver: Receiver;
  teams: Receiver[];
}): StartedProcess {
  const { workDir } = options;
  const receivers = [
    options.defaultReceiver,
    ...options.teams.filter(t => t.name !== options.defaultReceiver.name),
  ];
  writeFileSync(
    path.join(workDir, 'alertmanager.yml'),
    stringify({
      route: {
        receiver: options.defaultReceiver.name,
        group_by: ['alertname', 'service', 'slo'],
        group_wait: '1s',
        group_interval: '1s',
        repeat_interval: '1h',
        routes: options.teams.map(t => ({
          matchers: [`team="${t.name}"`],
          receiver: t.name,
        })),
      },
      receivers: receivers.map(r => ({
        name: r.name,
        ...(r.webhookUrl
          ? {
              webhook_configs: [{ url: r.webhookUrl, send_resolved: true }],
            }
          : {}),
      })),
    }),
  );
  return startProcess(
    options.binary,
    [
      `--config.file=${path.join(workDir, 'alertmanager.yml')}`,
      `--storage.path=${path.join(workDir, 'alertmanager')}`,
      `--web.listen-address=127.0.0.1:${options.port}`,
      // No gossip port: one instance, and no clash with another's.
      '--cluster.listen-address=',
    ],
    { cwd: workDir, outputLimit: keptOutput },
  );
}

/** A metrics endpoint Prometheus scrapes, with the labels the cluster's relabelling gives it. */
export interface ScrapeTarget {
  address: string;
  labels: Record<string, string>;
}

/**
 * Starts Prometheus scraping `targets` as the cluster's `kubernetes-pods` job does, every second,
 * evaluating `ruleFiles` (relative to workDir) and alerting `alertmanagerPort`.
 */
export function startPrometheus(options: {
  workDir: string;
  port: number;
  ruleFiles: string[];
  alertmanagerPort: number;
  targets: ScrapeTarget[];
}): StartedProcess {
  const { workDir } = options;
  writeFileSync(
    path.join(workDir, 'prometheus.yml'),
    stringify({
      global: {
        scrape_interval: '1s',
        scrape_timeout: '1s',
        evaluation_interval: '1s',
      },
      rule_files: options.ruleFiles,
      alerting: {
        alertmanagers: [
          {
            static_configs: [
              { targets: [`127.0.0.1:${options.alertmanagerPort}`] },
            ],
          },
        ],
      },
      scrape_configs: [
        {
          job_name: 'kubernetes-pods',
          static_configs: options.targets.map(t => ({
            targets: [t.address],
            labels: t.labels,
          })),
        },
      ],
    }),
  );
  return startProcess(
    'prometheus',
    [
      `--config.file=${path.join(workDir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(workDir, 'prometheus')}`,
      `--web.listen-address=127.0.0.1:${options.port}`,
    ],
    { cwd: workDir, outputLimit: keptOutput },
  );
}
