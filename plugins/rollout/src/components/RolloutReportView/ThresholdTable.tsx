import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  type AnalysisThreshold,
  type EntityRolloutReport,
  type PolicyFinding,
  thresholdObjective,
} from '@internal/plugin-rollout-common';
import { formatPercent } from '@internal/plugin-slo-common';

type Slo = EntityRolloutReport['slo'];

/** "success rate ≥ 0.9995", "latency p95 ≤ 0.15 s". */
export function describeThreshold(threshold: AnalysisThreshold): string {
  const metric = threshold.metric.replace(/[-_]+/g, ' ');
  return threshold.bound === 'min'
    ? `${metric} ≥ ${threshold.value}`
    : `${metric} ≤ ${threshold.value} s`;
}

/** "1m × 5, failure limit 1": how often the metric is measured and how many misses abort. */
function describeMeasurement(threshold: AnalysisThreshold): string {
  const { interval, count } = threshold;
  let cadence = 'once';
  if (interval !== undefined && count !== undefined) {
    cadence = `${interval} × ${count}`;
  } else if (interval !== undefined) {
    cadence = `every ${interval}`; // Argo measures until the rollout ends
  } else if (count !== undefined) {
    cadence = `${count} ×`;
  }
  const parts = [cadence];
  if (threshold.failureLimit !== undefined) {
    parts.push(`failure limit ${threshold.failureLimit}`);
  }
  return parts.join(', ');
}

/** "← availability SLO 99.95 %": the objective the threshold is held to. */
function describeObjective(threshold: AnalysisThreshold, slo: Slo): string {
  if (thresholdObjective(threshold) === 'availability') {
    return slo?.availability === undefined
      ? 'no availability SLO to compare with'
      : `← availability SLO ${formatPercent(slo.availability)}`;
  }
  return slo?.latencySeconds === undefined
    ? 'no latency SLO to compare with'
    : `← latency SLO p95 ≤ ${slo.latencySeconds} s`;
}

function verdict(
  threshold: AnalysisThreshold,
  slo: Slo,
  findings: PolicyFinding[],
): { text: string; color: 'error' | 'textSecondary' | 'primary' } | undefined {
  const finding = findings.find(
    f => f.threshold === `${threshold.template}/${threshold.metric}`,
  );
  if (finding) {
    return finding.severity === 'warning'
      ? { text: 'looser than the SLO', color: 'error' }
      : { text: 'stricter than the SLO', color: 'textSecondary' };
  }
  const target =
    thresholdObjective(threshold) === 'availability'
      ? slo?.availability
      : slo?.latencySeconds;
  return target === undefined
    ? undefined
    : { text: 'matches the SLO', color: 'primary' };
}

/** The analysis thresholds, each next to the SLO objective it is derived from. */
export function ThresholdTable(props: {
  thresholds: AnalysisThreshold[];
  slo: Slo;
  findings: PolicyFinding[];
}) {
  const { thresholds, slo, findings } = props;
  if (thresholds.length === 0) {
    return (
      <Typography variant="body2">
        No analysis thresholds: the canary is not measured.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Analysis thresholds">
      <TableHead>
        <TableRow>
          <TableCell>Threshold</TableCell>
          <TableCell>Measured</TableCell>
          <TableCell>Derived from</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {thresholds.map(threshold => {
          const check = verdict(threshold, slo, findings);
          const sloName =
            thresholdObjective(threshold) === 'availability'
              ? slo?.availabilitySlo
              : slo?.latencySlo;
          return (
            <TableRow key={`${threshold.template}/${threshold.metric}`}>
              <TableCell>
                <Typography variant="body2">
                  {describeThreshold(threshold)}
                </Typography>
                <Typography variant="caption" color="textSecondary">
                  {threshold.template}
                </Typography>
              </TableCell>
              <TableCell>{describeMeasurement(threshold)}</TableCell>
              <TableCell>
                <Typography variant="body2" title={sloName}>
                  {describeObjective(threshold, slo)}
                </Typography>
                {check && (
                  <Typography variant="caption" color={check.color}>
                    {check.text}
                  </Typography>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
