import type { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  EntityArgoCdStatus,
  EntityRolloutReport,
} from '@internal/plugin-rollout-common';

/**
 * The rollout backend, as the rollout card uses it.
 *
 * @public
 */
export interface RolloutApi {
  /** The entity's canary policy checked against its SLO. */
  getEntityRolloutReport(
    entityRef: CompoundEntityRef,
  ): Promise<EntityRolloutReport>;
  /** The entity's Argo CD Applications per environment, or that Argo CD is not configured. */
  getEntityArgoCdStatus(
    entityRef: CompoundEntityRef,
  ): Promise<EntityArgoCdStatus>;
}

/**
 * The {@link RolloutApi}.
 *
 * @public
 */
export const rolloutApiRef = createApiRef<RolloutApi>().with({
  id: 'plugin.rollout.api',
  pluginId: 'rollout',
});
