import { ServiceUnavailableError } from '@backstage/errors';
import {
  estimateServiceCost,
  roundCents,
  type ServiceKindEstimate,
} from '@internal/plugin-cost-common';
import type { PriceDataService } from '../PriceData/types';
import type { ServiceKindModelsService } from '../ServiceKindModels/types';
import { describeLine } from './ServiceEstimator';

/** What a new service of a kind costs a month, for the template form. */
export class ServiceKindEstimates {
  constructor(
    private readonly deps: {
      kindModels: ServiceKindModelsService;
      priceData: PriceDataService;
      /** The default environment (`cost.environment`). */
      environment: string;
    },
  ) {}

  async estimate(request: {
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
    const environment = request.environment ?? this.deps.environment;
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
}
