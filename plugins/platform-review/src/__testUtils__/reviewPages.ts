import type {
  PlatformReview,
  ReviewSummary,
} from '@internal/plugin-platform-review-common';
import { review } from '../__fixtures__/review';

/** The summary the backend answers for `full` (GET /v1/review/summary): counts for the long lists. */
export function summaryOf(full: PlatformReview): ReviewSummary {
  const { ownership, findings, slo, drift, ...rest } = full;
  const findingCounts: ReviewSummary['findingCounts'] = {};
  for (const f of findings) {
    findingCounts[f.rule] = (findingCounts[f.rule] ?? 0) + 1;
  }
  return {
    ...rest,
    ownershipCount: ownership.length,
    findingCounts,
    sloCount: slo.length,
    sloNotAchievableCount: slo.filter(
      row =>
        row.declared !== undefined &&
        !row.achievableOk &&
        !row.unknownDependencies?.length,
    ).length,
    driftCount: drift.length,
    driftBehindCount: drift.filter(row => row.behind).length,
    ...(drift.length > 0 && {
      currentBlueprintVersion: drift[0].currentVersion,
    }),
  };
}

/** A page of `items` as the backend answers one (offset, limit, search; order as given). */
export function pageOf<T>(items: T[], url: URL) {
  const offset = Number(url.searchParams.get('offset') ?? 0);
  const limit = Number(url.searchParams.get('limit') ?? 20);
  const search = url.searchParams.get('search')?.toLowerCase();
  const matching = search
    ? items.filter(item => JSON.stringify(item).toLowerCase().includes(search))
    : items;
  return {
    generatedAt: review.generatedAt,
    items: matching.slice(offset, offset + limit),
    totalCount: matching.length,
    offset,
    limit,
  };
}
