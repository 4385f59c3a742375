import {
  Content,
  Header,
  InfoCard,
  MarkdownContent,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  decisionRecordPath,
  type DecisionRecordContent,
} from '@internal/plugin-platform-review-common';
import { Route, Routes, useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { platformReviewApiRef } from '../../api/PlatformReviewApi';
import { DecisionRevisit } from '../decisions/DecisionRevisit';
import { DecisionStatusChip } from '../decisions/DecisionStatusChip';
import { reasonOf } from '../errors';
import { decisionNumber } from '../format';

/** The Markdown without its first heading when that is the title the page header shows. */
function withoutTitle(markdown: string, title: string): string {
  const [first, ...rest] = markdown.split('\n');
  return /^#\s+/.test(first) && first.replace(/^#\s+/, '').trim() === title
    ? rest.join('\n').trim()
    : markdown;
}

/**
 * A link to a sibling record (`0009-defer-service-mesh.md`, as MADR records link each other)
 * opens that record here; other links are left as written.
 */
export function siblingRecordLink(
  href: string,
  entity: { kind: string; namespace: string; name: string },
): string {
  const sibling = /^(?:\.\/)?([A-Za-z0-9][A-Za-z0-9_.-]*\.md)(#.*)?$/i.exec(
    href,
  );
  if (!sibling || sibling[1].toLowerCase() === 'readme.md') return href;
  return `${decisionRecordPath(entity, sibling[1])}${sibling[2] ?? ''}`;
}

function RecordFacts(props: { content: DecisionRecordContent }) {
  const { record } = props.content;
  return (
    <InfoCard title="About this decision">
      <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
        <Typography variant="body2" component="div">
          Status: <DecisionStatusChip status={record.status} />
          {record.date && ` since ${record.date}`}
        </Typography>
        <Typography variant="body2">
          Decision makers:{' '}
          {record.decisionMakers.length > 0
            ? record.decisionMakers.join(', ')
            : '—'}
        </Typography>
        <Typography variant="body2" component="div">
          Recorded under <EntityRefLink entityRef={record.entityRef} /> as{' '}
          {record.file}
        </Typography>
        {record.status === 'deferred' && <DecisionRevisit decision={record} />}
        {record.problems.map(problem => (
          <Alert key={problem} severity="warning">
            {problem}
          </Alert>
        ))}
      </Box>
    </InfoCard>
  );
}

function DecisionRecordView() {
  const { namespace = '', kind = '', name = '', file = '' } = useParams();
  const api = useApi(platformReviewApiRef);
  const state = useAsync(
    () => api.getDecisionRecord({ kind, namespace, name }, file),
    [api, kind, namespace, name, file],
  );
  const number = decisionNumber(file);
  const title = state.value
    ? `${number ? `${number} · ` : ''}${state.value.record.title}`
    : 'Decision record';

  return (
    <Page themeId="tool">
      <Header
        title={title}
        subtitle="Architecture decision record (MADR)"
        type="Decision"
        typeLink="/platform-review"
      />
      <Content>
        {state.error && (
          <ResponseErrorPanel
            title={`The decision record could not be loaded: ${reasonOf(
              state.error,
            )}`}
            error={state.error}
          />
        )}
        {!state.error && !state.value && <Progress />}
        {state.value && (
          <Grid container spacing={3}>
            <Grid item xs={12} md={8}>
              <InfoCard title={state.value.record.title}>
                <MarkdownContent
                  content={withoutTitle(
                    state.value.markdown,
                    state.value.record.title,
                  )}
                  dialect="gfm"
                  transformLinkUri={href =>
                    siblingRecordLink(href, { kind, namespace, name })
                  }
                />
              </InfoCard>
            </Grid>
            <Grid item xs={12} md={4}>
              <RecordFacts content={state.value} />
            </Grid>
          </Grid>
        )}
      </Content>
    </Page>
  );
}

/**
 * A decision record rendered from its Markdown, at
 * `/platform-review/decisions/:namespace/:kind/:name/:file` (`decisionRecordPath`): where the
 * review, the Decisions tab and search results open a record.
 *
 * @public
 */
export function DecisionRecordPage() {
  return (
    <Routes>
      <Route
        path=":namespace/:kind/:name/:file"
        element={<DecisionRecordView />}
      />
    </Routes>
  );
}
