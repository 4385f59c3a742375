import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  notifyOwnersOfChanges,
  type PluginDatabaseClient,
} from '@internal/plugin-catalog-files-node';
import { decisionDueConditions } from '@internal/plugin-platform-review-node';
import type { StoredDecisions } from './analyseReview';
import type { ReviewSnapshotStore } from './ReviewSnapshotStore';

const gunzipAsync = promisify(gunzip);

/**
 * Tells a deferred decision's owners when it becomes due (its trigger fired) or overdue (past
 * its revisit-by), once per change: run after each review build, on the published snapshot.
 */
export async function notifyDecisionOwners(deps: {
  store: ReviewSnapshotStore;
  knex: PluginDatabaseClient;
  notifications: NotificationService;
  logger: LoggerService;
}): Promise<{ sent: number; failed: number }> {
  const { publishedBuild } = await deps.store.state();
  const stored =
    publishedBuild === undefined
      ? undefined
      : await deps.store.load(publishedBuild);
  if (!stored) {
    return { sent: 0, failed: 0 };
  }
  const { decisions } = JSON.parse(
    (await gunzipAsync(stored.decisionsGzip)).toString('utf8'),
  ) as StoredDecisions;
  return notifyOwnersOfChanges({
    knex: deps.knex,
    notifications: deps.notifications,
    logger: deps.logger,
    conditions: decisionDueConditions(decisions),
  });
}
