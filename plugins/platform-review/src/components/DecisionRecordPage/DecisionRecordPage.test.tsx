import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { BASE_URL, gatewayApi, serviceMesh } from '../../__fixtures__/review';
import { renderWithReview } from '../../__testUtils__/renderWithReview';
import { DecisionRecordPage, siblingRecordLink } from './DecisionRecordPage';

const server = setupServer();
registerMswTestHooks(server);

const RECORD_URL = `${BASE_URL}/v1/entities/component/default/commerce-platform-portal/decisions/0009-defer-service-mesh.md`;
const PAGE =
  '/platform-review/decisions/default/component/commerce-platform-portal/0009-defer-service-mesh.md';

const MESH_MARKDOWN = `# ${serviceMesh.title}

## Context and problem statement

Four services on one AKS cluster; Envoy Gateway already terminates TLS.

* mTLS between services is **not required** yet
* see [0004](0004-gateway-api-with-envoy-gateway-not-apim.md) and [Istio](https://istio.io)

| option | cost |
| --- | --- |
| Istio | high |
`;

/** The page as the app mounts it: under its base path, the rest of the URL for its routes. */
function renderPage(url = PAGE) {
  return renderWithReview(<DecisionRecordPage />, {
    url: url.replace('/platform-review/decisions', ''),
  });
}

describe('DecisionRecordPage', () => {
  it('renders the record from its Markdown, with its status, makers and revisit', async () => {
    server.use(
      http.get(RECORD_URL, () =>
        HttpResponse.json({ record: serviceMesh, markdown: MESH_MARKDOWN }),
      ),
    );
    renderPage();

    expect(
      await screen.findByRole('heading', {
        name: `0009 · ${serviceMesh.title}`,
        level: 1,
      }),
    ).toBeInTheDocument();
    // The Markdown rendered (headings, emphasis, lists, a GFM table), not shown as source text.
    expect(
      screen.getByRole('heading', { name: 'Context and problem statement' }),
    ).toBeInTheDocument();
    expect(screen.getByText('not required').tagName).toBe('STRONG');
    expect(screen.getByRole('table')).toHaveTextContent('Istiohigh');
    expect(screen.queryByText(/^## /)).toBeNull();
    // The title is the page's, not repeated as the Markdown's first heading.
    expect(
      screen.getAllByRole('heading', { name: /Defer a service mesh/ }),
    ).toEqual([screen.getByRole('heading', { level: 1 })]);
    // A link to a sibling record opens it here; other links stay as written.
    expect(screen.getByRole('link', { name: '0004' })).toHaveAttribute(
      'href',
      '/platform-review/decisions/default/component/commerce-platform-portal/0004-gateway-api-with-envoy-gateway-not-apim.md',
    );
    expect(screen.getByRole('link', { name: /^Istio/ })).toHaveAttribute(
      'href',
      'https://istio.io',
    );

    expect(screen.getByText('deferred')).toBeInTheDocument();
    expect(
      screen.getByText(/Decision makers: platform-team, engineering-leads/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'commerce-platform-portal' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/commerce-platform-portal',
    );
    expect(
      within(
        screen.getByRole('list', { name: 'Trigger clauses' }),
      ).getAllByRole('listitem'),
    ).not.toHaveLength(0);
  });

  it("shows the backend's reason when there is no such record", async () => {
    server.use(
      http.get(RECORD_URL, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotFoundError',
              message:
                'component:default/commerce-platform-portal has no decision record 0009-defer-service-mesh.md',
            },
            request: { method: 'GET', url: RECORD_URL },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );
    renderPage();

    expect(
      await screen.findByText(
        /The decision record could not be loaded: component:default\/commerce-platform-portal has no decision record 0009-defer-service-mesh\.md/,
      ),
    ).toBeInTheDocument();
  });
});

describe('siblingRecordLink', () => {
  const portal = {
    kind: 'Component',
    namespace: 'default',
    name: 'commerce-platform-portal',
  };

  it('points a sibling record at its rendered page and leaves the rest alone', () => {
    expect(siblingRecordLink(`./${gatewayApi.file}#decision`, portal)).toBe(
      `/platform-review/decisions/default/component/commerce-platform-portal/${gatewayApi.file}#decision`,
    );
    expect(siblingRecordLink('README.md', portal)).toBe('README.md');
    expect(siblingRecordLink('../../README.md', portal)).toBe(
      '../../README.md',
    );
    expect(siblingRecordLink('https://example.com/x.md', portal)).toBe(
      'https://example.com/x.md',
    );
  });
});
