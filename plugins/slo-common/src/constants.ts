/**
 * The catalog annotation naming the service's OpenSLO file, relative to its catalog-info.yaml,
 * e.g. `openslo.yaml`. Read by the SLO card, the rollout card (its thresholds are held to the
 * objectives) and the platform review (SLO achievability).
 *
 * @public
 */
export const SLO_FILE_ANNOTATION = 'commerce.platform/slo-file';
