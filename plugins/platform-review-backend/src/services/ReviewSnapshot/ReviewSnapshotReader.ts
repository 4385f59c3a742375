import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type {
  BackstageCredentials,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  NotFoundError,
  ServiceUnavailableError,
  isError,
} from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  type DecisionList,
  type DecisionRecord,
  type DecisionRecordContent,
  type DecisionsPage,
  type DriftRow,
  type EntityFindings,
  type OwnershipRow,
  type PlatformReview,
  type ReviewFinding,
  type ReviewPage,
  type ReviewPageQuery,
  type ReviewSummary,
  type SloAchievability,
  ADR_LOCATION_ANNOTATION,
} from '@internal/plugin-platform-review-common';
import {
  filterReview,
  findingsOfEntity,
  indexReviewServices,
  type ReviewServices,
} from '@internal/plugin-platform-review-node';
import { decisionKey, type StoredDecisions } from './analyseReview';
import type {
  BuildState,
  ReviewSnapshotStore,
  StoredSnapshot,
} from './ReviewSnapshotStore';
import { ReviewLists } from './reviewLists';
import { SerializedReviews } from './serializedReviews';
import type {
  ReviewRefreshSummary,
  ReviewSnapshotService,
  SerializedReview,
} from './types';

const gunzipAsync = promisify(gunzip);

/** The scheduler's task that builds the review (ReviewSnapshotBuilder); global scope. */
export const REVIEW_REFRESH_TASK_ID = 'platform-review-refresh';

/** How often a request waiting for a build looks whether it has ended. */
const DEFAULT_POLL_INTERVAL_MS = 250;

/** At most one warning a minute that the database could not be asked for a newer snapshot. */
const STALE_WARNING_INTERVAL_MS = 60_000;

/** A stored snapshot, unpacked for answering. */
interface Snapshot {
  buildNumber: number;
  summary: ReviewRefreshSummary;
  decisions: DecisionRecord[];
  /** Lower-cased entity ref → its records / the problems reading its folder. */
  decisionsByEntity: Map<string, DecisionRecord[]>;
  decisionProblemsByEntity: Map<string, string[]>;
  /** Lower-cased refs of every entity read, to tell "unknown" from "no decisions". */
  entityRefs: Set<string>;
  /** Each record's Markdown by `decisionKey` (none in snapshots stored before it was kept). */
  markdown: Map<string, string>;
  /**
   * The unfiltered review, parsed on first need: the unfiltered answer is served as stored, so
   * only a filtered one (or getReview) pays for parsing megabytes of JSON.
   */
  review(): Promise<PlatformReview>;
  /** The same review with its ownership rows by service, which filtering it looks up. */
  filterable(): Promise<{ review: PlatformReview; services: ReviewServices }>;
  /** Answers already serialized, by filters. */
  responses: SerializedReviews;
  /** The paged lists, filtered and sorted once each. */
  lists: ReviewLists;
}

/** Unpacks a stored snapshot: the decisions at once (small), the review when first needed. */
async function unpack(stored: StoredSnapshot): Promise<Snapshot> {
  const decisions = JSON.parse(
    (await gunzipAsync(stored.decisionsGzip)).toString('utf8'),
  ) as StoredDecisions;
  let parsed:
    | Promise<{ review: PlatformReview; services: ReviewServices }>
    | undefined;
  const parse = () =>
    (parsed ??= gunzipAsync(stored.reviewGzip).then(
      json => {
        const review = JSON.parse(json.toString('utf8')) as PlatformReview;
        return { review, services: indexReviewServices(review) };
      },
      error => {
        parsed = undefined;
        throw error;
      },
    ));
  const snapshot: Snapshot = {
    buildNumber: stored.buildNumber,
    summary: stored.summary,
    decisions: decisions.decisions,
    decisionsByEntity: groupBy(decisions.decisions, d => d.entityRef),
    decisionProblemsByEntity: new Map(
      Object.entries(decisions.problemsByEntity),
    ),
    entityRefs: new Set(decisions.entityRefs),
    markdown: new Map(Object.entries(decisions.markdown ?? {})),
    review: async () => (await parse()).review,
    filterable: parse,
    responses: new SerializedReviews(stored.generation, stored.reviewGzip),
    lists: new ReviewLists({
      filterable: parse,
      reviewOf: filters => reviewOf(snapshot, filters),
      decisions: decisions.decisions,
      decisionProblems: () => Object.values(decisions.problemsByEntity).flat(),
    }),
  };
  return snapshot;
}

