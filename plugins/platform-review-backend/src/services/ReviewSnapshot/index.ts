export type {
  ReviewRefreshSummary,
  ReviewSnapshotService,
  SerializedReview,
} from './types';
export { DefaultReviewSnapshotService } from './DefaultReviewSnapshotService';
export { ReviewSnapshotStore } from './ReviewSnapshotStore';
