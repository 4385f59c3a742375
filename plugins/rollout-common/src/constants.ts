/**
 * The catalog annotation naming the directory (relative to the entity's source location) that
 * holds the service's `rollout.yaml` and `analysis-templates.yaml`, e.g. `deploy/`.
 *
 * @public
 */
export const ROLLOUT_POLICY_ANNOTATION = 'commerce.platform/rollout-policy';
