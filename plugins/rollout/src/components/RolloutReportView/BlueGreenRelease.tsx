import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { RolloutPolicy } from '@internal/plugin-rollout-common';

function templateList(names: string[]): string {
  return names.length > 0 ? names.join(', ') : 'none';
}

function seconds(value: number): string {
  return value % 60 === 0 && value > 0 ? `${value / 60} min` : `${value} s`;
}

/**
 * A blue-green release: which Service carries the traffic and which shows the new version, who
 * promotes it, and which AnalysisTemplates run before and after promotion (their thresholds are
 * in the threshold table, checked against the SLO as a canary's are).
 */
export function BlueGreenRelease(props: { policy: RolloutPolicy }) {
  const { policy } = props;
  const blueGreen = policy.blueGreen;
  if (!blueGreen) {
    return null;
  }
  const promotion = blueGreen.autoPromotionEnabled
    ? `automatic${
        blueGreen.autoPromotionSeconds
          ? `, ${seconds(
              blueGreen.autoPromotionSeconds,
            )} after the preview is ready`
          : ', as soon as the preview is ready'
      }`
    : `by a person: kubectl argo rollouts promote ${policy.name}`;
  const rows: Array<[string, string]> = [
    ['Traffic', `all at once, through ${blueGreen.activeService ?? '?'}`],
    [
      'Preview service',
      blueGreen.previewService
        ? `${blueGreen.previewService} (the new version before promotion)`
        : 'none',
    ],
    ['Auto promotion', blueGreen.autoPromotionEnabled ? 'on' : 'off'],
    ['Promotion', promotion],
    ['Pre-promotion analysis', templateList(blueGreen.prePromotionAnalysis)],
    ['Post-promotion analysis', templateList(blueGreen.postPromotionAnalysis)],
  ];
  if (blueGreen.scaleDownDelaySeconds !== undefined) {
    rows.push([
      'Previous version kept',
      `${seconds(blueGreen.scaleDownDelaySeconds)} after promotion`,
    ]);
  }
  return (
    <>
      <Table size="small" aria-label="Blue-green release">
        <TableBody>
          {rows.map(([label, value]) => (
            <TableRow key={label}>
              <TableCell component="th" scope="row">
                {label}
              </TableCell>
              <TableCell>{value}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Typography variant="body2" color="textSecondary">
        A failed post-promotion analysis aborts the rollout and switches the
        traffic back to the previous version.
      </Typography>
    </>
  );
}
