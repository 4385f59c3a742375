import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ServiceUnavailableError, toError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { mapConcurrently } from '@internal/plugin-catalog-files-node';
import {
  computeCostOverview,
  type CostOverview,
  MONTHLY_BUDGET_ANNOTATION,
  SERVICE_KIND_ANNOTATION,
  type ServiceCostFigure,
  type SharedPlatformCost,
} from '@internal/plugin-cost-common';
import type { CostConfig } from '../../config';
import type { CostManagementService } from '../CostManagement/types';
import type { PriceDataService } from '../PriceData/types';
import type { CostOverviewStore } from './CostOverviewStore';
import type { ServiceEstimator } from './ServiceEstimator';

/** How many cost models are read at once while computing the overview. */
const READ_CONCURRENCY = 16;

/**
 * Computes the platform total and the roll-ups per System and team, and stores them for every
 * replica to serve (CostOverviewReader): this module gathers the figures (catalog, Cost
 * Management or the estimates), and cost-common's `computeCostOverview` adds them up.
 *
 * `refresh` is the body of the scheduler's global task `cost-overview-refresh` and nothing else
 * calls it: the scheduler's lock makes it one run at a time across replicas, its schedule
 * recomputes every minute, and a request on an empty database triggers it.
 */
export class CostOverviews {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      costManagement: CostManagementService;
      priceData: PriceDataService;
      estimator: ServiceEstimator;
      config: CostConfig;
      auth: AuthService;
      logger: LoggerService;
      store: CostOverviewStore;
    },
  ) {}

  /**
   * Computes and stores one overview, or records why it failed (and throws, so the scheduler
   * records it too); the previous overview is served meanwhile. A run aborted by the scheduler
   * (its timeout, or the backend stopping) stores nothing.
   */
  async refresh(signal?: AbortSignal): Promise<void> {
    const { store, logger, auth } = this.deps;
    try {
      // One platform-wide figure, the same for every caller: the commerce permission policy
      // lets anyone signed in read every catalog entity (and the router lets only them in), so
      // it is computed with the plugin's own credentials rather than per caller.
      const overview = await this.compute(
        await auth.getOwnServiceCredentials(),
      );
      if (signal?.aborted) {
        throw new ServiceUnavailableError(
          "The cost overview run was aborted (it ran past the task's timeout, or the backend is stopping)",
        );
      }
      await store.store(overview);
    } catch (error) {
      const message = toError(error).message;
      logger.warn(
        `The cost overview could not be recomputed; serving the previous one: ${message}`,
      );
      await store
        .fail(message)
        .catch(failError =>
          logger.error(
            `The cost overview could not record that its run failed (${
              toError(failError).message
            })`,
          ),
        );
      throw error;
    }
  }

  private async compute(
    credentials: BackstageCredentials,
  ): Promise<CostOverview> {
    const { config, catalog, costManagement, estimator } = this.deps;
    // One query for every Component, kept to the fields the reports read: the annotation
    // cannot be filtered on for presence without @backstage/catalog-client's
    // CATALOG_FILTER_EXISTS, which this package does not depend on.
    const { items: components } = await catalog.getEntities(
      {
        filter: { kind: 'Component' },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
          'spec.system',
          'spec.owner',
        ],
      },
      { credentials },
    );
    const services = components.filter(
      entity => entity.metadata.annotations?.[SERVICE_KIND_ANNOTATION],
    );
    const problems: string[] = [];
    const platformSystem = parseEntityRef(config.platformSystemRef);

    // The Systems and Groups the services name, and the platform's System, in one batch.
    const parentRefs = new Set<string>([config.platformSystemRef]);
    const placements = services.map(entity => {
      const placement = {
        systemRef: relatedRef(entity, 'system', 'System'),
        ownerRef: relatedRef(entity, 'owner', 'Group'),
      };
      for (const ref of Object.values(placement)) {
        if (ref) parentRefs.add(ref);
      }
      return placement;
    });
    const fetchParents = async (refs: string[]) =>
      (
        await catalog.getEntitiesByRefs(
          {
            entityRefs: refs,
            fields: [
              'kind',
              'metadata.name',
              'metadata.namespace',
              'metadata.title',
              'metadata.annotations',
              'spec.owner',
            ],
          },
          { credentials },
        )
      ).items.filter((e): e is Entity => Boolean(e));
    const parents = await fetchParents([...parentRefs]);
    const platformEntity = parents.find(
      e => stringifyEntityRef(e) === config.platformSystemRef,
    );
    const platformOwner = platformEntity
      ? relatedRef(platformEntity, 'owner', 'Group')
      : undefined;
    // The platform's owner is known only now; it usually owns no service, so fetch it too.
    if (platformOwner && !parentRefs.has(platformOwner)) {
      parents.push(...(await fetchParents([platformOwner])));
    }

    let actual: Map<string, number> | undefined;
    if (costManagement.configured) {
      try {
        actual = await costManagement.spendByService([
          ...services.map(s => s.metadata.name),
          platformSystem.name,
        ]);
      } catch (error) {
        problems.push(`${toError(error).message}; showing estimates instead`);
      }
    }

    const sheet = actual ? undefined : await this.deps.priceData.priceSheet();
    if (sheet && 'problem' in sheet) {
      problems.push(sheet.problem);
    }
    const figures: ServiceCostFigure[] = await mapConcurrently(
      services.map((entity, index) => ({ entity, index })),
      READ_CONCURRENCY,
      async ({ entity, index }) => {
        const base = {
          entityRef: stringifyEntityRef(entity),
          ...placements[index],
        };
        if (actual) {
          return {
            ...base,
            kind: 'actual' as const,
            monthlyUsd: actual.get(entity.metadata.name.toLowerCase()) ?? 0,
          };
        }
        const figure = await estimator.estimateOf(entity, sheet!);
        return {
          ...base,
          kind: 'estimate' as const,
          monthlyUsd: figure.monthlyUsd,
        };
      },
    );
    if (!actual) {
      estimator.retainOnly(services);
    }

    let shared: SharedPlatformCost | undefined;
    if (actual) {
      shared = {
        kind: 'actual',
        monthlyUsd: actual.get(platformSystem.name.toLowerCase()) ?? 0,
        systemRef: config.platformSystemRef,
        ownerRef: platformOwner,
      };
    } else {
      const platform = await this.deps.priceData.platformEstimate(
        config.environment,
      );
      if ('problem' in platform) {
        // Not repeated when it is the price sheet's problem, already reported above.
        if (!problems.includes(platform.problem)) {
          problems.push(platform.problem);
        }
      } else {
        problems.push(...platform.estimate.warnings);
        shared = {
          kind: 'estimate',
          monthlyUsd: platform.estimate.monthlyUsd,
          systemRef: config.platformSystemRef,
          ownerRef: platformOwner,
        };
      }
    }
    if (!platformEntity) {
      problems.push(
        `${config.platformSystemRef} (cost.platform.system) is not in the catalog, so the shared platform's cost has no owner team`,
      );
    }

    return computeCostOverview({
      kind: actual ? 'actual' : 'estimate',
      services: figures,
      parents: parents.map(entity => ({
        entityRef: stringifyEntityRef(entity),
        title: entity.metadata.title,
        monthlyBudgetUsd:
          entity.metadata.annotations?.[MONTHLY_BUDGET_ANNOTATION],
      })),
      shared,
      platformBudgetUsd: config.platformBudgetUsd,
      problems,
    });
  }
}

/** `spec.system` or `spec.owner` as a full ref, relative to the entity's namespace. */
function relatedRef(
  entity: Entity,
  field: 'system' | 'owner',
  defaultKind: string,
): string | undefined {
  const value = entity.spec?.[field];
  if (typeof value !== 'string' || !value) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(value, {
        defaultKind,
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}
