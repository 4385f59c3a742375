import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  CanaryStep,
  RolloutPolicy,
} from '@internal/plugin-rollout-common';

const useStyles = makeStyles(theme => ({
  steps: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-start',
    listStyle: 'none',
    margin: 0,
    padding: 0,
    gap: theme.spacing(1),
  },
  step: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(1),
  },
  weight: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    minWidth: theme.spacing(8),
  },
  // A traffic weight; filled (`analysed`) once the background analysis watches it.
  pill: {
    display: 'inline-block',
    padding: theme.spacing(0.25, 1),
    borderRadius: theme.spacing(1.5),
    border: `1px solid ${theme.palette.primary.main}`,
    color: theme.palette.primary.main,
    fontSize: theme.typography.body2.fontSize,
    fontWeight: theme.typography.fontWeightMedium as number,
    whiteSpace: 'nowrap',
  },
  analysed: {
    backgroundColor: theme.palette.primary.main,
    color: theme.palette.primary.contrastText,
  },
  arrow: {
    color: theme.palette.text.secondary,
    lineHeight: `${theme.spacing(3)}px`,
  },
}));

function pauseText(step: CanaryStep, isLast: boolean): string {
  if (step.pause) return `pause ${step.pause}`;
  if (step.untilPromoted) return 'waits for promotion';
  return isLast ? 'done' : 'no pause';
}

/**
 * The canary as a progression of traffic weights (1 % → 5 % → … → 100 %), each with the pause
 * after it; the weights the background analysis watches are filled in.
 */
export function CanaryProgression(props: { policy: RolloutPolicy }) {
  const { policy } = props;
  const classes = useStyles();
  const { analysisStartsAt } = policy;
  const analysed = (index: number) =>
    analysisStartsAt !== undefined && index >= analysisStartsAt;
  const start =
    analysisStartsAt === undefined ? undefined : policy.steps[analysisStartsAt];

  return (
    <Box>
      <ol
        className={classes.steps}
        aria-label={`Canary steps: ${policy.steps
          .map(step => `${step.weight} %`)
          .join(' → ')}`}
      >
        {policy.steps.map((step, index) => (
          <li key={index} className={classes.step}>
            {index > 0 && (
              <span aria-hidden className={classes.arrow}>
                →
              </span>
            )}
            <div className={classes.weight}>
              <span
                className={
                  analysed(index)
                    ? `${classes.pill} ${classes.analysed}`
                    : classes.pill
                }
              >
                {step.weight} %
              </span>
              <Typography variant="caption" color="textSecondary">
                {pauseText(step, index === policy.steps.length - 1)}
              </Typography>
              {index === analysisStartsAt && (
                <Typography variant="caption" color="primary">
                  analysis starts
                </Typography>
              )}
            </div>
          </li>
        ))}
      </ol>
      <Typography variant="body2" color="textSecondary">
        {start
          ? `The analysis runs in the background from ${
              start.weight
            } % on (Argo step ${
              policy.analysisStartingStep ?? 0
            }); a failed analysis aborts the rollout and shifts traffic back.`
          : 'No analysis runs during the canary.'}
      </Typography>
    </Box>
  );
}
