import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { platformReviewApiRef } from '../../api/PlatformReviewApi';
import { ADR_LOCATION_ANNOTATION } from '@internal/plugin-platform-review-common';
import { DecisionTable } from '../decisions/DecisionTable';
import { reasonOf } from '../errors';

/**
 * The entity tab "Decisions": the architecture decision records under the entity's
 * `backstage.io/adr-location`, with when each deferred one comes back.
 *
 * @public
 */
export function DecisionsContent() {
  const { entity } = useEntity();
  const api = useApi(platformReviewApiRef);
  const state = useAsync(
    () => api.getEntityDecisions(getCompoundEntityRef(entity)),
    [api, stringifyEntityRef(entity)],
  );
  const location = entity.metadata.annotations?.[ADR_LOCATION_ANNOTATION];

  if (state.error) {
    return (
      <ResponseErrorPanel
        title={`The decision records could not be loaded: ${reasonOf(
          state.error,
        )}`}
        error={state.error}
      />
    );
  }
  if (!state.value) {
    return <Progress />;
  }
  const { decisions, problems } = state.value;
  const deferred = decisions.filter(d => d.status === 'deferred').length;
  return (
    <InfoCard
      title="Decisions"
      subheader={`Architecture decision records in ${location}: ${
        decisions.length
      } record${decisions.length === 1 ? '' : 's'}, ${deferred} deferred`}
    >
      {problems.length > 0 && (
        <Box display="flex" flexDirection="column" mb={2} style={{ gap: 4 }}>
          {problems.map(problem => (
            <Alert key={problem} severity="warning">
              {problem}
            </Alert>
          ))}
        </Box>
      )}
      {decisions.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No decision records in {location}. Add one Markdown file per decision
          there (MADR, e.g. 0001-record-architecture-decisions.md, with status,
          date and decision-makers in its front matter).
        </Typography>
      ) : (
        <DecisionTable decisions={decisions} />
      )}
    </InfoCard>
  );
}
