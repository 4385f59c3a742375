/**
 * The cost feature's shared part: the price sheet, cost models and the pure cost estimates,
 * roll-ups and Cost Management readers.
 *
 * @packageDocumentation
 */

export * from './constants';
export * from './errors';
export { formatUsd, roundCents } from './money';
export * from './priceSheet';
export * from './bicepParams';
export * from './platformEstimate';
export * from './costModel';
export * from './serviceEstimate';
export * from './rollUp';
export * from './costOverview';
export * from './costQuery';
export * from './api';
export * from './budgetNotifications';
