import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  type Entity,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type {
  EntitySloHistories,
  SloReport,
} from '@internal/plugin-slo-common';
import { sloApiRef } from '../api/SloApi';
import { byUrgency, describeBudgetLeft, describeErrorBudget } from './format';
import { formatPercent } from '@internal/plugin-slo-common';
import { SLO_CARD_TITLE } from './SloCard';
import { SloHistoryChart } from './SloHistoryChart';
import { SloSummary } from './SloSummary';
import useAsync from 'react-use/esm/useAsync';
import { useSloReport } from './useSloReport';

/** Every objective's history in one request, rather than one request per objective. */
function useSloHistories(entity: Entity, measured: boolean) {
  const sloApi = useApi(sloApiRef);
  return useAsync(
    async (): Promise<EntitySloHistories | undefined> =>
      measured ? sloApi.getHistories(getCompoundEntityRef(entity)) : undefined,
    [sloApi, stringifyEntityRef(entity), measured],
  );
}

function SloHistoryPanel(props: {
  slo: SloReport;
  histories: ReturnType<typeof useSloHistories>;
}) {
  const { slo, histories } = props;
  if (histories.error) return <ResponseErrorPanel error={histories.error} />;
  if (!histories.value) return <Progress />;
  const history = histories.value.histories.find(h => h.slo === slo.name);
  if (!history) return null;
  if (history.error) {
    return (
      <Typography variant="body2" color="error">
        No history: {history.error}
      </Typography>
    );
  }
  return <SloHistoryChart history={history} name={slo.displayName} />;
}

/** What the error budget means, in words a service owner can act on. */
function BudgetInWords(props: { slo: SloReport }) {
  const { slo } = props;
  const remaining = slo.measurement?.budgetRemaining;
  return (
    <Typography variant="body2" paragraph>
      {describeErrorBudget(slo)}:{' '}
      {formatPercent(slo.errorBudget.allowedFailureRatio)} of events may fail.
      {remaining !== undefined &&
        ` Now: ${describeBudgetLeft(
          remaining,
          slo.errorBudget.fullOutageMinutes,
        )}.`}
    </Typography>
  );
}

/** The SLO tab: the card's summary, then each objective's budget and daily history. */
export function SloContent() {
  const { entity } = useEntity();
  const report = useSloReport(entity);
  const measured = Boolean(report.value && report.value.source.type !== 'none');
  const histories = useSloHistories(entity, measured);
  if (report.error) return <ResponseErrorPanel error={report.error} />;
  const { value } = report;
  if (!value) return <Progress />;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard title={SLO_CARD_TITLE}>
          <SloSummary report={value} />
        </InfoCard>
      </Grid>
      {[...value.slos].sort(byUrgency).map(slo => (
        <Grid item xs={12} lg={6} key={slo.name}>
          <InfoCard title={slo.displayName} subheader={slo.description}>
            <BudgetInWords slo={slo} />
            {measured && slo.indicator && (
              <SloHistoryPanel slo={slo} histories={histories} />
            )}
          </InfoCard>
        </Grid>
      ))}
    </Grid>
  );
}
