import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { EntityCostReport } from '@internal/plugin-cost-common';
import { BudgetMeter } from '../BudgetMeter';
import { CostBasisChip } from '../CostBasisChip';
import { ProblemAlerts } from '../ProblemAlerts';
import { formatMonth } from '../format';
import { formatUsd } from '@internal/plugin-cost-common';
import { CostTrend } from './CostTrend';

/** Where a service's budget comes from, said when it is missing. */
export const BUDGET_ANNOTATION_HINT =
  'add the commerce.platform/monthly-budget-usd annotation to catalog-info.yaml';

/** "November 2026", and for actuals that it is the month so far. */
function reportPeriod(report: EntityCostReport): string {
  const month = formatMonth(report.month);
  return report.kind === 'actual' ? `${month}, month to date` : month;
}

/**
 * This month's figure with its "Estimate"/"Actual" label, the budget bar, the trend and the
 * most expensive resources (all of them unless `resourceLimit`), the source and the problems.
 */
export function CostReportSummary(props: {
  report: EntityCostReport;
  resourceLimit?: number;
  showTrend?: boolean;
}) {
  const { report, resourceLimit, showTrend = true } = props;
  const resources =
    resourceLimit === undefined
      ? report.topResources
      : report.topResources.slice(0, resourceLimit);

  return (
    <Box display="flex" flexDirection="column" style={{ gap: 12 }}>
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Typography variant="h4" component="p">
          {report.monthlyUsd === undefined
            ? 'Unknown'
            : formatUsd(report.monthlyUsd)}
        </Typography>
        <CostBasisChip kind={report.kind} />
        <Typography variant="body2" color="textSecondary">
          {reportPeriod(report)}
        </Typography>
      </Box>

      {report.monthlyUsd === undefined ? (
        <Typography variant="body2" color="textSecondary">
          This month's cost could not be worked out; the warnings below say why.
        </Typography>
      ) : (
        <BudgetMeter
          usd={report.monthlyUsd}
          budgetUsd={report.budgetUsd}
          missingBudgetHint={BUDGET_ANNOTATION_HINT}
        />
      )}

      {showTrend && <CostTrend report={report} />}

      {resources.length > 0 && (
        <div>
          <Typography variant="subtitle2">Top resources</Typography>
          {/* A plain list: MUI v4's ListItem still calls findDOMNode, which StrictMode flags. */}
          <Box component="ul" m={0} pl={2} aria-label="Top resources">
            {resources.map(line => (
              <li key={`${line.name}:${line.detail ?? ''}`}>
                <Typography variant="body2" component="span">
                  {line.name}: {formatUsd(line.monthlyUsd)}
                </Typography>
                {line.detail && (
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    component="span"
                  >
                    {' '}
                    ({line.detail})
                  </Typography>
                )}
              </li>
            ))}
          </Box>
        </div>
      )}

      <Typography variant="caption" color="textSecondary">
        Source: {report.source}
      </Typography>

      <ProblemAlerts problems={report.problems} />
    </Box>
  );
}
