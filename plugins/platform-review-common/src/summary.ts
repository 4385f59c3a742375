import type { PlatformReview, ReviewSummary } from './api';

/**
 * The review's summary (`GET /v1/review/summary`): everything but its long lists, which the page
 * reads a page at a time, with their counts instead.
 *
 * @public
 */
export function reviewSummaryOf(review: PlatformReview): ReviewSummary {
  const { ownership, findings, slo, drift, ...rest } = review;
  const findingCounts: ReviewSummary['findingCounts'] = {};
  for (const finding of findings) {
    findingCounts[finding.rule] = (findingCounts[finding.rule] ?? 0) + 1;
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
      currentBlueprintVersion: drift[0]!.currentVersion,
    }),
  };
}
