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
import type { Entity } from '@backstage/catalog-model';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_APPS_ANNOTATION,
  ROLLOUT_POLICY_ANNOTATION,
} from '@internal/plugin-rollout-common';
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

/** Components deployed by Argo CD (they name their Application, or one per environment). */
const hasArgoCdApplication = (entity: Entity) =>
  entity.kind.toLocaleLowerCase('en-US') === 'component' &&
  Boolean(
    entity.metadata.annotations?.[ARGOCD_APP_NAME_ANNOTATION] ??
      entity.metadata.annotations?.[ARGOCD_APPS_ANNOTATION],
  );

/** The "Argo CD" card on a service's overview: sync, health and history per environment. */
export const argoCdEntityCard = EntityCardBlueprint.make({
  name: 'argocd',
  params: {
    filter: hasArgoCdApplication,
    loader: () =>
      import('./components/ArgoCdStatusCard').then(m => <m.ArgoCdStatusCard />),
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
 * against its SLO, as an entity card and an entity tab; and the status of its Argo CD
 * Applications per environment, as an entity card.
 *
 * @public
 */
export const rolloutPlugin = createFrontendPlugin({
  pluginId: 'rollout',
  title: 'Rollout',
  extensions: [
    rolloutApi,
    rolloutEntityCard,
    argoCdEntityCard,
    rolloutEntityContent,
  ],
});
