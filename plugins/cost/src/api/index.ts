export { costApiRef } from './CostApi';
export type { CostApi, CostEntityName } from './CostApi';
export { CostClient } from './CostClient';
