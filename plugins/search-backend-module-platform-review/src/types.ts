import type { IndexableDocument } from '@backstage/plugin-search-common';

/**
 * A decision record in the search index.
 *
 * @public
 */
export interface DecisionRecordDocument extends IndexableDocument {
  /** `accepted`, `deferred`, … as the record's front matter says. */
  status: string;
  /** The decision makers (catalog Groups), comma-separated. */
  owner: string;
  /** For a deferred record, the day it is to be revisited by (`YYYY-MM-DD`). */
  revisitBy?: string;
  /** The entity whose decisions folder holds it. */
  entityRef: string;
  /** Its file name, e.g. `0009-defer-service-mesh.md`. */
  file: string;
}
