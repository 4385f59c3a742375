import type { CostModel } from './costModel';
import { InvalidCostModelError } from './errors';
import { roundCents, sum } from './money';
import type { CostLine } from './platformEstimate';
import { monthlyCost, PriceSheet } from './priceSheet';

/**
 * One service's monthly estimate in one environment: its cost model priced with the sheet.
 *
 * @public
 */
export interface ServiceCostEstimate {
  /** Always an estimate: actual spend comes from Azure Cost Management. */
  kind: 'estimate';
  environment: string;
  currency: 'USD';
  /** The region the prices are for. */
  region: string;
  pricesAsOf: string;
  /** The lines that could be priced, in the cost model's order. */
  lines: CostLine[];
  /** At the autoscalers' minimum, rounded to cents; leaves out the lines in `problems`. */
  monthlyUsd: number;
  /** With every autoscaler at its maximum. */
  atMaxScaleUsd: number;
  /** Lines that could not be priced, each saying how to fix it. Empty when the estimate is complete. */
  problems: string[];
}

/**
 * The message for a price id the sheet lacks: what the sheet needs so the estimate is complete.
 *
 * @public
 */
export function missingPriceProblem(priceId: string): string {
  return `no price for "${priceId}" in the price sheet (infra/pricing/azure-prices.yaml): add it with id, meter, unit, usd, source`;
}

/**
 * Prices a service's cost model for one environment. A price id missing from the sheet is not
 * an error of the whole estimate: the line is left out and reported in `problems`, so one
 * service's unknown SKU does not hide the other figures.
 *
 * @throws InvalidCostModelError when the model has no such environment
 * @public
 */
export function estimateServiceCost(options: {
  sheet: PriceSheet;
  model: CostModel;
  environment: string;
  /** Where the model came from, for the error message. */
  source?: string;
}): ServiceCostEstimate {
  const { sheet, model, environment } = options;
  const modelLines = model.environments[environment];
  if (!modelLines) {
    throw new InvalidCostModelError(options.source ?? 'the cost model', [
      `environments.${environment}: there is no "${environment}" environment; the model has ${Object.keys(
        model.environments,
      ).join(', ')}`,
    ]);
  }
  const prices = new Map(sheet.prices.map(price => [price.id, price]));
  const lines: CostLine[] = [];
  const problems: string[] = [];
  for (const line of modelLines) {
    const price = prices.get(line.priceId);
    if (!price) {
      const problem = missingPriceProblem(line.priceId);
      if (!problems.includes(problem)) {
        problems.push(problem);
      }
      continue;
    }
    const maxQuantity = line.maxQuantity ?? line.quantity;
    lines.push({
      item: line.item,
      priceId: line.priceId,
      quantity: line.quantity,
      unit: price.unit,
      monthlyUsd: monthlyCost(sheet, line.priceId, line.quantity),
      atMaxScaleUsd: monthlyCost(sheet, line.priceId, maxQuantity),
      basis: line.basis,
    });
  }
  return {
    kind: 'estimate',
    environment,
    currency: sheet.currency,
    region: sheet.region,
    pricesAsOf: sheet.asOf,
    lines,
    monthlyUsd: roundCents(sum(lines.map(l => l.monthlyUsd))),
    atMaxScaleUsd: roundCents(sum(lines.map(l => l.atMaxScaleUsd))),
    problems,
  };
}
