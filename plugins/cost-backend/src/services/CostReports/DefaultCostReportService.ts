import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  entityFileUrl,
  mapConcurrently,
} from '@internal/plugin-catalog-files-node';
import {
  AZURE_REGION_ANNOTATION,
  COST_MODEL_ANNOTATION,
  CostBasisKind,
  CostOverview,
  CostResourceLine,
  EntityCostReport,
  estimateServiceCost,
  MONTHLY_BUDGET_ANNOTATION,
  SERVICE_KIND_ANNOTATION,
  parseMonthlyBudget,
  rollUpCosts,
  roundCents,
  ServiceCostEstimate,
  ServiceCostFigure,
  ServiceKindEstimate,
  SharedPlatformCost,
} from '@internal/plugin-cost-common';
import type { CostConfig } from '../../config';
import type { CostManagementService } from '../CostManagement/types';
import type { PriceDataService, PriceSheetResult } from '../PriceData/types';
import type { ServiceKindModelsService } from '../ServiceKindModels/types';
import { CostModelReader } from './CostModelReader';
import { SharedValue } from './SharedValue';
import type { CostOverviewFilter, CostReportService } from './types';

/** How long one overview is served before it is recomputed (in the background). */
const OVERVIEW_MAX_AGE_MS = 60_000;
/** How many cost models are read at once while computing the overview. */
const READ_CONCURRENCY = 16;

/** One entity's figure for the month, before budget and identity are added. */
interface Figure {
  kind: CostBasisKind;
  month: string;
  monthlyUsd?: number;
  atMaxScaleUsd?: number;
  trend: { month: string; usd: number }[];
  topResources: CostResourceLine[];
  source: string;
  problems: string[];
}

/**
 * Works out the reports from the catalog, each service's cost model (read from its repository),
 * the price sheet, the platform's Bicep parameters and, when configured, Azure Cost Management.
 */
