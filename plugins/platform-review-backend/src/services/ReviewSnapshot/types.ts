import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type {
  DriftRow,
  SloAchievability,
  DecisionList,
  DecisionRecordContent,
  DecisionsPage,
  EntityFindings,
  OwnershipRow,
  PlatformReview,
  ReviewFinding,
  ReviewPage,
  ReviewPageQuery,
  ReviewSummary,
} from '@internal/plugin-platform-review-common';

/**
 * What a refresh did, for `POST /v1/refresh` and the log.
 *
 * @public
 */
export interface ReviewRefreshSummary {
  generatedAt: string;
  durationMs: number;
  /** Where the time went, in milliseconds: reading the catalog, then the repositories' files
   *  and the cost backend (concurrently), then the analyses. */
  phasesMs: {
    catalog: number;
    sloFiles: number;
    decisionFiles: number;
    costOverview: number;
    analyses: number;
  };
  /** Entities read from the catalog (Users included). */
  entityCount: number;
  findingCount: number;
  decisionCount: number;
  /** The parts that could not be computed, as in the review's `problems`. */
  problems: string[];
  /**
   * Where the analyses ran: `worker` (a worker thread), or `main` when no worker thread could
   * load them and they held up the backend's requests while they ran (the log says why).
   */
  analysisThread: 'worker' | 'main';
}

/**
 * A review answer serialized once per snapshot and filter: the page polls it, and the unfiltered
 * review of a large catalog is megabytes of JSON, too slow to stringify (and gzip) per request.
 *
 * @public
 */
export interface SerializedReview {
  /**
   * Changes with the snapshot and the filters, and is the same on every replica serving that
   * snapshot: a strong validator for If-None-Match.
   */
  etag: string;
  /** The JSON, worked out on first use and kept. */
  json(): Promise<Buffer>;
  /** The same JSON gzip-compressed, worked out on first use and kept. */
  gzip(): Promise<Buffer>;
}

/**
 * The platform review over the whole catalog, built by the scheduler's global task on one
 * replica and stored in the plugin's database; every replica serves the newest stored snapshot
 * from a copy in memory, so a request only filters it.
 *
 * @public
 */
export interface ReviewSnapshotService {
  /**
   * The review, narrowed to one System and/or one owner Group (entity refs, already
   * normalised). From the newest stored snapshot; when there is none yet, waits for the first
   * build (triggering the task unless one is under way).
   */
  getReview(filters: {
    system?: string;
    team?: string;
  }): Promise<PlatformReview>;

  /** `getReview`, serialized (and kept for the snapshot's lifetime, for the most asked filters). */
  getReviewResponse(filters: {
    system?: string;
    team?: string;
  }): Promise<SerializedReview>;

  /** The review without its long lists (ownership and findings), with their counts. */
  getReviewSummary(filters: {
    system?: string;
    team?: string;
  }): Promise<ReviewSummary>;

  /**
   * One page of the ownership map: filtered, searched (any column, ignoring case) and sorted,
   * ties in the review's order. Sorted lists are kept per snapshot.
   */
  getOwnershipPage(
    query: ReviewPageQuery<'ownership'>,
  ): Promise<ReviewPage<OwnershipRow>>;

  /** One page of the findings, as {@link ReviewSnapshotService.getOwnershipPage}. */
  getFindingsPage(
    query: ReviewPageQuery<'findings'>,
  ): Promise<ReviewPage<ReviewFinding>>;

  /** One page of the SLO achievability rows, as {@link ReviewSnapshotService.getOwnershipPage}. */
  getSloPage(
    query: ReviewPageQuery<'slo'>,
  ): Promise<ReviewPage<SloAchievability>>;

  /**
   * One page of the template drift rows, as {@link ReviewSnapshotService.getOwnershipPage};
   * `behind` keeps only the services behind (true) or on (false) the current blueprint.
   */
  getDriftPage(query: ReviewPageQuery<'drift'>): Promise<ReviewPage<DriftRow>>;

  /**
   * One page of every decision record, narrowed by System and team as the "not yet" list is,
   * and by status.
   */
  getDecisionsPage(query: ReviewPageQuery<'decisions'>): Promise<DecisionsPage>;

  /** Every decision record found, with the folders that could not be read. */
  getDecisions(): Promise<DecisionList>;

  /**
   * One entity's decision records.
   *
   * @throws NotFoundError when the catalog has no such entity (for these credentials).
   */
  getEntityDecisions(
    entityRef: string,
    options: { credentials: BackstageCredentials },
  ): Promise<DecisionList>;

  /**
   * One decision record of an entity, with its Markdown to render.
   *
   * @throws NotFoundError when the catalog shows these credentials no such entity, or the
   * entity has no record of that file name.
   */
  getDecisionRecord(
    entityRef: string,
    file: string,
    options: { credentials: BackstageCredentials },
  ): Promise<DecisionRecordContent>;

  /**
   * The review's findings that name one entity (its "Platform checks").
   *
   * @throws NotFoundError when the catalog shows these credentials no such entity.
   */
  getEntityFindings(
    entityRef: string,
    options: { credentials: BackstageCredentials },
  ): Promise<EntityFindings>;

  /**
   * Triggers the task that reads everything again and replaces the snapshot; resolves when the
   * new one is stored, so that every replica answers from it from then on. A refresh asked for
   * while a build runs (on any replica) waits for the one after it, so it sees what changed
   * meanwhile; several such requests share that one run, whichever replica they were asked of.
   *
   * @throws ServiceUnavailableError when that run failed (the catalog could not be read); the
   * previous snapshot is still served.
   */
  refresh(): Promise<ReviewRefreshSummary>;
}
