import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  CostOverview,
  EntityCostReport,
  ServiceKindEstimate,
} from '@internal/plugin-cost-common';

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

  overview(options: {
    credentials: BackstageCredentials;
  }): Promise<CostOverview>;

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
