import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  type Entity,
  getCompoundEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { toError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  mapConcurrently,
  notifyOwnersOfChanges,
  type PluginDatabaseClient,
} from '@internal/plugin-catalog-files-node';
import {
  SLO_FILE_ANNOTATION,
  sloCriticalConditions,
} from '@internal/plugin-slo-common';
import type { SloReportService } from '../SloReports';

/** The scheduler's global task that measures every SLO and notifies owners of changes. */
export const SLO_NOTIFICATIONS_TASK_ID = 'slo-owner-notifications';

/** How many services are measured at once. */
const CONCURRENCY = 4;

/**
 * Measures every service's objectives and tells each service's owner when one turns critical
 * (and when it is no longer), once per change. A service whose report fails gives no
 * conditions this run, so its recorded states stand until a run can measure it.
 */
export async function notifySloOwners(deps: {
  catalog: CatalogService;
  auth: AuthService;
  sloReports: SloReportService;
  knex: PluginDatabaseClient;
  notifications: NotificationService;
  logger: LoggerService;
}): Promise<{ sent: number; failed: number }> {
  const { catalog, auth, sloReports, logger } = deps;
  const credentials = await auth.getOwnServiceCredentials();
  const { items } = await catalog.getEntities(
    {
      filter: { kind: 'Component' },
      fields: ['kind', 'metadata', 'spec', 'relations'],
    },
    { credentials },
  );
  const services = items.filter(
    (entity: Entity) => entity.metadata.annotations?.[SLO_FILE_ANNOTATION],
  );
  const conditions = (
    await mapConcurrently(services, CONCURRENCY, async entity => {
      const ownerRef = entity.relations?.find(
        relation => relation.type === RELATION_OWNED_BY,
      )?.targetRef;
      try {
        const report = await sloReports.getReport(
          getCompoundEntityRef(entity),
          { credentials },
        );
        return sloCriticalConditions(report, ownerRef);
      } catch (error) {
        logger.warn(
          `Could not measure the SLOs of ${stringifyEntityRef(
            entity,
          )} for owner notifications; trying again on the next run: ${
            toError(error).message
          }`,
        );
        return [];
      }
    })
  ).flat();
  return notifyOwnersOfChanges({
    knex: deps.knex,
    notifications: deps.notifications,
    logger,
    conditions,
  });
}
