import Grid from '@material-ui/core/Grid';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  ArgoStepTable,
  policySubheader,
  RolloutReportView,
} from '../RolloutReportView';
import { useRolloutReport } from '../useRolloutReport';

/** The entity tab: the card's content, and a canary's steps as written in rollout.yaml. */
export function RolloutPolicyContent() {
  const { loading, error, report } = useRolloutReport();
  if (loading) {
    return <Progress />;
  }
  if (error || !report) {
    return <ResponseErrorPanel error={error ?? new Error('No report')} />;
  }
  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12} lg={8}>
        <InfoCard
          title="Rollout policy"
          subheader={report.policy && policySubheader(report.policy)}
        >
          <RolloutReportView report={report} />
        </InfoCard>
      </Grid>
      {/* A blue-green release has no steps: the card shows all of it. */}
      {report.policy?.strategy === 'canary' && (
        <Grid item xs={12} lg={4}>
          <InfoCard title="Canary steps in rollout.yaml">
            <ArgoStepTable policy={report.policy} />
          </InfoCard>
        </Grid>
      )}
    </Grid>
  );
}
