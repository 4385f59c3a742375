/**
 * The annotations the review reads.
 *
 * @public
 */
export const REVIEW_ANNOTATIONS = {
  /** On a Resource: the provider's availability SLA in percent, e.g. `'99.99'`. */
  availabilitySla: 'commerce.platform/availability-sla',
  /** On a Component: entity refs (comma-separated) it works without, e.g. called asynchronously. */
  softDependencies: 'commerce.platform/soft-dependencies',
  /** On a generated service: the blueprint version it was generated from. */
  blueprintVersion: 'commerce.platform/blueprint-version',
} as const;

/**
 * Where an entity's architecture decision records live, relative to its catalog-info.yaml
 * (the annotation of the community ADR plugin, so its tooling reads the same records).
 *
 * @public
 */
export const ADR_LOCATION_ANNOTATION = 'backstage.io/adr-location';
