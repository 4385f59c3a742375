import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import type { SloStatus } from '@internal/plugin-slo-common';
import { STATUS_LABEL } from './format';

// Fixed colours with white text: readable on both the light and the dark theme.
const useStyles = makeStyles({
  chip: { color: '#fff', fontWeight: 600 },
  ok: { backgroundColor: '#2e7d32' },
  warning: { backgroundColor: '#b26a00' },
  critical: { backgroundColor: '#c62828' },
  noData: { backgroundColor: '#616161' },
});

/** The verdict of one SLO as a coloured chip: OK, Warning, Critical or No data. */
export function SloStatusChip(props: { status: SloStatus }) {
  const classes = useStyles();
  const colour = {
    ok: classes.ok,
    warning: classes.warning,
    critical: classes.critical,
    'no-data': classes.noData,
  }[props.status];
  return (
    <Chip
      size="small"
      label={STATUS_LABEL[props.status]}
      className={`${classes.chip} ${colour}`}
      data-testid={`slo-status-${props.status}`}
    />
  );
}
