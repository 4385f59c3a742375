/**
 * The cost feature's frontend: this month's cost against the budget on services, systems and
 * teams, and the template form's cost estimate.
 *
 * @packageDocumentation
 */

export { costPlugin as default } from './plugin';
export * from './api';
export { EntityCostCard } from './components/EntityCost/EntityCostCard';
export { EntityCostContent } from './components/EntityCost/EntityCostContent';
export { CostRollupCard } from './components/CostRollup/CostRollupCard';
export * from './components/CommerceBudgetField';
