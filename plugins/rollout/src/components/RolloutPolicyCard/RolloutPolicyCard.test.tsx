import type { Entity } from '@backstage/catalog-model';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { EntityRolloutReport } from '@internal/plugin-rollout-common';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { RolloutClient, rolloutApiRef } from '../../api';
import {
  blueGreenReport,
  brokenReport,
  looserReport,
  matchingReport,
} from '../../__fixtures__/reports';
import { RolloutPolicyCard } from './RolloutPolicyCard';

const BACKEND = 'http://backend.test';
const REPORT_URL = `${BACKEND}/api/rollout/v1/entities/Component/default/order-service`;

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'order-service',
    annotations: { 'commerce.platform/rollout-policy': 'deploy/' },
  },
  spec: { type: 'service', owner: 'checkout-team', lifecycle: 'production' },
};

// The real client against a fake rollout backend, so the card is tested through the HTTP contract.
const backend = setupServer();
registerMswTestHooks(backend);

function backendAnswers(report: EntityRolloutReport) {
  backend.use(http.get(REPORT_URL, () => HttpResponse.json(report)));
}

async function renderCard() {
  const client = new RolloutClient({
    discoveryApi: mockApis.discovery({ baseUrl: BACKEND }),
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
  await renderInTestApp(
    <EntityProvider entity={entity}>
      <RolloutPolicyCard />
    </EntityProvider>,
    { apis: [[rolloutApiRef, client]] },
  );
}

describe('RolloutPolicyCard', () => {
  it('shows the canary steps and the thresholds next to their SLO', async () => {
    backendAnswers(matchingReport);
    await renderCard();

    expect(screen.getByText('Rollout policy')).toBeInTheDocument();
    const steps = await screen.findByRole('list', {
      name: 'Canary steps: 1 % → 5 % → 25 % → 50 % → 100 %',
    });
    expect(
      within(steps)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      '1 %pause 5manalysis starts',
      '→5 %pause 5m',
      '→25 %pause 10m',
      '→50 %pause 10m',
      '→100 %done',
    ]);

    const thresholds = screen.getByRole('table', {
      name: 'Analysis thresholds',
    });
    const rows = within(thresholds).getAllByRole('row').slice(1);
    expect(rows.map(row => row.textContent)).toEqual([
      'success rate ≥ 0.9995order-service-success-rate1m × 5, failure limit 1← availability SLO 99.95 %matches the SLO',
      'latency p95 ≤ 0.15 sorder-service-latency-p951m × 5, failure limit 1← latency SLO p95 ≤ 0.15 smatches the SLO',
    ]);
    expect(screen.getByText('Thresholds match the SLO')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /^rollout\.yaml/ }),
    ).toHaveAttribute(
      'href',
      'https://git.example.test/order-service/deploy/rollout.yaml',
    );
    expect(screen.getByRole('link', { name: /^OpenSLO file/ })).toHaveAttribute(
      'href',
      'https://git.example.test/order-service/openslo.yaml',
    );
  });

  it('shows a blue-green release: preview, manual promotion, both analyses, thresholds against the SLO', async () => {
    backendAnswers(blueGreenReport);
    await renderCard();

    expect(
      await screen.findByText('Argo Rollout order-service, blue-green'),
    ).toBeInTheDocument();
    const release = screen.getByRole('table', { name: 'Blue-green release' });
    expect(
      within(release)
        .getAllByRole('row')
        .map(row => row.textContent),
    ).toEqual([
      'Trafficall at once, through order-service-stable',
      'Preview serviceorder-service-preview (the new version before promotion)',
      'Auto promotionoff',
      'Promotionby a person: kubectl argo rollouts promote order-service',
      'Pre-promotion analysisorder-service-success-rate, order-service-latency-p95',
      'Post-promotion analysisorder-service-success-rate, order-service-latency-p95',
      'Previous version kept10 min after promotion',
    ]);
    // No canary steps, but the same threshold check against the SLO.
    expect(screen.queryByRole('list', { name: /Canary steps/ })).toBeNull();
    const thresholds = screen.getByRole('table', {
      name: 'Analysis thresholds',
    });
    expect(
      within(thresholds)
        .getAllByRole('row')
        .slice(1)
        .map(row => row.textContent),
    ).toEqual([
      'success rate ≥ 0.9995order-service-success-rate1m × 5, failure limit 1← availability SLO 99.95 %matches the SLO',
      'latency p95 ≤ 0.15 sorder-service-latency-p951m × 5, failure limit 1← latency SLO p95 ≤ 0.15 smatches the SLO',
    ]);
    expect(screen.getByText('Thresholds match the SLO')).toBeInTheDocument();
  });

  it('shows automatic promotion of a blue-green release as a finding', async () => {
    backendAnswers({
      ...blueGreenReport,
      policy: {
        ...blueGreenReport.policy!,
        blueGreen: {
          ...blueGreenReport.policy!.blueGreen!,
          autoPromotionEnabled: true,
        },
      },
      findings: [
        {
          severity: 'info',
          message:
            'order-service is promoted without a person, as soon as the preview is ready and its analysis passed',
          fix: 'set spec.strategy.blueGreen.autoPromotionEnabled: false in rollout.yaml to promote by hand (kubectl argo rollouts promote order-service)',
        },
      ],
    });
    await renderCard();

    const release = await screen.findByRole('table', {
      name: 'Blue-green release',
    });
    expect(release).toHaveTextContent('Auto promotionon');
    expect(release).toHaveTextContent(
      'Promotionautomatic, as soon as the preview is ready',
    );
    expect(
      screen.getByText(/is promoted without a person/),
    ).toBeInTheDocument();
  });

  it('shows a threshold looser than the SLO as a warning with its fix', async () => {
    backendAnswers(looserReport);
    await renderCard();

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'order-service-success-rate/success-rate accepts a success rate of 0.999, looser than the availability objective 0.9995 (99.95 %)',
    );
    expect(alert).toHaveTextContent(
      'Fix: raise its successCondition to result[0] >= 0.9995',
    );
    expect(screen.getByText('looser than the SLO')).toBeInTheDocument();
    expect(
      screen.queryByText('Thresholds match the SLO'),
    ).not.toBeInTheDocument();
  });

  it('shows what could not be read', async () => {
    backendAnswers(brokenReport);
    await renderCard();

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('2 problems reading the policy or the SLO');
    expect(alert).toHaveTextContent(
      'deploy/rollout.yaml does not exist (looked for https://git.example.test/order-service/deploy/rollout.yaml)',
    );
    expect(alert).toHaveTextContent('has no commerce.platform/slo-file');
    expect(screen.queryByRole('list', { name: /Canary steps/ })).toBeNull();
    expect(
      screen.queryByText('Thresholds match the SLO'),
    ).not.toBeInTheDocument();
  });

  it('claims no match when an objective could not be derived', async () => {
    backendAnswers({
      ...matchingReport,
      slo: { ...matchingReport.slo, latencySeconds: undefined },
      problems: ['openslo.yaml: no SLO counts requests within a latency bound'],
    });
    await renderCard();

    expect(
      await screen.findByText('no latency SLO to compare with'),
    ).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'openslo.yaml: no SLO counts requests within a latency bound',
    );
    expect(
      screen.queryByText('Thresholds match the SLO'),
    ).not.toBeInTheDocument();
  });

  it('shows the backend error when the report cannot be fetched', async () => {
    backend.use(
      http.get(REPORT_URL, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotFoundError',
              message:
                'The catalog has no entity component:default/order-service; check the kind, namespace and name',
            },
            request: { method: 'GET', url: REPORT_URL },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );
    await renderCard();

    expect(
      await screen.findByText(/The catalog has no entity/),
    ).toBeInTheDocument();
  });
});
