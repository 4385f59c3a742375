import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';
import {
  availableTestDatabases,
  dropTestDatabases,
  eventually,
  locationsWithFixture,
  PortalBackend,
  startPortalBackend,
  submitTask,
  taskEvents,
  TestDatabase,
  waitForTaskStatus,
  waitForTemplate,
} from '@internal/tools';

// Production runs two backend replicas on one PostgreSQL server (infra/portal/deployment.yaml).
// Two real backend processes here share one set of PostgreSQL databases, as the replicas do,
// and the test shows what must then hold: each scaffolder task runs once, the catalog's work is
// shared without conflicts, and a scheduled task with global scope runs on one replica per run.
// Replicas need a database server both reach: SQLite cannot be shared, so without PostgreSQL
// (POSTGRES_HOST unset) this suite is skipped.
const pg = availableTestDatabases().find(
  (db): db is Extract<TestDatabase, { client: 'pg' }> => db.client === 'pg',
);
const describeWithPostgres = pg ? describe : describe.skip;
if (!pg) {
  // eslint-disable-next-line no-console
  console.warn(
    'replicas.integration.test.ts SKIPPED: two replicas need a shared PostgreSQL; set POSTGRES_HOST (and POSTGRES_PORT, POSTGRES_USER) to run it.',
  );
}

