import type { PolicyFinding } from './policyCheck';
import type { RolloutPolicy } from './rolloutPolicy';
import type { DerivedSloTargets } from './sloTargets';

/**
 * The rollout backend's answers (`/api/rollout/v1/...`), shared with the frontend.
 */

/**
 * The files of a rollout policy, inside the directory {@link ROLLOUT_POLICY_ANNOTATION} names.
 *
 * @public
 */
export const ROLLOUT_POLICY_FILES = {
  rollout: 'rollout.yaml',
  analysisTemplates: 'analysis-templates.yaml',
} as const;

/**
 * `GET /api/rollout/v1/entities/:kind/:namespace/:name`: a service's canary policy, the SLO its
 * thresholds are held to, and what does not match.
 *
 * @public
 */
export interface EntityRolloutReport {
  entityRef: string;
  /** The policy directory's URL; undefined when the entity names none. */
  policyUrl?: string;
  /** The URLs the policy was read from, for links. */
  policyFiles?: { rollout: string; analysisTemplates: string };
  /** The policy, when rollout.yaml could be read and holds a canary Rollout. */
  policy?: RolloutPolicy;
  /** The objectives derived from the service's OpenSLO file, and where it is. */
  slo?: DerivedSloTargets & { sloFileUrl?: string };
  /** Where the policy does not hold the canary to the SLO (empty: thresholds match). */
  findings: PolicyFinding[];
  /** What could not be read or derived, each saying what to fix. */
  problems: string[];
}
