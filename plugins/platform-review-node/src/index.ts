/**
 * The platform review's analyses, as pure functions over plain entity lists: what the backend
 * runs on each refresh (possibly on a worker thread) and on each filtered request. The REST
 * contract they produce is `@internal/plugin-platform-review-common`'s.
 *
 * @packageDocumentation
 */

export { KNOWN_KINDS } from './readEntity';
export {
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
  decisionMarkdownBody,
  decisionFindings,
  evaluateDecisionRecord,
  notYetList,
  parseDecisionRecord,
} from './decisions';
export * from './triggers';
export * from './review';
export { formatAvailability, normalizeEntityRef } from './refs';
export { findingsOfEntity } from './entityFindings';
export * from './decisionNotifications';
