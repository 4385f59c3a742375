/**
 * Indexes the decision records the platform review found for the portal's search.
 *
 * @packageDocumentation
 */

export { searchModulePlatformReviewDecisions as default } from './module';
export { DecisionRecordCollatorFactory } from './DecisionRecordCollatorFactory';
export type { DecisionRecordDocument } from './types';
