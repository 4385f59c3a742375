import type { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import type {
  EntitySloHistories,
  EntitySloReport,
  SloHistory,
} from '@internal/plugin-slo-common';
import type { SloApi } from './SloApi';

/**
 * Talks to the SLO backend through the app's discovery and fetch APIs (so requests carry the
 * user's Backstage token).
 *
 * @public
 */
export class SloClient implements SloApi {
  readonly #discoveryApi: DiscoveryApi;
  readonly #fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.#discoveryApi = options.discoveryApi;
    this.#fetchApi = options.fetchApi;
  }

  async getEntityReport(
    entityRef: CompoundEntityRef,
  ): Promise<EntitySloReport> {
    return this.#get(await this.#entityUrl(entityRef));
  }

  async getHistory(
    entityRef: CompoundEntityRef,
    options: { slo: string; days?: number },
  ): Promise<SloHistory> {
    const params = new URLSearchParams({ slo: options.slo });
    if (options.days !== undefined) params.set('days', String(options.days));
    return this.#get(`${await this.#entityUrl(entityRef)}/history?${params}`);
  }

  async getHistories(
    entityRef: CompoundEntityRef,
    options: { days?: number } = {},
  ): Promise<EntitySloHistories> {
    const query =
      options.days === undefined ? '' : `?days=${String(options.days)}`;
    return this.#get(`${await this.#entityUrl(entityRef)}/histories${query}`);
  }

  async #entityUrl(ref: CompoundEntityRef): Promise<string> {
    const baseUrl = await this.#discoveryApi.getBaseUrl('slo');
    const path = [ref.kind.toLocaleLowerCase('en-US'), ref.namespace, ref.name]
      .map(encodeURIComponent)
      .join('/');
    return `${baseUrl}/v1/entities/${path}`;
  }

  async #get<T>(url: string): Promise<T> {
    const response = await this.#fetchApi.fetch(url);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
