import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  costBaseUrl,
  orderServiceEntity,
  orderServiceEstimate,
} from '../../__testUtils__/fixtures';
import { renderWithCost } from '../../__testUtils__/renderWithCost';
import { EntityCostContent } from './EntityCostContent';

describe('EntityCostContent', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('lists every resource line with its detail and the total', async () => {
    server.use(
      http.get(
        `${costBaseUrl}/v1/entities/component/default/order-service`,
        () => HttpResponse.json(orderServiceEstimate),
      ),
    );
    renderWithCost(<EntityCostContent />, orderServiceEntity);

    const table = within(
      await screen.findByRole('table', { name: 'Resource lines' }),
    );
    const rows = table
      .getAllByRole('row')
      .slice(1) // the header
      .map(row =>
        within(row)
          .getAllByRole('cell')
          .map(cell => cell.textContent),
      );
    expect(rows).toEqual([
      ['Azure SQL Database', 'sql-gp-2vcore x 1', '$187'],
      ['Service Bus', 'servicebus-standard x 1', '$84'],
      ['Log Analytics', 'log-gb x 14', '$40'],
      ['Key Vault', 'keyvault-ops x 1', '$0.40'],
      ['Total of the lines', '$312'],
    ]);
    expect(table.getByText('Per month (estimate)')).toBeInTheDocument();
    expect(screen.getByText('Estimate')).toBeInTheDocument();
    expect(screen.getByText('$312 of $320 budget (98 %)')).toBeInTheDocument();
    expect(screen.getByText(/^Source: /)).toBeInTheDocument();
  });
});
