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
import type { SloReport } from '@internal/plugin-slo-common';
import { sloApiRef } from '../api/SloApi';
import {
  byUrgency,
  describeBudgetLeft,
  describeErrorBudget,
  formatPercent,
} from './format';
import { SLO_CARD_TITLE } from './SloCard';
import { SloHistoryChart } from './SloHistoryChart';
import { SloSummary } from './SloSummary';
import useAsync from 'react-use/esm/useAsync';
import { useSloReport } from './useSloReport';

function SloHistoryPanel(props: { entity: Entity; slo: SloReport }) {
  const sloApi = useApi(sloApiRef);
  const { entity, slo } = props;
  const history = useAsync(
    () => sloApi.getHistory(getCompoundEntityRef(entity), { slo: slo.name }),
    [sloApi, stringifyEntityRef(entity), slo.name],
  );
  if (history.error) return <ResponseErrorPanel error={history.error} />;
  if (!history.value) return <Progress />;
  return <SloHistoryChart history={history.value} name={slo.displayName} />;
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
  if (report.error) return <ResponseErrorPanel error={report.error} />;
  const { value } = report;
  if (!value) return <Progress />;
  const measured = value.source.type !== 'none';
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
              <SloHistoryPanel entity={entity} slo={slo} />
            )}
          </InfoCard>
        </Grid>
      ))}
    </Grid>
  );
}
