/*
 * Drives a software template through a running portal's scaffolder REST API and prints its
 * progress step by step — by default the commerce-platform template, which instantiates the
 * shared platform and the four commerce services. `./portal platform-run --help` (or
 * `yarn platform:run --help`) prints the usage below, exit codes included.
 *
 * Authenticates with the portal's static API token: PORTAL_API_TOKEN, else the one
 * `./portal start` keeps in .data/api-token.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { parseArgs } from 'node:util';

/**
 * What `platform:run` exits with, so scripts can tell a failed run from a portal that is down
 * or a token that is refused. Listed in the usage text and docs/platform-run.md.
 */
export const EXIT_CODES = {
  /** The run completed. */
  completed: 0,
  /** The run failed or was cancelled: the failed step and its log are printed. */
  runFailed: 1,
  /** The command line was wrong (unknown option, missing value). */
  usage: 2,
  /** Nothing answered at the portal's URL. */
  unreachable: 3,
  /** No API token, or the portal refused it (HTTP 401 or 403). */
  unauthorized: 4,
  /** The portal answered with another error (e.g. no such template). */
  refused: 5,
} as const;

/** A failure of the command, with the exit code it ends with and a message for people. */
export class PlatformRunError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
    this.name = 'PlatformRunError';
  }
}

/** What `--help` prints. */
export const USAGE = `Usage: ./portal platform-run [options]     (or: yarn platform:run [options])

Runs a software template (by default the commerce platform) through a running portal's
scaffolder API and prints each step as it runs.

Options:
  --url <url>            the portal's backend (default http://localhost:7007)
  --app-url <url>        the portal's frontend, for the links printed at the end
                         (default http://localhost:3000)
  --environment <env>    prod or dev: which parameter files deploy the platform (default prod)
  --template <ref>       the template to run (default template:default/commerce-platform)
  -h, --help             print this help

Authentication: the API token in PORTAL_API_TOKEN, else the one \`./portal start\` writes to
.data/api-token.

Exit codes:
  ${EXIT_CODES.completed}  the run completed
  ${EXIT_CODES.runFailed}  the run failed or was cancelled (the failed step's log is printed)
  ${EXIT_CODES.usage}  wrong command line
  ${EXIT_CODES.unreachable}  the portal is not reachable at --url (start it with ./portal start)
  ${EXIT_CODES.unauthorized}  no API token, or the portal refused it (HTTP 401/403)
  ${EXIT_CODES.refused}  the portal answered with another error (e.g. no such template)
`;

/** A scaffolder task event, as GET /api/scaffolder/v2/tasks/:id/events returns them. */
interface TaskEvent {
  id: number;
  type: 'log' | 'completion' | 'cancelled' | 'recovered';
  body: {
    message?: string;
    /** On the completion event: the template's rendered output. */
    output?: TemplateRunResult['output'];
    stepId?: string;
    status?: 'processing' | 'completed' | 'failed' | 'skipped' | 'cancelled';
  };
}

/** How a template run ended. */
export interface TemplateRunResult {
  taskId: string;
  status: 'completed' | 'failed' | 'cancelled';
  /** Seconds from submission to completion. */
  seconds: number;
  steps: Array<{ id: string; name: string; status: string; seconds: number }>;
  output: {
    links?: Array<{ title?: string; url?: string; entityRef?: string }>;
    text?: Array<{ title?: string; content?: string }>;
  };
  /** Log lines of the step that failed, when one did. */
  failure?: { stepId: string; log: string[] };
}

export interface TemplateRunOptions {
  /** The backend, e.g. http://localhost:7007. */
  backendUrl: string;
  token: string;
  templateRef: string;
  values: Record<string, unknown>;
  /** Called for each progress line (a step started, ended, or said something noteworthy). */
  onProgress?: (line: string) => void;
  /** How often to poll for events. */
  pollMs?: number;
}

/**
 * Calls the portal's REST API with a static token: GET, or POST with a JSON body.
 */
