import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { ROLLOUT_POLICY_ANNOTATION } from '@internal/plugin-rollout-common';
import { RolloutClient, rolloutApiRef } from './api';

/** Components whose repository holds a rollout policy. */
const hasRolloutPolicy = {
  kind: 'component',
  [`metadata.annotations.${ROLLOUT_POLICY_ANNOTATION}`]: { $exists: true },
};

/** The client of the rollout backend. */
export const rolloutApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: rolloutApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new RolloutClient({ discoveryApi, fetchApi }),
    }),
});

/** The "Rollout policy" card on a service's overview. */
export const rolloutEntityCard = EntityCardBlueprint.make({
  name: 'rollout-policy',
  params: {
    filter: hasRolloutPolicy,
    loader: () =>
      import('./components/RolloutPolicyCard').then(m => (
        <m.RolloutPolicyCard />
      )),
  },
});

/** The "Rollout" tab of a service. */
export const rolloutEntityContent = EntityContentBlueprint.make({
  name: 'rollout',
  params: {
    path: '/rollout',
    title: 'Rollout',
    filter: hasRolloutPolicy,
    loader: () =>
      import('./components/RolloutPolicyContent').then(m => (
        <m.RolloutPolicyContent />
      )),
  },
});

/**
 * The rollout feature: a service's canary policy (steps, pauses, analysis thresholds) checked
 * against its SLO, as an entity card and an entity tab.
 *
 * @public
 */
export const rolloutPlugin = createFrontendPlugin({
  pluginId: 'rollout',
  title: 'Rollout',
  extensions: [rolloutApi, rolloutEntityCard, rolloutEntityContent],
});
