import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { alpha, makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import type { DecisionRecord } from '@internal/plugin-platform-review-common';
import { DecisionRevisit } from '../decisions/DecisionRevisit';
import { DecisionTitle } from '../decisions/DecisionTitle';
import { EmptyState, Section } from '../Section';
import { EntityNameLink } from '../EntityNameLink';

const useStyles = makeStyles(theme => ({
  item: {
    padding: theme.spacing(1.5, 1),
    '& + &': { borderTop: `1px solid ${theme.palette.divider}` },
  },
  due: {
    borderLeft: `4px solid ${theme.palette.error.main}`,
    backgroundColor: alpha(theme.palette.error.main, 0.06),
  },
}));

function NotYetItem(props: { decision: DecisionRecord }) {
  const { decision } = props;
  const classes = useStyles();
  const due = decision.overdue || decision.triggerFired;
  return (
    <Box
      component="li"
      aria-label={decision.title}
      className={`${classes.item} ${due ? classes.due : ''}`}
    >
      <DecisionTitle decision={decision} />
      <Typography variant="body2" color="textSecondary">
        Recorded under{' '}
        <EntityNameLink
          entityRef={decision.entityRef}
          defaultKind="component"
        />
        {decision.date && ` on ${decision.date}`}
        {decision.decisionMakers.length > 0 &&
          ` by ${decision.decisionMakers.join(', ')}`}
      </Typography>
      <DecisionRevisit decision={decision} />
      {decision.problems.map(problem => (
        <Alert key={problem} severity="warning">
          {problem}
        </Alert>
      ))}
    </Box>
  );
}

/**
 * The deferred decisions ("not yet"): what was parked, when it comes back, and whether it is
 * due now, overdue or triggered first (the backend's order).
 */
export function NotYetSection(props: { decisions: DecisionRecord[] }) {
  const { decisions } = props;
  const due = decisions.filter(d => d.overdue || d.triggerFired).length;
  return (
    <Section
      title="Not yet"
      subheader={
        decisions.length === 0
          ? 'Deferred decisions and when to revisit them'
          : `${decisions.length} deferred decision${
              decisions.length === 1 ? '' : 's'
            }, ${due} due for revisit now`
      }
    >
      {decisions.length === 0 ? (
        <EmptyState>
          No deferred decisions in this view. A decision is parked here when its
          record (MADR, under an entity's backstage.io/adr-location) has status:
          deferred, with a revisit-trigger and a revisit-by date.
        </EmptyState>
      ) : (
        <Box
          component="ul"
          aria-label="Deferred decisions"
          style={{ listStyle: 'none', margin: 0, padding: 0 }}
        >
          {decisions.map(decision => (
            <NotYetItem
              key={`${decision.entityRef}/${decision.file}`}
              decision={decision}
            />
          ))}
        </Box>
      )}
    </Section>
  );
}
