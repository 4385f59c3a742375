import { randomUUID } from 'node:crypto';
import type {
  AuthService,
  DiscoveryService,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { isError, ServiceUnavailableError } from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { EventsService } from '@backstage/plugin-events-node';
import {
  REVIEW_SNAPSHOT_STORED_TOPIC,
  type ReviewSnapshotStoredEvent,
} from '@internal/plugin-platform-review-common';
import type { ReviewAnalysis, ReviewAnalysisInput } from './analyseReview';
import { type AnalysisThread, ReviewAnalysisWorkers } from './analysisWorker';
import { AvailabilityObjectiveReader } from './availabilityObjectives';
import { currentBlueprintVersion } from './blueprintVersion';
import { readCatalogEntities } from './catalogEntities';
import { fetchCostOverview } from './costOverview';
import { DecisionFileReader } from './decisionFiles';
import type {
  ReviewSnapshotStore,
  StoredSnapshot,
} from './ReviewSnapshotStore';
import type { ReviewRefreshSummary } from './types';

/** A snapshot to store, and the digest of its records for the event announcing it. */
type BuiltSnapshot = StoredSnapshot & { decisionsDigest: string };

/** The analyses, on a worker thread by default (analysisWorker.ts). */
export type ReviewAnalyser = (
  input: ReviewAnalysisInput,
) => Promise<{ analysis: ReviewAnalysis; thread: AnalysisThread }>;

/**
 * Builds a review snapshot from the catalog, each service's OpenSLO file, the decision records
 * and the cost backend, and stores it for every replica to serve.
 *
 * It is the body of the scheduler's global task `platform-review-refresh` and nothing else
 * calls it: the scheduler's lock makes it one build at a time across replicas, its schedule
 * rebuilds every `platformReview.refreshInterval`, and `POST /v1/refresh` triggers it
 * (ReviewSnapshotReader). The analyses run on a worker thread (analysisWorker.ts), so the
 * replica building keeps answering meanwhile.
 *
 * The snapshot is read with the plugin's own credentials, so it holds the whole catalog; every
 * signed-in user sees the whole review. Narrowing it to what the catalog's permissions let each
 * user see is part of production readiness (the portal's policy is allow-all today).
 */
export class ReviewSnapshotBuilder {
  private readonly objectives: AvailabilityObjectiveReader;
  private readonly decisionFiles: DecisionFileReader;
  private readonly analyse: ReviewAnalyser;

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
      /** Told of each snapshot this replica stores, so it serves it without reading it back. */
      onStored?: (snapshot: StoredSnapshot) => Promise<void>;
      /**
       * Where each stored snapshot is announced (REVIEW_SNAPSHOT_STORED_TOPIC), for those who
       * keep a copy of its lists: the search index of decision records.
       */
      events?: EventsService;
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
    if (deps.analyse) {
      this.analyse = deps.analyse;
    } else {
      const workers = new ReviewAnalysisWorkers({ logger: deps.logger });
      this.analyse = input => workers.run(input);
    }
  }

  /**
   * Builds and stores one snapshot, or records why it failed (and throws, so the scheduler
   * records it too). A build aborted by the scheduler (its timeout, or the backend shutting
   * down) stores nothing.
   */
  async run(signal?: AbortSignal): Promise<void> {
    const { store, logger } = this.deps;
    const buildNumber = await store.startBuild();
    try {
      const snapshot = await this.build(buildNumber);
      if (signal?.aborted) {
        throw new ServiceUnavailableError(
          `The platform review's build ${buildNumber} was aborted (it ran past the task's timeout, or the backend is stopping)`,
        );
      }
      if (await store.publish(snapshot)) {
        // Stored: the replicas read it from the database anyway, so a failure here is no
        // failure of the build.
        await this.deps
          .onStored?.(snapshot)
          .catch(error =>
            logger.warn(
              `The platform review's build ${buildNumber} is stored, but this replica could not unpack it (${errorMessage(
                error,
              )}); it reads it from the database instead`,
            ),
          );
        await this.announce(snapshot);
      } else {
        logger.warn(
          `The platform review's build ${buildNumber} was overtaken by a newer one while it ran (its replica stalled past the task's timeout); its snapshot is not stored`,
        );
      }
    } catch (error) {
      const message = errorMessage(error);
      logger.warn(
        `The platform review's build ${buildNumber} failed: ${message}; the previous snapshot is still served`,
      );
      await store
        .fail(buildNumber, message)
        .catch(failError =>
          logger.error(
            `The platform review could not record that build ${buildNumber} failed (${failError}); a refresh waiting for it waits for the next build`,
          ),
        );
      throw error;
    }
  }

  /**
   * Tells the events service that `snapshot` is stored. A failure is no failure of the build:
   * the followers catch up on their own schedule, which the warning says.
   */
  private async announce(snapshot: BuiltSnapshot): Promise<void> {
    const { events, logger } = this.deps;
    if (!events) return;
    const eventPayload: ReviewSnapshotStoredEvent = {
      buildNumber: snapshot.buildNumber,
      generatedAt: snapshot.summary.generatedAt,
      decisionCount: snapshot.summary.decisionCount,
      decisionsDigest: snapshot.decisionsDigest,
    };
    await events
      .publish({ topic: REVIEW_SNAPSHOT_STORED_TOPIC, eventPayload })
      .catch(error =>
        logger.warn(
          `The platform review's build ${
            snapshot.buildNumber
          } is stored, but could not be announced on ${REVIEW_SNAPSHOT_STORED_TOPIC} (${errorMessage(
            error,
          )}); the search index of decision records catches up at its next scheduled run`,
        ),
      );
  }

  /** Reads everything and runs the analyses: the snapshot of build `buildNumber`, to store. */
  private async build(buildNumber: number): Promise<BuiltSnapshot> {
    const { catalog, auth, discovery, logger } = this.deps;
    const started = Date.now();
    const now = new Date();
    const credentials = await auth.getOwnServiceCredentials();

    let entities: Entity[];
    try {
      entities = await readCatalogEntities(catalog, credentials);
    } catch (error) {
      throw new ServiceUnavailableError(
        `The platform review could not read the catalog: ${errorMessage(
          error,
        )}`,
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
      decisionsDigest: analysis.decisionsDigest,
    };
  }
}

function errorMessage(error: unknown): string {
  return isError(error) ? error.message : String(error);
}
