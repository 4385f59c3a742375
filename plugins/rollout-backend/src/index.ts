/**
 * The rollout feature's backend: reads a service's Argo Rollouts canary policy from its
 * repository and checks its analysis thresholds against the service's SLO.
 *
 * @packageDocumentation
 */

export { rolloutPlugin as default } from './plugin';
export type { RolloutPolicyService } from './services/RolloutPolicyService';
export {
  readArgoCdConfig,
  type ArgoCdConfig,
  type ArgoCdSource,
} from './services/ArgoCdStatusService';
