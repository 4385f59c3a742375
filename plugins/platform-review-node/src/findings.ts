import type {
  FindingSeverity,
  ReviewFinding,
} from '@internal/plugin-platform-review-common';
import type { CatalogIndex } from './catalogIndex';
import { kindOfRef, uniqueSorted } from './refs';

/**
 * The Systems and owners of the entities named by `refs` (a System or Group counts as itself),
 * for a finding's filters.
 */
export function scopeOf(
  refs: readonly string[],
  index: CatalogIndex,
): { systems: string[]; teams: string[] } {
  const systems: (string | undefined)[] = [];
  const teams: (string | undefined)[] = [];
  for (const ref of refs) {
    const kind = kindOfRef(ref);
    if (kind === 'system') systems.push(ref);
    if (kind === 'group') teams.push(ref);
    const entity = index.byRef.get(ref);
    if (entity) {
      systems.push(entity.system);
      teams.push(entity.owner);
    }
  }
  return { systems: uniqueSorted(systems), teams: uniqueSorted(teams) };
}

/**
 * A finding about `entityRefs`, its systems and teams worked out from the index.
 */
export function makeFinding(
  index: CatalogIndex,
  finding: Omit<ReviewFinding, 'systems' | 'teams'>,
): ReviewFinding {
  return { ...finding, ...scopeOf(finding.entityRefs, index) };
}

/**
 * A `malformed-entity` finding met while indexing, before the index can tell its scope
 * (`indexCatalog` fills that in at the end).
 */
export function malformedFinding(
  severity: FindingSeverity,
  entityRefs: string[],
  message: string,
  fix: string,
): ReviewFinding {
  return {
    rule: 'malformed-entity',
    severity,
    message,
    fix,
    entityRefs,
    systems: [],
    teams: [],
  };
}
