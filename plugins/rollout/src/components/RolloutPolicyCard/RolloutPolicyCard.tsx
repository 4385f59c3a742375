import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { policySubheader, RolloutReportView } from '../RolloutReportView';
import { useRolloutReport } from '../useRolloutReport';

/** The entity card: the service's rollout policy (canary or blue-green) checked against its SLO. */
export function RolloutPolicyCard() {
  const { loading, error, report } = useRolloutReport();
  return (
    <InfoCard
      title="Rollout policy"
      subheader={report?.policy && policySubheader(report.policy)}
    >
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {report && <RolloutReportView report={report} />}
    </InfoCard>
  );
}
