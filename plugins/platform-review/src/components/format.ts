import { parseEntityRef } from '@backstage/catalog-model';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';

/** The record's number from its MADR file name: `0009-defer-service-mesh.md` → `0009`. */
export function decisionNumber(file: string): string | undefined {
  return /^(\d+)[-_]/.exec(file.split('/').pop() ?? '')?.[1];
}

/**
 * An entity ref as the catalog shows it (`component:commerce-platform-portal`, the kind left out
 * when it is `defaultKind`); the ref as written when it cannot be read.
 */
export function humanizedRef(ref: string, defaultKind?: string): string {
  try {
    return humanizeEntityRef(parseEntityRef(ref), { defaultKind });
  } catch {
    return ref;
  }
}
