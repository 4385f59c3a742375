import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import {
  type EntitySloReport,
  formatPercent,
  type SloReport,
} from '@internal/plugin-slo-common';
import type { ReactNode } from 'react';
import { SloAlertList, SloLinks } from './SloAlerts';
import {
  byUrgency,
  describeBudgetLeft,
  describeErrorBudget,
  describeHistoryHeld,
  formatBurnRate,
  formatWindow,
} from './format';
import { SloStatusChip } from './SloStatusChip';

const useStyles = makeStyles(theme => ({
  slo: {
    padding: theme.spacing(1.5, 0),
    '&:not(:last-child)': {
      borderBottom: `1px solid ${theme.palette.divider}`,
    },
  },
  label: { color: theme.palette.text.secondary },
  notice: { marginBottom: theme.spacing(1) },
}));

const NO_VALUE = '—';

// A native title rather than MUI's Tooltip, which calls findDOMNode under React's strict mode.
function Stat(props: { label: string; value: ReactNode; hint?: string }) {
  const classes = useStyles();
  return (
    <Grid item xs={6} md={3}>
      <Typography variant="caption" component="div" className={classes.label}>
        {props.label}
      </Typography>
      <Typography variant="body1" component="span" title={props.hint}>
        {props.value}
      </Typography>
    </Grid>
  );
}

/** One objective: status, target, attainment, budget left and burn rates. */
export function SloSummaryItem(props: { slo: SloReport }) {
  const classes = useStyles();
  const { slo } = props;
  const m = slo.measurement;
  const noEvents = 'No events in this window';
  let attainedHint: string | undefined;
  if (m?.history?.partial) {
    attainedHint = `Over the ${m.history.daysHeld} days Prometheus holds, not the whole window`;
  } else if (m && m.attainment === undefined) {
    attainedHint = noEvents;
  }
  const burn = (rate?: number) =>
    rate === undefined ? NO_VALUE : formatBurnRate(rate);
  return (
    <Box className={classes.slo} data-testid={`slo-${slo.name}`}>
      <Box display="flex" alignItems="center" style={{ gap: 8 }} mb={1}>
        <SloStatusChip status={m?.status ?? 'no-data'} />
        <Typography variant="subtitle1" component="h3">
          {slo.displayName}
        </Typography>
      </Box>
      <Grid container spacing={1}>
        <Stat
          label={`Objective (${formatWindow(slo.windowDays)})`}
          value={formatPercent(slo.objective)}
          hint={describeErrorBudget(slo)}
        />
        <Stat
          label={m?.history?.partial ? 'Attained (partial)' : 'Attained'}
          value={
            m?.attainment === undefined ? NO_VALUE : formatPercent(m.attainment)
          }
          hint={attainedHint}
        />
        <Stat
          label="Error budget left"
          value={
            m?.budgetRemaining === undefined
              ? NO_VALUE
              : describeBudgetLeft(
                  m.budgetRemaining,
                  slo.errorBudget.fullOutageMinutes,
                )
          }
        />
        <Stat
          label="Burn rate 1 h / 6 h"
          value={`${burn(m?.burnRate1h)} / ${burn(m?.burnRate6h)}`}
          hint="1× spends the error budget exactly over the window; 14.4× over 1 h spends 2 % of a 30-day budget in that hour"
        />
      </Grid>
      {m?.history && (
        <Typography
          variant="caption"
          component="p"
          className={classes.label}
          data-testid={`slo-history-${slo.name}`}
        >
          {describeHistoryHeld(m.history)}
          {m.history.partial &&
            ' (partial: Prometheus holds less than the window)'}
        </Typography>
      )}
      {slo.measurementError && (
        <Alert severity="warning" style={{ marginTop: 8 }}>
          Not measured: {slo.measurementError}
        </Alert>
      )}
    </Box>
  );
}

/** The data source message (when nothing measures) and each problem of the OpenSLO file. */
export function SloNotices(props: { report: EntitySloReport }) {
  const classes = useStyles();
  const { report } = props;
  return (
    <>
      {report.source.type === 'none' && (
        <Alert severity="info" className={classes.notice}>
          {report.source.message}
        </Alert>
      )}
      {report.problems.map(problem => (
        <Alert key={problem} severity="warning" className={classes.notice}>
          {problem}
        </Alert>
      ))}
    </>
  );
}

/** The card's content: notices first, then the objectives, most urgent first. */
export function SloSummary(props: { report: EntitySloReport }) {
  const { report } = props;
  const slos = [...report.slos].sort(byUrgency);
  return (
    <>
      <SloNotices report={report} />
      <SloAlertList report={report} />
      {slos.length === 0 && report.problems.length === 0 && (
        <Typography variant="body2">No service level objectives.</Typography>
      )}
      {slos.map(slo => (
        <SloSummaryItem key={slo.name} slo={slo} />
      ))}
      <SloLinks report={report} />
      {report.source.type !== 'none' && (
        <Typography variant="caption" color="textSecondary" component="p">
          {report.source.message}
        </Typography>
      )}
    </>
  );
}
