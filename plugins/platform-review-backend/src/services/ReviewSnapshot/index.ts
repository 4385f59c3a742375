export type {
  ReviewRefreshSummary,
  ReviewSnapshotService,
  SerializedReview,
} from './types';
export { ReviewSnapshotBuilder } from './ReviewSnapshotBuilder';
export {
  REVIEW_REFRESH_TASK_ID,
  ReviewSnapshotReader,
} from './ReviewSnapshotReader';
export { ReviewSnapshotStore } from './ReviewSnapshotStore';
