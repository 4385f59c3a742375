import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  NotFoundError,
  ServiceUnavailableError,
  isError,
} from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  type DecisionList,
  type DecisionRecord,
  filterReview,
  type PlatformReview,
  ADR_LOCATION_ANNOTATION,
} from '@internal/plugin-platform-review-common';
import type {
  ReviewAnalysis,
  ReviewAnalysisInput,
  StoredDecisions,
} from './analyseReview';
import { type AnalysisThread, runReviewAnalysis } from './analysisWorker';
import { AvailabilityObjectiveReader } from './availabilityObjectives';
import { currentBlueprintVersion } from './blueprintVersion';
import { readCatalogEntities } from './catalogEntities';
import { fetchCostOverview } from './costOverview';
import { DecisionFileReader } from './decisionFiles';
import type {
  BuildState,
  ReviewSnapshotStore,
  StoredSnapshot,
} from './ReviewSnapshotStore';
import { SerializedReviews } from './serializedReviews';
import type {
  ReviewRefreshSummary,
  ReviewSnapshotService,
  SerializedReview,
} from './types';

const gunzipAsync = promisify(gunzip);

/**
 * How long a build's lease lasts unless renewed (it is, every third of it, while the build
 * runs): a replica that dies mid-build holds up the next one this long at most.
 */
const LEASE_SECONDS = 60;

/** How often a replica waiting for another one's build looks whether it has ended. */
const DEFAULT_POLL_INTERVAL_MS = 250;

/** At most one warning a minute that the database could not be asked for a newer snapshot. */
const STALE_WARNING_INTERVAL_MS = 60_000;

/** The analyses, on a worker thread by default (analysisWorker.ts). */
export type ReviewAnalyser = (
  input: ReviewAnalysisInput,
) => Promise<{ analysis: ReviewAnalysis; thread: AnalysisThread }>;

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
  /**
   * The unfiltered review, parsed on first need: the unfiltered answer is served as stored, so
   * only a filtered one (or getReview) pays for parsing megabytes of JSON.
   */
  review(): Promise<PlatformReview>;
  /** Answers already serialized, by filters. */
  responses: SerializedReviews;
}

/** Unpacks a stored snapshot: the decisions at once (small), the review when first needed. */
async function unpack(stored: StoredSnapshot): Promise<Snapshot> {
  const decisions = JSON.parse(
    (await gunzipAsync(stored.decisionsGzip)).toString('utf8'),
  ) as StoredDecisions;
  let review: Promise<PlatformReview> | undefined;
  return {
    buildNumber: stored.buildNumber,
    summary: stored.summary,
    decisions: decisions.decisions,
    decisionsByEntity: groupBy(decisions.decisions, d => d.entityRef),
    decisionProblemsByEntity: new Map(
      Object.entries(decisions.problemsByEntity),
    ),
    entityRefs: new Set(decisions.entityRefs),
    review: () =>
      (review ??= gunzipAsync(stored.reviewGzip).then(
        json => JSON.parse(json.toString('utf8')) as PlatformReview,
        error => {
          review = undefined;
          throw error;
        },
      )),
    responses: new SerializedReviews(stored.generation, stored.reviewGzip),
  };
}

/**
 * Builds the review from the catalog, each service's OpenSLO file, the decision records and the
 * cost backend, and answers requests from the newest snapshot.
 *
 * With several backend replicas on one database, one replica builds each snapshot and stores it
 * in the plugin's database (ReviewSnapshotStore): the scheduled refresh is a task of global
 * scope, and any build (scheduled, `POST /v1/refresh`, or the first request) claims the store's
 * build lease first, so two never run at once. Every replica keeps a copy of the newest
 * snapshot in memory and asks the database, with one small query per request (requests
 * arriving together share it), whether a newer one has been stored: right after a refresh, every
 * replica answers from it, with the same ETags.
 *
 * The analyses run on a worker thread (analysisWorker.ts), so the replica building a snapshot
 * keeps answering meanwhile.
 *
 * The snapshot is read with the plugin's own credentials, so it holds the whole catalog; every
 * signed-in user sees the whole review. Narrowing it to what the catalog's permissions let each
 * user see is part of production readiness (the portal's policy is allow-all today).
 */
