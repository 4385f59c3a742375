import type { Entity } from '@backstage/catalog-model';
import { ADR_LOCATION_ANNOTATION } from '@internal/plugin-platform-review-common';

/** Entities that point at their decision records get the Decisions tab. */
export function hasDecisionRecords(entity: Entity): boolean {
  return Boolean(
    entity.metadata.annotations?.[ADR_LOCATION_ANNOTATION]?.trim(),
  );
}
