export { rolloutApiRef, type RolloutApi } from './RolloutApi';
export { RolloutClient } from './RolloutClient';
