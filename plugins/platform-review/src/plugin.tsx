import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { DECISION_RECORD_BASE_PATH } from '@internal/plugin-platform-review-common';
import { hasDecisionRecords } from './annotations';
import { platformReviewApiRef } from './api/PlatformReviewApi';
import { PlatformReviewClient } from './api/PlatformReviewClient';
import { ReviewIcon } from './components/ReviewIcon';
import { rootRouteRef } from './routes';

const platformReviewApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: platformReviewApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PlatformReviewClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The review page at `/platform-review`. This version of the frontend system has no
 * NavItemBlueprint: the sidebar lists pages that have a route ref, a title and an icon, under
 * the page's title. So the page's title is the sidebar's short "Review", and the page draws
 * its own "Platform review" header (`noHeader`).
 */
export const platformReviewPage = PageBlueprint.make({
  params: {
    path: '/platform-review',
    title: 'Review',
    icon: <ReviewIcon />,
    routeRef: rootRouteRef,
    noHeader: true,
    // Prefetched once the app has loaded (webpack adds a <link rel="prefetch"> for the chunk),
    // so a lead who opens the review from Home does not wait for its code to download.
    loader: () =>
      import(
        /* webpackPrefetch: true */ './components/PlatformReviewPage/PlatformReviewPage'
      ).then(m => <m.PlatformReviewPage />),
  },
});

/** The entity tab "Decisions" at `/decisions`, on entities with `backstage.io/adr-location`. */
export const decisionsEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/decisions',
    title: 'Decisions',
    filter: hasDecisionRecords,
    loader: () =>
      import('./components/DecisionsContent/DecisionsContent').then(m => (
        <m.DecisionsContent />
      )),
  },
});

/**
 * A decision record rendered from its Markdown, at
 * `/platform-review/decisions/:namespace/:kind/:name/:file`: what the review, the Decisions tab
 * and search results open. No title or icon, so not in the sidebar; the router prefers this
 * longer path to the review page's.
 */
export const decisionRecordPage = PageBlueprint.make({
  name: 'decision-record',
  params: {
    path: DECISION_RECORD_BASE_PATH,
    noHeader: true,
    loader: () =>
      import('./components/DecisionRecordPage/DecisionRecordPage').then(m => (
        <m.DecisionRecordPage />
      )),
  },
});

/**
 * The entity card "Platform checks": the review's findings naming the entity, on the kinds the
 * review's findings name (services, data stores, Systems and teams).
 */
export const platformChecksEntityCard = EntityCardBlueprint.make({
  name: 'platform-checks',
  params: {
    filter: { kind: { $in: ['component', 'resource', 'system', 'group'] } },
    loader: () =>
      import('./components/PlatformChecksCard/PlatformChecksCard').then(m => (
        <m.PlatformChecksCard />
      )),
  },
});

/**
 * The platform review's frontend: the leads' review page (and its sidebar item "Review"),
 * each entity's "Decisions" tab and "Platform checks" card, and the decision records rendered.
 *
 * @public
 */
export const platformReviewPlugin = createFrontendPlugin({
  pluginId: 'platform-review',
  title: 'Platform review',
  routes: { root: rootRouteRef },
  extensions: [
    platformReviewApi,
    platformReviewPage,
    decisionRecordPage,
    decisionsEntityContent,
    platformChecksEntityCard,
  ],
});
