import type { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  EntitySloHistories,
  EntitySloReport,
  SloHistory,
} from '@internal/plugin-slo-common';

/**
 * The SLO backend (`/api/slo`) as the frontend uses it.
 *
 * @public
 */
export interface SloApi {
  /** Each objective of the entity with its error budget and measurement, and file problems. */
  getEntityReport(entityRef: CompoundEntityRef): Promise<EntitySloReport>;
  /** One objective's daily SLI over the last `days` days (default: its window). */
  getHistory(
    entityRef: CompoundEntityRef,
    options: { slo: string; days?: number },
  ): Promise<SloHistory>;
  /** Every objective's daily SLI in one request (default: each over its window). */
  getHistories(
    entityRef: CompoundEntityRef,
    options?: { days?: number },
  ): Promise<EntitySloHistories>;
}

/**
 * The {@link SloApi}.
 *
 * @public
 */
export const sloApiRef = createApiRef<SloApi>().with({
  id: 'plugin.slo.api',
  pluginId: 'slo',
});
