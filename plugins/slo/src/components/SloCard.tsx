import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { SloSummary } from './SloSummary';
import { useSloReport } from './useSloReport';

/** The card title; the browser tests look for it. */
export const SLO_CARD_TITLE = 'Service level objectives';

/** The entity overview card: each objective's status, attainment, budget left and burn rates. */
export function SloCard() {
  const { entity } = useEntity();
  const report = useSloReport(entity);
  return (
    <InfoCard title={SLO_CARD_TITLE}>
      {report.loading && <Progress />}
      {report.error && <ResponseErrorPanel error={report.error} />}
      {report.value && <SloSummary report={report.value} />}
    </InfoCard>
  );
}