export class DefaultReviewSnapshotService implements ReviewSnapshotService {
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
  private readonly objectives: AvailabilityObjectiveReader;
  private readonly decisionFiles: DecisionFileReader;
  private readonly analyse: ReviewAnalyser;
  private readonly pollIntervalMs: number;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      discovery: DiscoveryService;
      urlReader: UrlReaderService;
      integrations: ScmIntegrationRegistry;
      logger: LoggerService;
      /** Folders of the catalog's configured `file` locations (see DecisionFileReader). */
      localCatalogFolders: readonly string[];
      store: ReviewSnapshotStore;
      /** Where the analyses run; a worker thread unless a test says otherwise. */
      analyse?: ReviewAnalyser;
      /** How often to look whether another replica's build has ended (default 250 ms). */
      pollIntervalMs?: number;
    },
  ) {
    this.objectives = new AvailabilityObjectiveReader(
      deps.urlReader,
      deps.integrations,
    );
    this.decisionFiles = new DecisionFileReader(
      deps.urlReader,
      deps.integrations,
      deps.localCatalogFolders,
    );
    this.analyse =
      deps.analyse ??
      (input => runReviewAnalysis(input, { logger: deps.logger }));
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

  async refresh(): Promise<ReviewRefreshSummary> {
    // Read now, after the request arrived: only a build claimed from here on has read what
    // changed before it.
    const { claimedBuild } = await this.deps.store.state();
    await this.buildAtLeast(claimedBuild + 1);
    return (await this.current()).summary;
  }

  /** The newest stored snapshot, building the first one if there is none yet. */
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
      // None stored yet: wait for the build under way, or start one.
      await this.buildAtLeast(
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
    }
    return this.snapshot;
  }

  /**
   * Returns once a snapshot of build `target` or later is stored: builds it here if no replica
   * is building, else waits for the one that is (and, if that one was claimed before `target`,
   * builds after it). Throws when the builds from `target` on have failed.
   */
  private async buildAtLeast(target: number): Promise<void> {
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
      if (!state.building) {
        const ticket = randomUUID();
        const buildNumber = await this.deps.store.claim(
          ticket,
          state.claimedBuild,
          LEASE_SECONDS,
        );
        if (buildNumber !== undefined) {
          await this.runBuild(ticket, buildNumber);
        }
        // Built here (stored or failed), or another replica claimed it first: look again.
        continue;
      }
      await this.nextPoll();
    }
  }

  /** Builds under the lease and stores the result, or records why it failed. */
  private async runBuild(ticket: string, buildNumber: number): Promise<void> {
    const { store, logger } = this.deps;
    const renewal = setInterval(() => {
      store.renew(ticket, LEASE_SECONDS).then(
        held => {
          if (!held) {
            logger.warn(
              `The platform review's build ${buildNumber} lost its lease (it took longer than ${LEASE_SECONDS} s to renew); another replica may build meanwhile, and this one's snapshot will not be stored`,
            );
          }
        },
        error =>
          logger.warn(
            `The platform review's build ${buildNumber} could not renew its lease: ${error}`,
          ),
      );
    }, (LEASE_SECONDS * 1000) / 3);
    try {
      const snapshot = await this.build(buildNumber);
      if (await store.publish(ticket, snapshot)) {
        this.install(await unpack(snapshot));
      }
    } catch (error) {
      const message = isError(error) ? error.message : String(error);
      logger.warn(
        `The platform review's build ${buildNumber} failed: ${message}; the previous snapshot is still served`,
      );
      await store
        .fail(ticket, buildNumber, message)
        .catch(failError =>
          logger.error(
            `The platform review could not record that build ${buildNumber} failed (${failError}); the next build starts when its lease expires`,
          ),
        );
    } finally {
      clearInterval(renewal);
      // Whoever waits here for a build learns at once that it ended.
      this.wakeWaiters();
    }
  }

  /** Resolves after the poll interval, or as soon as a build of this replica ends. */
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

  /** Reads everything and runs the analyses: the snapshot of build `buildNumber`, to store. */
  private async build(buildNumber: number): Promise<StoredSnapshot> {
    const { catalog, auth, discovery, logger } = this.deps;
    const started = Date.now();
    const now = new Date();
    const credentials = await auth.getOwnServiceCredentials();

    let entities: Entity[];
    try {
      entities = await readCatalogEntities(catalog, credentials);
    } catch (error) {
      throw new ServiceUnavailableError(
        `The platform review could not read the catalog: ${
          isError(error) ? error.message : String(error)
        }`,
      );
    }

    const catalogMs = Date.now() - started;
    const timed = async <T>(work: Promise<T>): Promise<[T, number]> => {
      const t0 = Date.now();
      const result = await work;
      return [result, Date.now() - t0];
    };
    const [
      [objectives, sloFilesMs],
      [decisionFiles, decisionFilesMs],
      [cost, costMs],
    ] = await Promise.all([
      timed(this.objectives.read(entities)),
      timed(this.decisionFiles.read(entities)),
      timed(fetchCostOverview({ discovery, auth })),
    ]);
    const analysesStarted = Date.now();
    const blueprint = currentBlueprintVersion();

    const { analysis, thread } = await this.analyse({
      entities,
      objectives: Object.fromEntries(
        objectives.flatMap(o =>
          o.availability === undefined ? [] : [[o.entityRef, o.availability]],
        ),
      ),
      costOverview: cost.overview,
      decisionFiles: decisionFiles.files,
      decisionProblems: decisionFiles.problems,
      currentBlueprintVersion: blueprint.version,
      today: now.toISOString(),
      problems: [
        ...(cost.problem ? [cost.problem] : []),
        ...(blueprint.problem ? [blueprint.problem] : []),
        ...objectives.flatMap(o => o.problems),
        ...decisionFiles.problems.map(p => p.message),
      ],
    });

    const summary: ReviewRefreshSummary = {
      generatedAt: analysis.generatedAt,
      durationMs: Date.now() - started,
      phasesMs: {
        catalog: catalogMs,
        sloFiles: sloFilesMs,
        decisionFiles: decisionFilesMs,
        costOverview: costMs,
        analyses: Date.now() - analysesStarted,
      },
      entityCount: entities.length,
      findingCount: analysis.findingCount,
      decisionCount: analysis.decisionCount,
      problems: analysis.problems,
      analysisThread: thread,
    };
    logger.info(
      `Platform review build ${buildNumber} done in ${summary.durationMs} ms (analyses on the ${thread} thread): ${summary.entityCount} entities, ${summary.findingCount} findings, ${summary.decisionCount} decisions, ${summary.problems.length} problems`,
    );
    return {
      buildNumber,
      generation: randomUUID(),
      summary,
      reviewGzip: Buffer.from(analysis.reviewGzip),
      decisionsGzip: Buffer.from(analysis.decisionsGzip),
    };
  }
}

/** The snapshot's review, narrowed to the filters. */
async function reviewOf(
  snapshot: Snapshot,
  filters: { system?: string; team?: string },
): Promise<PlatformReview> {
  const review = await snapshot.review();
  if (!filters.system && !filters.team) {
    return review;
  }
  const filtered = filterReview(review, filters);
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
