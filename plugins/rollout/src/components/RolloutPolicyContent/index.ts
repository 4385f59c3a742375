export { RolloutPolicyContent } from './RolloutPolicyContent';
