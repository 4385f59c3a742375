/**
 * `./portal preview` (yarn preview): live health of the published services on this machine.
 *
 *   ./portal preview [--service cart-service]... [--prometheus-port 9090]
 *                    [--alertmanager-port 9093] [--control-port 9095] [--load 5]
 *                    [--repositories .data/repositories] [--work-dir .data/preview]
 *   ./portal preview fault <service> <cut|slow|none> [--control-port 9095]   (while one runs)
 *
 * Runs until Ctrl-C or SIGTERM, then stops everything it started. See docs/preview.md.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  portSettings,
  PreviewError,
  startPreview,
  type PreviewPorts,
} from './preview.ts';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const dataDir = process.env.PORTAL_DATA_DIR || path.join(repoRoot, '.data');
const say = (line: string) => process.stdout.write(`[preview] ${line}\n`);

function port(key: keyof PreviewPorts, flagValue: string | undefined) {
  const s = portSettings[key];
  const raw = flagValue ?? process.env[s.env];
  if (raw === undefined) return s.default;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0 || value > 65535) {
    throw new PreviewError(
      `${s.flag} / ${s.env} must be a TCP port, not ${raw}`,
    );
  }
  return value;
}

function loadRate(raw: string | undefined) {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!(value > 0 && value <= 1000)) {
    throw new PreviewError(
      `--load must be requests per second per service (1 to 1000), not ${raw}`,
    );
  }
  return value;
}

async function fault(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'control-port': { type: 'string' } },
  });
  const [service, mode] = positionals;
  if (!service || !['cut', 'slow', 'none'].includes(mode ?? '')) {
    throw new PreviewError(
      'usage: ./portal preview fault <service> <cut|slow|none> [--control-port <port>]',
    );
  }
  const control = `http://127.0.0.1:${port('control', values['control-port'])}`;
  const response = await fetch(`${control}/fault/${service}/${mode}`, {
    method: 'POST',
  }).catch(() => {
    throw new PreviewError(
      `no preview answers at ${control}: start one with ./portal preview`,
    );
  });
  const text = await response.text();
  if (!response.ok) throw new PreviewError(text);
  say(`${service}: store ${mode === 'none' ? 'healed' : mode}`);
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv[0] === 'fault') {
    await fault(argv.slice(1));
    return;
  }
  const { values } = parseArgs({
    args: argv,
    options: {
      service: { type: 'string', multiple: true },
      'prometheus-port': { type: 'string' },
      'alertmanager-port': { type: 'string' },
      'control-port': { type: 'string' },
      load: { type: 'string' },
      // Where the platform run published (commerce.publish.local.directory); the browser
      // journey's portal publishes elsewhere than a developer's.
      repositories: { type: 'string' },
      'work-dir': { type: 'string' },
    },
  });
  const repositoriesDir = path.resolve(
    values.repositories ?? path.join(dataDir, 'repositories'),
  );
  const preview = await startPreview({
    repositoriesDir,
    workDir: path.resolve(values['work-dir'] ?? path.join(dataDir, 'preview')),
    ports: {
      prometheus: port('prometheus', values['prometheus-port']),
      alertmanager: port('alertmanager', values['alertmanager-port']),
      control: port('control', values['control-port']),
    },
    services: values.service,
    loadPerSecond: loadRate(values.load),
    log: say,
  });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping everything the preview started`);
    await preview.stop();
    say('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const relConfig = path.relative(repoRoot, preview.portalConfigFile);
  say(
    `Prometheus    ${preview.prometheusUrl}  (rules and windows scaled 1:60 for preview: 1 h reads 60 s)`,
  );
  say(`Alertmanager  ${preview.alertmanagerUrl}  (alerts are printed here)`);
  for (const s of preview.services) say(`${s.name.padEnd(15)} ${s.url}`);
  say(
    `portal config ${relConfig} (slo.prometheus.baseUrl); ./portal start reads it while the preview runs`,
  );
  say(
    `  already running? restart it, or start it with APP_CONFIG_slo_prometheus_baseUrl=${preview.prometheusUrl}`,
  );
  say(
    `fault         ./portal preview fault ${
      preview.services[0]!.name
    } cut   (slow, none to heal)`,
  );
  say('Ctrl-C stops everything the preview started');
  say(`ready: ${preview.services.length} services`);
}

main().catch(error => {
  if (error instanceof PreviewError) {
    process.stderr.write(`[preview] error: ${error.message}\n`);
  } else {
    process.stderr.write(
      `[preview] ${error instanceof Error ? error.stack : String(error)}\n`,
    );
  }
  process.exit(1);
});
