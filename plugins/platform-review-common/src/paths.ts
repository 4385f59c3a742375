/**
 * The app path under which decision records render (the review plugin's record page).
 *
 * @public
 */
export const DECISION_RECORD_BASE_PATH = '/platform-review/decisions';

/**
 * Where the portal renders one decision record (the entity as `parseEntityRef` gives it), e.g.
 * `/platform-review/decisions/default/component/commerce-platform-portal/0009-defer-service-mesh.md`:
 * the review's links and the search index's results point there.
 *
 * @public
 */
export function decisionRecordPath(
  entity: { kind: string; namespace: string; name: string },
  file: string,
): string {
  return [
    DECISION_RECORD_BASE_PATH,
    ...[
      entity.namespace,
      entity.kind.toLocaleLowerCase('en-US'),
      entity.name,
      file,
    ].map(encodeURIComponent),
  ].join('/');
}

/**
 * The search documents' type for decision records (the search collator's and the search page's).
 *
 * @public
 */
export const DECISION_SEARCH_TYPE = 'decision-record';

/**
 * What a decision record's search document carries besides the search's own fields (title,
 * text, location): what the search result shows.
 *
 * @public
 */
export interface DecisionRecordSearchFields {
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
