import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  DecisionList,
  PlatformReview,
} from '@internal/plugin-platform-review-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  BASE_URL,
  portalDecisions,
  quietReview,
  review,
} from '../../__fixtures__/review';
import { pageOf, summaryOf } from '../../__testUtils__/reviewPages';
import { renderWithReview } from '../../__testUtils__/renderWithReview';
import { PlatformReviewPage } from './PlatformReviewPage';

const server = setupServer();
registerMswTestHooks(server);

/** Every query string the page sent to `GET /v1/review/summary`, in order. */
let reviewQueries: string[];
/** Every query string the page's tables sent, by list. */
let pageQueries: Record<
  'ownership' | 'findings' | 'decisions' | 'slo' | 'drift',
  string[]
>;

/**
 * msw answers the review's endpoints from `current()` (the review as GET /v1/review would
 * answer) and `decisions()`: the summary, and the lists a page at a time.
 */
function serveReview(
  current: (url: URL) => PlatformReview,
  decisions: () => DecisionList = () => portalDecisions,
) {
  server.use(
    http.get(`${BASE_URL}/v1/review/summary`, ({ request }) => {
      const url = new URL(request.url);
      reviewQueries.push(url.search);
      return HttpResponse.json(summaryOf(current(url)));
    }),
    http.get(`${BASE_URL}/v1/review/ownership`, ({ request }) => {
      const url = new URL(request.url);
      pageQueries.ownership.push(url.search);
      return HttpResponse.json(pageOf(current(url).ownership, url));
    }),
    http.get(`${BASE_URL}/v1/review/findings`, ({ request }) => {
      const url = new URL(request.url);
      pageQueries.findings.push(url.search);
      return HttpResponse.json(pageOf(current(url).findings, url));
    }),
    http.get(`${BASE_URL}/v1/review/slo`, ({ request }) => {
      const url = new URL(request.url);
      pageQueries.slo.push(url.search);
      return HttpResponse.json(pageOf(current(url).slo, url));
    }),
    http.get(`${BASE_URL}/v1/review/drift`, ({ request }) => {
      const url = new URL(request.url);
      pageQueries.drift.push(url.search);
      const behind = url.searchParams.get('behind');
      return HttpResponse.json(
        pageOf(
          current(url).drift.filter(
            row => behind === null || String(row.behind) === behind,
          ),
          url,
        ),
      );
    }),
    http.get(`${BASE_URL}/v1/review/decisions`, ({ request }) => {
      const url = new URL(request.url);
      pageQueries.decisions.push(url.search);
      const list = decisions();
      const status = url.searchParams.get('status');
      return HttpResponse.json({
        ...pageOf(
          list.decisions.filter(d => !status || d.status === status),
          url,
        ),
        statuses: [...new Set(list.decisions.map(d => d.status))].sort(),
        problems: list.problems,
      });
    }),
  );
}

beforeEach(() => {
  reviewQueries = [];
  pageQueries = {
    ownership: [],
    findings: [],
    decisions: [],
    slo: [],
    drift: [],
  };
  serveReview(() => review);
});

const section = (name: string) => screen.getByRole('region', { name });

const rowsOf = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1) // the header
    .map(row => within(row).getAllByRole('cell'));

const linkIn = (element: HTMLElement, name: string) =>
  within(element).getByRole('link', { name });

