import type { IndexableDocument } from '@backstage/plugin-search-common';
import type { DecisionRecordSearchFields } from '@internal/plugin-platform-review-common';

/**
 * A decision record in the search index: the search's own fields and the record's facts
 * (`DecisionRecordSearchFields`, shared with the search result the portal shows).
 *
 * @public
 */
export interface DecisionRecordDocument
  extends IndexableDocument,
    DecisionRecordSearchFields {}
