import fs from 'node:fs';
import path from 'node:path';
import { eventually, PortalBackend } from './startPortalBackend';

/** A scaffolder task event, as GET /api/scaffolder/v2/tasks/:id/events returns it. */
export interface TaskEvent {
  id: number;
  type: 'log' | 'completion' | 'cancelled' | 'recovered';
  body: { message?: string; stepId?: string; status?: string };
  createdAt: string;
}

// Test-only helper that is never bundled, so __dirname is the source folder.
// eslint-disable-next-line no-restricted-syntax
const fixtures = path.join(__dirname, 'fixtures');

/**
 * The portal's own catalog locations (as in app-config.yaml) plus a test-only template of
 * testing/fixtures, for `catalog.locations`. Templates are accepted only from the portal's own
 * locations (plugins/catalog-backend-module-commerce), so a probe template is configured the way
 * the platform team adds one, not registered through the catalog API.
 */
export function locationsWithFixture(repositories: string, fixture: string) {
  const file = path.join(repositories, 'test-fixtures', fixture);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.copyFileSync(path.join(fixtures, fixture), file);
  return [
    { type: 'file', target: '../../catalog-info.yaml' },
    {
      type: 'file',
      target: '../../catalog/local/guest.yaml',
      rules: [{ allow: ['User'] }],
    },
    { type: 'file', target: file },
  ];
}

/** Waits until the backend serves `template:default/<name>`. */
export async function waitForTemplate(backend: PortalBackend, name: string) {
  await eventually(async () => {
    const { status } = await backend.getJson(
      `/api/catalog/entities/by-name/template/default/${name}`,
    );
    return status === 200 ? true : undefined;
  }, `template ${name} on ${backend.baseUrl}`);
}

/** Submits a task with the backend's static token, as `yarn platform:run` does; its id. */
export async function submitTask(
  backend: PortalBackend,
  templateRef: string,
  values: Record<string, unknown>,
): Promise<string> {
  const { status, body } = await backend.postJson('/api/scaffolder/v2/tasks', {
    templateRef,
    values,
  });
  if (status !== 201) {
    throw new Error(
      `POST /api/scaffolder/v2/tasks answered ${status}: ${JSON.stringify(
        body,
      )}`,
    );
  }
  return body.id;
}

/** The task as GET /api/scaffolder/v2/tasks/:id returns it. */
export async function getTask(backend: PortalBackend, taskId: string) {
  const { status, body } = await backend.getJson(
    `/api/scaffolder/v2/tasks/${taskId}`,
  );
  if (status !== 200) {
    throw new Error(`GET task ${taskId} answered ${status}`);
  }
  return body as { id: string; status: string; lastHeartbeatAt?: string };
}

/** The task's events (its log), as the portal's task page reads them. */
export async function taskEvents(
  backend: PortalBackend,
  taskId: string,
): Promise<TaskEvent[]> {
  const { status, body } = await backend.getJson(
    `/api/scaffolder/v2/tasks/${taskId}/events`,
  );
  if (status !== 200) {
    throw new Error(`GET events of task ${taskId} answered ${status}`);
  }
  return body;
}

/** Waits until the task has one of `statuses`; its last state. */
export async function waitForTaskStatus(
  backend: PortalBackend,
  taskId: string,
  statuses: string[],
  timeoutMs = 60_000,
) {
  return eventually(
    async () => {
      const task = await getTask(backend, taskId);
      return statuses.includes(task.status) ? task : undefined;
    },
    `task ${taskId} to be ${statuses.join(' or ')}`,
    timeoutMs,
  );
}