describe('PlatformReviewPage', () => {
  it('lists every decision record company-wide, with where it was recorded, narrowed by status', async () => {
    renderWithReview(<PlatformReviewPage />);
    const all = await screen.findByRole('region', { name: 'All decisions' });
    const table = await within(all).findByRole('table', {
      name: 'Decision records',
    });
    await waitFor(() => expect(rowsOf(table)).toHaveLength(4));
    expect(
      within(table).getAllByRole('link', { name: /commerce-platform-portal/ }),
    ).toHaveLength(4);

    await userEvent.click(
      within(all).getByRole('button', { name: 'All statuses' }),
    );
    await userEvent.click(screen.getByRole('option', { name: 'accepted' }));
    await waitFor(() =>
      expect(
        rowsOf(within(all).getByRole('table', { name: 'Decision records' })),
      ).toHaveLength(1),
    );
    const filtered = within(all).getByRole('table', {
      name: 'Decision records',
    });
    // The status goes to the backend, which pages the filtered list.
    expect(pageQueries.decisions.at(-1)).toBe(
      '?offset=0&limit=20&status=accepted',
    );
    expect(
      within(filtered).getByText(
        'Gateway API with Envoy Gateway, not API Management',
        { exact: false },
      ),
    ).toBeInTheDocument();
    // Typing and clicking through material-table is slow on a shared 2-core machine.
  }, 120_000);

  it('maps each service to its owner, system, data stores with their owners, and APIs', async () => {
    renderWithReview(<PlatformReviewPage />);
    const table = await screen.findByRole('table', { name: 'Ownership map' });
    await waitFor(() => expect(rowsOf(table)).toHaveLength(3));
    const rows = rowsOf(table);
    expect(rows.map(cells => cells.map(cell => cell.textContent))).toEqual([
      [
        'order-service',
        'checkout-team',
        'commerce-platform',
        'order-service-db (database) owned by checkout-teamcart-service-cache (cache) owned by checkout-team',
        'order-service-api',
        'payment-service-api',
      ],
      [
        'payment-service',
        'payments-team',
        'commerce-platform',
        'payment-service-stripe (external-service) owned by payments-team',
        'payment-service-api',
        'none',
      ],
      [
        'legacy-reports',
        'no owner',
        'no system',
        'no data store',
        'none',
        'none',
      ],
    ]);
    expect(linkIn(rows[0][0], 'order-service')).toHaveAttribute(
      'href',
      '/catalog/default/component/order-service',
    );
    expect(linkIn(rows[0][1], 'checkout-team')).toHaveAttribute(
      'href',
      '/catalog/default/group/checkout-team',
    );
    expect(linkIn(rows[0][3], 'order-service-db')).toHaveAttribute(
      'href',
      '/catalog/default/resource/order-service-db',
    );
    expect(linkIn(rows[1][4], 'payment-service-api')).toHaveAttribute(
      'href',
      '/catalog/default/api/payment-service-api',
    );
    expect(
      screen.getByRole('heading', { name: 'Platform review' }),
    ).toBeVisible();
    expect(reviewQueries).toEqual(['']);
    // One page, asked of the backend.
    expect(pageQueries.ownership).toEqual(['?offset=0&limit=20']);
  });

  it("shows the ownership map's first page without waiting for the summary", async () => {
    // The summary answers only once the map shows its rows: had the map waited for it, neither
    // would come.
    let answerSummary!: () => void;
    const summaryHeld = new Promise<void>(resolve => {
      answerSummary = resolve;
    });
    server.use(
      http.get(`${BASE_URL}/v1/review/summary`, async () => {
        await summaryHeld;
        return HttpResponse.json(summaryOf(review));
      }),
    );
    renderWithReview(<PlatformReviewPage />);
    const table = await screen.findByRole('table', { name: 'Ownership map' });
    await waitFor(() => expect(rowsOf(table)).toHaveLength(3));
    expect(screen.queryByRole('region', { name: 'Findings' })).toBeNull();
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();

    answerSummary();
    expect(
      await screen.findByRole('region', { name: 'Findings' }),
    ).toBeInTheDocument();
    expect(pageQueries.ownership).toEqual(['?offset=0&limit=20']);
  });

  it('pages, searches and sorts the ownership map on the server', async () => {
    const many: PlatformReview = {
      ...review,
      ownership: Array.from({ length: 45 }, (_, i) => ({
        service: `component:default/svc-${String(i).padStart(2, '0')}`,
        owner: 'group:default/checkout-team',
        system: 'system:default/commerce-platform',
        dataStores: [],
        providesApis: [],
        consumesApis: [],
      })),
    };
    serveReview(() => many);
    renderWithReview(<PlatformReviewPage />);
    const table = await screen.findByRole('table', { name: 'Ownership map' });
    await waitFor(() => expect(rowsOf(table)).toHaveLength(20));
    expect(within(table).getByRole('link', { name: 'svc-00' })).toBeVisible();

    await userEvent.click(
      within(section('Ownership map')).getByRole('button', {
        name: 'Next Page',
      }),
    );
    await waitFor(() =>
      expect(within(table).getByRole('link', { name: 'svc-20' })).toBeVisible(),
    );
    expect(pageQueries.ownership.at(-1)).toBe('?offset=20&limit=20');

    await userEvent.type(
      within(section('Ownership map')).getByRole('textbox'),
      'SVC-4',
    );
    await waitFor(() => expect(rowsOf(table)).toHaveLength(5));
    expect(pageQueries.ownership.at(-1)).toBe(
      '?offset=0&limit=20&search=SVC-4',
    );

    await userEvent.click(within(table).getByRole('button', { name: 'Owner' }));
    await waitFor(() =>
      expect(pageQueries.ownership.at(-1)).toBe(
        '?offset=0&limit=20&orderBy=owner&order=asc&search=SVC-4',
      ),
    );

    // Clearing the search lists every service again, still sorted by owner.
    const field = within(section('Ownership map')).getByRole('textbox');
    await userEvent.click(
      within(section('Ownership map')).getByRole('button', {
        name: 'Clear search',
      }),
    );
    expect(field).toHaveValue('');
    await waitFor(() => expect(rowsOf(table)).toHaveLength(20));
    expect(pageQueries.ownership.at(-1)).toBe(
      '?offset=0&limit=20&orderBy=owner&order=asc',
    );
    // Escape clears it too.
    await userEvent.type(field, 'svc-1');
    await waitFor(() => expect(rowsOf(table)).toHaveLength(10));
    await userEvent.type(field, '{Escape}');
    expect(field).toHaveValue('');
    await waitFor(() => expect(rowsOf(table)).toHaveLength(20));
    // Typing and clicking through material-table is slow on a shared 2-core machine.
  }, 120_000);

  it('pages, searches and sorts the SLO and drift lists on the server', async () => {
    const services = Array.from(
      { length: 45 },
      (_, i) => `component:default/svc-${String(i).padStart(2, '0')}`,
    );
    const many: PlatformReview = {
      ...review,
      slo: services.map(service => ({
        service,
        declared: 0.999,
        achievable: 0.9995,
        achievableOk: true,
        chain: [],
        softDependencies: [],
        explanation: `${service} is achievable`,
      })),
      drift: services.map(service => ({
        service,
        blueprintVersion: '0.1.0',
        currentVersion: '0.2.0',
        behind: true,
      })),
    };
    serveReview(() => many);
    renderWithReview(<PlatformReviewPage />);
    const slo = await screen.findByRole('table', { name: 'SLO achievability' });
    await waitFor(() => expect(rowsOf(slo)).toHaveLength(20));
    expect(
      within(section('SLO achievability')).getByText(
        /^45 services, 0 not achievable:/,
      ),
    ).toBeInTheDocument();
    const next = within(section('SLO achievability')).getAllByRole('button', {
      name: 'Next Page',
    })[0];
    await userEvent.click(next);
    await waitFor(() =>
      expect(within(slo).getByRole('link', { name: 'svc-20' })).toBeVisible(),
    );
    expect(pageQueries.slo.at(-1)).toBe('?offset=20&limit=20');
    await userEvent.click(
      within(slo).getByRole('button', { name: 'Achievable' }),
    );
    await waitFor(() =>
      expect(pageQueries.slo.at(-1)).toBe(
        '?offset=0&limit=20&orderBy=achievable&order=asc',
      ),
    );

    const drift = screen.getByRole('table', { name: 'Template drift' });
    await waitFor(() => expect(rowsOf(drift)).toHaveLength(20));
    expect(
      within(section('Template drift')).getByText(
        '45 of 45 generated services behind the current blueprint (0.2.0)',
      ),
    ).toBeInTheDocument();
    await userEvent.type(
      within(section('Template drift')).getByRole('textbox'),
      'SVC-3',
    );
    await waitFor(() => expect(rowsOf(drift)).toHaveLength(10));
    expect(pageQueries.drift.at(-1)).toBe(
      '?offset=0&limit=20&search=SVC-3&behind=true',
    );
    await userEvent.click(
      within(drift).getByRole('button', { name: 'Generated from' }),
    );
    await waitFor(() =>
      expect(pageQueries.drift.at(-1)).toBe(
        '?offset=0&limit=20&orderBy=blueprintVersion&order=asc&search=SVC-3&behind=true',
      ),
    );
    // Typing and clicking through material-table is slow on a shared 2-core machine.
  }, 120_000);

  it('lists findings with their rule, severity, the entities as links and the fix, and counts them by rule', async () => {
    renderWithReview(<PlatformReviewPage />);
    // The sections below the ownership map come with the review summary.
    const findings = await screen.findByRole('region', { name: 'Findings' });

    expect(
      within(within(findings).getByRole('list', { name: 'Findings by rule' }))
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      "Service reads another service's data store (1)",
      'No owner (1)',
      'SLO not achievable (1)',
    ]);
    const table = within(findings).getByRole('table', { name: 'Findings' });
    await waitFor(() => expect(rowsOf(table)).toHaveLength(3));
    const [foreign] = within(table)
      .getAllByRole('row')
      .filter(row => row.textContent?.includes('cart-service-cache'));
    expect(foreign).toHaveTextContent(
      "Service reads another service's data store",
    );
    expect(foreign).toHaveTextContent('Error');
    expect(foreign).toHaveTextContent(
      'order-service depends on cart-service-cache, the data store of cart-service, instead of calling its API',
    );
    expect(linkIn(foreign, 'cart-service-cache')).toHaveAttribute(
      'href',
      '/catalog/default/resource/cart-service-cache',
    );
    expect(linkIn(foreign, 'order-service')).toHaveAttribute(
      'href',
      '/catalog/default/component/order-service',
    );
    expect(foreign).toHaveTextContent(
      'Fix: Call cart-service-api from order-service and remove resource:default/cart-service-cache from its dependsOn',
    );
    const [noOwner] = within(table)
      .getAllByRole('row')
      .filter(row => row.textContent?.includes('No owner'));
    expect(noOwner).toHaveTextContent('Warning');
    expect(noOwner).toHaveTextContent('legacy-reports has no owner');
    expect(within(findings).queryByText(/No boundary findings/)).toBeNull();
    expect(pageQueries.findings).toEqual(['?offset=0&limit=20']);
  });

  it('explains in words why an SLO is or is not achievable', async () => {
    renderWithReview(<PlatformReviewPage />);
    const table = await screen.findByRole('table', {
      name: 'SLO achievability',
    });
    await waitFor(() => expect(rowsOf(table)).toHaveLength(3));
    const [order, payment, cart] = rowsOf(table);
    expect(
      within(section('SLO achievability')).getByText(
        /^3 services, 1 not achievable:/,
      ),
    ).toBeInTheDocument();
    // One page, asked of the backend.
    expect(pageQueries.slo).toEqual(['?offset=0&limit=20']);
    expect(order.slice(0, 5).map(cell => cell.textContent)).toEqual([
      'order-service',
      '99.99 %',
      '99.94 %',
      'Not achievable',
      'order-service declares 99.99 % but needs payment-service ≥ 99.99 %, which declares 99.95 %',
    ]);
    expect(order[5]).toHaveTextContent(
      'payment-service 99.95 % (SLO (openslo.yaml))order-service-db 99.99 % (SLA annotation)Soft, not counted: cart-service',
    );
    expect(linkIn(order[5], 'payment-service')).toHaveAttribute(
      'href',
      '/catalog/default/component/payment-service',
    );
    expect(payment.slice(1, 4).map(cell => cell.textContent)).toEqual([
      '99.95 %',
      '99.99 %',
      'OK',
    ]);
    // A dependency of unknown availability: not "not achievable", but not confirmed either.
    expect(cart.slice(3).map(cell => cell.textContent)).toEqual([
      'Cannot confirm',
      'cart-service declares 99.95 %, but the availability of resource:cart-service-cache is unknown (no SLA annotation), so the review cannot confirm it.',
      'Availability unknown: cart-service-cache',
    ]);
    expect(linkIn(cart[5], 'cart-service-cache')).toHaveAttribute(
      'href',
      '/catalog/default/resource/cart-service-cache',
    );
  });

  it('shows spend per system and team against budget, with the over-budget row marked', async () => {
    renderWithReview(<PlatformReviewPage />);
    const table = await screen.findByRole('table', {
      name: 'Spend against budget',
    });
    const rows = rowsOf(table);
    expect(rows.map(cells => cells.map(cell => cell.textContent))).toEqual([
      [
        'System',
        'commerce-platform',
        '$3,412',
        'Estimate',
        '$3,000',
        'Over budget by $412',
      ],
      ['Team', 'checkout-team', '$812', 'Actual', '$920', '$108 left'],
      ['Team', 'payments-team', '$236', 'Estimate', '—', 'no budget set'],
    ]);
    // The over-budget row is highlighted as a whole, the others are not.
    const [over, underBudget] = within(table).getAllByRole('row').slice(1);
    expect(over.className).toMatch(/-over-/);
    expect(underBudget.className).not.toMatch(/-over-/);
  });

  it('lists the "not yet" decisions with the overdue one and the fired trigger highlighted', async () => {
    renderWithReview(<PlatformReviewPage />);
    const notYet = await screen.findByRole('region', { name: 'Not yet' });
    expect(
      within(notYet).getByText('3 deferred decisions, 2 due for revisit now'),
    ).toBeInTheDocument();
    const items = within(notYet).getAllByRole('listitem', {
      name: /^Defer/,
    });
    expect(items).toHaveLength(3);
    const [serverless, chaos, mesh] = items;

    // Fired: which clause, and what the review saw.
    expect(
      within(serverless).getByRole('link', {
        name: /^0011 · Defer serverless checkout; scale the checkout services on AKS for peaks/,
      }),
    ).toHaveAttribute(
      'href',
      expect.stringContaining('0011-defer-serverless-checkout.md'),
    );
    expect(within(serverless).getByText('Trigger fired')).toBeInTheDocument();
    const [spend, nodePool] = within(
      within(serverless).getByRole('list', { name: 'Trigger clauses' }),
    ).getAllByRole('listitem');
    expect(spend).toHaveTextContent(
      'Fired monthly platform spend over $3,000 — the platform costs $3,412 a month (estimate)',
    );
    expect(nodePool).toHaveTextContent(
      'Needs a person the AKS node pool at its 10-node maximum during a checkout peak — the catalog cannot tell; someone has to check this one.',
    );
    expect(within(serverless).queryByText('OVERDUE')).toBeNull();

    // Overdue: past its revisit-by date.
    expect(chaos).toHaveTextContent('Revisit by: 2026-10-31 OVERDUE');
    expect(within(chaos).queryByText('Trigger fired')).toBeNull();
    expect(chaos).toHaveTextContent(
      'Revisit when: more than 6 services in the catalog, or an SLO breach caused by a single-zone or single-dependency failure',
    );
    expect(chaos).toHaveTextContent(
      'Not fired more than 6 services in the catalog — 4 services in the catalog',
    );

    // Neither: listed plainly, not highlighted.
    expect(mesh).toHaveTextContent('Revisit by: 2027-03-31');
    expect(within(mesh).queryByText('OVERDUE')).toBeNull();
    expect(within(mesh).queryByText('Trigger fired')).toBeNull();
    // The due ones stand out as a whole (the page's "due" style), the others do not.
    expect(serverless.className).toMatch(/-due-/);
    expect(chaos.className).toMatch(/-due-/);
    expect(mesh.className).not.toMatch(/-due-/);
    expect(linkIn(mesh, 'commerce-platform-portal')).toHaveAttribute(
      'href',
      '/catalog/default/component/commerce-platform-portal',
    );
  });

  it('lists the services behind the current blueprint', async () => {
    renderWithReview(<PlatformReviewPage />);
    const table = await screen.findByRole('table', { name: 'Template drift' });
    await waitFor(() =>
      expect(
        rowsOf(table).map(cells => cells.map(cell => cell.textContent)),
      ).toEqual([['order-service', '0.1.0', '0.2.0']]),
    );
    expect(
      within(section('Template drift')).getByText(
        '1 of 2 generated services behind the current blueprint (0.2.0)',
      ),
    ).toBeInTheDocument();
    // Only the services behind, a page at a time.
    expect(pageQueries.drift).toEqual(['?offset=0&limit=20&behind=true']);
  });

  it('says what each empty section means', async () => {
    serveReview(
      () => ({
        ...quietReview,
        problems: [
          'Spend: the cost backend did not answer (503); spend is left out until it does',
        ],
      }),
      () => ({ decisions: [], problems: [] }),
    );
    renderWithReview(<PlatformReviewPage />);
    expect(
      await screen.findByText(
        /^No services in the catalog yet\. They appear here once they are created/,
      ),
    ).toBeInTheDocument();
    // The sections below the map render after it, at low priority.
    expect(
      await screen.findByText(
        "No boundary findings: every data store has one owner and only its owner's services use it, every service and data store is owned by a team, and calls across systems go through declared APIs.",
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^No service in this view declares an availability/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^No spend figures in this view/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^No deferred decisions in this view/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'No drift: all 1 generated service is on the current blueprint (0.2.0).',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Spend: the cost backend did not answer (503); spend is left out until it does',
      ),
    ).toBeInTheDocument();
    // The decisions section reads its own first page.
    expect(
      await screen.findByText(/^No decision records yet/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('filters by system and team through the request and the URL', async () => {
    renderWithReview(<PlatformReviewPage />);
    await screen.findByRole('table', { name: 'Ownership map' });
    // The filters' choices come with the review summary.
    await screen.findByRole('region', { name: 'Findings' });
    const url = screen.getByRole('status', { name: 'Current URL' });

    const system = screen.getByRole('combobox', { name: 'System' });
    expect(
      within(system)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['All systems', 'Commerce Platform', 'back-office']);
    await userEvent.selectOptions(system, 'Commerce Platform');
    await waitFor(() =>
      expect(reviewQueries).toEqual([
        '',
        '?system=system%3Adefault%2Fcommerce-platform',
      ]),
    );
    expect(url).toHaveTextContent(
      '?system=system%3Adefault%2Fcommerce-platform',
    );

    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Team' }),
      'Checkout team',
    );
    await waitFor(() => expect(reviewQueries).toHaveLength(3));
    expect(new URLSearchParams(reviewQueries[2]).get('team')).toBe(
      'group:default/checkout-team',
    );
    expect(new URLSearchParams(reviewQueries[2]).get('system')).toBe(
      'system:default/commerce-platform',
    );
    expect(
      Object.fromEntries(new URLSearchParams(url.textContent!).entries()),
    ).toEqual({
      system: 'system:default/commerce-platform',
      team: 'group:default/checkout-team',
    });

    // Back to all systems: the filter leaves the URL and the request.
    await userEvent.selectOptions(system, 'All systems');
    await waitFor(() => expect(reviewQueries).toHaveLength(4));
    expect(reviewQueries[3]).toBe('?team=group%3Adefault%2Fcheckout-team');
    expect(url).toHaveTextContent('?team=group%3Adefault%2Fcheckout-team');
    // The tables ask for their pages with the same filters.
    await waitFor(() =>
      expect(pageQueries.ownership.at(-1)).toBe(
        '?team=group%3Adefault%2Fcheckout-team&offset=0&limit=20',
      ),
    );
    expect(pageQueries.findings.at(-1)).toBe(
      '?team=group%3Adefault%2Fcheckout-team&offset=0&limit=20',
    );
  });

  it('opens a shared, filtered link with its filters applied', async () => {
    renderWithReview(<PlatformReviewPage />, {
      url: '/platform-review?team=group%3Adefault%2Fpayments-team',
    });
    await screen.findByRole('table', { name: 'Ownership map' });
    expect(reviewQueries).toEqual(['?team=group%3Adefault%2Fpayments-team']);
    expect(screen.getByRole('combobox', { name: 'Team' })).toHaveValue(
      'group:default/payments-team',
    );
    expect(screen.getByRole('combobox', { name: 'System' })).toHaveValue('');
  });

  it('says why when the review cannot be loaded', async () => {
    server.use(
      http.get(`${BASE_URL}/v1/review/summary`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ServiceUnavailableError',
              message:
                'The review has not been built yet: the catalog did not answer; retry in a minute',
            },
            response: { statusCode: 503 },
          },
          { status: 503 },
        ),
      ),
    );
    renderWithReview(<PlatformReviewPage />);
    expect(
      await screen.findByText(
        /The platform review could not be loaded: The review has not been built yet: the catalog did not answer; retry in a minute$/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('tells someone outside the platform team that the review rebuilds itself, instead of offering Refresh', async () => {
    let refreshed = false;
    server.use(
      http.post(`${BASE_URL}/v1/refresh`, () => {
        refreshed = true;
        return new HttpResponse(null, { status: 202 });
      }),
    );
    renderWithReview(<PlatformReviewPage />, {
      permission: AuthorizeResult.DENY,
    });
    await screen.findByRole('table', { name: 'Ownership map' });
    // The permission is asked for once the page is up.
    await screen.findByText(
      /only the platform team can rebuild it on demand/,
      undefined,
      { timeout: 10_000 },
    );
    const button = screen.getByRole('button', { name: 'Refresh' });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(
      'Rebuilt automatically every few minutes; only the platform team can rebuild it on demand.',
    );
    await userEvent.click(button).catch(() => {
      // pointer-events: none on a disabled button
    });
    expect(refreshed).toBe(false);
  });

  it('rebuilds the snapshot on Refresh and shows the new one', async () => {
    let refreshed = false;
    server.use(
      http.post(`${BASE_URL}/v1/refresh`, () => {
        refreshed = true;
        return new HttpResponse(null, { status: 202 });
      }),
    );
    // The snapshot before the refresh is an older one.
    serveReview(() =>
      refreshed
        ? review
        : { ...quietReview, generatedAt: '2026-11-22T08:00:00.000Z' },
    );
    const decisionReads = () =>
      pageQueries.decisions.filter(q => q === '?limit=1').length;
    renderWithReview(<PlatformReviewPage />, {
      url: '/platform-review?system=system%3Adefault%2Fcommerce-platform',
    });
    expect(
      await screen.findByText(/^No service matches these filters/),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(
      await screen.findByRole('table', { name: 'Ownership map' }),
    ).toBeInTheDocument();
    expect(refreshed).toBe(true);
    // The same filters, fetched again.
    expect(reviewQueries).toEqual([
      '?system=system%3Adefault%2Fcommerce-platform',
      '?system=system%3Adefault%2Fcommerce-platform',
    ]);
    // The company-wide decision list follows the new snapshot too.
    await waitFor(() => expect(decisionReads()).toBe(2));
  });
});
