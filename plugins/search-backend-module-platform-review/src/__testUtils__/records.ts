import type { DecisionRecord } from '@internal/plugin-platform-review-common';

/** The review backend's base URL in these tests (msw answers there). */
export const REVIEW = 'http://review.test/api/platform-review';

/** A decision record as `GET /v1/decisions` lists it: the portal's MADR record, changed as given. */
export function record(
  overrides: Partial<DecisionRecord> = {},
): DecisionRecord {
  return {
    entityRef: 'component:default/commerce-platform-portal',
    file: '0001-record-architecture-decisions-in-madr.md',
    title: 'Record architecture decisions in MADR',
    status: 'accepted',
    date: '2026-11-21',
    decisionMakers: ['platform-team'],
    overdue: false,
    triggerEvaluation: [],
    triggerFired: false,
    problems: [],
    ...overrides,
  };
}