export class DefaultCostReportService implements CostReportService {
  readonly #costModels: CostModelReader;
  readonly #overview: SharedValue<CostOverview>;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      urlReader: UrlReaderService;
      integrations: ScmIntegrationRegistry;
      priceData: PriceDataService;
      kindModels: ServiceKindModelsService;
      costManagement: CostManagementService;
      config: CostConfig;
      auth: AuthService;
      logger: LoggerService;
      now?: () => Date;
      /** How long an overview is served before it is recomputed; default a minute. */
      overviewMaxAgeMs?: number;
    },
  ) {
    this.#costModels = new CostModelReader(deps.urlReader, deps.integrations);
    // One platform-wide figure, the same for every caller: the commerce permission policy lets
    // anyone signed in read every catalog entity (and the router lets only them in), so it is
    // computed once a minute with the plugin's own credentials rather than on every System or
    // team page view — with 10,000 services one computation reads 10,000 cost models.
    this.#overview = new SharedValue({
      load: async () =>
        this.computeOverview(await deps.auth.getOwnServiceCredentials()),
      maxAgeMs: deps.overviewMaxAgeMs ?? OVERVIEW_MAX_AGE_MS,
      now: () => (deps.now?.() ?? new Date()).getTime(),
      onBackgroundError: error =>
        deps.logger.warn(
          `The cost overview could not be recomputed; serving the previous one: ${errorMessage(
            error,
          )}`,
        ),
    });
  }

  async entityReport(
    ref: CompoundEntityRef,
    { credentials }: { credentials: BackstageCredentials },
  ): Promise<EntityCostReport> {
    const entity = await this.deps.catalog.getEntityByRef(ref, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(
        `${stringifyEntityRef(ref)} is not in the catalog`,
      );
    }
    const entityRef = stringifyEntityRef(entity);
    const budget = parseMonthlyBudget(
      entity.metadata.annotations?.[MONTHLY_BUDGET_ANNOTATION],
      entityRef,
    );
    const figure = await this.figureOf(entity);
    return {
      entityRef,
      kind: figure.kind,
      currency: 'USD',
      month: figure.month,
      ...(figure.monthlyUsd !== undefined && {
        monthlyUsd: figure.monthlyUsd,
      }),
      ...(figure.atMaxScaleUsd !== undefined && {
        atMaxScaleUsd: figure.atMaxScaleUsd,
      }),
      ...(budget.budgetUsd !== undefined && { budgetUsd: budget.budgetUsd }),
      trend: figure.trend,
      topResources: figure.topResources,
      source: figure.source,
      problems: [
        ...(budget.problem ? [budget.problem] : []),
        ...figure.problems,
      ],
    };
  }

  async overview(filter: CostOverviewFilter = {}): Promise<CostOverview> {
    const overview = await this.#overview.get();
    if (!filter.system && !filter.group) {
      return overview;
    }
    // A System's or team's card needs its own roll-up, not the 200 others and their services.
    return {
      ...overview,
      systems: overview.systems.filter(r => r.entityRef === filter.system),
      groups: overview.groups.filter(r => r.entityRef === filter.group),
    };
  }

  private async computeOverview(
    credentials: BackstageCredentials,
  ): Promise<CostOverview> {
    const { config, catalog, costManagement } = this.deps;
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
    if (!costManagement.notConfigured) {
      try {
        actual = await costManagement.spendByService([
          ...services.map(s => s.metadata.name),
          platformSystem.name,
        ]);
      } catch (error) {
        problems.push(`${errorMessage(error)}; showing estimates instead`);
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
        const figure = await this.estimateOf(entity, sheet!);
        return {
          ...base,
          kind: 'estimate' as const,
          monthlyUsd: figure.monthlyUsd,
        };
      },
    );
    if (!actual) {
      this.#costModels.retainOnly(
        new Set(
          services
            .map(modelUrlOf(this.deps.integrations))
            .filter((url): url is string => Boolean(url)),
        ),
      );
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

    const { systems, groups } = rollUpCosts({
      services: figures,
      parents: parents.map(entity => ({
        entityRef: stringifyEntityRef(entity),
        title: entity.metadata.title,
        monthlyBudgetUsd:
          entity.metadata.annotations?.[MONTHLY_BUDGET_ANNOTATION],
      })),
      shared,
    });
    const servicesUsd = roundCents(
      figures.reduce((total, f) => total + (f.monthlyUsd ?? 0), 0),
    );
    const sharedUsd = roundCents(shared?.monthlyUsd ?? 0);
    return {
      platform: {
        kind: actual ? 'actual' : 'estimate',
        sharedUsd,
        servicesUsd,
        totalUsd: roundCents(sharedUsd + servicesUsd),
        budgetUsd: config.platformBudgetUsd,
      },
      systems,
      groups,
      problems,
    };
  }

  async serviceKindEstimate(request: {
    serviceKind: string;
    environment?: string;
    region?: string;
  }): Promise<ServiceKindEstimate> {
    const { model, source } = await this.deps.kindModels.model(
      request.serviceKind,
    );
    const sheet = await this.deps.priceData.priceSheet();
    if ('problem' in sheet) {
      throw new ServiceUnavailableError(sheet.problem);
    }
    const environment = request.environment ?? this.deps.config.environment;
    const estimate = estimateServiceCost({
      sheet: sheet.sheet,
      model,
      environment,
      source,
    });
    const region = request.region ?? sheet.sheet.region;
    const warnings = estimate.problems.map(
      problem => `${problem} (the total leaves this line out)`,
    );
    if (region !== sheet.sheet.region) {
      warnings.push(
        `the prices are ${sheet.sheet.region} list prices; ${region}'s differ, so treat the figure as approximate`,
      );
    }
    return {
      serviceKind: request.serviceKind,
      environment,
      region,
      currency: 'USD',
      monthlyUsd: estimate.monthlyUsd,
      atMaxScaleUsd: estimate.atMaxScaleUsd,
      lines: estimate.lines.map(line => ({
        name: line.item,
        monthlyUsd: roundCents(line.monthlyUsd),
        detail: describeLine(line),
      })),
      pricesAsOf: estimate.pricesAsOf,
      warnings,
    };
  }

  /** Actual spend when Azure is configured and answers; the estimate otherwise. */
  private async figureOf(entity: Entity): Promise<Figure> {
    const { costManagement } = this.deps;
    if (costManagement.notConfigured) {
      const estimate = await this.estimateOf(
        entity,
        await this.deps.priceData.priceSheet(),
      );
      // Said once per report, so nobody takes the estimate for a bill.
      return {
        ...estimate,
        source: `${estimate.source}. Azure Cost Management ${costManagement.notConfigured}`,
      };
    }
    const name = entity.metadata.name;
    let failure: string;
    try {
      const spend = await costManagement.serviceSpend(name);
      const problems: string[] = [];
      if (spend.rowCount === 0) {
        // Nothing billed at all: fine for a service with no Azure resources of its own (payment
        // uses Stripe), suspicious for one whose cost model expects a bill.
        const expected = await this.estimateOf(
          entity,
          await this.deps.priceData.priceSheet(),
        );
        if ((expected.monthlyUsd ?? 0) >= 1) {
          problems.push(
            `Azure Cost Management has no cost since ${
              spend.trend[0]?.month ?? spend.month
            } for resources tagged service=${name} and environment=${
              this.deps.config.environment
            }, though its cost model expects $${expected.monthlyUsd!.toFixed(
              2,
            )} a month; if the service is deployed, check its resources carry those tags (its infra/main.bicep sets them)`,
          );
        }
      }
      return {
        kind: 'actual',
        month: spend.month,
        monthlyUsd: spend.monthToDateUsd,
        trend: spend.trend,
        topResources: spend.topResources,
        source: costManagement.describeSource(name),
        problems,
      };
    } catch (error) {
      failure = `${errorMessage(error)}; showing the estimate instead`;
    }
    const estimate = await this.estimateOf(
      entity,
      await this.deps.priceData.priceSheet(),
    );
    return { ...estimate, problems: [failure, ...estimate.problems] };
  }

  /** The entity's cost model priced with the sheet; every failure is a problem, not a throw. */
  private async estimateOf(
    entity: Entity,
    sheet: PriceSheetResult,
  ): Promise<Figure> {
    const { config } = this.deps;
    const entityRef = stringifyEntityRef(entity);
    const month = (this.deps.now?.() ?? new Date()).toISOString().slice(0, 7);
    const failed = (problem: string, source: string): Figure => ({
      kind: 'estimate',
      month,
      trend: [],
      topResources: [],
      source,
      problems: [problem],
    });
    if ('problem' in sheet) {
      return failed(
        sheet.problem,
        'no estimate: the price sheet cannot be used',
      );
    }
    const read = await this.#costModels.read(entity);
    if (read.status === 'none') {
      return failed(
        `${entityRef} has no ${COST_MODEL_ANNOTATION} annotation; add one naming its cost model, e.g. "${COST_MODEL_ANNOTATION}: infra/cost-model.yaml" (services generated by the blueprint have it)`,
        'no estimate: no cost model',
      );
    }
    if (read.status === 'failed') {
      return failed(
        `the cost model cannot be used: ${read.problem}`,
        `no estimate: the cost model${
          read.url ? ` ${read.url}` : ''
        } cannot be used`,
      );
    }
    const { model, url } = read;
    let estimate: ServiceCostEstimate;
    try {
      estimate = estimateServiceCost({
        sheet: sheet.sheet,
        model,
        environment: config.environment,
        source: url,
      });
    } catch (error) {
      return failed(
        errorMessage(error),
        `no estimate: ${url} has no ${config.environment} environment`,
      );
    }
    const region = entity.metadata.annotations?.[AZURE_REGION_ANNOTATION];
    const complete = estimate.problems.length === 0;
    return {
      kind: 'estimate',
      month,
      ...(complete && {
        monthlyUsd: estimate.monthlyUsd,
        atMaxScaleUsd: estimate.atMaxScaleUsd,
      }),
      trend: [],
      topResources: estimate.lines
        .map(line => ({
          name: line.item,
          monthlyUsd: roundCents(line.monthlyUsd),
          detail: describeLine(line),
        }))
        .sort((a, b) => b.monthlyUsd - a.monthlyUsd),
      source: `estimate: the ${
        config.environment
      } resources of ${url}, priced with the price sheet (${
        estimate.region
      } list prices as of ${
        estimate.pricesAsOf
      }), autoscaled resources at their minimum${
        region && region !== estimate.region
          ? `; the service runs in ${region}, where list prices differ`
          : ''
      }`,
      problems: estimate.problems,
    };
  }
}

/** The URL of an entity's cost model, or undefined (no annotation, or none can be formed). */
function modelUrlOf(integrations: ScmIntegrationRegistry) {
  return (entity: Entity): string | undefined => {
    try {
      return entityFileUrl(entity, COST_MODEL_ANNOTATION, integrations);
    } catch {
      return undefined;
    }
  };
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

function describeLine(line: ServiceCostEstimate['lines'][number]): string {
  return `${line.quantity} × ${line.priceId} (${line.unit}; ${line.basis})`;
}

function errorMessage(error: unknown): string {
  return (error as Error)?.message ?? String(error);
}
