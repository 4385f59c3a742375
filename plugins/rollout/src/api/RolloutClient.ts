import type { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import type {
  EntityArgoCdStatus,
  EntityRolloutReport,
} from '@internal/plugin-rollout-common';
import type { RolloutApi } from './RolloutApi';

/**
 * Calls the rollout backend (`/api/rollout`) with the signed-in user's token (through the
 * fetch API), so the catalog's permissions apply to the entity.
 *
 * @public
 */
export class RolloutClient implements RolloutApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async getEntityRolloutReport(
    entityRef: CompoundEntityRef,
  ): Promise<EntityRolloutReport> {
    return this.get<EntityRolloutReport>(entityRef, '');
  }

  async getEntityArgoCdStatus(
    entityRef: CompoundEntityRef,
  ): Promise<EntityArgoCdStatus> {
    return this.get<EntityArgoCdStatus>(entityRef, '/argocd');
  }

  private async get<T>(
    entityRef: CompoundEntityRef,
    suffix: string,
  ): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('rollout');
    const path = [entityRef.kind, entityRef.namespace, entityRef.name]
      .map(encodeURIComponent)
      .join('/');
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}/v1/entities/${path}${suffix}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
