import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import searchPlugin from '@backstage/plugin-search-backend';
import {
  type DecisionRecord,
  REVIEW_SNAPSHOT_STORED_TOPIC,
  type ReviewSnapshotStoredEvent,
} from '@internal/plugin-platform-review-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { searchModulePlatformReviewDecisions } from './module';
import { eventually } from '@internal/test-utils';
import { record, REVIEW } from './__testUtils__/records';

// The search backend (its Lunr engine) and the real scheduler (global tasks in SQLite), with
// this module; the review backend is msw answering `GET /v1/decisions` as its snapshot stands.

const MADR = record({});
const MESH = record({
  file: '0009-defer-service-mesh.md',
  title: 'Defer a service mesh',
  status: 'deferred',
});

const server = setupServer();
// The test's own requests to the backend go through; anything else not handled fails.
beforeAll(() =>
  server.listen({
    onUnhandledRequest(req, print) {
      if (!/^https?:\/\/(localhost|127\.0\.0\.1)[:/]/.test(req.url)) {
        print.error();
      }
    },
  }),
);
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** The review's current records, and how often the collator read them. */
function fakeReview(initial: DecisionRecord[]) {
  const review = { decisions: initial, reads: 0 };
  server.use(
    http.get(`${REVIEW}/v1/decisions`, () => {
      review.reads += 1;
      return HttpResponse.json({ decisions: review.decisions, problems: [] });
    }),
  );
  return review;
}

function announcement(
  buildNumber: number,
  decisionsDigest: string,
): { topic: string; eventPayload: ReviewSnapshotStoredEvent } {
  return {
    topic: REVIEW_SNAPSHOT_STORED_TOPIC,
    eventPayload: {
      buildNumber,
      generatedAt: new Date().toISOString(),
      decisionCount: 0,
      decisionsDigest,
    },
  };
}

async function startSearch() {
  const events = mockServices.events();
  const backend = await startTestBackend({
    features: [
      searchPlugin,
      searchModulePlatformReviewDecisions,
      schedulerServiceFactory,
      createServiceFactory({
        service: eventsServiceRef,
        deps: {},
        factory: () => events,
      }),
      createServiceFactory({
        service: coreServices.discovery,
        deps: {},
        factory: () => ({
          getBaseUrl: async (pluginId: string) =>
            `http://review.test/api/${pluginId}`,
          getExternalBaseUrl: async (pluginId: string) =>
            `http://review.test/api/${pluginId}`,
        }),
      }),
      mockServices.rootConfig.factory({
        data: {
          search: {
            collators: {
              // As the default, without the wait: only the first run comes from the schedule.
              platformReviewDecisions: {
                schedule: { frequency: { minutes: 10 }, timeout: '1m' },
              },
            },
          },
        },
      }),
    ],
  });
  return { backend, events };
}

/** The titles the portal's search finds for `term` among decision records. */
async function titles(
  app: Parameters<typeof request>[0],
  term: string,
): Promise<string[]> {
  const response = await request(app)
    .get('/api/search/query')
    .query({ term, 'types[0]': 'decision-record' })
    .expect(200);
  return response.body.results.map(
    (result: { document: { title: string } }) => result.document.title,
  );
}

describe('DecisionIndexFollower', () => {
  jest.setTimeout(90_000);

  it('reindexes the records as soon as the review announces changed ones, once per change', async () => {
    const review = fakeReview([MADR]);
    const { backend, events } = await startSearch();
    try {
      // The schedule's first run.
      await eventually(async () =>
        expect(await titles(backend.server, 'madr')).toEqual([MADR.title]),
      );
      expect(review.reads).toBe(1);
      expect(await titles(backend.server, 'mesh')).toEqual([]);

      // A record more in the review's new snapshot: searchable long before the schedule's
      // next run, ten minutes away.
      review.decisions = [MADR, MESH];
      await events.publish(announcement(2, 'digest-with-mesh'));
      await eventually(async () =>
        expect(await titles(backend.server, 'mesh')).toEqual([MESH.title]),
      );
      expect(review.reads).toBe(2);

      // A snapshot with the same records: nothing to reindex. (A triggered run would have
      // started within the scheduler's 5 s poll.) Then one without the record.
      await events.publish(announcement(3, 'digest-with-mesh'));
      await new Promise(resolve => setTimeout(resolve, 6_000));
      expect(review.reads).toBe(2);
      review.decisions = [MADR];
      await events.publish(announcement(4, 'digest-without-mesh'));
      await eventually(async () =>
        expect(await titles(backend.server, 'mesh')).toEqual([]),
      );
      expect(review.reads).toBe(3);
    } finally {
      await backend.stop();
    }
  });

  it('asks again while a run is under way, so the records announced meanwhile are indexed', async () => {
    const review = fakeReview([MADR]);
    // The first run is slow: the announcement arrives while it runs, after it read the records.
    let releaseFirstRun!: () => void;
    const firstRunHeld = new Promise<void>(resolve => {
      releaseFirstRun = resolve;
    });
    server.use(
      http.get(
        `${REVIEW}/v1/decisions`,
        async () => {
          review.reads += 1;
          const answer = HttpResponse.json({
            decisions: review.decisions,
            problems: [],
          });
          await firstRunHeld;
          return answer;
        },
        { once: true },
      ),
    );
    const { backend, events } = await startSearch();
    try {
      await eventually(async () => expect(review.reads).toBe(1));
      review.decisions = [MADR, MESH];
      await events.publish(announcement(2, 'digest-with-mesh'));
      releaseFirstRun();

      await eventually(async () =>
        expect(await titles(backend.server, 'mesh')).toEqual([MESH.title]),
      );
      expect(review.reads).toBe(2);
    } finally {
      await backend.stop();
    }
  });

  it('reindexes on the next announcement after a run that failed, even with the same records', async () => {
    const review = fakeReview([MADR]);
    const { backend, events } = await startSearch();
    try {
      await eventually(async () => expect(review.reads).toBe(1));
      // The review cannot answer when the announcement's run reads it.
      server.use(
        http.get(
          `${REVIEW}/v1/decisions`,
          () => {
            review.reads += 1;
            return HttpResponse.json(
              { error: { name: 'ServiceUnavailableError', message: 'down' } },
              { status: 503 },
            );
          },
          { once: true },
        ),
      );
      review.decisions = [MADR, MESH];
      await events.publish(announcement(2, 'digest-with-mesh'));
      // The run has failed and ended (the scheduler's own view of the task).
      await eventually(async () => {
        const { body } = await request(backend.server)
          .get('/api/search/.backstage/scheduler/v1/tasks')
          .expect(200);
        expect(body.tasks).toContainEqual(
          expect.objectContaining({
            taskId: 'search_index_decision_record',
            taskState: expect.objectContaining({
              status: 'idle',
              lastRunError: expect.stringContaining('503'),
            }),
          }),
        );
      });
      expect(review.reads).toBe(2);

      // The next snapshot has the same records; they were never indexed, so they are now.
      await events.publish(announcement(3, 'digest-with-mesh'));
      await eventually(async () =>
        expect(await titles(backend.server, 'mesh')).toEqual([MESH.title]),
      );
      expect(review.reads).toBe(3);
    } finally {
      await backend.stop();
    }
  });
});