// Plain node:http rather than fetch: the same client runs in the CLI and in Jest, whose setup
// blocks the global fetch and agents so unit tests cannot reach the network.
export function callPortal<T>(
  url: string,
  token: string,
  body?: unknown,
  /** Default GET, or POST with a body. */
  method?: 'GET' | 'POST' | 'DELETE',
): Promise<{ status: number; body: T }> {
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = transport.request(
      target,
      {
        agent: new transport.Agent({ keepAlive: false }),
        method: method ?? (payload === undefined ? 'GET' : 'POST'),
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(payload === undefined
            ? {}
            : {
                'content-type': 'application/json',
                'content-length': Buffer.byteLength(payload),
              }),
        },
      },
      res => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', chunk => {
          text += chunk;
        });
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: keep the text for the error message
          }
          resolve({ status: res.statusCode ?? 0, body: parsed as T });
        });
      },
    );
    req.on('error', error => reject(unreachable(target, error)));
    req.setTimeout(120_000, () =>
      req.destroy(new Error('no answer within 120 s')),
    );
    req.end(payload);
  });
}

/** Why a request did not get an answer, never empty (a refused `localhost` is an AggregateError). */
export function describeError(error: unknown): string {
  const e = error as {
    message?: string;
    code?: string;
    errors?: unknown[];
    name?: string;
  };
  const inner = Array.isArray(e?.errors)
    ? e.errors.map(describeError).filter(Boolean)
    : [];
  const text =
    e?.message ||
    [...new Set(inner)].join('; ') ||
    e?.code ||
    e?.name ||
    String(error);
  return text || 'unknown error';
}

function unreachable(target: URL, error: unknown): PlatformRunError {
  return new PlatformRunError(
    `cannot reach the portal at ${target.origin} (${describeError(
      error,
    )}). Start it with ./portal start (in another terminal; the backend answers a few seconds later), or pass --url with the address of a running portal.`,
    EXIT_CODES.unreachable,
  );
}

/** 401 and 403 mean the token, whatever the request was: say so and how to fix it. */
function refusedToken(url: string, status: number, body: unknown) {
  if (status !== 401 && status !== 403) return undefined;
  return new PlatformRunError(
    `the portal at ${new URL(url).origin} refused the API token (${errorText(
      status,
      body,
    )}). ${
      status === 401
        ? 'Use the token the portal was started with: PORTAL_API_TOKEN, or .data/api-token as ./portal start writes it (restart the portal if you changed it).'
        : "The token is valid but may not do this: its access restrictions (backend.auth.externalAccess) must allow the catalog and the scaffolder's task permissions."
    }`,
    EXIT_CODES.unauthorized,
  );
}

function errorText(status: number, body: unknown): string {
  const message =
    (body as { error?: { message?: string } })?.error?.message ??
    (typeof body === 'string' ? body : JSON.stringify(body));
  return `HTTP ${status}: ${message}`;
}

/** Log lines worth showing as progress: what the actions say they skipped, did or failed at. */
const noteworthy =
  /not configured|skipp|Registered|Created|Updated|already|deployed|Succeeded|Failed|error/i;

/**
 * Submits a template run and follows it to the end. Resolves with the outcome (also when the
 * run failed); rejects only when the portal cannot be reached or refuses the request.
 */