/**
 * Answers requests from the newest review snapshot stored in the plugin's database; it never
 * builds one. The scheduler's global task `platform-review-refresh` does
 * (ReviewSnapshotBuilder), on one replica per run.
 *
 * Every replica keeps a copy of the newest snapshot in memory and asks the database, with one
 * small query per request (requests arriving together share it), whether a newer one has been
 * stored: right after a refresh, every replica answers from it, with the same ETags.
 *
 * A refresh triggers the task (`scheduler.triggerTask`) and answers once a build that started
 * after it was asked for has ended: with that build's summary, or 503 with why it failed.
 * Before the first snapshot is stored, a request waits for it the same way (and triggers the
 * task unless a build is under way), so it gets the review, as when it built one itself; on a
 * cold start the scheduler's workers take up a trigger only after their initial delay
 * (`platformReview.initialDelay`), so such a request waits at most that long.
 */
export class ReviewSnapshotReader implements ReviewSnapshotService {
  private snapshot?: Snapshot;
  private loading?: {
    buildNumber: number;
    promise: Promise<Snapshot | undefined>;
  };
  private checking?: Promise<BuildState>;
  private checkQueued?: Promise<BuildState>;
  private wake?: {
    promise: Promise<void>;
    resolve: () => void;
    timer: ReturnType<typeof setTimeout>;
  };
  private staleWarnedAt = 0;
  private readonly pollIntervalMs: number;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      logger: LoggerService;
      scheduler: SchedulerService;
      store: ReviewSnapshotStore;
      /** How often a waiting request looks whether the build has ended (default 250 ms). */
      pollIntervalMs?: number;
    },
  ) {
    this.pollIntervalMs = deps.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  }

  async getReview(filters: {
    system?: string;
    team?: string;
  }): Promise<PlatformReview> {
    return reviewOf(await this.current(), filters);
  }

  async getReviewResponse(filters: {
    system?: string;
    team?: string;
  }): Promise<SerializedReview> {
    const snapshot = await this.current();
    // From this snapshot, even if a newer one replaces it meanwhile: its cache is its own.
    return snapshot.responses.get(filters, async () =>
      reviewOf(snapshot, filters),
    );
  }

  async getReviewSummary(filters: {
    system?: string;
    team?: string;
  }): Promise<ReviewSummary> {
    return (await this.current()).lists.summary(filters);
  }

  async getOwnershipPage(
    query: ReviewPageQuery<'ownership'>,
  ): Promise<ReviewPage<OwnershipRow>> {
    return (await this.current()).lists.ownership(query);
  }

  async getFindingsPage(
    query: ReviewPageQuery<'findings'>,
  ): Promise<ReviewPage<ReviewFinding>> {
    return (await this.current()).lists.findings(query);
  }

  async getSloPage(
    query: ReviewPageQuery<'slo'>,
  ): Promise<ReviewPage<SloAchievability>> {
    return (await this.current()).lists.slo(query);
  }

  async getDriftPage(
    query: ReviewPageQuery<'drift'>,
  ): Promise<ReviewPage<DriftRow>> {
    return (await this.current()).lists.drift(query);
  }

  async getDecisionsPage(
    query: ReviewPageQuery<'decisions'>,
  ): Promise<DecisionsPage> {
    return (await this.current()).lists.decisions(query);
  }

  async getDecisions(): Promise<DecisionList> {
    const snapshot = await this.current();
    return {
      decisions: snapshot.decisions,
      problems: [...snapshot.decisionProblemsByEntity.values()].flat(),
    };
  }

  async getEntityDecisions(
    entityRef: string,
    options: { credentials: BackstageCredentials },
  ): Promise<DecisionList> {
    const snapshot = await this.current();
    const key = entityRef.toLocaleLowerCase('en-US');
    if (snapshot.entityRefs.has(key)) {
      return {
        decisions: snapshot.decisionsByEntity.get(key) ?? [],
        problems: snapshot.decisionProblemsByEntity.get(key) ?? [],
      };
    }
    // Not in the snapshot: unknown, or registered since the last refresh (the caller's view of
    // the catalog decides which).
    const entity = await this.deps.catalog.getEntityByRef(entityRef, options);
    if (!entity) {
      throw new NotFoundError(
        `The catalog has no entity ${entityRef}; check the kind, namespace and name`,
      );
    }
    return {
      decisions: [],
      problems: entity.metadata.annotations?.[ADR_LOCATION_ANNOTATION]
        ? [
            `${stringifyEntityRef(
              entity,
            )} was added to the catalog after the review's last refresh (${
              snapshot.summary.generatedAt
            }); its decisions are read at the next refresh, or now with POST /api/platform-review/v1/refresh`,
          ]
        : [],
    };
  }

  async getDecisionRecord(
    entityRef: string,
    file: string,
    options: { credentials: BackstageCredentials },
  ): Promise<DecisionRecordContent> {
    const [snapshot, ref] = await Promise.all([
      this.current(),
      this.visibleEntityRef(entityRef, options),
    ]);
    const record = snapshot.decisionsByEntity
      .get(ref.toLocaleLowerCase('en-US'))
      ?.find(d => d.file === file);
    const markdown = snapshot.markdown.get(decisionKey(ref, file));
    if (!record || markdown === undefined) {
      throw new NotFoundError(
        record
          ? `The review's snapshot of ${snapshot.summary.generatedAt} predates rendering decision records; it is rebuilt within minutes, or now with POST /api/platform-review/v1/refresh`
          : `${ref} has no decision record ${file} (as of the review's refresh at ${
              snapshot.summary.generatedAt
            }); its records are listed at /api/platform-review/v1/entities/${ref.replace(
              ':',
              '/',
            )}/decisions`,
      );
    }
    return { record, markdown };
  }

  async getEntityFindings(
    entityRef: string,
    options: { credentials: BackstageCredentials },
  ): Promise<EntityFindings> {
    const [snapshot, ref] = await Promise.all([
      this.current(),
      this.visibleEntityRef(entityRef, options),
    ]);
    const review = await snapshot.review();
    return {
      generatedAt: review.generatedAt,
      findings: findingsOfEntity(review.findings, ref),
    };
  }

  /**
   * The entity's ref when the catalog shows it to these credentials (the catalog's own
   * permission rules decide, as on its entity page); NotFoundError otherwise.
   */
  private async visibleEntityRef(
    entityRef: string,
    options: { credentials: BackstageCredentials },
  ): Promise<string> {
    const entity = await this.deps.catalog.getEntityByRef(entityRef, options);
    if (!entity) {
      throw new NotFoundError(
        `The catalog has no entity ${entityRef}; check the kind, namespace and name`,
      );
    }
    return stringifyEntityRef(entity);
  }

  async refresh(): Promise<ReviewRefreshSummary> {
    // Read now, after the request arrived: only a build started from here on has read what
    // changed before it.
    const { claimedBuild } = await this.deps.store.state();
    await this.awaitBuild(claimedBuild + 1);
    return (await this.current()).summary;
  }

  /**
   * A snapshot this replica's builder has just stored: served from now on without reading it
   * back, and whoever waits for a build looks at once.
   */
  async stored(stored: StoredSnapshot): Promise<void> {
    this.install(await unpack(stored));
    this.wakeWaiters();
  }

  /** The newest stored snapshot; before the first one, waits for it (see the class). */
  private async current(): Promise<Snapshot> {
    let state: BuildState;
    try {
      state = await this.checkState();
    } catch (error) {
      if (!this.snapshot) {
        throw error;
      }
      // Keep answering from the copy in memory; its generatedAt shows its age.
      if (Date.now() - this.staleWarnedAt > STALE_WARNING_INTERVAL_MS) {
        this.staleWarnedAt = Date.now();
        this.deps.logger.warn(
          `The platform review could not ask its database for a newer snapshot (${
            isError(error) ? error.message : String(error)
          }); answering from the one of ${this.snapshot.summary.generatedAt}`,
        );
      }
      return this.snapshot;
    }
    if (state.publishedBuild === undefined) {
      // None stored yet: wait for the build under way, or have the scheduler start one.
      await this.awaitBuild(
        state.building ? state.claimedBuild : state.claimedBuild + 1,
      );
      return this.current();
    }
    return (await this.load(state.publishedBuild)) ?? this.current();
  }

  /**
   * The build state, read after the caller asked: a read already under way may have started
   * before the caller's request, and miss a snapshot stored since (by a refresh the caller saw
   * end), so callers arriving while one runs share the next read, one at a time.
   */
  private checkState(): Promise<BuildState> {
    if (!this.checking) {
      this.checking = this.deps.store.state().finally(() => {
        this.checking = undefined;
      });
      return this.checking;
    }
    if (!this.checkQueued) {
      this.checkQueued = this.checking
        .catch(() => undefined)
        .then(() => {
          this.checkQueued = undefined;
          return this.checkState();
        });
    }
    return this.checkQueued;
  }

  /**
   * The stored snapshot of that build, from memory when it is the copy there. Undefined when it
   * is no longer stored (two newer ones were stored meanwhile): the caller reads the state again.
   */
  private async load(buildNumber: number): Promise<Snapshot | undefined> {
    if (this.snapshot && this.snapshot.buildNumber >= buildNumber) {
      return this.snapshot;
    }
    if (this.loading?.buildNumber !== buildNumber) {
      const promise = this.deps.store
        .load(buildNumber)
        .then(async stored => stored && this.install(await unpack(stored)))
        .finally(() => {
          if (this.loading?.promise === promise) this.loading = undefined;
        });
      this.loading = { buildNumber, promise };
    }
    return this.loading.promise;
  }

  /** Makes `snapshot` the copy in memory unless a newer one is there already. */
  private install(snapshot: Snapshot): Snapshot {
    if (!this.snapshot || this.snapshot.buildNumber < snapshot.buildNumber) {
      this.snapshot = snapshot;
      this.warm(snapshot);
    }
    return this.snapshot;
  }

  /**
   * Parses the new snapshot's review and sorts its lists now, in the background, so the first
   * lead to open the review after a rebuild does not wait for it: at 10,000 services that took
   * several seconds of the first request (docs/benchmarks.md). Should it fail, the first
   * request tries again and answers with the error.
   */
  private warm(snapshot: Snapshot) {
    const started = Date.now();
    snapshot.lists.warm().then(
      () =>
        this.deps.logger.debug(
          `Platform review snapshot ${
            snapshot.buildNumber
          } is ready to serve (parsed and sorted in ${
            Date.now() - started
          } ms)`,
        ),
      error =>
        this.deps.logger.warn(
          `Platform review snapshot ${
            snapshot.buildNumber
          } could not be prepared ahead of requests (${
            isError(error) ? error.message : String(error)
          }); the first request will try again`,
        ),
    );
  }

  /**
   * Returns once a snapshot of build `target` or later is stored; throws when the builds from
   * `target` on have failed. Triggers the task while build `target` has not started: a trigger
   * while a run is under way is refused (ConflictError), and the next poll asks again after it,
   * so requests waiting together share the one run that follows.
   */
  private async awaitBuild(target: number): Promise<void> {
    for (;;) {
      const state = await this.deps.store.state();
      if (
        state.publishedBuild !== undefined &&
        state.publishedBuild >= target
      ) {
        return;
      }
      if (state.finishedBuild >= target) {
        throw new ServiceUnavailableError(
          state.finishedError ??
            `The platform review's build ${state.finishedBuild} failed`,
        );
      }
      if (state.claimedBuild < target) {
        await this.deps.scheduler
          .triggerTask(REVIEW_REFRESH_TASK_ID)
          .catch(error => {
            if (!(isError(error) && error.name === ConflictError.name)) {
              throw error;
            }
          });
      }
      await this.nextPoll();
    }
  }

  /** Resolves after the poll interval, or as soon as this replica stores a snapshot. */
  private nextPoll(): Promise<void> {
    if (!this.wake) {
      let resolve!: () => void;
      const promise = new Promise<void>(r => {
        resolve = r;
      });
      const timer = setTimeout(() => this.wakeWaiters(), this.pollIntervalMs);
      this.wake = { promise, resolve, timer };
    }
    return this.wake.promise;
  }

  private wakeWaiters() {
    const wake = this.wake;
    this.wake = undefined;
    if (wake) {
      clearTimeout(wake.timer);
      wake.resolve();
    }
  }
}

