import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { EntityRolloutReport } from '@internal/plugin-rollout-common';

/**
 * Reads a service's rollout policy and its SLO from the service's repository.
 *
 * @public
 */
export interface RolloutPolicyService {
  /**
   * The entity's canary policy checked against its SLO. Whatever is wrong with the repository's
   * content is reported in `problems`; only an entity the caller cannot see is an error.
   *
   * @throws NotFoundError when the catalog has no such entity (for these credentials).
   */
  getEntityRolloutReport(
    entityRef: CompoundEntityRef,
    options: { credentials: BackstageCredentials },
  ): Promise<EntityRolloutReport>;
}
