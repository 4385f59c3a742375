export { RolloutPolicyCard } from './RolloutPolicyCard';
