import type { CostModel } from '@internal/plugin-cost-common';

/** The cost models of the service kinds the blueprint generates, for new-service estimates. */
export interface ServiceKindModelsService {
  /** The kinds that have a cost model, sorted. */
  kinds(): Promise<string[]>;
  /**
   * One kind's cost model and the file it came from.
   *
   * @throws InputError for a kind the blueprint has no cost model for, listing the valid kinds
   */
  model(kind: string): Promise<{ model: CostModel; source: string }>;
}
