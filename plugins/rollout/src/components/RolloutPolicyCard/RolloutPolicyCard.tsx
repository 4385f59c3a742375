import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { RolloutReportView } from '../RolloutReportView';
import { useRolloutReport } from '../useRolloutReport';

/** The entity card: the service's canary policy checked against its SLO. */
export function RolloutPolicyCard() {
  const { loading, error, report } = useRolloutReport();
  return (
    <InfoCard
      title="Rollout policy"
      subheader={report?.policy && `Argo Rollout ${report.policy.name}`}
    >
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {report && <RolloutReportView report={report} />}
    </InfoCard>
  );
}
