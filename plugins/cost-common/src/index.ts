/**
 * The cost feature's shared part: the price sheet and the pure cost estimates.
 *
 * @packageDocumentation
 */

export * from './errors';
export * from './priceSheet';
export * from './bicepParams';
export * from './platformEstimate';
