import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { alpha, makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import type { DecisionRecord } from '@internal/plugin-platform-review-common';
import useAsync from 'react-use/esm/useAsync';
import { platformReviewApiRef } from '../../api/PlatformReviewApi';
import { ADR_LOCATION_ANNOTATION } from '../../annotations';
import { DecisionRevisit } from '../decisions/DecisionRevisit';
import { DecisionStatusChip } from '../decisions/DecisionStatusChip';
import { DecisionTitle } from '../decisions/DecisionTitle';
import { reasonOf } from '../errors';

const useStyles = makeStyles(theme => ({
  due: { backgroundColor: alpha(theme.palette.error.main, 0.08) },
  problems: { marginTop: theme.spacing(1) },
}));

function DecisionRow(props: { decision: DecisionRecord }) {
  const { decision } = props;
  const classes = useStyles();
  const due = decision.overdue || decision.triggerFired;
  return (
    <TableRow className={due ? classes.due : undefined}>
      <TableCell>
        <DecisionTitle decision={decision} />
        {decision.status === 'deferred' && (
          <Box mt={1}>
            <DecisionRevisit decision={decision} />
          </Box>
        )}
        {decision.problems.length > 0 && (
          <Box
            className={classes.problems}
            display="flex"
            flexDirection="column"
            style={{ gap: 4 }}
          >
            {decision.problems.map(problem => (
              <Alert key={problem} severity="warning">
                {problem}
              </Alert>
            ))}
          </Box>
        )}
      </TableCell>
      <TableCell>
        <DecisionStatusChip status={decision.status} />
      </TableCell>
      <TableCell>{decision.date ?? '—'}</TableCell>
      <TableCell>
        {decision.decisionMakers.length > 0
          ? decision.decisionMakers.join(', ')
          : '—'}
      </TableCell>
    </TableRow>
  );
}

/**
 * The entity tab "Decisions": the architecture decision records under the entity's
 * `backstage.io/adr-location`, with when each deferred one comes back.
 *
 * @public
 */
export function DecisionsContent() {
  const { entity } = useEntity();
  const api = useApi(platformReviewApiRef);
  const state = useAsync(
    () => api.getEntityDecisions(getCompoundEntityRef(entity)),
    [api, stringifyEntityRef(entity)],
  );
  const location = entity.metadata.annotations?.[ADR_LOCATION_ANNOTATION];

  if (state.error) {
    return (
      <ResponseErrorPanel
        title={`The decision records could not be loaded: ${reasonOf(
          state.error,
        )}`}
        error={state.error}
      />
    );
  }
  if (!state.value) {
    return <Progress />;
  }
  const { decisions, problems } = state.value;
  const deferred = decisions.filter(d => d.status === 'deferred').length;
  return (
    <InfoCard
      title="Decisions"
      subheader={`Architecture decision records in ${location}: ${
        decisions.length
      } record${decisions.length === 1 ? '' : 's'}, ${deferred} deferred`}
    >
      {problems.length > 0 && (
        <Box display="flex" flexDirection="column" mb={2} style={{ gap: 4 }}>
          {problems.map(problem => (
            <Alert key={problem} severity="warning">
              {problem}
            </Alert>
          ))}
        </Box>
      )}
      {decisions.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No decision records in {location}. Add one Markdown file per decision
          there (MADR, e.g. 0001-record-architecture-decisions.md, with status,
          date and decision-makers in its front matter).
        </Typography>
      ) : (
        <Table size="small" aria-label="Decision records">
          <TableHead>
            <TableRow>
              <TableCell>Decision</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Date</TableCell>
              <TableCell>Decision makers</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {decisions.map(decision => (
              <DecisionRow key={decision.file} decision={decision} />
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
