import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
  SchedulerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  CostOverview,
  EntityCostReport,
  ServiceKindEstimate,
} from '@internal/plugin-cost-common';
import type { CostConfig } from '../../config';
import type { CostManagementService } from '../CostManagement/types';
import type { PriceDataService } from '../PriceData/types';
import type { ServiceKindModelsService } from '../ServiceKindModels/types';
import { CostOverviewReader } from './CostOverviewReader';
import { CostOverviews } from './CostOverviews';
import type { CostOverviewStore } from './CostOverviewStore';
import { EntityCostReports } from './EntityCostReports';
import { ServiceEstimator } from './ServiceEstimator';
import { ServiceKindEstimates } from './ServiceKindEstimates';
import type { CostOverviewFilter, CostReportService } from './types';

/**
 * Works out the reports from the catalog, each service's cost model (read from its repository),
 * the price sheet, the platform's Bicep parameters and, when configured, Azure Cost Management:
 * the entity report (EntityCostReports), the overview (computed and stored by CostOverviews,
 * which adds up with cost-common's computeCostOverview, and served by CostOverviewReader) and
 * the estimate per kind (ServiceKindEstimates), over one ServiceEstimator so a cost model read
 * for one answer serves the others.
 */
export class DefaultCostReportService implements CostReportService {
  readonly #entities: EntityCostReports;
  readonly #overviews: CostOverviews;
  readonly #overviewReader: CostOverviewReader;
  readonly #kinds: ServiceKindEstimates;

  constructor(deps: {
    catalog: CatalogService;
    urlReader: UrlReaderService;
    integrations: ScmIntegrationRegistry;
    priceData: PriceDataService;
    kindModels: ServiceKindModelsService;
    costManagement: CostManagementService;
    config: CostConfig;
    auth: AuthService;
    logger: LoggerService;
    /** Where the overview is stored for every replica (the plugin's database). */
    overviewStore: CostOverviewStore;
    /** Triggers the overview's task when a request finds none stored yet. */
    scheduler: SchedulerService;
    now?: () => Date;
    /** How long a request waits for the first overview; default a minute. */
    overviewFirstWaitMs?: number;
  }) {
    const { environment } = deps.config;
    const estimator = new ServiceEstimator({
      urlReader: deps.urlReader,
      integrations: deps.integrations,
      environment,
      now: deps.now,
    });
    this.#entities = new EntityCostReports({ ...deps, estimator, environment });
    this.#overviews = new CostOverviews({
      ...deps,
      estimator,
      store: deps.overviewStore,
    });
    this.#overviewReader = new CostOverviewReader({
      store: deps.overviewStore,
      scheduler: deps.scheduler,
      logger: deps.logger,
      firstWaitMs: deps.overviewFirstWaitMs,
    });
    this.#kinds = new ServiceKindEstimates({ ...deps, environment });
  }

  entityReport(
    ref: CompoundEntityRef,
    options: { credentials: BackstageCredentials },
  ): Promise<EntityCostReport> {
    return this.#entities.report(ref, options);
  }

  overview(filter: CostOverviewFilter = {}): Promise<CostOverview> {
    return this.#overviewReader.overview(filter);
  }

  /**
   * Computes and stores the overview: the body of the scheduler's global task
   * `cost-overview-refresh` (COST_OVERVIEW_REFRESH_TASK_ID), and nothing else's.
   */
  refreshOverview(signal?: AbortSignal): Promise<void> {
    return this.#overviews.refresh(signal);
  }

  serviceKindEstimate(request: {
    serviceKind: string;
    environment?: string;
    region?: string;
  }): Promise<ServiceKindEstimate> {
    return this.#kinds.estimate(request);
  }
}