describeWithPostgres(
  'two backend replicas on one PostgreSQL (skipped without POSTGRES_HOST)',
  () => {
    let a: PortalBackend;
    let b: PortalBackend;
    let prefix: string;
    let repositories: string;

    beforeAll(async () => {
      repositories = fs.mkdtempSync(path.join(os.tmpdir(), 'replicas-'));
      const config = (replica: string) => ({
        // The same folder for both, as a shared volume would be.
        'commerce.publish.local.directory': repositories,
        'catalog.locations': locationsWithFixture(
          repositories,
          'replica-probe.template.yaml',
        ),
        // Which replica ran a task, in its log (the replica-probe template prints it).
        'scaffolder.defaultEnvironment.parameters.replica': replica,
        // Two at a time per replica, so ten tasks queue and both workers claim from one queue.
        'scaffolder.concurrentTasksLimit': 2,
        // Reprocess every few seconds, so each entity is processed many times by both.
        'catalog.processingInterval': { seconds: 2 },
      });
      // Each plugin has its own pool (10 connections by default): two replicas could take more
      // than a test server's max_connections (100), shared with other test runs.
      const knexConfig = { pool: { min: 0, max: 3 } };
      a = await startPortalBackend({
        database: pg!,
        config: config('a'),
        logLevel: 'info',
        knexConfig,
      });
      prefix = a.databasePrefix!;
      b = await startPortalBackend({
        database: pg!,
        databasePrefix: prefix,
        token: a.token,
        config: config('b'),
        logLevel: 'info',
        knexConfig,
      });
      await Promise.all([
        waitForTemplate(a, 'replica-probe'),
        waitForTemplate(b, 'replica-probe'),
      ]);
    }, 240_000);

    afterAll(async () => {
      // b first: a created the databases and drops them when it stops.
      await b?.stop();
      await a?.stop();
      if (pg && prefix) await dropTestDatabases(pg, prefix);
      if (repositories)
        fs.rmSync(repositories, { recursive: true, force: true });
    }, 60_000);

    const replicas = () => [
      { name: 'a', backend: a },
      { name: 'b', backend: b },
    ];

    it('runs each of 10 scaffolder tasks exactly once, on one replica or the other', async () => {
      // A replica's worker wakes for the tasks submitted to it, and claims from the one queue
      // (a lost claim race sends it back to sleep until its next submission). So, to have both
      // replicas compete for the same rows: six tasks to a, which runs two and leaves four
      // queued; once a is busy, four to b, whose worker then claims from all that is queued.
      const submit = async (via: 'a' | 'b', i: number) => {
        const label = `task-${i}`;
        const taskId = await submitTask(
          via === 'a' ? a : b,
          'template:default/replica-probe',
          { label },
        );
        return { taskId, label, via };
      };
      const submitted: Awaited<ReturnType<typeof submit>>[] = [];
      for (let i = 0; i < 6; i++) submitted.push(await submit('a', i));
      await eventually(async () => {
        const { body } = await a.getJson(
          '/api/scaffolder/v2/tasks?status=processing',
        );
        return body.totalTasks >= 2 ? true : undefined;
      }, 'replica a to be running two tasks');
      for (let i = 6; i < 10; i++) submitted.push(await submit('b', i));

      const finished = await Promise.all(
        submitted.map(t =>
          waitForTaskStatus(a, t.taskId, ['completed', 'failed'], 90_000),
        ),
      );
      expect(finished.map(t => t.status)).toEqual(Array(10).fill('completed'));

      const ranOn: Record<string, string> = {};
      for (const { taskId, label, via } of submitted) {
        // Read through the replica that did not take the request: the log is in the shared database.
        const events = await taskEvents(via === 'a' ? b : a, taskId);
        const messages = events.map(e => e.body.message ?? '');
        // A second run of the task would start up again and log its replica line again.
        expect(
          messages.filter(m => m.startsWith('Starting up task')),
        ).toHaveLength(1);
        // Step log lines are "info: <message>" (with colour codes), as the task page shows them;
        // debug:log also logs its input as JSON first, which the end anchor leaves out.
        const whoami = messages
          .map(m => new RegExp(`ran ${label} on replica (\\w+)$`).exec(m)?.[1])
          .filter(Boolean);
        expect(whoami).toHaveLength(1);
        expect(events.filter(e => e.type === 'completion')).toHaveLength(1);
        expect(events.filter(e => e.type === 'recovered')).toEqual([]);
        // Each step began once.
        const begun = events
          .filter(e => e.body.status === 'processing')
          .map(e => e.body.stepId);
        expect(begun.sort()).toEqual(['whoami', 'work']);
        ranOn[label] = whoami[0]!;
        expect(['a', 'b']).toContain(ranOn[label]);
      }

      // The same, counted in the scaffolder's database itself: ten starts for ten tasks.
      const client = new Client({
        host: pg!.host,
        port: pg!.port,
        user: pg!.user,
        password: pg!.password,
        database: `${prefix}scaffolder`,
      });
      await client.connect();
      try {
        const { rows } = await client.query<{
          task_id: string;
          starts: string;
        }>(
          `SELECT task_id, count(*) AS starts FROM task_events
            WHERE event_type = 'log' AND body::json->>'message' LIKE 'Starting up task%'
            GROUP BY task_id`,
        );
        expect(rows.map(r => r.task_id).sort()).toEqual(
          submitted.map(t => t.taskId).sort(),
        );
        expect(rows.every(r => Number(r.starts) === 1)).toBe(true);
      } finally {
        await client.end();
      }

      // Both workers took part: otherwise the test would have shown nothing about two.
      const counts = Object.values(ranOn).reduce<Record<string, number>>(
        (acc, r) => ({ ...acc, [r]: (acc[r] ?? 0) + 1 }),
        {},
      );
      expect(counts.a).toBeGreaterThan(0);
      expect(counts.b).toBeGreaterThan(0);
      // eslint-disable-next-line no-console
      console.log(
        `10 tasks: ${counts.a} ran on replica a, ${counts.b} on b; ${
          submitted.filter(t => ranOn[t.label] !== t.via).length
        } ran on the replica that had not received them`,
      );
    }, 150_000);

    describe('the catalog', () => {
      const name = 'replica-probe-service';
      let target: string;

      const entitiesNamed = async (backend: PortalBackend) => {
        const { body } = await backend.getJson(
          `/api/catalog/entities/by-query?filter=kind=component,metadata.name=${name}`,
        );
        return body.items as any[];
      };

      beforeAll(async () => {
        const file = path.join(repositories, name, 'catalog-info.yaml');
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(
          file,
          [
            'apiVersion: backstage.io/v1alpha1',
            'kind: Component',
            'metadata:',
            `  name: ${name}`,
            'spec:',
            '  type: service',
            '  lifecycle: experimental',
            '  owner: group:default/platform-team',
            '  system: commerce-platform',
            '',
          ].join('\n'),
        );
        target = pathToFileURL(file).href;
      });

      it('registers a location once through one replica, and refuses it again through the other', async () => {
        const added = await a.postJson('/api/catalog/locations', {
          type: 'url',
          target,
        });
        expect(added.status).toBe(201);
        const again = await b.postJson('/api/catalog/locations', {
          type: 'url',
          target,
        });
        expect(again.status).toBe(409);

        const registered = target;
        for (const { backend } of replicas()) {
          const items = await eventually(async () => {
            const found = await entitiesNamed(backend);
            return found.length > 0 ? found : undefined;
          }, `${name} on ${backend.baseUrl}`);
          expect(items).toHaveLength(1);
          const { body: locations } = await backend.getJson(
            '/api/catalog/locations',
          );
          expect(
            locations.filter((l: any) => l.data.target === registered),
          ).toHaveLength(1);
        }
      }, 90_000);

      it('serves the same entities from both replicas, unchanged while both keep processing them', async () => {
        const snapshot = async (backend: PortalBackend) => {
          const { body } = await backend.getJson(
            '/api/catalog/entities/by-query?limit=1000&fields=kind,metadata.namespace,metadata.name,metadata.uid,metadata.etag',
          );
          return (body.items as any[])
            .map(
              e =>
                `${e.kind}:${e.metadata.namespace}/${e.metadata.name} ${e.metadata.uid} ${e.metadata.etag}`,
            )
            .sort();
        };
        // Stitching is eventual: wait until both answer alike.
        const first = await eventually(async () => {
          const [fromA, fromB] = await Promise.all([snapshot(a), snapshot(b)]);
          return fromA.length > 0 && fromA.join('\n') === fromB.join('\n')
            ? fromA
            : undefined;
        }, 'both replicas to serve the same catalog');
        expect(
          first.some(e => e.startsWith(`Component:default/${name} `)),
        ).toBe(true);

        // Several processing intervals (2 s) later, with both replicas processing: nothing
        // re-created (same uid) or rewritten (same etag) — processing twice would show here.
        await new Promise(r => setTimeout(r, 12_000));
        const [laterA, laterB] = await Promise.all([snapshot(a), snapshot(b)]);
        expect(laterA).toEqual(first);
        expect(laterB).toEqual(first);

        // No entity carries a processing error.
        const { body } = await a.getJson(
          '/api/catalog/entities/by-query?limit=1000',
        );
        const errors = (body.items as any[]).flatMap(e =>
          (e.status?.items ?? [])
            .filter((i: any) => i.level === 'error')
            .map(
              (i: any) => `${e.kind}:${e.metadata.name}: ${i.error?.message}`,
            ),
        );
        expect(errors).toEqual([]);
      }, 90_000);

      it('logs no conflicts, duplicate keys, deadlocks or failed processing on either replica', () => {
        const trouble =
          /conflicting entityRef|duplicate key|deadlock|could not serialize|Processing of .* failed|Failed to (load processing items|claim task)|Heartbeat for task .* failed|is already locked/i;
        for (const { name: replica, backend } of replicas()) {
          const lines = backend
            .output()
            .split('\n')
            .filter(l => trouble.test(l));
          expect({ replica, lines }).toEqual({ replica, lines: [] });
        }
      });
    });

    describe('scheduled tasks with global scope', () => {
      // The catalog's search indexing: one run at a time for all replicas (it rewrites the
      // search index), logged by the replica that runs it.
      const taskId = 'search_index_software_catalog';
      const runLine = /Collating documents for software-catalog via/;
      const runs = (backend: PortalBackend) =>
        backend
          .output()
          .split('\n')
          .filter(l => runLine.test(l)).length;
      const state = async (backend: PortalBackend) => {
        const { status, body } = await backend.getJson(
          '/api/search/.backstage/scheduler/v1/tasks',
        );
        expect(status).toBe(200);
        return body.tasks.find((t: any) => t.taskId === taskId);
      };

      it('are global on both replicas', async () => {
        for (const { backend } of replicas()) {
          expect(await state(backend)).toMatchObject({ scope: 'global' });
        }
      });

      it('run on one replica per run, whichever replica triggers them', async () => {
        // The first run (3 s after start-up) has happened and ended.
        await eventually(async () => {
          const s = await state(a);
          return s.taskState?.status === 'idle' && s.taskState.lastRunEndedAt
            ? s
            : undefined;
        }, 'the first indexing run to end');

        const ranOn: string[] = [];
        const [first, second] = [a, b];
        for (let i = 0; i < 4; i++) {
          const via = i % 2 === 0 ? first : second;
          const before = { a: runs(first), b: runs(second) };
          const { lastRunEndedAt } = (await state(first)).taskState;
          const triggered = await via.postJson(
            `/api/search/.backstage/scheduler/v1/tasks/${taskId}/trigger`,
            {},
          );
          expect(triggered.status).toBe(200);
          await eventually(async () => {
            const s = await state(second);
            return s.taskState?.status === 'idle' &&
              s.taskState.lastRunEndedAt !== lastRunEndedAt
              ? s
              : undefined;
          }, `triggered run ${i + 1} to end`);
          // Longer than the scheduler's poll (5 s): a second replica claiming the same run
          // would have started by now.
          await new Promise(r => setTimeout(r, 6_000));
          const added = {
            a: runs(first) - before.a,
            b: runs(second) - before.b,
          };
          expect(added.a + added.b).toBe(1);
          ranOn.push(added.a ? 'a' : 'b');
        }
        // eslint-disable-next-line no-console
        console.log(`4 triggered indexing runs ran on: ${ranOn.join(', ')}`);
      }, 120_000);
    });
  },
);
