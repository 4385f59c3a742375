/**
 * The rollout feature's frontend: an entity card and tab with the service's canary steps,
 * pauses and analysis thresholds checked against its SLO.
 *
 * @packageDocumentation
 */

export { rolloutPlugin as default } from './plugin';
export { rolloutApiRef, RolloutClient, type RolloutApi } from './api';
