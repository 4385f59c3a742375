import { gzipSync } from 'node:zlib';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import type { DecisionRecord } from '@internal/plugin-platform-review-common';
import { localTestDatabaseIds } from '@internal/test-utils';
import type { Knex } from 'knex';
import type { StoredDecisions } from './analyseReview';
import { notifyDecisionOwners } from './notifyDecisionOwners';
import { ReviewSnapshotStore } from './ReviewSnapshotStore';
import { refreshSummary } from '../../__testUtils__/snapshots';

// SQLite always; PostgreSQL when POSTGRES_HOST is set.
const databases = TestDatabases.create({
  ids: localTestDatabaseIds(),
  disableDocker: true,
});

/** Backstage's NotificationService at its boundary: records what the plugin asks it to send. */
class RecordingNotificationService implements NotificationService {
  readonly sent: NotificationSendOptions[] = [];
  async send(options: NotificationSendOptions): Promise<void> {
    this.sent.push(options);
  }
}

const decision = (overrides: Partial<DecisionRecord>): DecisionRecord => ({
  entityRef: 'system:default/commerce',
  file: '0009-defer-service-mesh.md',
  title: 'Defer the service mesh',
  status: 'deferred',
  decisionMakers: ['team-platform'],
  revisitBy: '2026-11-01',
  overdue: false,
  triggerEvaluation: [],
  triggerFired: false,
  problems: [],
  ...overrides,
});

describe.each(databases.eachSupportedId())('notifyDecisionOwners on %s', id => {
  let knex: Knex;
  let store: ReviewSnapshotStore;
  const notifications = new RecordingNotificationService();

  /** One review build that publishes these decisions, then the notifications round. */
  const build = async (decisions: DecisionRecord[]) => {
    const buildNumber = await store.startBuild();
    const stored: StoredDecisions = {
      decisions,
      problemsByEntity: {},
      entityRefs: [],
    };
    await store.publish({
      buildNumber,
      generation: `generation-${buildNumber}`,
      summary: refreshSummary({
        entityCount: 1,
        decisionCount: decisions.length,
      }),
      reviewGzip: gzipSync('{}'),
      decisionsGzip: gzipSync(JSON.stringify(stored)),
    });
    return notifyDecisionOwners({
      store,
      knex,
      notifications,
      logger: mockServices.logger.mock(),
    });
  };

  beforeEach(async () => {
    notifications.sent.length = 0;
    knex = await databases.init(id);
    store = await ReviewSnapshotStore.create({
      database: mockServices.database({ knex }),
    });
  });

  it('sends nothing before the first snapshot', async () => {
    expect(
      await notifyDecisionOwners({
        store,
        knex,
        notifications,
        logger: mockServices.logger.mock(),
      }),
    ).toEqual({ sent: 0, failed: 0 });
  });

  it('notifies the decision makers once when a decision becomes due, again when overdue, not on every build', async () => {
    await build([decision({})]);
    expect(notifications.sent).toEqual([]);

    const fired = decision({
      triggerFired: true,
      triggerEvaluation: [
        {
          clause: 'services > 6',
          evaluable: true,
          fired: true,
          detail: '7 services',
        },
      ],
    });
    expect(await build([fired])).toEqual({ sent: 1, failed: 0 });
    expect(await build([fired])).toEqual({ sent: 0, failed: 0 });
    expect(notifications.sent).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: ['group:default/team-platform'],
        },
        payload: expect.objectContaining({
          title: 'Decision due: Defer the service mesh',
          severity: 'normal',
          topic: 'platform-decision-due',
          link: '/catalog/default/system/commerce/decisions',
          scope: 'decision:system:default/commerce:0009-defer-service-mesh.md',
        }),
      },
    ]);

    const overdue = { ...fired, overdue: true };
    await build([overdue]);
    await build([overdue]);
    expect(notifications.sent.map(n => n.payload.title)).toEqual([
      'Decision due: Defer the service mesh',
      'Decision overdue: Defer the service mesh',
    ]);

    // Revisited and accepted: recorded, nothing sent (no "resolved" notice for decisions).
    await build([decision({ status: 'accepted' })]);
    expect(notifications.sent).toHaveLength(2);
  });
});
