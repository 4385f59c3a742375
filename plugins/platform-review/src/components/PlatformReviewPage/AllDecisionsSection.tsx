import {
  Progress,
  ResponseErrorPanel,
  type TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import type {
  DecisionRecord,
  ReviewPageQuery,
} from '@internal/plugin-platform-review-common';
import { useCallback, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  type PlatformReviewFilters,
  platformReviewApiRef,
} from '../../api/PlatformReviewApi';
import { DecisionRevisit } from '../decisions/DecisionRevisit';
import { DecisionStatusChip } from '../decisions/DecisionStatusChip';
import { DecisionTitle } from '../decisions/DecisionTitle';
import { reasonOf } from '../errors';
import { RemoteTable } from '../RemoteTable';
import { EmptyState, Section } from '../Section';
import { EntityNameLink } from '../EntityNameLink';

const COLUMNS: TableColumn<DecisionRecord>[] = [
  {
    title: 'Decision',
    field: 'title',
    render: decision => (
      <>
        <DecisionTitle decision={decision} />
        {decision.status === 'deferred' && (
          <Box mt={1}>
            <DecisionRevisit decision={decision} />
          </Box>
        )}
        {decision.problems.map(problem => (
          <Box key={problem} mt={1}>
            <Alert severity="warning">{problem}</Alert>
          </Box>
        ))}
      </>
    ),
  },
  {
    title: 'Recorded under',
    field: 'entityRef',
    render: decision => <EntityNameLink entityRef={decision.entityRef} />,
  },
  {
    title: 'Status',
    field: 'status',
    render: decision => <DecisionStatusChip status={decision.status} />,
  },
  { title: 'Date', field: 'date', render: decision => decision.date ?? '—' },
  {
    title: 'Decision makers',
    sorting: false,
    render: decision =>
      decision.decisionMakers.length > 0
        ? decision.decisionMakers.join(', ')
        : '—',
  },
];

/**
 * Every architecture decision record the portal found, in the portal's repository and every
 * service's: the company-wide list, narrowed by status, a page at a time from the backend
 * (searched and sorted there). Read again whenever the review shows a newer snapshot
 * (`snapshot`, its generatedAt), so it never lags behind the sections above.
 */
export function AllDecisionsSection(props: {
  snapshot: string;
  filters?: PlatformReviewFilters;
}) {
  const { snapshot } = props;
  const filters = props.filters;
  const api = useApi(platformReviewApiRef);
  // One row, for what the section shows around the table: whether there are any records, the
  // statuses for the menu and the folders that could not be read.
  const head = useAsync(
    () => api.getDecisionsPage({ ...filters, limit: 1 }),
    [api, snapshot, filters],
  );
  const [status, setStatus] = useState('all');
  const fetchPage = useCallback(
    (query: ReviewPageQuery) =>
      api.getDecisionsPage({
        ...query,
        ...filters,
        ...(status === 'all' ? {} : { status }),
      } as ReviewPageQuery<'decisions'>),
    [api, filters, status],
  );

  let content;
  if (head.error) {
    content = (
      <ResponseErrorPanel
        title={`The decision records could not be loaded: ${reasonOf(
          head.error,
        )}`}
        error={head.error}
      />
    );
  } else if (!head.value) {
    content = <Progress />;
  } else {
    const { totalCount, statuses, problems } = head.value;
    content = (
      <Box display="flex" flexDirection="column" style={{ gap: 12 }}>
        {problems.map(problem => (
          <Alert key={problem} severity="warning">
            {problem}
          </Alert>
        ))}
        {totalCount === 0 ? (
          <EmptyState>
            No decision records yet. Each repository keeps them as Markdown
            files (MADR) in the folder its backstage.io/adr-location annotation
            names.
          </EmptyState>
        ) : (
          <>
            <TextField
              select
              label="Status"
              value={status}
              onChange={event => setStatus(event.target.value)}
              style={{ minWidth: 200, alignSelf: 'flex-start' }}
              size="small"
              variant="outlined"
            >
              <MenuItem value="all">All statuses</MenuItem>
              {statuses.map(s => (
                <MenuItem key={s} value={s}>
                  {s}
                </MenuItem>
              ))}
            </TextField>
            <RemoteTable<DecisionRecord>
              key={`${snapshot} ${status} ${filters?.system ?? ''} ${
                filters?.team ?? ''
              }`}
              label="Decision records"
              columns={COLUMNS}
              fetchPage={fetchPage}
              searchPlaceholder="Search decisions"
              emptyMessage="No decision record matches."
            />
          </>
        )}
      </Box>
    );
  }
  return (
    <Section
      title="All decisions"
      subheader="Every architecture decision record, in the portal's repository and each service's"
    >
      {content}
    </Section>
  );
}
