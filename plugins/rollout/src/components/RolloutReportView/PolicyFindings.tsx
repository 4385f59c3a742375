import Box from '@material-ui/core/Box';
import { Alert, AlertTitle } from '@material-ui/lab';
import type { EntityRolloutReport } from '@internal/plugin-rollout-common';

/**
 * The verdict: a green "Thresholds match the SLO" only when the policy and both objectives were
 * read and nothing was found; otherwise every finding with its fix.
 */
export function PolicyFindings(props: { report: EntityRolloutReport }) {
  const { policy, slo, findings, problems } = props.report;
  if (!policy) {
    return null;
  }
  if (findings.length === 0) {
    // A match is only claimed when everything was read and both objectives are known;
    // otherwise the problems say what could not be compared.
    const complete =
      problems.length === 0 &&
      slo?.availability !== undefined &&
      slo?.latencySeconds !== undefined;
    return complete ? (
      <Alert severity="success">Thresholds match the SLO</Alert>
    ) : null;
  }
  return (
    <Box display="flex" flexDirection="column" gridGap={8}>
      {findings.map(finding => (
        <Alert key={finding.message} severity={finding.severity}>
          {finding.message}
          <br />
          <strong>Fix:</strong> {finding.fix}
        </Alert>
      ))}
    </Box>
  );
}

/** What could not be read or derived, each saying what to fix. */
export function ReportProblems(props: { problems: string[] }) {
  if (props.problems.length === 0) {
    return null;
  }
  return (
    <Alert severity="warning">
      <AlertTitle>
        {props.problems.length === 1
          ? 'A problem reading the policy or the SLO'
          : `${props.problems.length} problems reading the policy or the SLO`}
      </AlertTitle>
      <ul style={{ margin: 0, paddingLeft: 16 }}>
        {props.problems.map(problem => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
    </Alert>
  );
}
