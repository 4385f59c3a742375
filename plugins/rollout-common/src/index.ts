/**
 * The rollout card's shared part: the canary policy, the SLO targets it is held to, the check
 * between them, and the REST contract of the rollout backend.
 *
 * @packageDocumentation
 */

export * from './constants';
export * from './rolloutPolicy';
export * from './policyCheck';
export * from './sloTargets';
export * from './api';
export * from './argoCd';
