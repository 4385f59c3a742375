import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import type { RolloutPolicy } from '@internal/plugin-rollout-common';

/**
 * The Rollout's canary steps as written in rollout.yaml, numbered as Argo counts them (which is
 * what `analysis.startingStep` refers to).
 */
export function ArgoStepTable(props: { policy: RolloutPolicy }) {
  const { policy } = props;
  const analysisStep =
    policy.analysisStartsAt === undefined
      ? undefined
      : policy.analysisStartingStep ?? 0;
  return (
    <Table size="small" aria-label="Canary steps as written">
      <TableHead>
        <TableRow>
          <TableCell>Argo step</TableCell>
          <TableCell>Step</TableCell>
          <TableCell>Analysis</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {policy.argoSteps.map((step, index) => (
          <TableRow key={index}>
            <TableCell>{index}</TableCell>
            <TableCell>
              <code>{step}</code>
            </TableCell>
            <TableCell>{index === analysisStep ? 'starts here' : ''}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
