import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { EntityCostReport } from '@internal/plugin-cost-common';
import {
  costBaseUrl,
  orderServiceEntity,
  orderServiceEstimate,
} from '../../__testUtils__/fixtures';
import { renderWithCost } from '../../__testUtils__/renderWithCost';
import { EntityCostCard } from './EntityCostCard';

describe('EntityCostCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const answer = (report: EntityCostReport | (() => Response)) =>
    server.use(
      http.get(
        `${costBaseUrl}/v1/entities/component/default/order-service`,
        () =>
          typeof report === 'function' ? report() : HttpResponse.json(report),
      ),
    );

  it('shows an estimate, labelled as such, against the budget', async () => {
    answer(orderServiceEstimate);
    renderWithCost(<EntityCostCard />, orderServiceEntity);

    expect(await screen.findByText('Estimate')).toBeInTheDocument();
    expect(screen.getByText('Cost')).toBeInTheDocument();
    expect(screen.queryByText('Actual')).not.toBeInTheDocument();
    expect(screen.getByText('$312')).toBeInTheDocument();
    expect(screen.getByText('November 2026')).toBeInTheDocument();
    expect(screen.getByText('$312 of $320 budget (98 %)')).toBeInTheDocument();
    expect(screen.queryByText(/Over budget/)).not.toBeInTheDocument();
    expect(
      screen.getByText(
        'The trend appears once Azure Cost Management is configured.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Source: infra/cost-model.yaml priced with the price sheet of 2026-10-01 (westeurope)',
      ),
    ).toBeInTheDocument();

    // The card lists the three most expensive; the Cost tab has them all.
    const resources = within(
      screen.getByRole('list', { name: 'Top resources' }),
    );
    expect(
      resources.getAllByRole('listitem').map(li => li.textContent),
    ).toEqual([
      'Azure SQL Database: $187 (sql-gp-2vcore x 1)',
      'Service Bus: $84 (servicebus-standard x 1)',
      'Log Analytics: $40 (log-gb x 14)',
    ]);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('says in red by how much a service is over its budget', async () => {
    answer({ ...orderServiceEstimate, monthlyUsd: 668, budgetUsd: 600 });
    renderWithCost(<EntityCostCard />, orderServiceEntity);

    expect(
      await screen.findByText('$668 of $600 budget (111 %)'),
    ).toBeInTheDocument();
    const over = screen.getByRole('alert');
    expect(over).toHaveTextContent('Over budget by $68');
    expect(over).toHaveClass('MuiTypography-colorError');
  });

  it('shows each problem as a warning on the card without failing it', async () => {
    const problem =
      'No price for "sql-gp-2vcore" in uksouth: add it to the price sheet (cost.priceSheet).';
    answer({
      ...orderServiceEstimate,
      monthlyUsd: undefined,
      topResources: [],
      problems: [problem],
    });
    renderWithCost(<EntityCostCard />, orderServiceEntity);

    expect(await screen.findByText(problem)).toBeInTheDocument();
    expect(screen.getByText('Unknown')).toBeInTheDocument();
    expect(screen.getByText('Estimate')).toBeInTheDocument();
    expect(
      screen.getByText(problem).closest('.MuiAlert-standardWarning'),
    ).not.toBeNull();
  });

  it('labels actual spend and draws its trend', async () => {
    answer({
      ...orderServiceEstimate,
      kind: 'actual',
      monthlyUsd: 250,
      trend: [
        { month: '2026-09', usd: 280 },
        { month: '2026-10', usd: 301 },
      ],
      source: 'Azure Cost Management, resource group rg-order-service',
    });
    renderWithCost(<EntityCostCard />, orderServiceEntity);

    expect(await screen.findByText('Actual')).toBeInTheDocument();
    expect(
      screen.getByText('November 2026, month to date'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Estimate')).not.toBeInTheDocument();
    expect(
      screen.getByRole('img', {
        name: 'Monthly cost trend: September 2026 $280, October 2026 $301',
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('$250 of $320 budget (78 %)')).toBeInTheDocument();
  });

  it('keeps a failed request inside the card', async () => {
    answer(() =>
      HttpResponse.json(
        {
          error: {
            name: 'Error',
            message: 'the price sheet could not be read',
          },
          response: { statusCode: 500 },
        },
        { status: 500 },
      ),
    );
    renderWithCost(<EntityCostCard />, orderServiceEntity);

    expect(
      await screen.findByText(/the price sheet could not be read/),
    ).toBeInTheDocument();
    expect(screen.getByText('Cost')).toBeInTheDocument();
  });
});
