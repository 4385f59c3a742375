import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { sloApiRef } from '../api/SloApi';
import { SloClient } from '../api/SloClient';
import {
  availabilityHistory,
  ENTITY_URL,
  measuredReport,
  notConfiguredReport,
  orderService,
} from '../__fixtures__/reports';
import { SloContent } from './SloContent';

const server = setupServer();
registerMswTestHooks(server);

function renderTab() {
  return renderInTestApp(
    <EntityProvider entity={orderService}>
      <SloContent />
    </EntityProvider>,
    {
      apis: [
        [
          sloApiRef,
          new SloClient({
            discoveryApi: mockApis.discovery({
              baseUrl: 'http://localhost:7007',
            }),
            fetchApi: mockApis.fetch(),
          }),
        ],
      ],
    },
  );
}

describe('SloContent', () => {
  it('charts each objective’s daily SLI against its objective and explains the budget', async () => {
    const historyRequests: string[] = [];
    server.use(
      http.get(ENTITY_URL, () => HttpResponse.json(measuredReport)),
      http.get(`${ENTITY_URL}/history`, ({ request }) => {
        historyRequests.push(request.url);
        return HttpResponse.json(availabilityHistory);
      }),
      http.get(`${ENTITY_URL}/histories`, ({ request }) => {
        historyRequests.push(request.url);
        return HttpResponse.json({
          entityRef: 'component:default/order-service',
          source: measuredReport.source,
          histories: [
            availabilityHistory,
            {
              ...availabilityHistory,
              slo: 'order-service-latency',
              objective: 0.95,
              points: [],
              error:
                'Prometheus at http://prometheus:9090 did not answer within 10 s',
            },
          ],
        });
      }),
    );
    await renderTab();

    const chart = await screen.findByRole('img', {
      name: 'Daily SLI of order-service availability over 7 days against the objective 99.95 %',
    });
    // Six measured days as dots; the day without traffic is a gap.
    expect(chart.querySelectorAll('circle')).toHaveLength(6);
    expect(chart.querySelector('path')!.getAttribute('d')).toMatch(
      /^M[\d.]+,[\d.]+ L[\d.]+,[\d.]+ M/,
    );
    expect(within(chart).getByText('Feb 23')).toBeInTheDocument();
    expect(within(chart).getByText('Mar 1')).toBeInTheDocument();
    expect(
      screen.getByText('Below the objective on 1 of 6 measured days.'),
    ).toBeInTheDocument();

    expect(
      screen.getByText(
        '99.95 % over 28 days allows 20.1 minutes of full outage: 0.05 % of events may fail. Now: 60 % left · 12 minutes of full outage.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        '95 % over 28 days allows 33.6 hours of full outage: 5 % of events may fail. Now: overspent by 100 % · 33.6 hours of outage too much.',
      ),
    ).toBeInTheDocument();

    // The other objective's history failed; its panel says why, the rest of the tab stands.
    expect(
      await screen.findByText(/did not answer within 10 s/),
    ).toBeInTheDocument();
    // One request for every objective's history, not one per objective.
    expect(historyRequests).toEqual([`${ENTITY_URL}/histories`]);
    expect(screen.getByText('Service level objectives')).toBeInTheDocument();
  });

  it('explains budgets without charts when nothing measures', async () => {
    server.use(
      http.get(ENTITY_URL, () => HttpResponse.json(notConfiguredReport)),
    );
    await renderTab();
    expect(
      await screen.findByText(
        '99.95 % over 28 days allows 20.1 minutes of full outage: 0.05 % of events may fail.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^No measurements: Prometheus is not configured/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('img')).toBeNull();
  });
});
