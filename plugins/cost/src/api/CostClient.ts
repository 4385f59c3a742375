import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  CostOverview,
  EntityCostReport,
  ServiceKindEstimate,
} from '@internal/plugin-cost-common';
import type { CostApi, CostEntityName } from './CostApi';

/**
 * The {@link CostApi} over HTTP: the `cost` backend plugin, found through discovery and called
 * with the signed-in user's credentials (fetchApi).
 *
 * @public
 */
export class CostClient implements CostApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getEntityCost(entity: CostEntityName): Promise<EntityCostReport> {
    // The catalog compares kinds case-insensitively; the lower-case form is the canonical one in URLs.
    const path = [
      entity.kind.toLocaleLowerCase('en-US'),
      entity.namespace,
      entity.name,
    ]
      .map(encodeURIComponent)
      .join('/');
    return this.get(`/v1/entities/${path}`);
  }

  getOverview(
    filter: { system?: string; group?: string } = {},
  ): Promise<CostOverview> {
    const query = new URLSearchParams();
    if (filter.system) query.set('system', filter.system);
    if (filter.group) query.set('group', filter.group);
    return this.get(`/v1/overview${query.size ? `?${query}` : ''}`);
  }

  getServiceKindEstimate(options: {
    serviceKind: string;
    region?: string;
  }): Promise<ServiceKindEstimate> {
    // The template creates the production environment; that is the one its budget is for.
    const query = new URLSearchParams({ environment: 'prod' });
    if (options.region) {
      query.set('region', options.region);
    }
    return this.get(
      `/v1/estimates/${encodeURIComponent(options.serviceKind)}?${query}`,
    );
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('cost');
    const res = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return (await res.json()) as T;
  }
}
