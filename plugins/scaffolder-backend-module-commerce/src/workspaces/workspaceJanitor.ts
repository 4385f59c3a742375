import type {
  AuthService,
  LifecycleService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import type { ResponseError } from '@backstage/errors';
import type { ScaffolderService } from '@backstage/plugin-scaffolder-node';
import os from 'node:os';
import path from 'node:path';
import fs from 'fs-extra';

/**
 * The scaffolder runs each task in `<working directory>/<task id>` and removes that folder when
 * the task ends. A backend killed mid-task (OOM, a drained node, a crash) never gets there: the
 * folder stays in the pod's temporary folder, holding a rendered service and its secrets'
 * references, and filling the emptyDir. The scaffolder's own janitor marks such a task failed
 * once its heartbeat is older than scaffolder.taskTimeout; this one then removes its folder.
 */

/** Task states after which the scaffolder never touches the workspace again. */
const FINISHED = new Set(['completed', 'failed', 'cancelled']);
const TASK_ID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The status of a scaffolder task; undefined when the scaffolder has no such task. */
export type TaskStatusLookup = (taskId: string) => Promise<string | undefined>;

/** What one pass of {@link removeFinishedWorkspaces} did. */
export interface WorkspaceSweep {
  /** Task ids whose workspaces were removed. */
  removed: string[];
  /** Task ids whose tasks are still open or running; their workspaces stay. */
  running: string[];
}

/**
 * Removes the workspaces under `workingDirectory` whose tasks have finished. Only folders named
 * like a task id that the scaffolder knows are touched: the working directory is the OS
 * temporary folder by default, shared with everything else on the machine.
 */
export async function removeFinishedWorkspaces(options: {
  workingDirectory: string;
  taskStatus: TaskStatusLookup;
  logger: LoggerService;
}): Promise<WorkspaceSweep> {
  const { workingDirectory, taskStatus, logger } = options;
  const sweep: WorkspaceSweep = { removed: [], running: [] };
  const entries = await fs
    .readdir(workingDirectory, { withFileTypes: true })
    .catch(() => []);
  for (const entry of entries) {
    if (!entry.isDirectory() || !TASK_ID.test(entry.name)) {
      continue;
    }
    const status = await taskStatus(entry.name);
    if (status === undefined) {
      continue;
    }
    if (FINISHED.has(status)) {
      await fs.remove(path.join(workingDirectory, entry.name));
      sweep.removed.push(entry.name);
    } else {
      sweep.running.push(entry.name);
    }
  }
  if (sweep.removed.length > 0) {
    logger.info(
      `Removed the workspaces of ${
        sweep.removed.length
      } finished scaffolder task(s) from ${workingDirectory}: ${sweep.removed.join(
        ', ',
      )}`,
    );
  }
  return sweep;
}

/** The scaffolder's working directory: `backend.workingDirectory`, else the OS temporary folder. */
export function scaffolderWorkingDirectory(config: RootConfigService): string {
  return config.getOptionalString('backend.workingDirectory') ?? os.tmpdir();
}

/**
 * Runs {@link removeFinishedWorkspaces} once the backend has started (what a killed process
 * left behind) and then as a scheduled task, as often as the scaffolder's own janitor marks
 * stale tasks failed (`scaffolder.taskTimeoutJanitorFrequency`, default 5 minutes). The task's
 * scope is local: each replica's workspaces are on its own pod's disk.
 */
export async function startWorkspaceJanitor(options: {
  config: RootConfigService;
  logger: LoggerService;
  scheduler: SchedulerService;
  lifecycle: LifecycleService;
  auth: AuthService;
  scaffolder: ScaffolderService;
}) {
  const { config, logger, scheduler, lifecycle, auth, scaffolder } = options;
  const workingDirectory = scaffolderWorkingDirectory(config);
  const taskStatus: TaskStatusLookup = async taskId => {
    try {
      const task = await scaffolder.getTask(
        { taskId },
        { credentials: await auth.getOwnServiceCredentials() },
      );
      return task.status;
    } catch (error) {
      // Not a task of this scaffolder (a folder of another tool that looks like one).
      if (
        (error as ResponseError)?.statusCode === 404 ||
        (error as Error)?.name === 'NotFoundError'
      ) {
        return undefined;
      }
      throw error;
    }
  };
  const sweep = () =>
    removeFinishedWorkspaces({ workingDirectory, taskStatus, logger });
  const frequency = config.has('scaffolder.taskTimeoutJanitorFrequency')
    ? readDurationFromConfig(config, {
        key: 'scaffolder.taskTimeoutJanitorFrequency',
      })
    : { minutes: 5 };

  // After start-up, when the scaffolder's routes answer: the API is how the task state is read.
  lifecycle.addStartupHook(async () => {
    try {
      await sweep();
    } catch (error) {
      logger.warn(
        `Could not remove finished task workspaces at start-up (the scheduled janitor retries): ${error}`,
      );
    }
  });
  await scheduler.scheduleTask({
    id: 'commerce-scaffolder-workspace-janitor',
    scope: 'local',
    frequency,
    timeout: { minutes: 5 },
    initialDelay: frequency,
    fn: async () => {
      await sweep();
    },
  });
}