/** The snapshot's review, narrowed to the filters. */
async function reviewOf(
  snapshot: Snapshot,
  filters: { system?: string; team?: string },
): Promise<PlatformReview> {
  const { review, services } = await snapshot.filterable();
  if (!filters.system && !filters.team) {
    return review;
  }
  const filtered = filterReview(review, filters, services);
  // A ref that is not in the catalog (a stale link, a typo) gives an empty review; say why.
  const unknown = [
    filters.system &&
      !review.systems.some(s => sameRef(s.entityRef, filters.system!)) &&
      `${filters.system} is not a System in the catalog; pick one of the review's systems`,
    filters.team &&
      !review.teams.some(t => sameRef(t.entityRef, filters.team!)) &&
      `${filters.team} is not a team (Group) in the catalog; pick one of the review's teams`,
  ].filter((p): p is string => Boolean(p));
  return unknown.length
    ? { ...filtered, problems: [...unknown, ...filtered.problems] }
    : filtered;
}

function sameRef(a: string, b: string): boolean {
  return (
    stringifyEntityRef(parseEntityRef(a)).toLocaleLowerCase('en-US') ===
    stringifyEntityRef(parseEntityRef(b)).toLocaleLowerCase('en-US')
  );
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item).toLocaleLowerCase('en-US');
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
