import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { SloHistory } from '@internal/plugin-slo-common';
import { formatPercent } from '@internal/plugin-slo-common';

const WIDTH = 600;
const HEIGHT = 180;
const MARGIN = { left: 64, right: 12, top: 12, bottom: 24 };

const useStyles = makeStyles(theme => ({
  svg: { width: '100%', height: 'auto', display: 'block' },
  axis: { fill: theme.palette.text.secondary, fontSize: 11 },
  grid: { stroke: theme.palette.divider },
  objective: {
    stroke: theme.palette.error.main,
    strokeDasharray: '6 4',
    strokeWidth: 1.5,
  },
  sli: { stroke: theme.palette.primary.main, strokeWidth: 2, fill: 'none' },
  good: { fill: theme.palette.primary.main },
  bad: { fill: theme.palette.error.main },
}));

const day = (time: string) =>
  new Date(time).toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });

/**
 * The daily SLI against the objective as a small SVG line chart. Days without events are gaps
 * in the line; days below the objective are red dots. Drawn by hand: one line and one threshold
 * do not justify a chart library.
 */
export function SloHistoryChart(props: { history: SloHistory; name: string }) {
  const classes = useStyles();
  const { history } = props;
  const { points, objective } = history;
  const measured = points.filter(p => p.sli !== undefined);
  if (measured.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No events in the last {points.length} days to chart.
      </Typography>
    );
  }

  const lowest = Math.min(objective, ...measured.map(p => p.sli!));
  // Leave room under the lowest value so the objective line never sits on the axis.
  const yMin = Math.max(0, lowest - Math.max((1 - lowest) * 0.25, 0.00005));
  const yMax = 1;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (i: number) =>
    MARGIN.left +
    (points.length === 1
      ? plotWidth / 2
      : (i * plotWidth) / (points.length - 1));
  const y = (value: number) =>
    MARGIN.top + ((yMax - value) / (yMax - yMin)) * plotHeight;

  // One path segment per run of consecutive measured days.
  let path = '';
  points.forEach((point, i) => {
    if (point.sli === undefined) return;
    const move = i === 0 || points[i - 1].sli === undefined ? 'M' : 'L';
    path += `${move}${x(i).toFixed(1)},${y(point.sli).toFixed(1)} `;
  });
  const below = measured.filter(p => p.sli! < objective).length;

  return (
    <>
      <svg
        className={classes.svg}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`Daily SLI of ${props.name} over ${
          points.length
        } days against the objective ${formatPercent(objective)}`}
      >
        {[yMax, yMin].map(value => (
          <g key={value}>
            <line
              className={classes.grid}
              x1={MARGIN.left}
              x2={WIDTH - MARGIN.right}
              y1={y(value)}
              y2={y(value)}
            />
            <text
              className={classes.axis}
              x={MARGIN.left - 6}
              y={y(value) + 4}
              textAnchor="end"
            >
              {formatPercent(value)}
            </text>
          </g>
        ))}
        <line
          className={classes.objective}
          x1={MARGIN.left}
          x2={WIDTH - MARGIN.right}
          y1={y(objective)}
          y2={y(objective)}
        >
          <title>Objective {formatPercent(objective)}</title>
        </line>
        <text
          className={classes.axis}
          x={MARGIN.left - 6}
          y={y(objective) + 4}
          textAnchor="end"
        >
          {formatPercent(objective)}
        </text>
        <path className={classes.sli} d={path.trim()} />
        {points.map((point, i) =>
          point.sli === undefined ? null : (
            <circle
              key={point.time}
              className={point.sli < objective ? classes.bad : classes.good}
              cx={x(i)}
              cy={y(point.sli)}
              r={3}
            >
              <title>
                {day(point.time)}: {formatPercent(point.sli)}
              </title>
            </circle>
          ),
        )}
        <text
          className={classes.axis}
          x={x(0)}
          y={HEIGHT - 6}
          textAnchor="start"
        >
          {day(points[0].time)}
        </text>
        <text
          className={classes.axis}
          x={x(points.length - 1)}
          y={HEIGHT - 6}
          textAnchor="end"
        >
          {day(points[points.length - 1].time)}
        </text>
      </svg>
      <Typography variant="body2" color="textSecondary">
        {below === 0
          ? `At or above the objective on every measured day (${measured.length} of ${points.length}).`
          : `Below the objective on ${below} of ${measured.length} measured days.`}
      </Typography>
    </>
  );
}
