/**
 * The events-service topic the platform review publishes on each time it stores a new snapshot
 * (from the replica that built it). Readers of the review's lists that keep their own copy — the
 * search index of decision records — follow it, so they are current within seconds of the
 * review rather than on a timer of their own.
 *
 * @public
 */
export const REVIEW_SNAPSHOT_STORED_TOPIC = 'platform-review.snapshot-stored';

/**
 * The payload of {@link REVIEW_SNAPSHOT_STORED_TOPIC}.
 *
 * @public
 */
export interface ReviewSnapshotStoredEvent {
  /** The build that made the snapshot; higher is newer. */
  buildNumber: number;
  /** When the snapshot's build read the catalog (ISO 8601). */
  generatedAt: string;
  /** How many decision records the snapshot holds. */
  decisionCount: number;
  /**
   * A digest of the snapshot's decision records: equal for two snapshots whose records are the
   * same, so a follower can skip a snapshot that changed nothing it holds.
   */
  decisionsDigest: string;
}
