/**
 * The SLO feature's shared part: error budget, attainment and burn-rate maths.
 *
 * @packageDocumentation
 */

export * from './constants';
export * from './format';
export * from './sloMath';
export * from './openSlo';
export * from './promql';
export * from './api';
export * from './alerts';
export * from './history';
export * from './links';
export * from './sloNotifications';
