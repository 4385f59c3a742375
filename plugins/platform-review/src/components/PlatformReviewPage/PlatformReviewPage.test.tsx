import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  BASE_URL,
  portalDecisions,
  quietReview,
  review,
} from '../../__fixtures__/review';
import { renderWithReview } from '../../__testUtils__/renderWithReview';
import { PlatformReviewPage } from './PlatformReviewPage';

const server = setupServer();
registerMswTestHooks(server);

/** Every query string the page sent to `GET /v1/review`, in order. */
let reviewQueries: string[];

beforeEach(() => {
  reviewQueries = [];
  server.use(
    http.get(`${BASE_URL}/v1/review`, ({ request }) => {
      reviewQueries.push(new URL(request.url).search);
      return HttpResponse.json(review);
    }),
    http.get(`${BASE_URL}/v1/decisions`, () =>
      HttpResponse.json(portalDecisions),
    ),
  );
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
    expect(rowsOf(table)).toHaveLength(4);
    expect(
      within(table).getAllByRole('link', { name: /commerce-platform-portal/ }),
    ).toHaveLength(4);

    await userEvent.click(
      within(all).getByRole('button', { name: 'All statuses' }),
    );
    await userEvent.click(screen.getByRole('option', { name: 'accepted' }));
    const filtered = within(all).getByRole('table', {
      name: 'Decision records',
    });
    expect(rowsOf(filtered)).toHaveLength(1);
    expect(
      within(filtered).getByText(
        'Gateway API with Envoy Gateway, not API Management',
        { exact: false },
      ),
    ).toBeInTheDocument();
  });

  it('maps each service to its owner, system, data stores with their owners, and APIs', async () => {
    renderWithReview(<PlatformReviewPage />);
    const table = await screen.findByRole('table', { name: 'Ownership map' });
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
  });

  it('groups findings by rule, with their severity, the entities as links and the fix', async () => {
    renderWithReview(<PlatformReviewPage />);
    await screen.findByRole('table', { name: 'Ownership map' });
    const findings = section('Findings');

    const foreign = within(findings).getByRole('region', {
      name: "Service reads another service's data store",
    });
    expect(
      within(foreign).getByRole('heading', {
        name: "Service reads another service's data store (1)",
      }),
    ).toBeInTheDocument();
    const [finding] = within(foreign).getAllByRole('listitem');
    expect(finding).toHaveTextContent(
      'Error: order-service depends on cart-service-cache, the data store of cart-service, instead of calling its API',
    );
    expect(linkIn(finding, 'cart-service-cache')).toHaveAttribute(
      'href',
      '/catalog/default/resource/cart-service-cache',
    );
    expect(linkIn(finding, 'order-service')).toHaveAttribute(
      'href',
      '/catalog/default/component/order-service',
    );
    expect(finding).toHaveTextContent(
      'Fix: Call cart-service-api from order-service and remove resource:default/cart-service-cache from its dependsOn',
    );

    // Groups in reading order: boundaries first, then SLOs.
    expect(
      within(findings)
        .getAllByRole('heading', { level: 3 })
        .map(h => h.textContent),
    ).toEqual([
      "Service reads another service's data store (1)",
      'No owner (1)',
      'SLO not achievable (1)',
    ]);
    expect(
      within(
        within(findings).getByRole('region', { name: 'No owner' }),
      ).getByRole('listitem'),
    ).toHaveTextContent('Warning: legacy-reports has no owner');
    expect(within(findings).queryByText(/No boundary findings/)).toBeNull();
  });

  it('explains in words why an SLO is or is not achievable', async () => {
    renderWithReview(<PlatformReviewPage />);
    const table = await screen.findByRole('table', {
      name: 'SLO achievability',
    });
    const [order, payment, cart] = rowsOf(table);
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
    await screen.findByRole('table', { name: 'Ownership map' });
    const notYet = section('Not yet');
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
    expect(
      rowsOf(table).map(cells => cells.map(cell => cell.textContent)),
    ).toEqual([['order-service', '0.1.0', '0.2.0']]);
    expect(
      within(section('Template drift')).getByText(
        'Services behind the current blueprint (0.2.0)',
      ),
    ).toBeInTheDocument();
  });

  it('says what each empty section means', async () => {
    server.use(
      http.get(`${BASE_URL}/v1/decisions`, () =>
        HttpResponse.json({ decisions: [], problems: [] }),
      ),
      http.get(`${BASE_URL}/v1/review`, () =>
        HttpResponse.json({
          ...quietReview,
          problems: [
            'Spend: the cost backend did not answer (503); spend is left out until it does',
          ],
        }),
      ),
    );
    renderWithReview(<PlatformReviewPage />);
    expect(
      await screen.findByText(
        /^No services in the catalog yet\. They appear here once they are created/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
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
    expect(screen.getByText(/^No decision records yet/)).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('filters by system and team through the request and the URL', async () => {
    renderWithReview(<PlatformReviewPage />);
    await screen.findByRole('table', { name: 'Ownership map' });
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
      http.get(`${BASE_URL}/v1/review`, () =>
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
    let decisionReads = 0;
    server.use(
      http.post(`${BASE_URL}/v1/refresh`, () => {
        refreshed = true;
        return new HttpResponse(null, { status: 202 });
      }),
      http.get(`${BASE_URL}/v1/decisions`, () => {
        decisionReads += 1;
        return HttpResponse.json(portalDecisions);
      }),
      http.get(`${BASE_URL}/v1/review`, ({ request }) => {
        reviewQueries.push(new URL(request.url).search);
        // The snapshot before the refresh is an older one.
        return HttpResponse.json(
          refreshed
            ? review
            : { ...quietReview, generatedAt: '2026-11-22T08:00:00.000Z' },
        );
      }),
    );
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
    await waitFor(() => expect(decisionReads).toBe(2));
  });
});
