import type { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  DecisionList,
  DecisionRecordContent,
  DecisionsPage,
  DriftRow,
  EntityFindings,
  OwnershipRow,
  PlatformReview,
  ReviewFinding,
  ReviewPage,
  ReviewPageQuery,
  ReviewSummary,
  SloAchievability,
} from '@internal/plugin-platform-review-common';

/**
 * The filters of the review page, as entity refs (`system:default/commerce-platform`,
 * `group:default/checkout-team`). Absent means "all".
 *
 * @public
 */
export interface PlatformReviewFilters {
  system?: string;
  team?: string;
}

/**
 * The platform review backend (`/api/platform-review`) as the frontend uses it.
 *
 * @public
 */
export interface PlatformReviewApi {
  /** Ownership, findings, SLO achievability, spend, "not yet" decisions and drift. */
  getReview(filters?: PlatformReviewFilters): Promise<PlatformReview>;
  /** The review without its long lists (ownership, findings), with how many rows each has. */
  getReviewSummary(filters?: PlatformReviewFilters): Promise<ReviewSummary>;
  /** One page of the ownership map, filtered, searched and sorted by the backend. */
  getOwnershipPage(
    query: ReviewPageQuery<'ownership'>,
  ): Promise<ReviewPage<OwnershipRow>>;
  /** One page of the findings, filtered, searched and sorted by the backend. */
  getFindingsPage(
    query: ReviewPageQuery<'findings'>,
  ): Promise<ReviewPage<ReviewFinding>>;
  /** One page of every decision record, narrowed by status, searched and sorted. */
  getDecisionsPage(query: ReviewPageQuery<'decisions'>): Promise<DecisionsPage>;
  /** One page of the SLO achievability rows (`GET /v1/review/slo`). */
  getSloPage(
    query: ReviewPageQuery<'slo'>,
  ): Promise<ReviewPage<SloAchievability>>;
  /** One page of the template drift rows (`GET /v1/review/drift`). */
  getDriftPage(query: ReviewPageQuery<'drift'>): Promise<ReviewPage<DriftRow>>;
  /** Every decision record the catalog points at. */
  getDecisions(): Promise<DecisionList>;
  /** The decision records under one entity's `backstage.io/adr-location`. */
  getEntityDecisions(entityRef: CompoundEntityRef): Promise<DecisionList>;
  /** One decision record of an entity (by its file name), with its Markdown. */
  getDecisionRecord(
    entityRef: CompoundEntityRef,
    file: string,
  ): Promise<DecisionRecordContent>;
  /** The review's findings that name one entity (its "Platform checks"). */
  getEntityFindings(entityRef: CompoundEntityRef): Promise<EntityFindings>;
  /** Rebuilds the review from the catalog now instead of waiting for the next scheduled run. */
  refresh(): Promise<void>;
}

/**
 * The {@link PlatformReviewApi}.
 *
 * @public
 */
export const platformReviewApiRef = createApiRef<PlatformReviewApi>().with({
  id: 'plugin.platform-review.api',
  pluginId: 'platform-review',
});
