import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  costBaseUrl,
  groupEntity,
  overview,
  systemEntity,
} from '../../__testUtils__/fixtures';
import { renderWithCost } from '../../__testUtils__/renderWithCost';
import { CostRollupCard } from './CostRollupCard';

describe('CostRollupCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  let requested: URL[];
  beforeEach(() => {
    requested = [];
    server.use(
      http.get(`${costBaseUrl}/v1/overview`, ({ request }) => {
        requested.push(new URL(request.url));
        return HttpResponse.json(overview);
      }),
    );
  });

  const serviceRows = () =>
    within(screen.getByRole('table', { name: 'Services' }))
      .getAllByRole('row')
      .slice(1) // the header
      .map(row =>
        within(row)
          .getAllByRole('cell')
          .map(cell => cell.textContent),
      );

  it("shows a system's services, its total against its budget and the platform total", async () => {
    renderWithCost(<CostRollupCard scope="system" />, systemEntity);

    expect(
      await screen.findByText('$1,312 of $3,000 budget (44 %)'),
    ).toBeInTheDocument();
    expect(serviceRows()).toEqual([
      ['product-service', '$96', 'Estimate'],
      ['order-service', '$312', 'Estimate'],
      ['cart-service', '$668', 'Estimate'],
      ['payment-service', '$236', 'Estimate'],
    ]);
    expect(screen.getByRole('link', { name: 'cart-service' })).toHaveAttribute(
      'href',
      '/catalog/default/component/cart-service',
    );
    expect(screen.getByText('Platform total: $2,762')).toBeInTheDocument();
    expect(
      screen.getByText('Shared platform $1,450 + services $1,312'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('$2,762 of $3,000 budget (92 %)'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Over budget/)).not.toBeInTheDocument();
    expect(
      screen.getByText("this system's services, this month"),
    ).toBeInTheDocument();
  });

  it('says when a system total includes the shared platform', async () => {
    server.use(
      http.get(`${costBaseUrl}/v1/overview`, () =>
        HttpResponse.json({
          ...overview,
          systems: [
            { ...overview.systems[0], monthlyUsd: 2762, sharedUsd: 1450 },
          ],
        }),
      ),
    );
    renderWithCost(<CostRollupCard scope="system" />, systemEntity);
    expect(
      await screen.findByText(
        "this system's services and the shared platform ($1,450), this month",
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByText("this system's services, this month"),
    ).not.toBeInTheDocument();
  });

  it("shows a team's services over its budget, with unknown costs and their problems", async () => {
    renderWithCost(<CostRollupCard scope="group" />, groupEntity);

    expect(
      await screen.findByText('$980 of $920 budget (107 %)'),
    ).toBeInTheDocument();
    expect(screen.getByText('Over budget by $60')).toBeInTheDocument();
    expect(serviceRows()).toEqual([
      ['order-service', '$312', 'Estimate'],
      ['cart-service', 'unknown', 'Estimate'],
    ]);
    expect(
      screen.getByText(
        'cart-service: no price for "redis-c1" in westeurope; add it to the price sheet.',
      ),
    ).toBeInTheDocument();
    // The platform total belongs on the system card only.
    expect(screen.queryByText(/Platform total/)).not.toBeInTheDocument();
  });

  it.each([
    ['system', systemEntity, 'system:default/commerce-platform'],
    ['group', groupEntity, 'group:default/checkout-team'],
  ] as const)(
    'asks for the %s’s own roll-up only, once',
    async (scope, entity, ref) => {
      renderWithCost(<CostRollupCard scope={scope} />, entity);
      await screen.findByRole('table', { name: 'Services' });
      // The unfiltered overview lists every System and team with all their services.
      expect(
        requested.map(url => Object.fromEntries(url.searchParams)),
      ).toEqual([{ [scope]: ref }]);
    },
  );

  it('says so when a team has no costed services', async () => {
    renderWithCost(<CostRollupCard scope="group" />, {
      ...groupEntity,
      metadata: { name: 'catalog-team', namespace: 'default' },
    });

    expect(
      await screen.findByText(/No service of this team has cost data/),
    ).toBeInTheDocument();
  });
});
