import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { alpha, makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import type { DecisionRecord } from '@internal/plugin-platform-review-common';
import { DecisionRevisit } from './DecisionRevisit';
import { DecisionStatusChip } from './DecisionStatusChip';
import { DecisionTitle } from './DecisionTitle';

const useStyles = makeStyles(theme => ({
  due: { backgroundColor: alpha(theme.palette.error.main, 0.08) },
  problems: { marginTop: theme.spacing(1) },
}));

function DecisionRow(props: { decision: DecisionRecord; showSource: boolean }) {
  const { decision, showSource } = props;
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
      {showSource && (
        <TableCell>
          <EntityRefLink entityRef={decision.entityRef} />
        </TableCell>
      )}
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
 * Decision records as a table, due ones (overdue, or a trigger fired) highlighted. With
 * `showSource`, a column names the entity each was recorded under (the company-wide list).
 */
export function DecisionTable(props: {
  decisions: DecisionRecord[];
  showSource?: boolean;
}) {
  const showSource = props.showSource ?? false;
  return (
    <Table size="small" aria-label="Decision records">
      <TableHead>
        <TableRow>
          <TableCell>Decision</TableCell>
          {showSource && <TableCell>Recorded under</TableCell>}
          <TableCell>Status</TableCell>
          <TableCell>Date</TableCell>
          <TableCell>Decision makers</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.decisions.map(decision => (
          <DecisionRow
            key={`${decision.entityRef}/${decision.file}`}
            decision={decision}
            showSource={showSource}
          />
        ))}
      </TableBody>
    </Table>
  );
}
