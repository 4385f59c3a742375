import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { alpha, makeStyles } from '@material-ui/core/styles';
import type { SpendRow } from '@internal/plugin-platform-review-common';
import { FlagChip } from '../decisions/FlagChip';
import { formatUsd } from '@internal/plugin-cost-common';
import { EmptyState, Section } from '../Section';
import { EntityNameLink } from '../EntityNameLink';

const SCOPE_ORDER: Record<SpendRow['scope'], number> = {
  platform: 0,
  system: 1,
  team: 2,
};
const SCOPE_LABEL: Record<SpendRow['scope'], string> = {
  platform: 'Platform',
  system: 'System',
  team: 'Team',
};

const useStyles = makeStyles(theme => ({
  over: {
    // The row itself stands out, not only a chip at its end.
    backgroundColor: alpha(theme.palette.error.main, 0.1),
  },
  overAmount: { color: theme.palette.error.main, fontWeight: 600 },
}));

function BudgetStatus(props: { row: SpendRow }) {
  const { row } = props;
  const classes = useStyles();
  if (row.budgetUsd === undefined) {
    return (
      <Typography variant="body2" color="textSecondary">
        no budget set
      </Typography>
    );
  }
  if (row.overBudget) {
    return (
      <>
        <FlagChip label="Over budget" tone="alarm" />{' '}
        <span className={classes.overAmount}>
          by {formatUsd(row.monthlyUsd - row.budgetUsd)}
        </span>
      </>
    );
  }
  return (
    <Typography variant="body2">
      {formatUsd(row.budgetUsd - row.monthlyUsd)} left
    </Typography>
  );
}

/** Monthly spend of the platform, each system and each team against its budget. */
export function SpendSection(props: { spend: SpendRow[] }) {
  const classes = useStyles();
  const rows = [...props.spend].sort(
    (a, b) => SCOPE_ORDER[a.scope] - SCOPE_ORDER[b.scope],
  );
  return (
    <Section
      title="Spend against budget"
      subheader="This month, per team and per system; actual where Azure Cost Management answers, else the declared estimate"
    >
      {rows.length === 0 ? (
        <EmptyState>
          No spend figures in this view. Spend comes from the cost backend
          (actuals from Azure Cost Management, or each service's
          infra/cost-model.yaml estimate); if it could not be reached, the
          review's problems above say why.
        </EmptyState>
      ) : (
        <Table size="small" aria-label="Spend against budget">
          <TableHead>
            <TableRow>
              <TableCell>Scope</TableCell>
              <TableCell>Who</TableCell>
              <TableCell align="right">This month</TableCell>
              <TableCell>Basis</TableCell>
              <TableCell align="right">Budget</TableCell>
              <TableCell>Against budget</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(row => (
              <TableRow
                key={row.entityRef}
                className={row.overBudget ? classes.over : undefined}
              >
                <TableCell>{SCOPE_LABEL[row.scope]}</TableCell>
                <TableCell>
                  {row.scope === 'platform' ? (
                    // The platform total is not one catalog entity's.
                    row.title ?? 'The whole platform'
                  ) : (
                    <EntityNameLink entityRef={row.entityRef} />
                  )}
                </TableCell>
                <TableCell align="right">{formatUsd(row.monthlyUsd)}</TableCell>
                <TableCell>
                  <FlagChip
                    label={row.kind === 'actual' ? 'Actual' : 'Estimate'}
                    tone="quiet"
                  />
                </TableCell>
                <TableCell align="right">
                  {row.budgetUsd === undefined ? '—' : formatUsd(row.budgetUsd)}
                </TableCell>
                <TableCell>
                  <BudgetStatus row={row} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Section>
  );
}
