import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import git from 'isomorphic-git';
import {
  availableTestDatabases,
  dropTestDatabases,
  eventually,
  locationsWithFixture,
  PortalBackend,
  startPortalBackend,
  submitTask,
  TaskEvent,
  taskEvents,
  TestDatabase,
  waitForTaskStatus,
  waitForTemplate,
} from '@internal/tools';

// A backend that dies mid-task (crash, OOM kill, a node drained without a graceful stop) leaves
// the task "processing" with nobody running it. The portal does not resume such a task (no
// scaffolder.taskRecovery): the restarted backend's janitor marks it failed once its heartbeat
// is older than scaffolder.taskTimeout, and keeps its log, which names what the task created.
// Running the template again with the same values finishes the job: its steps are idempotent.
//
// The restart-probe template (packages/tools/src/testing/fixtures) publishes and registers a repository with the
// commerce actions the service templates use, then waits; the test kills the backend with
// SIGKILL (no shutdown hook runs) during the wait and starts a new one on the same database.
describe.each(availableTestDatabases().map(db => [db.client, db] as const))(
  'a backend killed mid-task and restarted, on %s',
  (_name, database) => {
    const name = 'restart-probe-service';
    let repositories: string;
    let sqliteDirectory: string | undefined;
    let workingDirectory: string;
    let db: TestDatabase;
    let token: string;
    let prefix: string | undefined;
    const backends: PortalBackend[] = [];
    let taskId: string;
    let eventsBeforeKill: TaskEvent[];
    let restarted: PortalBackend;
    let secondsToReady: number;
    let secondsToFailed: number;
    let workspaceBeforeKill: boolean;

    const start = async (extraConfig: Record<string, unknown> = {}) => {
      const backend = await startPortalBackend({
        database: db,
        databasePrefix: prefix,
        token,
        // Info, as in production: the task log keeps its steps' info lines only at this level.
        logLevel: 'info',
        config: {
          'commerce.publish.local.directory': repositories,
          'catalog.locations': locationsWithFixture(
            repositories,
            'restart-probe.template.yaml',
          ),
          // Task workspaces here, not in the shared /tmp: a killed task's workspace is never removed.
          'backend.workingDirectory': workingDirectory,
          // Short, so the test does not wait the production five minutes. Strings: they replace
          // app-config.yaml's { minutes } objects, which objects would be merged into.
          'scaffolder.taskTimeout': '5s',
          'scaffolder.taskTimeoutJanitorFrequency': '2s',
          ...extraConfig,
        },
      });
      backends.push(backend);
      prefix ??= backend.databasePrefix;
      token ??= backend.token;
      return backend;
    };

    const catalogInfo = () =>
      path.join(repositories, name, 'catalog-info.yaml');
    const messages = (events: TaskEvent[]) =>
      events.map(e => e.body.message ?? '');

    beforeAll(async () => {
      repositories = fs.mkdtempSync(path.join(os.tmpdir(), 'restart-repos-'));
      workingDirectory = fs.mkdtempSync(
        path.join(os.tmpdir(), 'restart-work-'),
      );
      if (database.client === 'better-sqlite3') {
        // On disk, as `./portal start` keeps it, so the restarted backend reads the same files.
        sqliteDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'restart-db-'));
        db = { client: 'better-sqlite3', directory: sqliteDirectory };
      } else {
        db = database;
      }

      const first = await start();
      await waitForTemplate(first, 'restart-probe');
      taskId = await submitTask(first, 'template:default/restart-probe', {
        name,
        waitSeconds: 300,
      });
      eventsBeforeKill = await eventually(
        async () => {
          const events = await taskEvents(first, taskId);
          return events.some(
            e => e.body.stepId === 'slow' && e.body.status === 'processing',
          )
            ? events
            : undefined;
        },
        'the task to reach its slow step',
        90_000,
      );
      workspaceBeforeKill = fs.existsSync(path.join(workingDirectory, taskId));
      await first.kill();
      const killedAt = Date.now();

      restarted = await start();
      secondsToReady = (Date.now() - killedAt) / 1000;
      await waitForTaskStatus(
        restarted,
        taskId,
        ['failed', 'completed'],
        60_000,
      );
      secondsToFailed = (Date.now() - killedAt) / 1000;
    }, 240_000);

    afterAll(async () => {
      // The restarted backend first: the first one created the databases and drops them.
      for (const backend of [...backends].reverse()) await backend.stop();
      if (db?.client === 'pg' && prefix) await dropTestDatabases(db, prefix);
      for (const dir of [repositories, workingDirectory, sqliteDirectory]) {
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
      }
    }, 60_000);

    it('ends the interrupted task failed, saying it went stale, and runs none of its later steps', async () => {
      expect(
        (await restarted.getJson(`/api/scaffolder/v2/tasks/${taskId}`)).body,
      ).toMatchObject({ status: 'failed' });
      const events = await taskEvents(restarted, taskId);
      const completion = events.filter(e => e.type === 'completion');
      expect(completion).toHaveLength(1);
      expect(completion[0]!.body.message).toMatch(/stale/);
      expect(events).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            body: expect.objectContaining({
              stepId: 'slow',
              status: 'failed',
              message: expect.stringMatching(/stale/),
            }),
          }),
        ]),
      );
      expect(events.filter(e => e.body.stepId === 'after')).toEqual([]);
      // No second run: the task started once.
      expect(
        messages(events).filter(m => m.startsWith('Starting up task')),
      ).toHaveLength(1);
      // eslint-disable-next-line no-console
      console.log(
        `${
          database.client
        }: killed mid-task; the restarted backend was ready ${secondsToReady.toFixed(
          1,
        )} s after the kill and had marked the task failed ${secondsToFailed.toFixed(
          1,
        )} s after it (taskTimeout 5 s, janitor every 2 s)`,
      );
    });

    it('keeps every log line the task wrote before the kill', async () => {
      const events = await taskEvents(restarted, taskId);
      const ids = new Set(events.map(e => e.id));
      expect(eventsBeforeKill.filter(e => !ids.has(e.id))).toEqual([]);
    });

    it('leaves behind only what its log names: the repository and the catalog location', async () => {
      const log = messages(await taskEvents(restarted, taskId)).join('\n');
      const repository = path.join(repositories, name);
      const target = pathToFileURL(catalogInfo()).href;

      // What exists after the crash...
      expect(await git.log({ fs, dir: repository })).toHaveLength(1);
      const { body: locations } = await restarted.getJson(
        '/api/catalog/locations',
      );
      expect(
        locations.filter((l: any) => l.data.target === target),
      ).toHaveLength(1);
      // ...is each named in the failed task's log,
      expect(log).toContain(`Created ${repository}`);
      expect(log).toContain(`Registered ${target}`);
      // which says what to do about it: run the template again with the same values (the next
      // test shows that finishes the job), or have the location unregistered.
      const cleanUp = log
        .split('\n')
        .filter(
          line => line.includes(target) && /re-run|unregister/i.test(line),
        );
      expect(cleanUp).not.toEqual([]);
    });

    it('completes when run again with the same values, leaving one of everything', async () => {
      const again = await submitTask(
        restarted,
        'template:default/restart-probe',
        {
          name,
          waitSeconds: 0,
        },
      );
      const task = await waitForTaskStatus(
        restarted,
        again,
        ['completed', 'failed'],
        60_000,
      );
      const log = messages(await taskEvents(restarted, again)).join('\n');
      expect({ status: task.status, log }).toMatchObject({
        status: 'completed',
      });
      expect(log).toMatch(/already holds this content/);
      expect(log).toMatch(/is already registered/);

      expect(
        await git.log({ fs, dir: path.join(repositories, name) }),
      ).toHaveLength(1);
      const target = pathToFileURL(catalogInfo()).href;
      const { body: locations } = await restarted.getJson(
        '/api/catalog/locations',
      );
      expect(
        locations.filter((l: any) => l.data.target === target),
      ).toHaveLength(1);
      const { body: entities } = await restarted.getJson(
        `/api/catalog/entities/by-query?filter=kind=component,metadata.name=${name}`,
      );
      expect(entities.items).toHaveLength(1);
    }, 90_000);

    // The scaffolder removes a task's workspace when the task ends; a killed backend never gets
    // there. The commerce module's janitor removes it once the task is failed (scheduled, every
    // scaffolder.taskTimeoutJanitorFrequency) and at start-up.
    it("removes the killed task's workspace once the task has failed", async () => {
      expect(workspaceBeforeKill).toBe(true);
      await eventually(
        async () =>
          fs.existsSync(path.join(workingDirectory, taskId)) ? undefined : true,
        "the killed task's workspace to be removed",
        30_000,
      );
    }, 40_000);

    it('removes left-over workspaces of finished tasks at start-up, and nothing else', async () => {
      await restarted.stop();
      // What a backend killed after the task failed would leave, next to folders that are not
      // finished tasks' workspaces (the working directory may be the shared /tmp).
      const leftOver = path.join(workingDirectory, taskId);
      const unknownTask = path.join(
        workingDirectory,
        '0b7a4f8e-5d7c-4c1e-9a3b-2f6e8d9c1a4b',
      );
      const notATask = path.join(workingDirectory, 'not-a-task');
      for (const dir of [leftOver, unknownTask, notATask]) {
        fs.mkdirSync(path.join(dir, 'service'), { recursive: true });
        fs.writeFileSync(path.join(dir, 'service', 'main.bicep'), '// x\n');
      }
      // The scheduled pass far off, so only the start-up pass can remove it.
      await start({ 'scaffolder.taskTimeoutJanitorFrequency': '10m' });
      await eventually(
        async () => (fs.existsSync(leftOver) ? undefined : true),
        'the left-over workspace to be removed at start-up',
        30_000,
      );
      expect(fs.existsSync(unknownTask)).toBe(true);
      expect(fs.existsSync(notATask)).toBe(true);
    }, 90_000);
  },
);
