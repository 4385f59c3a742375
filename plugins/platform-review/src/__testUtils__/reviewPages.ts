import { reviewSummaryOf } from '@internal/plugin-platform-review-common';
import { review } from '../__fixtures__/review';

/** The summary the backend answers for `full` (GET /v1/review/summary). */
export const summaryOf = reviewSummaryOf;

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
