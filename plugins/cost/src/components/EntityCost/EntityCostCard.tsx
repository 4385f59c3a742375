import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { CostReportSummary } from './CostReportSummary';
import { useEntityCostReport } from './useEntityCostReport';

/** How many resources the card lists; the Cost tab lists them all. */
const CARD_RESOURCE_LIMIT = 3;

/**
 * The "Cost" card on a service's overview: this month against the budget, labelled estimate or
 * actual. A failed request is shown inside the card, so the rest of the page still renders.
 *
 * @public
 */
export function EntityCostCard() {
  const state = useEntityCostReport();
  let content;
  if (state.error) content = <ResponseErrorPanel error={state.error} />;
  else if (!state.value) content = <Progress />;
  else
    content = (
      <CostReportSummary
        report={state.value}
        resourceLimit={CARD_RESOURCE_LIMIT}
      />
    );
  return <InfoCard title="Cost">{content}</InfoCard>;
}
