import type { Entity } from '@backstage/catalog-model';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import type {
  EntityFindings,
  ReviewFinding,
} from '@internal/plugin-platform-review-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { BASE_URL } from '../../__fixtures__/review';
import { renderWithReview } from '../../__testUtils__/renderWithReview';
import { PlatformChecksCard } from './PlatformChecksCard';

const server = setupServer();
registerMswTestHooks(server);

const orderService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'order-service' },
  spec: { type: 'service', owner: 'group:default/checkout-team' },
};

const FINDINGS_URL = `${BASE_URL}/v1/entities/component/default/order-service/findings`;

const sharedStore: ReviewFinding = {
  rule: 'shared-data-store',
  severity: 'error',
  message:
    'resource:order-service-db is used by order-service (checkout-team) and order-reports (catalog-team)',
  fix: 'Give order-reports an API of order-service to call instead of the database',
  entityRefs: [
    'resource:default/order-service-db',
    'component:default/order-service',
    'component:default/order-reports',
  ],
  systems: ['system:default/commerce-platform'],
  teams: ['group:default/catalog-team', 'group:default/checkout-team'],
};

const drift: ReviewFinding = {
  rule: 'template-drift',
  severity: 'info',
  message:
    'order-service was generated from blueprint 0.1.0; the current one is 0.3.0',
  fix: 'Run the blueprint again in the repository and review the difference',
  entityRefs: ['component:default/order-service'],
  systems: ['system:default/commerce-platform'],
  teams: ['group:default/checkout-team'],
};

function answer(body: EntityFindings | Response) {
  const requested: string[] = [];
  server.use(
    http.get(FINDINGS_URL, ({ request }) => {
      requested.push(request.url);
      return body instanceof Response ? body : HttpResponse.json(body);
    }),
  );
  return requested;
}

describe('PlatformChecksCard', () => {
  it("shows the entity's own findings with what to fix and who else is involved", async () => {
    const requested = answer({
      generatedAt: '2026-12-07T09:30:00.000Z',
      findings: [sharedStore, drift],
    });
    renderWithReview(<PlatformChecksCard />, { entity: orderService });

    const list = await screen.findByRole('list', {
      name: 'Platform checks findings',
    });
    expect(requested).toEqual([FINDINGS_URL]);
    expect(screen.getByText('Platform checks')).toBeInTheDocument();
    expect(
      screen.getByText('From the platform review of 07/12/2026, 09:30:00 UTC'),
    ).toBeInTheDocument();
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('Data store shared by several owners');
    expect(items[0]).toHaveTextContent(sharedStore.message);
    expect(items[0]).toHaveTextContent(`Fix: ${sharedStore.fix}`);
    // The others involved link to their pages; the entity itself is not repeated.
    expect(
      within(items[0])
        .getAllByRole('link')
        .map(link => link.getAttribute('href')),
    ).toEqual([
      '/catalog/default/resource/order-service-db',
      '/catalog/default/component/order-reports',
    ]);
    expect(items[0]).toHaveClass('MuiAlert-standardError');
    expect(items[1]).toHaveTextContent('Behind the current blueprint');
    expect(items[1]).not.toHaveTextContent('Also involved');
    expect(items[1]).toHaveClass('MuiAlert-standardInfo');
    expect(screen.queryByText('No findings')).toBeNull();
  });

  it('says "No findings" when the review names nothing about the entity', async () => {
    answer({ generatedAt: '2026-12-07T09:30:00.000Z', findings: [] });
    renderWithReview(<PlatformChecksCard />, { entity: orderService });

    expect(await screen.findByText('No findings')).toBeInTheDocument();
    expect(
      screen.queryByRole('list', { name: 'Platform checks findings' }),
    ).toBeNull();
  });

  it("shows the backend's reason when the review cannot answer", async () => {
    answer(
      HttpResponse.json(
        {
          error: {
            name: 'ServiceUnavailableError',
            message: 'The catalog could not be read',
          },
          request: { method: 'GET', url: FINDINGS_URL },
          response: { statusCode: 503 },
        },
        { status: 503 },
      ),
    );
    renderWithReview(<PlatformChecksCard />, { entity: orderService });

    expect(
      await screen.findByText(
        'Error: The platform checks could not be loaded: The catalog could not be read',
      ),
    ).toBeInTheDocument();
  });
});
