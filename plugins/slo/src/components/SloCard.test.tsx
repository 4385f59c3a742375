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
import type { Entity } from '@backstage/catalog-model';
import {
  alertingReport,
  brokenFileReport,
  ENTITY_URL,
  measuredReport,
  notConfiguredReport,
  orderService,
} from '../__fixtures__/reports';
import { SloCard } from './SloCard';

const server = setupServer();
registerMswTestHooks(server);

function renderCard(entity: Entity = orderService) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <SloCard />
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

const serve = (body: object, status = 200) =>
  server.use(http.get(ENTITY_URL, () => HttpResponse.json(body, { status })));

describe('SloCard', () => {
  it('shows each objective’s numbers and status, the most urgent first', async () => {
    serve(measuredReport);
    await renderCard();

    expect(
      await screen.findByText('order-service p95 latency'),
    ).toBeInTheDocument();
    expect(screen.getByText('Service level objectives')).toBeInTheDocument();

    const [first, second] = screen.getAllByRole('heading', { level: 3 });
    expect(first).toHaveTextContent('order-service p95 latency');
    expect(second).toHaveTextContent('order-service availability');

    const latency = within(screen.getByTestId('slo-order-service-latency'));
    expect(latency.getByText('Critical')).toBeInTheDocument();
    expect(latency.getByText('95 %')).toBeInTheDocument();
    expect(latency.getByText('90 %')).toBeInTheDocument();
    expect(
      latency.getByText('overspent by 100 % · 33.6 hours of outage too much'),
    ).toBeInTheDocument();
    expect(latency.getByText('20× / 14.4×')).toBeInTheDocument();

    const availability = within(
      screen.getByTestId('slo-order-service-availability'),
    );
    expect(availability.getByText('OK')).toBeInTheDocument();
    expect(availability.getByText('Objective (28 days)')).toBeInTheDocument();
    expect(availability.getByText('99.95 %')).toBeInTheDocument();
    expect(availability.getByText('99.98 %')).toBeInTheDocument();
    expect(
      availability.getByText('60 % left · 12 minutes of full outage'),
    ).toBeInTheDocument();
    expect(availability.getByText('0.2× / 2.3×')).toBeInTheDocument();

    expect(
      screen.getByText('Measured by Prometheus at http://prometheus:9090.'),
    ).toBeInTheDocument();
  });

  it('shows a broken OpenSLO file’s problems next to the objectives that were valid', async () => {
    serve(brokenFileReport);
    await renderCard();

    const problems = await screen.findAllByText(/^document \d/);
    expect(problems.map(p => p.textContent)).toEqual(brokenFileReport.problems);
    expect(screen.getByText('order-service availability')).toBeInTheDocument();
    expect(screen.queryByText('order-service p95 latency')).toBeNull();
  });

  it('says what to configure when nothing measures, and still lists objectives', async () => {
    serve(notConfiguredReport);
    await renderCard();

    expect(
      await screen.findByText(
        /^No measurements: Prometheus is not configured \(set slo\.prometheus\.baseUrl/,
      ),
    ).toBeInTheDocument();
    expect(screen.getAllByText('No data')).toHaveLength(2);
    expect(screen.getByText('99.95 %')).toBeInTheDocument();
    expect(screen.getByText('95 %')).toBeInTheDocument();
  });

  it('shows a measurement error on its objective', async () => {
    serve({
      ...measuredReport,
      slos: [
        {
          ...measuredReport.slos[1],
          measurement: undefined,
          measurementError:
            'Prometheus at http://prometheus:9090 refused x: bad_data: parse error',
        },
      ],
    });
    await renderCard();
    expect(
      await screen.findByText(
        'Not measured: Prometheus at http://prometheus:9090 refused x: bad_data: parse error',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('No data')).toBeInTheDocument();
  });

  it('shows the backend’s error instead of crashing', async () => {
    serve(
      {
        error: {
          name: 'NotFoundError',
          message: 'component:default/order-service is not in the catalog',
        },
        request: {
          method: 'GET',
          url: '/api/slo/v1/entities/component/default/order-service',
        },
        response: { statusCode: 404 },
      },
      404,
    );
    await renderCard();
    expect(
      await screen.findByText(
        /component:default\/order-service is not in the catalog/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Service level objectives')).toBeInTheDocument();
  });

  it('lists the firing and pending alerts, each with its runbook section', async () => {
    serve(alertingReport);
    await renderCard();

    const page = within(
      await screen.findByTestId('slo-alert-SLOErrorBudgetBurn1h5m'),
    );
    // A firing page is an error; a pending ticket a warning (core-components' status icons).
    expect(page.getByLabelText('Status error')).toHaveTextContent(
      'SLOErrorBudgetBurn1h5m',
    );
    expect(
      page.getByText('(firing, page, since 2025-03-01 11:13 UTC)'),
    ).toBeInTheDocument();
    expect(
      page.getByText(
        'order-service p95 latency burns its error budget at 14.4× or faster',
      ),
    ).toBeInTheDocument();
    expect(page.getByRole('link', { name: /^runbook/ })).toHaveAttribute(
      'href',
      'https://portal.example.com/docs/default/component/order-service/runbook/#sloerrorbudgetburn1h5m',
    );

    const ticket = within(
      screen.getByTestId('slo-alert-SLOErrorBudgetBurn1d2h'),
    );
    expect(ticket.getByLabelText('Status warning')).toHaveTextContent(
      'SLOErrorBudgetBurn1d2h',
    );
    expect(
      ticket.getByText('(pending, ticket, since 2025-03-01 10:00 UTC)'),
    ).toBeInTheDocument();
    expect(screen.queryByText('No alerts firing')).toBeNull();
  });

  it('says no alerts are firing when none are, and why when they cannot be known', async () => {
    serve(measuredReport);
    const { unmount } = await renderCard();
    expect(await screen.findByText('No alerts firing')).toBeInTheDocument();
    expect(screen.queryByTestId(/^slo-alert-/)).toBeNull();
    unmount();

    const message =
      'Alerts are not available from Azure Monitor managed Prometheus: its query endpoint has no alerts API.';
    serve({
      ...measuredReport,
      alerts: { status: 'not-available', alerts: [], message },
    });
    await renderCard();
    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(screen.queryByText('No alerts firing')).toBeNull();
  });

  it('marks attainment partial and says how many days of the window Prometheus holds', async () => {
    serve(alertingReport);
    await renderCard();

    const availability = within(
      await screen.findByTestId('slo-order-service-availability'),
    );
    expect(availability.getByText('Attained (partial)')).toBeInTheDocument();
    expect(
      availability.getByTestId('slo-history-order-service-availability'),
    ).toHaveTextContent(
      'history: 4 of 28 days (partial: Prometheus holds less than the window)',
    );

    const latency = within(screen.getByTestId('slo-order-service-latency'));
    expect(latency.getByText('Attained')).toBeInTheDocument();
    expect(latency.queryByText('Attained (partial)')).toBeNull();
    expect(
      latency.getByTestId('slo-history-order-service-latency'),
    ).toHaveTextContent(/^history: 28 of 28 days$/);
  });

  it('links the dashboard and the runbook’s TechDocs page when both exist', async () => {
    serve(alertingReport);
    await renderCard({
      ...orderService,
      metadata: {
        ...orderService.metadata,
        annotations: {
          ...orderService.metadata.annotations,
          'backstage.io/techdocs-ref': 'dir:.',
        },
      },
    });
    expect(
      await screen.findByRole('link', { name: /^SLO dashboard/ }),
    ).toHaveAttribute(
      'href',
      'https://grafana.example.com/d/slo-order-service',
    );
    expect(screen.getByRole('link', { name: 'Runbook' })).toHaveAttribute(
      'href',
      '/docs/default/component/order-service/runbook/',
    );
  });

  it('says the dashboard is not configured and the runbook has no TechDocs, rather than hiding them', async () => {
    serve(measuredReport);
    await renderCard();
    expect(
      await screen.findByText(
        'Dashboard not configured: set slo.grafana.baseUrl to link to Grafana.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'No runbook: the entity has no TechDocs (backstage.io/techdocs-ref).',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /^SLO dashboard/ })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Runbook' })).toBeNull();
  });
});
