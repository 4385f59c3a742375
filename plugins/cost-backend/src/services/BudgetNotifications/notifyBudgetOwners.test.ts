import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { migratedPluginDatabase } from '@internal/plugin-catalog-files-node';
import type { CostOverview } from '@internal/plugin-cost-common';
import { localTestDatabaseIds } from '@internal/test-utils';
import { CostOverviewStore } from '../CostReports/CostOverviewStore';
import { notifyBudgetOwners } from './notifyBudgetOwners';

// SQLite always; PostgreSQL when POSTGRES_HOST is set.
const databases = TestDatabases.create({
  ids: localTestDatabaseIds(),
  disableDocker: true,
});

/** Backstage's NotificationService at its boundary: records what the plugin asks it to send. */
class RecordingNotificationService implements NotificationService {
  readonly sent: NotificationSendOptions[] = [];
  failNext = false;
  async send(options: NotificationSendOptions): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('notifications backend unavailable');
    }
    this.sent.push(options);
  }
}

const overview = (teamUsd: number): CostOverview => ({
  platform: {
    kind: 'estimate',
    sharedUsd: 0,
    servicesUsd: teamUsd,
    totalUsd: teamUsd,
    budgetUsd: 3000,
  },
  systems: [],
  groups: [
    {
      entityRef: 'group:default/team-checkout',
      kind: 'estimate',
      monthlyUsd: teamUsd,
      budgetUsd: 500,
      services: [],
      problems: [],
    },
  ],
  problems: [],
});

describe.each(databases.eachSupportedId())('notifyBudgetOwners on %s', id => {
  it('notifies the owner once per change of budget state, not on every refresh', async () => {
    const knex = await migratedPluginDatabase(
      mockServices.database({ knex: await databases.init(id) }),
      {
        packageName: '@internal/plugin-cost-backend',
        migrationsTable: 'cost__knex_migrations',
      },
    );
    const store = new CostOverviewStore(knex);
    const notifications = new RecordingNotificationService();
    const refresh = async (teamUsd: number) => {
      await store.store(overview(teamUsd));
      return notifyBudgetOwners({
        store,
        knex,
        notifications,
        logger: mockServices.logger.mock(),
      });
    };

    // Within budget from the start: nothing to say.
    await refresh(400);
    expect(notifications.sent).toEqual([]);

    // Over: one notification; the next two refreshes find the same state and send nothing.
    await refresh(650);
    await refresh(700);
    await refresh(650);
    expect(notifications.sent).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: ['group:default/team-checkout'],
        },
        payload: expect.objectContaining({
          title: 'The team group:default/team-checkout is over budget',
          severity: 'high',
          topic: 'cost-budget',
          scope: 'budget:group:default/team-checkout',
          link: '/catalog/default/group/team-checkout',
        }),
      },
    ]);

    // Back within: one "resolved" notice; over again: a new one.
    await refresh(450);
    await refresh(450);
    await refresh(800);
    expect(notifications.sent.map(n => n.payload.severity)).toEqual([
      'high',
      'normal',
      'high',
    ]);
    expect(notifications.sent[2].payload.description).toContain('$800');
  });

  it('tries a failed send again on the next refresh', async () => {
    const knex = await migratedPluginDatabase(
      mockServices.database({ knex: await databases.init(id) }),
      {
        packageName: '@internal/plugin-cost-backend',
        migrationsTable: 'cost__knex_migrations',
      },
    );
    const store = new CostOverviewStore(knex);
    const notifications = new RecordingNotificationService();
    const deps = {
      store,
      knex,
      notifications,
      logger: mockServices.logger.mock(),
    };
    await store.store(overview(900));
    notifications.failNext = true;
    expect(await notifyBudgetOwners(deps)).toEqual({ sent: 0, failed: 1 });
    expect(await notifyBudgetOwners(deps)).toEqual({ sent: 1, failed: 0 });
    expect(await notifyBudgetOwners(deps)).toEqual({ sent: 0, failed: 0 });
  });
});
