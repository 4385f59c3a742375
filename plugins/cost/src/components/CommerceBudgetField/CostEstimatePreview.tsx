import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import CircularProgress from '@material-ui/core/CircularProgress';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { costApiRef } from '../../api';
import { formatUsd } from '@internal/plugin-cost-common';
import useAsync from 'react-use/esm/useAsync';

/** How many of the estimate's lines the form shows; the service's Cost tab has them all later. */
const FORM_LINE_LIMIT = 3;

/**
 * What a new service of `serviceKind` would cost a month in `region`, compared with the budget
 * being typed. Only informs: loading and errors never block the form.
 */
export function CostEstimatePreview(props: {
  serviceKind: string;
  region?: string;
  budgetUsd?: number;
}) {
  const { serviceKind, region, budgetUsd } = props;
  const costApi = useApi(costApiRef);
  const state = useAsync(
    () => costApi.getServiceKindEstimate({ serviceKind, region }),
    [costApi, serviceKind, region],
  );

  if (state.loading) {
    return (
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <CircularProgress size={16} aria-label="Estimating the monthly cost" />
        <Typography variant="body2" color="textSecondary">
          Estimating the monthly cost…
        </Typography>
      </Box>
    );
  }

  if (state.error) {
    return (
      <Typography variant="body2" color="textSecondary">
        The cost estimate is not available right now ({state.error.message});
        you can still set the budget and continue.
      </Typography>
    );
  }

  const estimate = state.value;
  if (!estimate) return null;
  const over =
    budgetUsd !== undefined && budgetUsd > 0 && estimate.monthlyUsd > budgetUsd;

  return (
    <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
      <Typography variant="body2">
        Estimated monthly cost: {formatUsd(estimate.monthlyUsd)} (estimate,
        prices of {estimate.pricesAsOf}, {estimate.region})
      </Typography>
      {estimate.lines.length > 0 && (
        <Box component="ul" m={0} pl={3} aria-label="Largest estimate lines">
          {estimate.lines.slice(0, FORM_LINE_LIMIT).map(line => (
            <Typography
              component="li"
              variant="body2"
              color="textSecondary"
              key={`${line.name}:${line.detail ?? ''}`}
            >
              {line.name}: {formatUsd(line.monthlyUsd)}
              {line.detail ? ` (${line.detail})` : ''}
            </Typography>
          ))}
        </Box>
      )}
      {over && (
        <Alert severity="warning">
          {formatUsd(estimate.monthlyUsd)} estimated is over the{' '}
          {formatUsd(budgetUsd)} budget: raise the budget or pick a cheaper
          region (the sizes can also be lowered later in the service's
          infra/main.prod.bicepparam).
        </Alert>
      )}
      {estimate.warnings.map(warning => (
        <Alert severity="info" key={warning}>
          {warning}
        </Alert>
      ))}
    </Box>
  );
}
