import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { platformReviewApiRef } from '../../api/PlatformReviewApi';
import { DecisionTable } from '../decisions/DecisionTable';
import { reasonOf } from '../errors';
import { EmptyState, Section } from '../Section';

/**
 * Every architecture decision record the portal found, in the portal's repository and every
 * service's: the company-wide list, narrowed by status. Read again whenever the review shows a
 * newer snapshot (`snapshot`, its generatedAt), so it never lags behind the sections above.
 */
export function AllDecisionsSection(props: { snapshot: string }) {
  const api = useApi(platformReviewApiRef);
  const state = useAsync(() => api.getDecisions(), [api, props.snapshot]);
  const [status, setStatus] = useState('all');

  let content;
  if (state.error) {
    content = (
      <ResponseErrorPanel
        title={`The decision records could not be loaded: ${reasonOf(
          state.error,
        )}`}
        error={state.error}
      />
    );
  } else if (!state.value) {
    content = <Progress />;
  } else {
    const { decisions, problems } = state.value;
    const statuses = [...new Set(decisions.map(d => d.status))].sort();
    const shown =
      status === 'all' ? decisions : decisions.filter(d => d.status === status);
    content = (
      <Box display="flex" flexDirection="column" style={{ gap: 12 }}>
        {problems.map(problem => (
          <Alert key={problem} severity="warning">
            {problem}
          </Alert>
        ))}
        {decisions.length === 0 ? (
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
            <DecisionTable decisions={shown} showSource />
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
