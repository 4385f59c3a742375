import { randomUUID } from 'node:crypto';
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
  buildPlatformReview,
  type DecisionList,
  type DecisionRecord,
  filterReview,
  parseDecisionRecord,
  type PlatformReview,
} from '@internal/plugin-platform-review-common';
import { AvailabilityObjectiveReader } from './availabilityObjectives';
import { currentBlueprintVersion } from './blueprintVersion';
import { readCatalogEntities } from './catalogEntities';
import { fetchCostOverview } from './costOverview';
import { ADR_LOCATION_ANNOTATION, DecisionFileReader } from './decisionFiles';
import { SerializedReviews } from './serializedReviews';
import type {
  ReviewRefreshSummary,
  ReviewSnapshotService,
  SerializedReview,
} from './types';

interface Snapshot {
  review: PlatformReview;
  summary: ReviewRefreshSummary;
  decisions: DecisionRecord[];
  /** Lower-cased entity ref → its records / the problems reading its folder. */
  decisionsByEntity: Map<string, DecisionRecord[]>;
  decisionProblemsByEntity: Map<string, string[]>;
  /** Lower-cased refs of every entity read, to tell "unknown" from "no decisions". */
  entityRefs: Set<string>;
  /** Answers already serialized, by filters. */
  responses: SerializedReviews;
}

/**
 * Builds the review from the catalog, each service's OpenSLO file, the decision records and the
 * cost backend, once per refresh, and answers requests from the result in memory.
 *
 * Each backend replica keeps its own snapshot and refreshes it on its own schedule (the task is
 * scheduled with scope "local"): two replicas may answer from snapshots a few minutes apart.
 * Sharing one snapshot (in the database or the cache service) is part of production readiness.
 *
 * The snapshot is read with the plugin's own credentials, so it holds the whole catalog; every
 * signed-in user sees the whole review. Narrowing it to what the catalog's permissions let each
 * user see is part of production readiness too (the portal's policy is allow-all today).
 */
export class DefaultReviewSnapshotService implements ReviewSnapshotService {
  private snapshot?: Snapshot;
  private running?: Promise<Snapshot>;
  private queued?: Promise<Snapshot>;
  private readonly objectives: AvailabilityObjectiveReader;
  private readonly decisionFiles: DecisionFileReader;

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
    // From this snapshot, even if a refresh replaces it meanwhile: its cache is its own.
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
    return (await this.startRefresh()).summary;
  }

  /** The snapshot, building the first one if there is none yet. */
  private async current(): Promise<Snapshot> {
    return this.snapshot ?? this.running ?? this.startRefresh();
  }

  private startRefresh(): Promise<Snapshot> {
    if (!this.running) {
      this.running = this.build().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    // One is running, reading a catalog that may predate the caller's change: run once more
    // after it, for everyone who asks in the meantime.
    if (!this.queued) {
      this.queued = this.running
        .catch(() => undefined)
        .then(() => {
          this.queued = undefined;
          return this.startRefresh();
        });
    }
    return this.queued;
  }

  private async build(): Promise<Snapshot> {
    const { catalog, auth, discovery, logger } = this.deps;
    const started = Date.now();
    const now = new Date();
    const credentials = await auth.getOwnServiceCredentials();

    let entities: Entity[];
    try {
      entities = await readCatalogEntities(catalog, credentials);
    } catch (error) {
      const failure = new ServiceUnavailableError(
        `The platform review could not read the catalog: ${
          isError(error) ? error.message : String(error)
        }`,
      );
      if (this.snapshot) {
        // Keep answering from the last good snapshot; its generatedAt shows its age.
        logger.warn(`${failure.message}; keeping the previous snapshot`);
      }
      throw failure;
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

    const availability = Object.fromEntries(
      objectives.flatMap(o =>
        o.availability === undefined ? [] : [[o.entityRef, o.availability]],
      ),
    );
    // Parsed without catalog facts: buildPlatformReview evaluates the deferred records' triggers
    // (the only records that have one) against the catalog, and its "not yet" list carries them.
    const parsed = decisionFiles.files.map(file =>
      parseDecisionRecord({ ...file, today: now }),
    );

    const review = buildPlatformReview({
      entities,
      objectives: availability,
      costOverview: cost.overview,
      decisions: parsed,
      currentBlueprintVersion: blueprint.version,
      today: now,
      problems: [
        ...(cost.problem ? [cost.problem] : []),
        ...(blueprint.problem ? [blueprint.problem] : []),
        ...objectives.flatMap(o => o.problems),
        ...decisionFiles.problems.map(p => p.message),
      ],
    });

    const evaluated = new Map(
      review.notYet.map(record => [
        `${record.entityRef} ${record.file}`,
        record,
      ]),
    );
    const decisions = parsed.map(
      record => evaluated.get(`${record.entityRef} ${record.file}`) ?? record,
    );
    const decisionsByEntity = groupBy(decisions, d => d.entityRef);
    const decisionProblemsByEntity = new Map<string, string[]>();
    for (const problem of decisionFiles.problems) {
      const key = problem.entityRef.toLocaleLowerCase('en-US');
      decisionProblemsByEntity.set(key, [
        ...(decisionProblemsByEntity.get(key) ?? []),
        problem.message,
      ]);
    }

    const summary: ReviewRefreshSummary = {
      generatedAt: review.generatedAt,
      durationMs: Date.now() - started,
      phasesMs: {
        catalog: catalogMs,
        sloFiles: sloFilesMs,
        decisionFiles: decisionFilesMs,
        costOverview: costMs,
        analyses: Date.now() - analysesStarted,
      },
      entityCount: entities.length,
      findingCount: review.findings.length,
      decisionCount: decisions.length,
      problems: review.problems,
    };
    logger.info(
      `Platform review refreshed in ${summary.durationMs} ms: ${summary.entityCount} entities, ${summary.findingCount} findings, ${summary.decisionCount} decisions, ${summary.problems.length} problems`,
    );
    const responses = new SerializedReviews(randomUUID());
    // The unfiltered review is the page's first request, and the largest: ready before it is asked.
    await (await responses.get({}, async () => review)).gzip();
    this.snapshot = {
      responses,
      review,
      summary,
      decisions,
      decisionsByEntity,
      decisionProblemsByEntity,
      entityRefs: new Set(
        entities.map(e => stringifyEntityRef(e).toLocaleLowerCase('en-US')),
      ),
    };
    return this.snapshot;
  }
}

/** The snapshot's review, narrowed to the filters. */
function reviewOf(
  { review }: Snapshot,
  filters: { system?: string; team?: string },
): PlatformReview {
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
