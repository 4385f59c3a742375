/**
 * The rollout card's shared part: the canary policy and its check against the SLO.
 *
 * @packageDocumentation
 */

export * from './rolloutPolicy';
