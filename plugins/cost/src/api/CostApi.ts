import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  CostOverview,
  EntityCostReport,
  ServiceKindEstimate,
} from '@internal/plugin-cost-common';

/**
 * Identifies a catalog entity for {@link CostApi.getEntityCost}.
 *
 * @public
 */
export interface CostEntityName {
  kind: string;
  namespace: string;
  name: string;
}

/**
 * The cost backend as the frontend sees it (`/api/cost/v1/...`; the contract is in the cost
 * plugin's -common package).
 *
 * @public
 */
export interface CostApi {
  /** One service's month: estimate or actual, against its budget. */
  getEntityCost(entity: CostEntityName): Promise<EntityCostReport>;
  /**
   * The platform total and the per-system and per-team roll-ups; with `system` or `group` (an
   * entity ref), only that one's roll-up: a card needs one of hundreds.
   */
  getOverview(filter?: {
    system?: string;
    group?: string;
  }): Promise<CostOverview>;
  /** What a new service of that kind would cost a month in `region` (prod sizing). */
  getServiceKindEstimate(options: {
    serviceKind: string;
    region?: string;
  }): Promise<ServiceKindEstimate>;
}

/**
 * The {@link CostApi}.
 *
 * @public
 */
export const costApiRef = createApiRef<CostApi>().with({
  id: 'plugin.cost.api',
  pluginId: 'cost',
});
