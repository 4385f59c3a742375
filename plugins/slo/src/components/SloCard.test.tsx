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
  brokenFileReport,
  ENTITY_URL,
  measuredReport,
  notConfiguredReport,
  orderService,
} from '../__fixtures__/reports';
import { SloCard } from './SloCard';

const server = setupServer();
registerMswTestHooks(server);

function renderCard() {
  return renderInTestApp(
    <EntityProvider entity={orderService}>
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
});
