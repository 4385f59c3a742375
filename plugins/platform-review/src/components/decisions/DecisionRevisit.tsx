import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { DecisionRecord } from '@internal/plugin-platform-review-common';
import { FlagChip } from './FlagChip';

const useStyles = makeStyles(theme => ({
  clauses: { margin: 0, paddingLeft: theme.spacing(2) },
  clause: { marginTop: theme.spacing(0.5) },
  fired: { color: theme.palette.error.main, fontWeight: 600 },
}));

type Clause = DecisionRecord['triggerEvaluation'][number];

function ClauseResult(props: { clause: Clause }) {
  const { clause } = props;
  const classes = useStyles();
  if (!clause.evaluable) {
    return (
      <>
        <FlagChip label="Needs a person" tone="quiet" />{' '}
        <span>{clause.clause}</span>
        <Typography variant="body2" color="textSecondary" component="span">
          {' '}
          — the catalog cannot tell; someone has to check this one.
        </Typography>
      </>
    );
  }
  if (clause.fired) {
    return (
      <>
        <FlagChip label="Fired" tone="alarm" />{' '}
        <span className={classes.fired}>{clause.clause}</span>
        {clause.detail && <span> — {clause.detail}</span>}
      </>
    );
  }
  return (
    <>
      <FlagChip label="Not fired" tone="quiet" /> <span>{clause.clause}</span>
      {clause.detail && (
        <Typography variant="body2" color="textSecondary" component="span">
          {' '}
          — {clause.detail}
        </Typography>
      )}
    </>
  );
}

/**
 * When a deferred decision comes back: its revisit trigger clause by clause (fired, not fired,
 * or needing a person because the catalog cannot answer it) and its revisit-by date.
 */
export function DecisionRevisit(props: { decision: DecisionRecord }) {
  const { decision } = props;
  const classes = useStyles();
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 4 }}>
      <Typography variant="body2" component="div">
        <strong>Revisit by:</strong> {decision.revisitBy ?? 'no date set'}{' '}
        {decision.overdue && <FlagChip label="OVERDUE" tone="alarm" />}
        {decision.triggerFired && (
          <>
            {' '}
            <FlagChip label="Trigger fired" tone="alarm" />
          </>
        )}
      </Typography>
      <Typography variant="body2">
        <strong>Revisit when:</strong>{' '}
        {decision.revisitTrigger ?? 'no revisit-trigger in the front matter'}
      </Typography>
      {decision.triggerEvaluation.length > 0 && (
        <ul className={classes.clauses} aria-label="Trigger clauses">
          {decision.triggerEvaluation.map(clause => (
            <li key={clause.clause} className={classes.clause}>
              <Typography variant="body2" component="span">
                <ClauseResult clause={clause} />
              </Typography>
            </li>
          ))}
        </ul>
      )}
    </Box>
  );
}
