import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  CostOverview,
  EntityCostReport,
  ServiceKindEstimate,
} from '@internal/plugin-cost-common';

/**
 * Which roll-ups an overview lists: with `system` or `group` (full entity refs), only the one
 * each names (none of the other kind); with neither, all of them.
 */
export interface CostOverviewFilter {
  system?: string;
  group?: string;
}

/**
 * The cost feature's answers (plugins/cost-common/src/api.ts). A problem with one entity
 * (no cost model, a missing price, Azure refusing a query) is reported on that entity's answer,
 * never as a failed request; only an entity that does not exist is an error (NotFoundError).
 */
export interface CostReportService {
  entityReport(
    ref: CompoundEntityRef,
    options: { credentials: BackstageCredentials },
  ): Promise<EntityCostReport>;

  /**
   * The platform total and the roll-ups per System and team. It is one platform-wide figure,
   * shared by every caller on every replica: the scheduler's global task recomputes it every
   * minute and stores it in the plugin's database, so a System's or team's page does not wait
   * for every service's cost model to be read.
   *
   * @throws ServiceUnavailableError when none is stored yet and the first one could not be
   *   computed in time
   */
  overview(filter?: CostOverviewFilter): Promise<CostOverview>;

  /**
   * What a new service of a kind costs a month, for the template form.
   *
   * @throws InputError for an unknown kind or an environment its cost model lacks
   */
  serviceKindEstimate(request: {
    serviceKind: string;
    environment?: string;
    region?: string;
  }): Promise<ServiceKindEstimate>;
}
