import type { Entity } from '@backstage/catalog-model';

/** Where an entity's architecture decision records live (the ADR plugin's annotation). */
export const ADR_LOCATION_ANNOTATION = 'backstage.io/adr-location';

/** Entities that point at their decision records get the Decisions tab. */
export function hasDecisionRecords(entity: Entity): boolean {
  return Boolean(
    entity.metadata.annotations?.[ADR_LOCATION_ANNOTATION]?.trim(),
  );
}
