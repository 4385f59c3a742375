import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  notifyOwnersOfChanges,
  type PluginDatabaseClient,
} from '@internal/plugin-catalog-files-node';
import { budgetConditions } from '@internal/plugin-cost-common';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { CostOverviewStore } from '../CostReports/CostOverviewStore';

/**
 * Tells each System's and team's owner when it goes over its budget (and when it is back
 * within it), once per change: run after each `cost-overview-refresh`, on the stored overview.
 */
export async function notifyBudgetOwners(deps: {
  store: CostOverviewStore;
  knex: PluginDatabaseClient;
  notifications: NotificationService;
  logger: LoggerService;
}): Promise<{ sent: number; failed: number }> {
  const stored = await deps.store.load();
  if (!stored) {
    return { sent: 0, failed: 0 };
  }
  return notifyOwnersOfChanges({
    knex: deps.knex,
    notifications: deps.notifications,
    logger: deps.logger,
    conditions: budgetConditions(stored.overview),
  });
}
