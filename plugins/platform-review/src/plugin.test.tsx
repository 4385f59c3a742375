import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  registerMswTestHooks,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  BASE_URL,
  portalDecisions,
  review,
  serviceMesh,
} from './__fixtures__/review';
import { pageOf, summaryOf } from './__testUtils__/reviewPages';
import { hasDecisionRecords } from './annotations';
import {
  decisionsEntityContent,
  platformChecksEntityCard,
  platformReviewPage,
  platformReviewPlugin,
} from './plugin';

const server = setupServer();
registerMswTestHooks(server);

const entity = (annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'commerce-platform-portal', annotations },
});

describe('hasDecisionRecords', () => {
  it('is true for entities that point at their decision records only', () => {
    expect(
      hasDecisionRecords(
        entity({ 'backstage.io/adr-location': 'docs/decisions' }),
      ),
    ).toBe(true);
    expect(hasDecisionRecords(entity({}))).toBe(false);
    expect(
      hasDecisionRecords(entity({ 'backstage.io/adr-location': ' ' })),
    ).toBe(false);
  });
});

describe('decisionsEntityContent', () => {
  it('is the Decisions tab at /decisions, on entities with decision records', () => {
    const tester = createExtensionTester(decisionsEntityContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Decisions');
    expect(tester.get(coreExtensionData.routePath)).toBe('/decisions');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    expect(
      filter?.(entity({ 'backstage.io/adr-location': 'docs/decisions' })),
    ).toBe(true);
    expect(filter?.(entity({}))).toBe(false);
  });
});

describe('platformReviewPage', () => {
  it('is at /platform-review with a route ref, a title and an icon, which make it a sidebar item', () => {
    const tester = createExtensionTester(platformReviewPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/platform-review');
    expect(tester.get(coreExtensionData.title)).toBe('Review');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
    expect(tester.get(coreExtensionData.routeRef)).toBeDefined();
  });
});

describe('platformReviewPlugin', () => {
  it('puts "Review" in the sidebar and serves the review page through its own API client', async () => {
    // The page reads the review's summary and each long list a page at a time.
    const url = (request: Request) => new URL(request.url);
    server.use(
      http.get(`${BASE_URL}/v1/review/summary`, () =>
        HttpResponse.json(summaryOf(review)),
      ),
      ...(['ownership', 'findings', 'slo', 'drift'] as const).map(list =>
        http.get(`${BASE_URL}/v1/review/${list}`, ({ request }) =>
          HttpResponse.json(pageOf<unknown>(review[list], url(request))),
        ),
      ),
      http.get(`${BASE_URL}/v1/review/decisions`, ({ request }) =>
        HttpResponse.json({
          ...pageOf(portalDecisions.decisions, url(request)),
          statuses: [
            ...new Set(portalDecisions.decisions.map(d => d.status)),
          ].sort(),
          problems: portalDecisions.problems,
        }),
      ),
      http.get(`${BASE_URL}/v1/decisions`, () =>
        HttpResponse.json(portalDecisions),
      ),
    );
    renderTestApp({
      features: [platformReviewPlugin],
      initialRouteEntries: ['/platform-review'],
      // EntityRefLink resolves links to entity pages through this route.
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    // The whole app shell loads first: allow it more than the usual wait.
    expect(
      await screen.findByRole(
        'table',
        { name: 'Ownership map' },
        { timeout: 15_000 },
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Platform review' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Review' })).toHaveAttribute(
      'href',
      '/platform-review',
    );
  }, 30_000);
});

describe('platformChecksEntityCard', () => {
  it('is a card on the kinds the review finds things about', () => {
    const tester = createExtensionTester(platformChecksEntityCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    const ofKind = (kind: string) => ({ ...entity({}), kind });
    expect(
      ['Component', 'Resource', 'System', 'Group', 'API', 'User'].filter(kind =>
        filter?.(ofKind(kind)),
      ),
    ).toEqual(['Component', 'Resource', 'System', 'Group']);
  });
});

describe('the decision record page', () => {
  it('renders a record at its path under /platform-review/decisions, not the review page', async () => {
    server.use(
      http.get(
        `${BASE_URL}/v1/entities/component/default/commerce-platform-portal/decisions/0009-defer-service-mesh.md`,
        () =>
          HttpResponse.json({
            record: serviceMesh,
            markdown: `# ${serviceMesh.title}\n\n## Decision Outcome\n\nNo mesh yet.`,
          }),
      ),
    );
    renderTestApp({
      features: [platformReviewPlugin],
      initialRouteEntries: [
        '/platform-review/decisions/default/component/commerce-platform-portal/0009-defer-service-mesh.md',
      ],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(
      await screen.findByRole(
        'heading',
        { name: 'Decision Outcome' },
        { timeout: 15_000 },
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(
      `0009 · ${serviceMesh.title}`,
    );
    expect(screen.queryByRole('table', { name: 'Ownership map' })).toBeNull();
  }, 30_000);
});
