import type { JSX } from 'react';
import { Link } from '@backstage/core-components';
import type {
  ResultHighlight,
  SearchDocument,
} from '@backstage/plugin-search-common';
import { HighlightedSearchResultText } from '@backstage/plugin-search-react';
import Box from '@material-ui/core/Box';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import type { DecisionRecordSearchFields } from '@internal/plugin-platform-review-common';
import { DecisionStatusChip } from '../decisions/DecisionStatusChip';
import { decisionNumber, humanizedRef } from '../format';

/** What the search page hands a result list item. */
export interface DecisionSearchResultListItemProps {
  result?: SearchDocument;
  highlight?: ResultHighlight;
  rank?: number;
  icon?: JSX.Element;
}

/**
 * A decision record in the portal's search results: its number and title, linking to the record
 * rendered in the portal, then what a reader decides on — its status, who decided, when a
 * deferred one is to be revisited, and the entity it was recorded under.
 */
export function DecisionSearchResultListItem(
  props: DecisionSearchResultListItemProps,
) {
  const { result, highlight, icon } = props;
  if (!result) return null;
  const record = result as SearchDocument & Partial<DecisionRecordSearchFields>;
  const number = record.file ? decisionNumber(record.file) : undefined;
  const title = highlight?.fields.title ? (
    <HighlightedSearchResultText
      text={highlight.fields.title}
      preTag={highlight.preTag}
      postTag={highlight.postTag}
    />
  ) : (
    record.title
  );
  return (
    <>
      {icon && <ListItemIcon>{icon}</ListItemIcon>}
      <ListItemText
        primaryTypographyProps={{ variant: 'h6' }}
        primary={
          <Link to={record.location}>
            {number ? <>{number} · </> : null}
            {title}
          </Link>
        }
        secondaryTypographyProps={{ component: 'div' }}
        secondary={
          <Box
            display="flex"
            flexWrap="wrap"
            alignItems="center"
            style={{ gap: 8 }}
            aria-label="Decision record"
          >
            {record.status && <DecisionStatusChip status={record.status} />}
            {record.owner && <span>Decided by {record.owner}</span>}
            {record.revisitBy && <span>Revisit by {record.revisitBy}</span>}
            {record.entityRef && (
              <span>Recorded under {humanizedRef(record.entityRef)}</span>
            )}
          </Box>
        }
      />
    </>
  );
}
