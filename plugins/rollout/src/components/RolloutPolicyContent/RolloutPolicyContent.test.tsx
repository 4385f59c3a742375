import type { Entity } from '@backstage/catalog-model';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { RolloutClient, rolloutApiRef } from '../../api';
import type { EntityRolloutReport } from '@internal/plugin-rollout-common';
import { blueGreenReport, matchingReport } from '../../__fixtures__/reports';
import { RolloutPolicyContent } from './RolloutPolicyContent';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'order-service',
    annotations: { 'commerce.platform/rollout-policy': 'deploy/' },
  },
  spec: { type: 'service', owner: 'checkout-team', lifecycle: 'production' },
};

const backend = setupServer();
registerMswTestHooks(backend);

describe('RolloutPolicyContent', () => {
  async function renderContent(report: EntityRolloutReport) {
    backend.use(
      http.get(
        'http://backend.test/api/rollout/v1/entities/Component/default/order-service',
        () => HttpResponse.json(report),
      ),
    );
    const client = new RolloutClient({
      discoveryApi: mockApis.discovery({ baseUrl: 'http://backend.test' }),
      fetchApi: { fetch: (input, init) => fetch(input, init) },
    });
    await renderInTestApp(
      <EntityProvider entity={entity}>
        <RolloutPolicyContent />
      </EntityProvider>,
      { apis: [[rolloutApiRef, client]] },
    );
  }

  it('shows the card content and the steps as written in rollout.yaml', async () => {
    await renderContent(matchingReport);

    expect(
      await screen.findByRole('list', {
        name: 'Canary steps: 1 % → 5 % → 25 % → 50 % → 100 %',
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('Thresholds match the SLO')).toBeInTheDocument();

    const argoSteps = screen.getByRole('table', {
      name: 'Canary steps as written',
    });
    const rows = within(argoSteps)
      .getAllByRole('row')
      .slice(1)
      .map(row =>
        within(row)
          .getAllByRole('cell')
          .map(cell => cell.textContent),
      );
    expect(rows).toEqual([
      ['0', 'setWeight: 1', ''],
      ['1', 'pause: {duration: 5m}', 'starts here'],
      ['2', 'setWeight: 5', ''],
      ['3', 'pause: {duration: 5m}', ''],
      ['4', 'setWeight: 25', ''],
      ['5', 'pause: {duration: 10m}', ''],
      ['6', 'setWeight: 50', ''],
      ['7', 'pause: {duration: 10m}', ''],
      ['8', 'setWeight: 100', ''],
    ]);
  });

  it('shows a blue-green release without a steps card: it has no steps', async () => {
    await renderContent(blueGreenReport);

    expect(
      await screen.findByRole('table', { name: 'Blue-green release' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Thresholds match the SLO')).toBeInTheDocument();
    expect(
      screen.queryByRole('table', { name: 'Canary steps as written' }),
    ).toBeNull();
    expect(screen.queryByText('Canary steps in rollout.yaml')).toBeNull();
  });
});
