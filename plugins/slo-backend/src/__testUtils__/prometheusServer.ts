/**
 * A real Prometheus for acceptance tests: Debian's `prometheus` binary started on a free loopback
 * port with a throw-away configuration and TSDB, never the system service.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Where Debian's package installs the server; PROMETHEUS_BIN overrides it. */
const DEFAULT_PROMETHEUS_BIN = '/usr/bin/prometheus';

/**
 * The Prometheus binary to run, or undefined when this machine has none (install it with
 * `apt-get install -y prometheus`, or point PROMETHEUS_BIN at one).
 */
export function prometheusBinary(): string | undefined {
  const candidate = process.env.PROMETHEUS_BIN || DEFAULT_PROMETHEUS_BIN;
  try {
    fs.accessSync(candidate, fs.constants.X_OK);
    return candidate;
  } catch {
    return undefined;
  }
}

/** A TCP port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Polls `check` until it returns something other than undefined; fails after `timeoutMs` naming
 * what it waited for and the last value or error seen, so a timeout explains itself.
 */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  what: string,
  { timeoutMs = 30_000, intervalMs = 250 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${
          last ? `: ${last}` : ''
        }`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, intervalMs));
  }
}

/** One sample of an instant query's answer. */
export interface PrometheusSample {
  labels: Record<string, string>;
  value: number;
}

/** A running Prometheus and how to ask it things. */
export interface PrometheusServer {
  /** e.g. http://127.0.0.1:41234, what `slo.prometheus.baseUrl` points at. */
  baseUrl: string;
  /**
   * An instant query through the HTTP API, at `time` (default: now); the samples of its vector
   * (or scalar) answer. Queries whose answers are compared with each other must share a `time`:
   * `rate()` extrapolates to the evaluation instant, so a scrape landing between two queries
   * changes one answer and not the other.
   */
  query(promql: string, time?: Date): Promise<PrometheusSample[]>;
  /** The sum of an instant query's samples, or undefined when it returned none. */
  querySum(promql: string, time?: Date): Promise<number | undefined>;
  /** Everything the server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** What Prometheus scrapes: one job per entry, each with its `host:port` targets. */
export interface ScrapeJob {
  job: string;
  targets: string[];
}

/** Stops a child process: SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export async function stopProcess(
  child: ChildProcess,
  graceMs = 5_000,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts Prometheus with a 1 s scrape and evaluation interval (so a test sees its samples within
 * seconds) on a free loopback port, and waits until `/-/ready` answers. Its data lives in a
 * temporary folder that `stop()` removes.
 */
export async function startPrometheus(options: {
  binary: string;
  jobs: ScrapeJob[];
  scrapeIntervalSeconds?: number;
  /** A rules file's text (JSON is YAML), evaluated at the same interval. */
  rules?: object;
  /**
   * Samples from the past, in OpenMetrics text (ending `# EOF`), written into the TSDB with
   * `promtool tsdb create-blocks-from openmetrics` before the server starts: days of history
   * in a test that runs for seconds.
   */
  backfill?: string;
}): Promise<PrometheusServer> {
  const interval = `${options.scrapeIntervalSeconds ?? 1}s`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prometheus-test-'));
  const configFile = path.join(dir, 'prometheus.yml');
  const dataDir = path.join(dir, 'data');
  const ruleFiles: string[] = [];
  if (options.rules) {
    const rulesFile = path.join(dir, 'rules.yml');
    fs.writeFileSync(rulesFile, JSON.stringify(options.rules));
    ruleFiles.push(rulesFile);
  }
  if (options.backfill) {
    const input = path.join(dir, 'backfill.om.txt');
    fs.writeFileSync(input, options.backfill);
    execFileSync(
      path.join(path.dirname(options.binary), 'promtool'),
      ['tsdb', 'create-blocks-from', 'openmetrics', input, dataDir],
      { stdio: 'pipe' },
    );
  }
  // JSON is YAML, and needs no YAML writer.
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      global: {
        scrape_interval: interval,
        scrape_timeout: interval,
        evaluation_interval: interval,
      },
      rule_files: ruleFiles,
      scrape_configs: options.jobs.map(({ job, targets }) => ({
        job_name: job,
        static_configs: [{ targets }],
      })),
    }),
  );

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(
    options.binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${dataDir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', chunk => (output += chunk));
  child.stderr!.on('data', chunk => (output += chunk));
  let spawnError: Error | undefined;
  child.on('error', error => (spawnError = error));

  const stop = async () => {
    await stopProcess(child);
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const query = async (
    promql: string,
    time?: Date,
  ): Promise<PrometheusSample[]> => {
    const params = new URLSearchParams({ query: promql });
    if (time) params.set('time', String(time.getTime() / 1000));
    const response = await fetch(`${baseUrl}/api/v1/query?${params}`);
    const body = (await response.json()) as {
      status: string;
      error?: string;
      data?: {
        resultType: string;
        result: unknown;
      };
    };
    if (body.status !== 'success' || !body.data) {
      throw new Error(`Prometheus refused ${promql}: ${body.error}`);
    }
    const { resultType, result } = body.data;
    if (resultType === 'scalar') {
      return [{ labels: {}, value: Number((result as [number, string])[1]) }];
    }
    return (
      result as { metric: Record<string, string>; value: [number, string] }[]
    ).map(sample => ({
      labels: sample.metric,
      value: Number(sample.value[1]),
    }));
  };

  try {
    await eventually(
      async () => {
        if (spawnError) throw spawnError;
        if (child.exitCode !== null) {
          throw new Error(`Prometheus exited with ${child.exitCode}`);
        }
        const response = await fetch(`${baseUrl}/-/ready`);
        return response.ok ? true : undefined;
      },
      `Prometheus at ${baseUrl} to be ready`,
      { timeoutMs: 30_000 },
    );
  } catch (error) {
    await stop();
    throw new Error(`${error}\nPrometheus printed:\n${output}`);
  }

  return {
    baseUrl,
    query,
    async querySum(promql, time) {
      const samples = await query(promql, time);
      return samples.length === 0
        ? undefined
        : samples.reduce((sum, s) => sum + s.value, 0);
    },
    output: () => output,
    stop,
  };
}
