import type { ReviewRefreshSummary } from '../services/ReviewSnapshot/types';

/**
 * A stored snapshot's summary for tests of the store and its readers: what a small build would
 * record, with the fields a test cares about given.
 */
export function refreshSummary(
  overrides: Partial<ReviewRefreshSummary> = {},
): ReviewRefreshSummary {
  return {
    generatedAt: '2026-12-07T12:00:00.000Z',
    durationMs: 10,
    phasesMs: {
      catalog: 1,
      sloFiles: 2,
      decisionFiles: 3,
      costOverview: 4,
      analyses: 5,
    },
    entityCount: 4,
    findingCount: 0,
    decisionCount: 0,
    problems: [],
    analysisThread: 'worker',
    ...overrides,
  };
}
