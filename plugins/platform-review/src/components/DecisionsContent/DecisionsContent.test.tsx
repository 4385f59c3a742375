import type { Entity } from '@backstage/catalog-model';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { BASE_URL, portalDecisions } from '../../__fixtures__/review';
import { renderWithReview } from '../../__testUtils__/renderWithReview';
import { DecisionsContent } from './DecisionsContent';

const server = setupServer();
registerMswTestHooks(server);

const portal: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'commerce-platform-portal',
    annotations: { 'backstage.io/adr-location': 'docs/decisions' },
  },
  spec: { type: 'website', owner: 'group:default/platform-team' },
};

const DECISIONS_URL = `${BASE_URL}/v1/entities/component/default/commerce-platform-portal/decisions`;

describe('DecisionsContent', () => {
  it("lists the entity's records with status, date and decision makers, deferred ones with when they come back", async () => {
    server.use(
      http.get(DECISIONS_URL, () => HttpResponse.json(portalDecisions)),
    );
    renderWithReview(<DecisionsContent />, { entity: portal });

    const table = await screen.findByRole('table', {
      name: 'Decision records',
    });
    expect(
      screen.getByText(
        'Architecture decision records in docs/decisions: 4 records, 2 deferred',
      ),
    ).toBeInTheDocument();
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(4);
    const cells = rows.map(row => within(row).getAllByRole('cell'));

    // Accepted: number and title linking to the record, status, date, decision makers.
    expect(
      within(cells[0][0]).getByRole('link', {
        name: /^0004 · Gateway API with Envoy Gateway, not API Management/,
      }),
    ).toHaveAttribute(
      'href',
      // Rendered in the portal; the source on GitHub beside it.
      '/platform-review/decisions/default/component/commerce-platform-portal/0004-gateway-api-with-envoy-gateway-not-apim.md',
    );
    expect(
      within(cells[0][0]).getByRole('link', { name: /^Source of 0004 · / }),
    ).toHaveAttribute(
      'href',
      'https://github.com/acme/commerce-platform-portal/blob/main/docs/decisions/0004-gateway-api-with-envoy-gateway-not-apim.md',
    );
    expect(cells[0].slice(1).map(c => c.textContent)).toEqual([
      'accepted',
      '2026-11-20',
      'platform-team',
    ]);
    expect(cells[0][0]).not.toHaveTextContent('Revisit');

    // Deferred, not due.
    expect(cells[1][0]).toHaveTextContent('Revisit by: 2027-03-31');
    expect(cells[1][0]).toHaveTextContent(
      'Revisit when: more than 10 services in the catalog, or service-to-service mTLS required by a compliance audit',
    );
    expect(within(cells[1][0]).queryByText('OVERDUE')).toBeNull();
    expect(cells[1][1]).toHaveTextContent('deferred');

    // Deferred and overdue: the row is highlighted.
    expect(cells[2][0]).toHaveTextContent('Revisit by: 2026-10-31 OVERDUE');
    expect(rows[2].className).toMatch(/-due-/);
    expect(rows[1].className).not.toMatch(/-due-/);

    // A record that could not be read is still listed, with its problem as a warning.
    expect(cells[3].map(c => c.textContent)).toEqual([
      '0021 · 0021-untitled.md0021-untitled.md: the front matter is not YAML (line 2: unexpected ":"); write it as key: value lines between two --- lines',
      'unknown',
      '—',
      '—',
    ]);
    expect(within(cells[3][0]).getByRole('alert')).toHaveTextContent(
      /the front matter is not YAML/,
    );
  });

  it('says what to add when there are no records, and shows read problems', async () => {
    server.use(
      http.get(DECISIONS_URL, () =>
        HttpResponse.json({
          decisions: [],
          problems: [
            'docs/decisions could not be read: no such directory in the repository',
          ],
        }),
      ),
    );
    renderWithReview(<DecisionsContent />, { entity: portal });
    expect(
      await screen.findByText(/^No decision records in docs\/decisions\./),
    ).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'docs/decisions could not be read: no such directory in the repository',
    );
  });

  it('says why when the records cannot be loaded', async () => {
    server.use(
      http.get(DECISIONS_URL, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotFoundError',
              message:
                'component:default/commerce-platform-portal is not in the catalog',
            },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );
    renderWithReview(<DecisionsContent />, { entity: portal });
    expect(
      await screen.findByText(
        /The decision records could not be loaded: component:default\/commerce-platform-portal is not in the catalog$/,
      ),
    ).toBeInTheDocument();
  });
});
