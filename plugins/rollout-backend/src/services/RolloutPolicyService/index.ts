export type { RolloutPolicyService } from './types';
export { DefaultRolloutPolicyService } from './DefaultRolloutPolicyService';
