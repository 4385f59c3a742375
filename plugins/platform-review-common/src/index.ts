/**
 * The platform review's shared part: its data types and the analyses, as pure functions over
 * plain entity lists.
 *
 * @packageDocumentation
 */

export * from './api';
export * from './constants';
export * from './permissions';
export {
  KNOWN_KINDS,
  indexCatalog,
  type CatalogIndex,
  type CatalogInput,
  type ReviewedEntity,
} from './catalogIndex';
export * from './ownership';
export {
  analyseSloAchievability,
  parseAvailabilityPercent,
  type AvailabilityObjectives,
  type SloAnalysis,
} from './slo';
export * from './spend';
export * from './drift';
export {
  DECISION_STATUSES,
  decisionFindings,
  evaluateDecisionRecord,
  notYetList,
  parseDecisionRecord,
} from './decisions';
export * from './triggers';
export * from './review';
export { formatAvailability, normalizeEntityRef } from './refs';
