import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  type CompoundEntityRef,
  type Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError, toError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  type EntityCostReport,
  MONTHLY_BUDGET_ANNOTATION,
  parseMonthlyBudget,
} from '@internal/plugin-cost-common';
import type { CostManagementService } from '../CostManagement/types';
import type { PriceDataService } from '../PriceData/types';
import { type Figure, ServiceEstimator } from './ServiceEstimator';

/** One entity's month: actual spend when Azure is configured and answers, else the estimate. */
export class EntityCostReports {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      costManagement: CostManagementService;
      priceData: PriceDataService;
      estimator: ServiceEstimator;
      /** The environment tag queried (`cost.environment`). */
      environment: string;
    },
  ) {}

  async report(
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

  private async figureOf(entity: Entity): Promise<Figure> {
    const { costManagement, estimator, priceData } = this.deps;
    if (!costManagement.configured) {
      const estimate = await estimator.estimateOf(
        entity,
        await priceData.priceSheet(),
      );
      // Said once per report, so nobody takes the estimate for a bill.
      return {
        ...estimate,
        source: `${estimate.source}. Azure Cost Management not configured: ${costManagement.reason}`,
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
        const expected = await estimator.estimateOf(
          entity,
          await priceData.priceSheet(),
        );
        if ((expected.monthlyUsd ?? 0) >= 1) {
          problems.push(
            `Azure Cost Management has no cost since ${
              spend.trend[0]?.month ?? spend.month
            } for resources tagged service=${name} and environment=${
              this.deps.environment
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
      failure = `${toError(error).message}; showing the estimate instead`;
    }
    const estimate = await estimator.estimateOf(
      entity,
      await priceData.priceSheet(),
    );
    return { ...estimate, problems: [failure, ...estimate.problems] };
  }
}
