import type {
  FindingSeverity,
  ReviewFinding,
} from '@internal/plugin-platform-review-common';
import { normalizeEntityRef } from './refs';

const SEVERITY_ORDER: Record<FindingSeverity, number> = {
  error: 0,
  warning: 1,
  info: 2,
};

/**
 * The findings that name `entityRef` among their entities — the entity's own findings, as its
 * "Platform checks" card shows them — errors first, then warnings, then information, each group
 * in the review's order. A finding only about the entity's System or team (e.g. the team over
 * budget) is the System's or the team's, not the entity's.
 *
 * @public
 */
export function findingsOfEntity(
  findings: readonly ReviewFinding[],
  entityRef: string,
): ReviewFinding[] {
  const wanted = (normalizeEntityRef(entityRef) ?? entityRef).toLocaleLowerCase(
    'en-US',
  );
  return findings
    .map((finding, position) => ({ finding, position }))
    .filter(({ finding }) =>
      finding.entityRefs.some(
        ref =>
          (normalizeEntityRef(ref) ?? ref).toLocaleLowerCase('en-US') ===
          wanted,
      ),
    )
    .sort(
      (a, b) =>
        (SEVERITY_ORDER[a.finding.severity] ?? 3) -
          (SEVERITY_ORDER[b.finding.severity] ?? 3) || a.position - b.position,
    )
    .map(({ finding }) => finding);
}
