import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { CostOverview, CostRollup } from '@internal/plugin-cost-common';
import { costApiRef } from '../../api';
import { BudgetMeter } from '../BudgetMeter';
import { CostBasisChip } from '../CostBasisChip';
import { ProblemAlerts } from '../ProblemAlerts';
import { formatUsd } from '@internal/plugin-cost-common';
import useAsync from 'react-use/esm/useAsync';

function uniqueProblems(...lists: string[][]): string[] {
  return [...new Set(lists.flat())];
}

function RollupServices(props: { rollup: CostRollup }) {
  const { rollup } = props;
  return (
    <Table size="small" aria-label="Services">
      <TableHead>
        <TableRow>
          <TableCell>Service</TableCell>
          <TableCell align="right">This month</TableCell>
          <TableCell>Basis</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rollup.services.map(service => (
          <TableRow key={service.entityRef}>
            <TableCell>
              <EntityRefLink
                entityRef={service.entityRef}
                defaultKind="component"
              />
            </TableCell>
            <TableCell align="right">
              {service.monthlyUsd === undefined
                ? 'unknown'
                : formatUsd(service.monthlyUsd)}
            </TableCell>
            <TableCell>
              <CostBasisChip kind={service.kind} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function PlatformTotal(props: { platform: CostOverview['platform'] }) {
  const { platform } = props;
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 4 }}>
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Typography variant="subtitle2">
          Platform total: {formatUsd(platform.totalUsd)}
        </Typography>
        <CostBasisChip kind={platform.kind} />
      </Box>
      <Typography variant="body2" color="textSecondary">
        Shared platform {formatUsd(platform.sharedUsd)} + services{' '}
        {formatUsd(platform.servicesUsd)}
      </Typography>
      <BudgetMeter
        usd={platform.totalUsd}
        budgetUsd={platform.budgetUsd}
        missingBudgetHint="set cost.platformBudgetUsd in app-config"
      />
    </Box>
  );
}

/**
 * The "Cost" card of a System or a Group: its services' costs added up against its budget; on
 * a System also the whole platform (shared infrastructure plus all services) against its budget.
 *
 * @public
 */
export function CostRollupCard(props: { scope: 'system' | 'group' }) {
  const { scope } = props;
  const { entity } = useEntity();
  const costApi = useApi(costApiRef);
  const entityRef = stringifyEntityRef(entity);
  // Only this entity's roll-up: the whole overview lists every System and team with all their
  // services (megabytes with thousands of services).
  const state = useAsync(
    () => costApi.getOverview({ [scope]: entityRef }),
    [costApi, scope, entityRef],
  );
  const noun = scope === 'system' ? 'system' : 'team';

  let content;
  if (state.error) {
    content = <ResponseErrorPanel error={state.error} />;
  } else if (!state.value) {
    content = <Progress />;
  } else {
    const overview = state.value;
    const rollups = scope === 'system' ? overview.systems : overview.groups;
    const rollup = rollups.find(r => r.entityRef === entityRef);
    content = rollup ? (
      <Box display="flex" flexDirection="column" style={{ gap: 12 }}>
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          <Typography variant="h4" component="p">
            {formatUsd(rollup.monthlyUsd)}
          </Typography>
          <CostBasisChip kind={rollup.kind} />
          <Typography variant="body2" color="textSecondary">
            {rollup.sharedUsd
              ? `this ${noun}'s services and the shared platform (${formatUsd(
                  rollup.sharedUsd,
                )}), this month`
              : `this ${noun}'s services, this month`}
          </Typography>
        </Box>
        <BudgetMeter
          usd={rollup.monthlyUsd}
          budgetUsd={rollup.budgetUsd}
          missingBudgetHint={`add the commerce.platform/monthly-budget-usd annotation to this ${noun}`}
        />
        <RollupServices rollup={rollup} />
        {scope === 'system' && <PlatformTotal platform={overview.platform} />}
        <ProblemAlerts
          problems={uniqueProblems(
            rollup.problems,
            // The platform's own problems (e.g. the shared infra not priced) belong with its total.
            scope === 'system' ? overview.problems : [],
          )}
        />
      </Box>
    ) : (
      <Typography variant="body2" color="textSecondary">
        No service of this {noun} has cost data: the cost feature counts
        components with the commerce.platform/service-kind annotation.
      </Typography>
    );
  }

  return (
    <InfoCard title="Cost" subheader={`This ${noun}'s services`}>
      {content}
    </InfoCard>
  );
}
