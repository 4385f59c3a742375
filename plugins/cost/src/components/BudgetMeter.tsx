import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { formatAgainstBudget } from './format';
import { formatUsd } from '@internal/plugin-cost-common';

const useStyles = makeStyles(theme => ({
  bar: {
    height: 8,
    borderRadius: 4,
    margin: theme.spacing(0.5, 0),
  },
  within: { backgroundColor: theme.palette.success.main },
  near: { backgroundColor: theme.palette.warning.main },
  over: { backgroundColor: theme.palette.error.main },
}));

/** From this share on, the bar turns amber: little room left this month. */
const NEAR_BUDGET = 0.9;

/**
 * A bar and the words "$312 of $320 budget (98 %)"; over budget the bar is red and says by how
 * much. Without a budget it says where the budget comes from.
 */
export function BudgetMeter(props: {
  usd: number;
  budgetUsd?: number;
  /** Where a missing budget is set, e.g. the annotation or the config key. */
  missingBudgetHint?: string;
}) {
  const { usd, budgetUsd, missingBudgetHint } = props;
  const classes = useStyles();

  if (budgetUsd === undefined || budgetUsd <= 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No budget set{missingBudgetHint ? `: ${missingBudgetHint}` : ''}.
      </Typography>
    );
  }

  const share = usd / budgetUsd;
  const over = usd > budgetUsd;
  let barClass = classes.within;
  if (over) barClass = classes.over;
  else if (share >= NEAR_BUDGET) barClass = classes.near;

  return (
    <div>
      <LinearProgress
        variant="determinate"
        value={Math.min(100, share * 100)}
        className={classes.bar}
        classes={{ bar: barClass }}
        aria-label="Share of the monthly budget used"
      />
      <Typography variant="body2">
        {formatAgainstBudget(usd, budgetUsd)}
      </Typography>
      {over && (
        <Typography variant="body2" color="error" role="alert">
          Over budget by {formatUsd(usd - budgetUsd)}
        </Typography>
      )}
    </div>
  );
}
