import type { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import type {
  DecisionList,
  DecisionRecordContent,
  DecisionsPage,
  DriftRow,
  EntityFindings,
  OwnershipRow,
  PlatformReview,
  ReviewFinding,
  ReviewListName,
  ReviewPage,
  ReviewPageQuery,
  ReviewSummary,
  SloAchievability,
} from '@internal/plugin-platform-review-common';
import type {
  PlatformReviewApi,
  PlatformReviewFilters,
} from './PlatformReviewApi';

/**
 * Talks to the platform review backend through the app's discovery and fetch APIs (so requests
 * carry the user's Backstage token).
 *
 * @public
 */
export class PlatformReviewClient implements PlatformReviewApi {
  readonly #discoveryApi: DiscoveryApi;
  readonly #fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.#discoveryApi = options.discoveryApi;
    this.#fetchApi = options.fetchApi;
  }

  async getReview(
    filters: PlatformReviewFilters = {},
  ): Promise<PlatformReview> {
    const params = new URLSearchParams();
    if (filters.system) params.set('system', filters.system);
    if (filters.team) params.set('team', filters.team);
    const query = params.toString();
    return this.#json(
      await this.#request(`/v1/review${query ? `?${query}` : ''}`),
    );
  }

  async getReviewSummary(
    filters: PlatformReviewFilters = {},
  ): Promise<ReviewSummary> {
    return this.#json(
      await this.#request(`/v1/review/summary${queryOf(filters)}`),
    );
  }

  async getOwnershipPage(
    query: ReviewPageQuery<'ownership'>,
  ): Promise<ReviewPage<OwnershipRow>> {
    return this.#page('ownership', query);
  }

  async getFindingsPage(
    query: ReviewPageQuery<'findings'>,
  ): Promise<ReviewPage<ReviewFinding>> {
    return this.#page('findings', query);
  }

  async getDecisionsPage(
    query: ReviewPageQuery<'decisions'>,
  ): Promise<DecisionsPage> {
    return this.#page('decisions', query);
  }

  async getSloPage(
    query: ReviewPageQuery<'slo'>,
  ): Promise<ReviewPage<SloAchievability>> {
    return this.#page('slo', query);
  }

  async getDriftPage(
    query: ReviewPageQuery<'drift'>,
  ): Promise<ReviewPage<DriftRow>> {
    return this.#page('drift', query);
  }

  async #page<T>(list: ReviewListName, query: ReviewPageQuery): Promise<T> {
    return this.#json(
      await this.#request(`/v1/review/${list}${queryOf(query)}`),
    );
  }

  async getDecisions(): Promise<DecisionList> {
    return this.#json(await this.#request('/v1/decisions'));
  }

  async getEntityDecisions(ref: CompoundEntityRef): Promise<DecisionList> {
    return this.#json(
      await this.#request(`/v1/entities/${entityPath(ref)}/decisions`),
    );
  }

  async getDecisionRecord(
    ref: CompoundEntityRef,
    file: string,
  ): Promise<DecisionRecordContent> {
    return this.#json(
      await this.#request(
        `/v1/entities/${entityPath(ref)}/decisions/${encodeURIComponent(file)}`,
      ),
    );
  }

  async getEntityFindings(ref: CompoundEntityRef): Promise<EntityFindings> {
    return this.#json(
      await this.#request(`/v1/entities/${entityPath(ref)}/findings`),
    );
  }

  async refresh(): Promise<void> {
    await this.#request('/v1/refresh', { method: 'POST' });
  }

  async #request(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.#discoveryApi.getBaseUrl('platform-review');
    const response = await this.#fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }

  async #json<T>(response: Response): Promise<T> {
    return (await response.json()) as T;
  }
}

/** `?system=…&offset=20`: the parameters that are set, in a fixed order. */
function queryOf(query: ReviewPageQuery): string {
  const params = new URLSearchParams();
  for (const key of [
    'system',
    'team',
    'offset',
    'limit',
    'orderBy',
    'order',
    'search',
    'status',
    'behind',
  ] as const) {
    const value = query[key];
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** `component/default/order-service`: an entity's part of the backend's paths. */
function entityPath(ref: CompoundEntityRef): string {
  return [ref.kind.toLocaleLowerCase('en-US'), ref.namespace, ref.name]
    .map(encodeURIComponent)
    .join('/');
}