export async function runTemplate(
  options: TemplateRunOptions,
): Promise<TemplateRunResult> {
  const api = `${options.backendUrl.replace(/\/$/, '')}/api/scaffolder/v2`;
  const progress = options.onProgress ?? (() => {});
  const started = Date.now();

  const ref = /^(?:template:)?(?:([^/:]+)\/)?([^/:]+)$/.exec(
    options.templateRef,
  );
  if (!ref) {
    throw new PlatformRunError(
      `"${options.templateRef}" is not a template reference; write template:default/<name>`,
      EXIT_CODES.usage,
    );
  }
  const [, namespace = 'default', templateName] = ref;
  const template = await callPortal<any>(
    `${options.backendUrl.replace(
      /\/$/,
      '',
    )}/api/catalog/entities/by-name/template/${encodeURIComponent(
      namespace,
    )}/${encodeURIComponent(templateName!)}`,
    options.token,
  );
  const templateUrl = `${options.backendUrl.replace(/\/$/, '')}/api/catalog`;
  const tokenRefused = refusedToken(
    templateUrl,
    template.status,
    template.body,
  );
  if (tokenRefused) throw tokenRefused;
  if (template.status !== 200) {
    throw new PlatformRunError(
      `the portal has no template ${options.templateRef} (${errorText(
        template.status,
        template.body,
      )}). ${
        template.status === 404
          ? 'Is the catalog loaded? It reads the templates a few seconds after the portal starts; check the name with --template template:default/<name>.'
          : ''
      }`.trimEnd(),
      EXIT_CODES.refused,
    );
  }
  const stepNames = new Map<string, string>(
    (template.body.spec?.steps ?? []).map(
      (s: { id: string; name?: string }) => [s.id, s.name ?? s.id],
    ),
  );

  const created = await callPortal<{ id: string }>(
    `${api}/tasks`,
    options.token,
    {
      templateRef: `template:${namespace}/${templateName}`,
      values: options.values,
    },
  );
  const createRefused = refusedToken(
    `${api}/tasks`,
    created.status,
    created.body,
  );
  if (createRefused) throw createRefused;
  if (created.status !== 201 && created.status !== 200) {
    throw new PlatformRunError(
      `the portal refused the run: ${errorText(created.status, created.body)}`,
      EXIT_CODES.refused,
    );
  }
  const taskId = created.body.id;
  progress(`task ${taskId} submitted`);

  const steps = new Map<
    string,
    {
      id: string;
      name: string;
      status: string;
      startedAt: number;
      seconds: number;
    }
  >();
  const logs = new Map<string, string[]>();
  let after: number | undefined;
  let completion: TaskEvent | undefined;
  while (!completion) {
    const events = await callPortal<TaskEvent[]>(
      `${api}/tasks/${encodeURIComponent(taskId)}/events${
        after === undefined ? '' : `?after=${after}`
      }`,
      options.token,
    );
    const eventsRefused = refusedToken(api, events.status, events.body);
    if (eventsRefused) throw eventsRefused;
    if (events.status !== 200) {
      throw new PlatformRunError(
        `could not read the task's events: ${errorText(
          events.status,
          events.body,
        )}`,
        EXIT_CODES.refused,
      );
    }
    for (const event of events.body) {
      after = event.id;
      if (event.type === 'completion' || event.type === 'cancelled') {
        completion = event;
        break;
      }
      const { stepId, status } = event.body;
      // Task logs carry the logger's colours and level; progress lines are plain text.
      const message = event.body.message
        // eslint-disable-next-line no-control-regex -- the escape character is the point
        ?.replace(/\u001b\[[0-9;]*m/g, '')
        .replace(/^(info|warn|error|debug): /, '');
      if (!stepId) continue;
      const name = stepNames.get(stepId) ?? stepId;
      if (message) {
        logs.set(stepId, [...(logs.get(stepId) ?? []), message]);
      }
      let step = steps.get(stepId);
      if (status === 'processing' && !step) {
        step = { id: stepId, name, status, startedAt: Date.now(), seconds: 0 };
        steps.set(stepId, step);
        progress(`▶ ${name}`);
      } else if (status && status !== 'processing') {
        step = step ?? {
          id: stepId,
          name,
          status,
          startedAt: Date.now(),
          seconds: 0,
        };
        step.status = status;
        step.seconds = (Date.now() - step.startedAt) / 1000;
        steps.set(stepId, step);
        const marks: Record<string, string> = { completed: '✔', skipped: '–' };
        const mark = marks[status] ?? '✖';
        progress(
          `${mark} ${name}${
            status === 'skipped' ? ' (skipped by its condition)' : ''
          } ${step.seconds.toFixed(1)} s`,
        );
      } else if (message && noteworthy.test(message)) {
        progress(`    ${message.replace(/\s+$/, '')}`);
      }
    }
    if (!completion) {
      await new Promise(resolve => setTimeout(resolve, options.pollMs ?? 500));
    }
  }

  const task = await callPortal<any>(
    `${api}/tasks/${encodeURIComponent(taskId)}`,
    options.token,
  );
  const status: TemplateRunResult['status'] = [
    'completed',
    'cancelled',
  ].includes(task.body?.status)
    ? task.body.status
    : 'failed';
  const failed = [...steps.values()].find(s => s.status === 'failed');
  const describeFailure = (): TemplateRunResult['failure'] => {
    if (failed) {
      return { stepId: failed.id, log: (logs.get(failed.id) ?? []).slice(-15) };
    }
    if (status === 'failed') {
      return {
        stepId: '',
        log: [completion!.body.message ?? 'the task failed'],
      };
    }
    return undefined;
  };
  return {
    taskId,
    status,
    seconds: (Date.now() - started) / 1000,
    steps: [...steps.values()].map(({ id, name, status: s, seconds }) => ({
      id,
      name,
      status: s,
      seconds,
    })),
    output: completion.body.output ?? task.body?.output ?? {},
    failure: describeFailure(),
  };
}

/** The page of an entity in the portal's frontend. */
export function entityPageUrl(appUrl: string, entityRef: string): string {
  const match = /^([^:]+):(?:([^/]+)\/)?(.+)$/.exec(entityRef);
  if (!match) return appUrl;
  const [, kind, namespace = 'default', name] = match;
  return `${appUrl.replace(
    /\/$/,
    '',
  )}/catalog/${namespace}/${kind!.toLowerCase()}/${name}`;
}

function readToken(): string {
  if (process.env.PORTAL_API_TOKEN) return process.env.PORTAL_API_TOKEN;
  // Run from the repository root (yarn platform:run), like ./portal start.
  const dataDir = process.env.PORTAL_DATA_DIR ?? path.resolve('.data');
  const file = path.join(dataDir, 'api-token');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  throw new PlatformRunError(
    `no API token: set PORTAL_API_TOKEN, or start the portal with ./portal start (it writes ${file})`,
    EXIT_CODES.unauthorized,
  );
}

/** Where the command writes: standard output and standard error. */
export interface PlatformRunIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/**
 * The command: parses the arguments, runs the template and returns the exit code
 * ({@link EXIT_CODES}). Every failure is written to `io.err` with a message that says what to do.
 */
export async function platformRunCli(
  args: string[],
  io: PlatformRunIo,
): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args,
      options: {
        url: { type: 'string', default: 'http://localhost:7007' },
        'app-url': { type: 'string', default: 'http://localhost:3000' },
        environment: { type: 'string', default: 'prod' },
        template: {
          type: 'string',
          default: 'template:default/commerce-platform',
        },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    io.err(`platform:run: ${describeError(error)}\n\n${USAGE}`);
    return EXIT_CODES.usage;
  }
  if (values.help) {
    io.out(USAGE);
    return EXIT_CODES.completed;
  }
  for (const option of ['url', 'app-url'] as const) {
    const url = URL.parse(values[option]);
    if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
      io.err(
        `platform:run: --${option} "${values[option]}" is not a URL; write it like http://localhost:7007`,
      );
      return EXIT_CODES.usage;
    }
  }
  try {
    io.out(
      `Running ${values.template} on ${values.url} (environment ${values.environment})`,
    );
    const result = await runTemplate({
      backendUrl: values.url,
      token: readToken(),
      templateRef: values.template,
      values: { environment: values.environment },
      onProgress: line => io.out(`  ${line}`),
    });
    io.out('');
    for (const text of result.output.text ?? []) {
      io.out(`${text.title ?? ''}\n${text.content ?? ''}`);
    }
    for (const link of result.output.links ?? []) {
      const url = link.entityRef
        ? entityPageUrl(values['app-url'], link.entityRef)
        : link.url;
      io.out(`  ${link.title ?? ''}: ${url}`);
    }
    io.out(
      `\n${result.status} in ${result.seconds.toFixed(1)} s (task ${
        result.taskId
      })`,
    );
    if (result.failure) {
      io.out(
        `\nstep ${result.failure.stepId} failed:\n  ${result.failure.log.join(
          '\n  ',
        )}`,
      );
    }
    return result.status === 'completed'
      ? EXIT_CODES.completed
      : EXIT_CODES.runFailed;
  } catch (error) {
    io.err(`platform:run: ${describeError(error)}`);
    return error instanceof PlatformRunError
      ? error.exitCode
      : EXIT_CODES.runFailed;
  }
}

if (require.main === module) {
  platformRunCli(process.argv.slice(2), {
    out: line => process.stdout.write(`${line}\n`),
    err: line => process.stderr.write(`${line}\n`),
  }).then(code => {
    process.exitCode = code;
  });
}
