import type {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { ConflictError, isError, NotFoundError } from '@backstage/errors';
import type { ReviewSnapshotStoredEvent } from '@internal/plugin-platform-review-common';

/** How long to wait before asking again while the index task is running (or not yet known). */
const DEFAULT_RETRY_MS = 5_000;

/**
 * Keeps the search index of decision records in step with the platform review. The review
 * announces each snapshot it stores (REVIEW_SNAPSHOT_STORED_TOPIC); when a snapshot's records
 * differ from the last announced, this triggers the collator's scheduled task at once, rather
 * than leaving the search a snapshot behind until the collator's own schedule comes round (10
 * minutes by default). The schedule still runs, as the fallback for a missed announcement.
 *
 * A run that fails (the review answered an error) forgets the digest, so the next announcement
 * reindexes even if its records are the same.
 *
 * A trigger while the task runs is refused by the scheduler (the run may have read the
 * previous snapshot), so it is asked again every few seconds until the scheduler takes it, or a
 * run starts on this replica after the announcement (which reads the new snapshot anyway).
 */
export class DecisionIndexFollower {
  #taskId?: string;
  #lastDigest?: string;
  /** When the newest announcement not yet indexed arrived; undefined when none is waiting. */
  #wantedSince?: number;
  #lastRunStartedAt = 0;
  #asking = false;
  #stopped = false;
  #timer?: NodeJS.Timeout;
  #wake?: () => void;

  constructor(
    private readonly deps: {
      scheduler: SchedulerService;
      logger: LoggerService;
      retryMs?: number;
    },
  ) {}

  /**
   * The collator's task runner, wrapped: the search backend names the task when it schedules
   * it, and the follower needs that name to trigger it, and to see when a run starts here.
   */
  follow(runner: SchedulerServiceTaskRunner): SchedulerServiceTaskRunner {
    return {
      run: async task => {
        this.#taskId = task.id;
        await runner.run({
          ...task,
          fn: async signal => {
            this.#lastRunStartedAt = Date.now();
            try {
              await task.fn(signal);
            } catch (error) {
              // Not indexed: the next announcement reindexes, even with the same records.
              this.#lastDigest = undefined;
              throw error;
            }
          },
        });
      },
    };
  }

  /** The review stored a snapshot: reindex when its records changed. */
  async snapshotStored(
    event: Partial<ReviewSnapshotStoredEvent>,
  ): Promise<void> {
    const digest =
      typeof event.decisionsDigest === 'string'
        ? event.decisionsDigest
        : undefined;
    // Without a digest (another version's event), reindex to be safe.
    if (digest !== undefined && digest === this.#lastDigest) return;
    this.#lastDigest = digest;
    this.#wantedSince = Date.now();
    if (!this.#asking) {
      this.#asking = true;
      this.askUntilTaken().finally(() => {
        this.#asking = false;
      });
    }
  }

  /** Stops asking; the backend is shutting down. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#wake?.();
  }

  private async askUntilTaken(): Promise<void> {
    const { scheduler, logger } = this.deps;
    while (!this.#stopped && this.#wantedSince !== undefined) {
      const wantedSince = this.#wantedSince;
      if (this.#lastRunStartedAt >= wantedSince) {
        // A run that started here since reads the snapshot announced.
        this.#wantedSince = undefined;
        return;
      }
      if (this.#taskId) {
        try {
          await scheduler.triggerTask(this.#taskId);
          logger.info(
            `The platform review stored new decision records; reindexing them now (task ${
              this.#taskId
            })`,
          );
          if (this.#wantedSince === wantedSince) this.#wantedSince = undefined;
          continue;
        } catch (error) {
          const busy =
            isError(error) &&
            (error.name === ConflictError.name ||
              error.name === NotFoundError.name);
          if (!busy) {
            logger.warn(
              `The search index of decision records could not be refreshed after the platform review stored new records (${
                isError(error) ? error.message : String(error)
              }); it catches up at its next scheduled run`,
            );
            this.#wantedSince = undefined;
            return;
          }
          // Running (here or on another replica), or not yet in the scheduler's table: ask
          // again shortly.
        }
      }
      await this.pause();
    }
  }

  private pause(): Promise<void> {
    return new Promise(resolve => {
      this.#wake = resolve;
      this.#timer = setTimeout(resolve, this.deps.retryMs ?? DEFAULT_RETRY_MS);
    });
  }
}
