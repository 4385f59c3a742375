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
import {
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';
import {
  DECISION_RECORD_BASE_PATH,
  DECISION_SEARCH_TYPE,
} from '@internal/plugin-platform-review-common';
import GavelIcon from '@material-ui/icons/Gavel';
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

/** "Decision records" among the search page's result types, to search only those. */
export const decisionRecordSearchResultType =
  SearchFilterResultTypeBlueprint.make({
    name: 'decision-records',
    params: {
      value: DECISION_SEARCH_TYPE,
      name: 'Decision records',
      icon: <GavelIcon />,
    },
  });

/** A decision record in the search results: status, decision makers, revisit date, entity. */
export const decisionRecordSearchResultListItem =
  SearchResultListItemBlueprint.make({
    name: 'decision-record',
    params: {
      predicate: result => result.type === DECISION_SEARCH_TYPE,
      icon: <GavelIcon />,
      component: () =>
        import(
          './components/DecisionSearchResult/DecisionSearchResultListItem'
        ).then(m => m.DecisionSearchResultListItem),
    },
  });

/**
 * The platform review's frontend: the leads' review page (and its sidebar item "Review"),
 * each entity's "Decisions" tab and "Platform checks" card, the decision records rendered, and
 * their place in the portal's search (a result type, and a result item).
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
    decisionRecordSearchResultType,
    decisionRecordSearchResultListItem,
  ],
});
