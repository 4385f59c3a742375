import Typography from '@material-ui/core/Typography';
import type { EntityCostReport } from '@internal/plugin-cost-common';
import { Sparkline } from '../Sparkline';

/** The months so far as a sparkline, or why there is none yet. */
export function CostTrend(props: {
  report: EntityCostReport;
  width?: number;
  height?: number;
}) {
  const { report, width, height } = props;
  if (report.kind === 'estimate') {
    // An estimate prices what is declared now; it has no history to draw.
    return (
      <Typography variant="body2" color="textSecondary">
        The trend appears once Azure Cost Management is configured.
      </Typography>
    );
  }
  if (report.trend.length < 2) {
    return (
      <Typography variant="body2" color="textSecondary">
        The trend appears after a second month of spend.
      </Typography>
    );
  }
  return (
    <Sparkline
      points={report.trend}
      budgetUsd={report.budgetUsd}
      width={width}
      height={height}
    />
  );
}
