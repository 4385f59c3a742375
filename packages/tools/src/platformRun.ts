/*
 * Drives a software template through a running portal's scaffolder REST API and prints its
 * progress step by step — by default the commerce-platform template, which instantiates the
 * shared platform and the four commerce services.
 *
 *   yarn platform:run [--url http://localhost:7007] [--app-url http://localhost:3000]
 *                     [--environment prod|dev] [--template template:default/commerce-platform]
 *
 * Authenticates with the portal's static API token: PORTAL_API_TOKEN, else the one
 * `./portal start` keeps in .data/api-token.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { parseArgs } from 'node:util';

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
    req.on('error', reject);
    req.setTimeout(120_000, () => req.destroy(new Error(`timeout: ${url}`)));
    req.end(payload);
  });
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
    throw new Error(
      `"${options.templateRef}" is not a template reference; write template:default/<name>`,
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
  if (template.status !== 200) {
    throw new Error(
      `the portal has no template ${options.templateRef} (${errorText(
        template.status,
        template.body,
      )}); is the catalog loaded?`,
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
  if (created.status !== 201 && created.status !== 200) {
    throw new Error(
      `the portal refused the run: ${errorText(created.status, created.body)}`,
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
    if (events.status !== 200) {
      throw new Error(
        `could not read the task's events: ${errorText(
          events.status,
          events.body,
        )}`,
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
  throw new Error(
    `no API token: set PORTAL_API_TOKEN, or start the portal with ./portal start (it writes ${file})`,
  );
}

async function main() {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: 'http://localhost:7007' },
      'app-url': { type: 'string', default: 'http://localhost:3000' },
      environment: { type: 'string', default: 'prod' },
      template: {
        type: 'string',
        default: 'template:default/commerce-platform',
      },
    },
  });
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(
    `Running ${values.template} on ${values.url} (environment ${values.environment})`,
  );
  const result = await runTemplate({
    backendUrl: values.url!,
    token: readToken(),
    templateRef: values.template!,
    values: { environment: values.environment },
    onProgress: line => out(`  ${line}`),
  });
  out('');
  for (const text of result.output.text ?? []) {
    out(`${text.title ?? ''}\n${text.content ?? ''}`);
  }
  for (const link of result.output.links ?? []) {
    const url = link.entityRef
      ? entityPageUrl(values['app-url']!, link.entityRef)
      : link.url;
    out(`  ${link.title ?? ''}: ${url}`);
  }
  out(
    `\n${result.status} in ${result.seconds.toFixed(1)} s (task ${
      result.taskId
    })`,
  );
  if (result.failure) {
    out(
      `\nstep ${result.failure.stepId} failed:\n  ${result.failure.log.join(
        '\n  ',
      )}`,
    );
  }
  if (result.status !== 'completed') process.exitCode = 1;
}

if (require.main === module) {
  main().catch(error => {
    process.stderr.write(`platform:run: ${(error as Error).message}\n`);
    process.exitCode = 1;
  });
}
