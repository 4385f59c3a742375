import { parseEntityRef } from '@backstage/catalog-model';
import { Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import {
  decisionRecordPath,
  type DecisionRecord,
} from '@internal/plugin-platform-review-common';
import { decisionNumber } from '../format';

/** The record rendered in the portal; undefined when its entity ref cannot be read. */
function renderedPath(decision: DecisionRecord): string | undefined {
  try {
    return decisionRecordPath(
      parseEntityRef(decision.entityRef),
      decision.file,
    );
  } catch {
    return undefined;
  }
}

/**
 * `0009 Defer a service mesh…`, linking to the record rendered in the portal, and to its source
 * when that is a web page (a local `file://` URL is one browsers refuse to open from a page).
 */
export function DecisionTitle(props: { decision: DecisionRecord }) {
  const { decision } = props;
  const number = decisionNumber(decision.file);
  const text = number ? `${number} · ${decision.title}` : decision.title;
  const path = renderedPath(decision);
  const source = decision.url && /^https?:\/\//i.test(decision.url);
  return (
    <Typography variant="subtitle2" component="span">
      {path ? <Link to={path}>{text}</Link> : text}
      {source && (
        <>
          {' '}
          <Link to={decision.url!} aria-label={`Source of ${text}`}>
            (source)
          </Link>
        </>
      )}
    </Typography>
  );
}
