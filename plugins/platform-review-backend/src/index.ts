/**
 * The platform review's backend: the leads' view over the whole catalog (ownership boundaries,
 * SLO achievability, spend, "not yet" decisions, template drift), refreshed periodically and
 * served from memory.
 *
 * @packageDocumentation
 */

export { platformReviewPlugin as default } from './plugin';
export type {
  ReviewRefreshSummary,
  ReviewSnapshotService,
  SerializedReview,
} from './services/ReviewSnapshot';
