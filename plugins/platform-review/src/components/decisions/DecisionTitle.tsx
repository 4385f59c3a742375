import { Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type { DecisionRecord } from '@internal/plugin-platform-review-common';
import { decisionNumber } from '../format';

/** `0009 Defer a service mesh…`, linking to the record itself when the backend knows its URL. */
export function DecisionTitle(props: { decision: DecisionRecord }) {
  const { decision } = props;
  const number = decisionNumber(decision.file);
  const text = number ? `${number} · ${decision.title}` : decision.title;
  return (
    <Typography variant="subtitle2" component="span">
      {decision.url ? <Link to={decision.url}>{text}</Link> : text}
    </Typography>
  );
}
