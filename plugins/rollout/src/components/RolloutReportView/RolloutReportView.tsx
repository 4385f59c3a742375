import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Link } from '@backstage/core-components';
import type {
  EntityRolloutReport,
  RolloutPolicy,
} from '@internal/plugin-rollout-common';
import { BlueGreenRelease } from './BlueGreenRelease';
import { CanaryProgression } from './CanaryProgression';
import { PolicyFindings, ReportProblems } from './PolicyFindings';
import { ThresholdTable } from './ThresholdTable';

function FileLinks(props: { report: EntityRolloutReport }) {
  const { policyFiles, slo } = props.report;
  const links = [
    policyFiles && { label: 'rollout.yaml', url: policyFiles.rollout },
    policyFiles && {
      label: 'analysis-templates.yaml',
      url: policyFiles.analysisTemplates,
    },
    slo?.sloFileUrl && { label: 'OpenSLO file', url: slo.sloFileUrl },
  ].filter((link): link is { label: string; url: string } => !!link);
  if (links.length === 0) {
    return null;
  }
  return (
    <Typography variant="body2">
      Read from{' '}
      {links.map((link, index) => (
        <span key={link.label}>
          {index > 0 && ' · '}
          <Link to={link.url}>{link.label}</Link>
        </span>
      ))}
    </Typography>
  );
}

/** The card's subheader: which Rollout, released how. */
export function policySubheader(policy: RolloutPolicy): string {
  return policy.strategy === 'blueGreen'
    ? `Argo Rollout ${policy.name}, blue-green`
    : `Argo Rollout ${policy.name}`;
}

/** The rollout report: canary steps or the blue-green release, thresholds beside their SLO, findings, problems, files. */
export function RolloutReportView(props: { report: EntityRolloutReport }) {
  const { report } = props;
  return (
    <Box display="flex" flexDirection="column" gridGap={16}>
      {report.policy && (
        <>
          {report.policy.strategy === 'blueGreen' ? (
            <BlueGreenRelease policy={report.policy} />
          ) : (
            <CanaryProgression policy={report.policy} />
          )}
          <ThresholdTable
            thresholds={report.policy.thresholds}
            slo={report.slo}
            findings={report.findings}
          />
        </>
      )}
      <PolicyFindings report={report} />
      <ReportProblems problems={report.problems} />
      <FileLinks report={report} />
    </Box>
  );
}
