import {
  Content,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  type ReviewSummary,
  platformReviewRefreshPermission,
} from '@internal/plugin-platform-review-common';
import { useDeferredValue, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import {
  type PlatformReviewFilters,
  platformReviewApiRef,
} from '../../api/PlatformReviewApi';
import { EntityHrefProvider } from '../EntityNameLink';
import { reasonOf } from '../errors';
import { RenderWhenNear } from '../Section';
import { AllDecisionsSection } from './AllDecisionsSection';
import { DriftSection } from './DriftSection';
import { FindingsSection } from './FindingsSection';
import { NotYetSection } from './NotYetSection';
import { OwnershipMap } from './OwnershipMap';
import { ReviewFilters } from './ReviewFilters';
import { SloSection } from './SloSection';
import { SpendSection } from './SpendSection';

function generatedAt(review: ReviewSummary): string {
  const date = new Date(review.generatedAt);
  return Number.isNaN(date.getTime())
    ? review.generatedAt
    : date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * The sections below the ownership map, drawn once the review summary (their counts and short
 * lists) is in.
 */
function ReviewSections(props: {
  review: ReviewSummary;
  filters: PlatformReviewFilters;
}) {
  const { review, filters } = props;
  return (
    <>
      <Grid item xs={12}>
        <FindingsSection
          counts={review.findingCounts}
          filters={filters}
          snapshot={review.generatedAt}
        />
      </Grid>
      <Grid item xs={12}>
        <SloSection
          count={review.sloCount}
          notAchievable={review.sloNotAchievableCount}
          filters={filters}
          snapshot={review.generatedAt}
        />
      </Grid>
      <Grid item xs={12}>
        <SpendSection spend={review.spend} />
      </Grid>
      <Grid item xs={12}>
        <NotYetSection decisions={review.notYet} />
      </Grid>
      <Grid item xs={12}>
        <DriftSection
          count={review.driftCount}
          behind={review.driftBehindCount}
          currentVersion={review.currentBlueprintVersion}
          filters={filters}
          snapshot={review.generatedAt}
        />
      </Grid>
      <Grid item xs={12}>
        <AllDecisionsSection snapshot={review.generatedAt} />
      </Grid>
    </>
  );
}

/**
 * The leads' platform review: ownership, findings, SLO achievability, spend, the "not yet"
 * decisions and template drift, filtered by system and team. The filters live in the URL
 * (`?system=…&team=…`) so a lead can send a filtered view to someone else.
 *
 * @public
 */
export function PlatformReviewPage() {
  // The page's frame holds no state: `Page` gives its children a new theme object each time it
  // renders, which makes every style sheet below it be created and inserted again, so the
  // review's loads and filters re-render only what is inside the frame.
  return (
    <Page themeId="tool">
      <Header
        title="Platform review"
        subtitle="Who owns what, what breaks the rules, whether SLOs and budgets hold, and what was deferred"
      />
      <Content>
        <EntityHrefProvider>
          <PlatformReview />
        </EntityHrefProvider>
      </Content>
    </Page>
  );
}

function PlatformReview() {
  const api = useApi(platformReviewApiRef);
  const [searchParams, setSearchParams] = useSearchParams();
  const system = searchParams.get('system') || undefined;
  const team = searchParams.get('team') || undefined;
  // Bumped after a refresh so the same filters are fetched again.
  const [generation, setGeneration] = useState(0);

  const filters = useMemo(
    () => ({
      ...(system ? { system } : {}),
      ...(team ? { team } : {}),
    }),
    [system, team],
  );
  // The sections and how many rows the long lists have; those lists (ownership, findings,
  // all decisions) are read a page at a time by their tables.
  const state = useAsync(
    () => api.getReviewSummary(filters),
    [api, filters, generation],
  );
  // A rebuild on demand is the platform team's (the backend refuses anyone else): say so
  // instead of offering a button that answers 403.
  const refreshPermission = usePermission({
    permission: platformReviewRefreshPermission,
  });
  const [refreshState, refresh] = useAsyncFn(async () => {
    await api.refresh();
    setGeneration(n => n + 1);
  }, [api]);

  const setFilters = (chosen: { system?: string; team?: string }) => {
    setSearchParams(current => {
      const next = new URLSearchParams(current);
      for (const key of ['system', 'team'] as const) {
        const value = chosen[key];
        if (value) next.set(key, value);
        else next.delete(key);
      }
      return next;
    });
  };

  const review = state.value;
  // The sections below the map (a few hundred rows of spend, "not yet" and the filters' menus
  // at 10,000 services) render at low priority: the map's rows and a lead's typing come first.
  const sectionsReview = useDeferredValue(review);
  return (
    <>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        mb={2}
        style={{ gap: 16 }}
      >
        <ReviewFilters
          systems={review?.systems ?? []}
          teams={review?.teams ?? []}
          system={system}
          team={team}
          onChange={setFilters}
        />
        <Box flexGrow={1} />
        {review && (
          <Typography variant="body2" color="textSecondary">
            Snapshot of {generatedAt(review)}
          </Typography>
        )}
        {!refreshPermission.loading && !refreshPermission.allowed && (
          <Typography
            variant="body2"
            color="textSecondary"
            id="platform-review-refresh-note"
          >
            Rebuilt automatically every few minutes; only the platform team can
            rebuild it on demand.
          </Typography>
        )}
        <Button
          variant="outlined"
          color="primary"
          onClick={() => refresh()}
          disabled={refreshState.loading || !refreshPermission.allowed}
          aria-describedby={
            refreshPermission.allowed
              ? undefined
              : 'platform-review-refresh-note'
          }
        >
          {refreshState.loading ? 'Refreshing…' : 'Refresh'}
        </Button>
      </Box>
      {refreshState.error && (
        <Box mb={2}>
          <ResponseErrorPanel
            title={`The review could not be rebuilt: ${reasonOf(
              refreshState.error,
            )}`}
            error={refreshState.error}
          />
        </Box>
      )}
      {state.loading && review && <LinearProgress aria-label="Loading" />}
      {state.error && (
        <ResponseErrorPanel
          title={`The platform review could not be loaded: ${reasonOf(
            state.error,
          )}`}
          error={state.error}
        />
      )}
      {!state.error && (
        <Grid container spacing={3}>
          {review && review.problems.length > 0 && (
            <Grid item xs={12}>
              <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
                {review.problems.map(problem => (
                  <Alert key={problem} severity="warning">
                    {problem}
                  </Alert>
                ))}
              </Box>
            </Grid>
          )}
          <Grid item xs={12}>
            {/* The first list a lead reads: its first page is asked for at once, beside the
                  summary, not after it. */}
            <OwnershipMap
              count={review?.ownershipCount}
              filters={filters}
              snapshot={String(generation)}
            />
          </Grid>
          {sectionsReview ? (
            <RenderWhenNear>
              <ReviewSections review={sectionsReview} filters={filters} />
            </RenderWhenNear>
          ) : (
            <Grid item xs={12}>
              <Progress />
            </Grid>
          )}
        </Grid>
      )}
    </>
  );
}
