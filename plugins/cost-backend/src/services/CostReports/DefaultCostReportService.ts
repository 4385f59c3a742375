import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
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
import { CostOverviews } from './CostOverviews';
import { EntityCostReports } from './EntityCostReports';
import { ServiceEstimator } from './ServiceEstimator';
import { ServiceKindEstimates } from './ServiceKindEstimates';
import type { CostOverviewFilter, CostReportService } from './types';

/**
 * Works out the reports from the catalog, each service's cost model (read from its repository),
 * the price sheet, the platform's Bicep parameters and, when configured, Azure Cost Management:
 * the entity report (EntityCostReports), the overview (CostOverviews, which adds up with
 * cost-common's computeCostOverview) and the estimate per kind (ServiceKindEstimates), over
 * one ServiceEstimator so a cost model read for one answer serves the others.
 */
export class DefaultCostReportService implements CostReportService {
  readonly #entities: EntityCostReports;
  readonly #overviews: CostOverviews;
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
    now?: () => Date;
    /** How long an overview is served before it is recomputed; default a minute. */
    overviewMaxAgeMs?: number;
  }) {
    const { environment } = deps.config;
    const estimator = new ServiceEstimator({
      urlReader: deps.urlReader,
      integrations: deps.integrations,
      environment,
      now: deps.now,
    });
    this.#entities = new EntityCostReports({ ...deps, estimator, environment });
    this.#overviews = new CostOverviews({ ...deps, estimator });
    this.#kinds = new ServiceKindEstimates({ ...deps, environment });
  }

  entityReport(
    ref: CompoundEntityRef,
    options: { credentials: BackstageCredentials },
  ): Promise<EntityCostReport> {
    return this.#entities.report(ref, options);
  }

  overview(filter: CostOverviewFilter = {}): Promise<CostOverview> {
    return this.#overviews.overview(filter);
  }

  serviceKindEstimate(request: {
    serviceKind: string;
    environment?: string;
    region?: string;
  }): Promise<ServiceKindEstimate> {
    return this.#kinds.estimate(request);
  }
}
