import { useTheme } from '@material-ui/core/styles';
import { formatMonth } from './format';
import { formatUsd } from '@internal/plugin-cost-common';

/**
 * A small line of the monthly costs, oldest first, drawn as SVG (no chart library for a few
 * points). The budget, when given, is a dashed line so a month over it stands out.
 */
export function Sparkline(props: {
  points: { month: string; usd: number }[];
  budgetUsd?: number;
  width?: number;
  height?: number;
}) {
  const { points, budgetUsd, width = 160, height = 40 } = props;
  const theme = useTheme();
  if (points.length === 0) {
    return null;
  }
  const pad = 3;
  const top = Math.max(...points.map(p => p.usd), budgetUsd ?? 0, 1);
  const x = (i: number) =>
    points.length === 1
      ? width / 2
      : pad + (i * (width - 2 * pad)) / (points.length - 1);
  const y = (usd: number) => height - pad - (usd / top) * (height - 2 * pad);
  const description = points
    .map(p => `${formatMonth(p.month)} ${formatUsd(p.usd)}`)
    .join(', ');
  const last = points[points.length - 1];

  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`Monthly cost trend: ${description}`}
    >
      {budgetUsd !== undefined && (
        <line
          x1={0}
          x2={width}
          y1={y(budgetUsd)}
          y2={y(budgetUsd)}
          stroke={theme.palette.text.secondary}
          strokeDasharray="3 3"
          strokeWidth={1}
        />
      )}
      <polyline
        fill="none"
        stroke={theme.palette.primary.main}
        strokeWidth={2}
        points={points.map((p, i) => `${x(i)},${y(p.usd)}`).join(' ')}
      />
      {last && (
        <circle
          cx={x(points.length - 1)}
          cy={y(last.usd)}
          r={3}
          fill={
            budgetUsd !== undefined && last.usd > budgetUsd
              ? theme.palette.error.main
              : theme.palette.primary.main
          }
        />
      )}
    </svg>
  );
}
