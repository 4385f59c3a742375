import type { Entity } from '@backstage/catalog-model';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type {
  ArgoCdApplicationStatus,
  EntityArgoCdStatus,
} from '@internal/plugin-rollout-common';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { RolloutClient, rolloutApiRef } from '../../api';
import { ArgoCdStatusCard } from './ArgoCdStatusCard';

const BACKEND = 'http://backend.test';
const STATUS_URL = `${BACKEND}/api/rollout/v1/entities/Component/default/order-service/argocd`;

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'order-service',
    annotations: { 'argocd/app-name': 'order-service' },
  },
  spec: { type: 'service', owner: 'checkout-team', lifecycle: 'production' },
};

// The real client against a fake rollout backend: the card is tested through the HTTP contract.
const backend = setupServer();
registerMswTestHooks(backend);

function backendAnswers(status: EntityArgoCdStatus, code = 200) {
  backend.use(
    http.get(STATUS_URL, () => HttpResponse.json(status, { status: code })),
  );
}

async function renderCard() {
  const client = new RolloutClient({
    discoveryApi: mockApis.discovery({ baseUrl: BACKEND }),
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
  await renderInTestApp(
    <EntityProvider entity={entity}>
      <ArgoCdStatusCard />
    </EntityProvider>,
    { apis: [[rolloutApiRef, client]] },
  );
}

function app(
  environment: string,
  fields: Partial<ArgoCdApplicationStatus>,
): ArgoCdApplicationStatus {
  return {
    environment,
    application: `order-service-${environment}`,
    url: `https://argocd.example.test/applications/order-service-${environment}`,
    history: [],
    ...fields,
  };
}

function configured(...applications: ArgoCdApplicationStatus[]) {
  return {
    entityRef: 'component:default/order-service',
    configured: true as const,
    applications,
    problems: [],
  };
}

async function rows() {
  const table = await screen.findByRole('table', {
    name: 'Argo CD Applications',
  });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map(row =>
      within(row)
        .getAllByRole('cell')
        .map(cell => cell.textContent),
    );
}

describe('ArgoCdStatusCard', () => {
  it('shows a synced, healthy Application per environment with its recent deployments', async () => {
    backendAnswers(
      configured(
        app('dev', {
          syncStatus: 'Synced',
          revision: 'abcdef1234567890',
          healthStatus: 'Healthy',
          history: [
            {
              id: 2,
              revision: 'abcdef1234567890',
              deployedAt: '2026-12-07T09:00:00Z',
              initiatedBy: 'automated',
            },
            {
              id: 1,
              revision: '1234567aaaa',
              deployedAt: '2026-12-06T09:00:00Z',
            },
          ],
        }),
        app('prod', {
          syncStatus: 'Synced',
          revision: '1234567aaaa',
          healthStatus: 'Healthy',
        }),
      ),
    );
    await renderCard();

    expect(screen.getByText('Argo CD')).toBeInTheDocument();
    expect(await rows()).toEqual([
      [
        'dev',
        'order-service-dev, Opens in a new window',
        'Syncedabcdef1',
        'Healthy',
        'abcdef1 2026-12-07 09:00Z (automated)1234567 2026-12-06 09:00Z',
      ],
      [
        'prod',
        'order-service-prod, Opens in a new window',
        'Synced1234567',
        'Healthy',
        'no deployments yet',
      ],
    ]);
    expect(
      screen.getByRole('link', { name: /^order-service-dev/ }),
    ).toHaveAttribute(
      'href',
      'https://argocd.example.test/applications/order-service-dev',
    );
  });

  it('shows an out-of-sync Application and a degraded one with its health message', async () => {
    backendAnswers(
      configured(
        app('dev', {
          syncStatus: 'OutOfSync',
          revision: 'ffff000',
          healthStatus: 'Healthy',
        }),
        app('prod', {
          syncStatus: 'Synced',
          revision: 'eeee000',
          healthStatus: 'Degraded',
          healthMessage:
            'Deployment "order-service" exceeded its progress deadline',
        }),
      ),
    );
    await renderCard();

    const [dev, prod] = await rows();
    expect(dev.slice(2, 4)).toEqual(['OutOfSyncffff000', 'Healthy']);
    expect(prod.slice(2, 4)).toEqual([
      'Syncedeeee000',
      'DegradedDeployment "order-service" exceeded its progress deadline',
    ]);
    // Core-components' status icons carry the state for assistive technology.
    expect(screen.getByLabelText('Status warning')).toHaveTextContent(
      'OutOfSync',
    );
    expect(screen.getByLabelText('Status error')).toHaveTextContent('Degraded');
  });

  it('says "not configured" with what to set, and no error, when the portal has no Argo CD', async () => {
    backendAnswers({
      entityRef: 'component:default/order-service',
      configured: false,
      message:
        'Argo CD is not configured: set argocd.baseUrl and argocd.token in the portal configuration',
    });
    await renderCard();

    expect(
      await screen.findByText(
        /^Argo CD is not configured: set argocd\.baseUrl/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(screen.queryByText(/error/i)).not.toBeInTheDocument();
  });

  it('shows what could not be read for one Application next to the others', async () => {
    backendAnswers(
      configured(
        app('dev', { syncStatus: 'Synced', healthStatus: 'Progressing' }),
        app('prod', {
          problem: 'Argo CD has no Application order-service-prod; create it',
        }),
      ),
    );
    await renderCard();

    const [dev, prod] = await rows();
    expect(dev[3]).toBe('Progressing');
    expect(prod).toEqual([
      'prod',
      'order-service-prod, Opens in a new window',
      'Argo CD has no Application order-service-prod; create it',
    ]);
  });

  it('shows the backend error when the entity cannot be read', async () => {
    backend.use(
      http.get(STATUS_URL, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotFoundError',
              message: 'The catalog has no entity',
            },
            request: { method: 'GET', url: '/' },
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
