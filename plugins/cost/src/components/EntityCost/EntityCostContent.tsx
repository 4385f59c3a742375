import {
  Content,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { EntityCostReport } from '@internal/plugin-cost-common';
import { basisLabel, formatMonth } from '../format';
import { formatUsd } from '@internal/plugin-cost-common';
import { CostReportSummary } from './CostReportSummary';
import { CostTrend } from './CostTrend';
import { useEntityCostReport } from './useEntityCostReport';

function ResourceLines(props: { report: EntityCostReport }) {
  const { report } = props;
  if (report.topResources.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No resource lines: see the warnings for why.
      </Typography>
    );
  }
  const total = report.topResources.reduce((sum, l) => sum + l.monthlyUsd, 0);
  return (
    <Table size="small" aria-label="Resource lines">
      <TableHead>
        <TableRow>
          <TableCell>Resource</TableCell>
          <TableCell>Detail</TableCell>
          <TableCell align="right">
            Per month ({basisLabel(report.kind).toLocaleLowerCase('en-US')})
          </TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {report.topResources.map(line => (
          <TableRow key={`${line.name}:${line.detail ?? ''}`}>
            <TableCell>{line.name}</TableCell>
            <TableCell>{line.detail ?? ''}</TableCell>
            <TableCell align="right">{formatUsd(line.monthlyUsd)}</TableCell>
          </TableRow>
        ))}
        <TableRow>
          <TableCell colSpan={2}>
            <strong>Total of the lines</strong>
          </TableCell>
          <TableCell align="right">
            <strong>{formatUsd(total)}</strong>
          </TableCell>
        </TableRow>
      </TableBody>
    </Table>
  );
}

function TrendMonths(props: { report: EntityCostReport }) {
  const { report } = props;
  return (
    <>
      <CostTrend report={report} width={480} height={96} />
      {report.trend.length > 0 && (
        <Table size="small" aria-label="Monthly cost">
          <TableBody>
            {report.trend.map(point => (
              <TableRow key={point.month}>
                <TableCell>{formatMonth(point.month)}</TableCell>
                <TableCell align="right">{formatUsd(point.usd)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}

/**
 * The entity's "Cost" tab: the card's figures with every resource line and the months so far.
 *
 * @public
 */
export function EntityCostContent() {
  const state = useEntityCostReport();
  if (state.error) {
    return (
      <Content>
        <ResponseErrorPanel error={state.error} />
      </Content>
    );
  }
  const report = state.value;
  if (!report) return <Progress />;
  return (
    <Content>
      <Grid container spacing={3}>
        <Grid item xs={12} md={6}>
          <InfoCard title="This month">
            <CostReportSummary
              report={report}
              resourceLimit={0}
              showTrend={false}
            />
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={6}>
          <InfoCard title="Trend">
            <TrendMonths report={report} />
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <InfoCard title="All resource lines">
            <ResourceLines report={report} />
          </InfoCard>
        </Grid>
      </Grid>
    </Content>
  );
}
