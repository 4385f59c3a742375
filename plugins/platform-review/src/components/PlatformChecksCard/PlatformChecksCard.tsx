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
import type { ReviewFinding } from '@internal/plugin-platform-review-common';
import useAsync from 'react-use/esm/useAsync';
import { platformReviewApiRef } from '../../api/PlatformReviewApi';
import { EntityLinks } from '../EntityLinks';
import { EntityHrefProvider } from '../EntityNameLink';
import { reasonOf } from '../errors';
import { RULES } from '../PlatformReviewPage/FindingsSection';

const RULE_TITLES = new Map<string, string>(
  RULES.map(({ rule, title }) => [rule, title]),
);

function Check(props: { finding: ReviewFinding; self: string }) {
  const { finding, self } = props;
  const others = finding.entityRefs.filter(ref => ref !== self);
  return (
    <Alert severity={finding.severity} role="listitem">
      <Typography variant="subtitle2" component="h4">
        {RULE_TITLES.get(finding.rule) ?? finding.rule}
      </Typography>
      <Typography variant="body2">{finding.message}</Typography>
      {others.length > 0 && (
        <Typography variant="body2">
          Also involved: <EntityLinks entityRefs={others} />
        </Typography>
      )}
      <Typography variant="body2">
        <strong>Fix:</strong> {finding.fix}
      </Typography>
    </Alert>
  );
}

/**
 * The entity card "Platform checks": the platform review's findings that name this entity
 * (ownership boundaries, SLO achievability, budget, template drift, due decisions), so its
 * owner sees them without opening the review.
 *
 * @public
 */
export function PlatformChecksCard() {
  const { entity } = useEntity();
  const api = useApi(platformReviewApiRef);
  const self = stringifyEntityRef(entity);
  const state = useAsync(
    () => api.getEntityFindings(getCompoundEntityRef(entity)),
    [api, self],
  );

  if (state.error) {
    return (
      <ResponseErrorPanel
        title={`The platform checks could not be loaded: ${reasonOf(
          state.error,
        )}`}
        error={state.error}
      />
    );
  }
  return (
    <InfoCard
      title="Platform checks"
      subheader={
        state.value
          ? `From the platform review of ${new Date(
              state.value.generatedAt,
            ).toLocaleString('en-GB', { timeZone: 'UTC' })} UTC`
          : undefined
      }
      deepLink={{ title: 'Open the platform review', link: '/platform-review' }}
    >
      {!state.value && <Progress />}
      {state.value?.findings.length === 0 && (
        <Alert severity="success">
          <Typography variant="subtitle2" component="p">
            No findings
          </Typography>
          The review checks ownership boundaries, SLO achievability, budget,
          template drift and due decisions; none names this entity.
        </Alert>
      )}
      {state.value && state.value.findings.length > 0 && (
        <EntityHrefProvider>
          <Box
            role="list"
            aria-label="Platform checks findings"
            display="flex"
            flexDirection="column"
            style={{ gap: 8 }}
          >
            {state.value.findings.map(finding => (
              <Check
                key={`${finding.rule} ${finding.message}`}
                finding={finding}
                self={self}
              />
            ))}
          </Box>
        </EntityHrefProvider>
      )}
    </InfoCard>
  );
}
