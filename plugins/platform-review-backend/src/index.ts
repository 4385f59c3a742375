/**
 * The platform review's backend: the leads' view over the whole catalog (ownership boundaries,
 * SLO achievability, spend, "not yet" decisions, template drift), rebuilt periodically by one
 * backend replica, stored in the plugin's database and served by every replica.
 *
 * @packageDocumentation
 */

export { platformReviewPlugin as default } from './plugin';
export type {
  ReviewRefreshSummary,
  ReviewSnapshotService,
  SerializedReview,
} from './services/ReviewSnapshot';
