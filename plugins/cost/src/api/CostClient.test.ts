import { mockApis, registerMswTestHooks } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { CostClient } from './CostClient';
import {
  cartEstimate,
  costBaseUrl,
  orderServiceEstimate,
  overview,
} from '../__testUtils__/fixtures';

describe('CostClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new CostClient({
    discoveryApi: mockApis.discovery(),
    fetchApi: mockApis.fetch(),
  });

  it('reads an entity report by kind, namespace and name', async () => {
    let url: URL | undefined;
    server.use(
      http.get(
        `${costBaseUrl}/v1/entities/:kind/:namespace/:name`,
        ({ request }) => {
          url = new URL(request.url);
          return HttpResponse.json(orderServiceEstimate);
        },
      ),
    );
    await expect(
      client.getEntityCost({
        kind: 'Component',
        namespace: 'default',
        name: 'order-service',
      }),
    ).resolves.toEqual(orderServiceEstimate);
    expect(url?.pathname).toBe(
      '/api/cost/v1/entities/component/default/order-service',
    );
  });

  it('reads the overview', async () => {
    server.use(
      http.get(`${costBaseUrl}/v1/overview`, () => HttpResponse.json(overview)),
    );
    await expect(client.getOverview()).resolves.toEqual(overview);
  });

  it('asks for one System’s or team’s roll-up', async () => {
    const urls: URL[] = [];
    server.use(
      http.get(`${costBaseUrl}/v1/overview`, ({ request }) => {
        urls.push(new URL(request.url));
        return HttpResponse.json(overview);
      }),
    );
    await client.getOverview({ system: 'system:default/commerce-platform' });
    await client.getOverview({ group: 'group:default/checkout-team' });
    expect(urls.map(url => url.search)).toEqual([
      '?system=system%3Adefault%2Fcommerce-platform',
      '?group=group%3Adefault%2Fcheckout-team',
    ]);
  });

  it('asks for the production estimate of a kind in a region', async () => {
    let url: URL | undefined;
    server.use(
      http.get(`${costBaseUrl}/v1/estimates/:serviceKind`, ({ request }) => {
        url = new URL(request.url);
        return HttpResponse.json(cartEstimate);
      }),
    );
    await expect(
      client.getServiceKindEstimate({
        serviceKind: 'cart',
        region: 'northeurope',
      }),
    ).resolves.toEqual(cartEstimate);
    expect(url?.pathname).toBe('/api/cost/v1/estimates/cart');
    expect(Object.fromEntries(url!.searchParams)).toEqual({
      environment: 'prod',
      region: 'northeurope',
    });
  });

  it('throws a ResponseError carrying the server message', async () => {
    server.use(
      http.get(`${costBaseUrl}/v1/estimates/:serviceKind`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message:
                'Unknown service kind "shoe"; use product, order, cart or payment',
            },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    const error = await client
      .getServiceKindEstimate({ serviceKind: 'shoe' })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.response.status).toBe(400);
    // ResponseErrorPanel shows the cause: the server's own words on what to fix.
    expect(error.cause.message).toContain('Unknown service kind "shoe"');
  });
});
