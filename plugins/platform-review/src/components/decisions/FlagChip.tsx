import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  alarm: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
    fontWeight: 600,
  },
  warning: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
    fontWeight: 600,
  },
  ok: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  quiet: {},
}));

/** How loudly a flag is shown: `alarm` for what needs a lead now, `quiet` for plain facts. */
export type FlagTone = 'alarm' | 'warning' | 'ok' | 'quiet';

/** A small label such as OVERDUE, "Trigger fired", OK or "Not achievable". */
export function FlagChip(props: { label: string; tone: FlagTone }) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      label={props.label}
      className={classes[props.tone]}
      variant={props.tone === 'quiet' ? 'outlined' : 'default'}
    />
  );
}
