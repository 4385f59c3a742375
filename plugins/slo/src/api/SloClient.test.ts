import { ResponseError } from '@backstage/errors';
import { mockApis, registerMswTestHooks } from '@backstage/frontend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { SloClient } from './SloClient';

const server = setupServer();
registerMswTestHooks(server);

const client = new SloClient({
  discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage.test' }),
  fetchApi: mockApis.fetch(),
});
const ref = { kind: 'Component', namespace: 'default', name: 'order service' };

describe('SloClient', () => {
  it('asks for the entity’s report with a lower-case kind and encoded names', async () => {
    server.use(
      http.get(
        'http://backstage.test/api/slo/v1/entities/component/default/order%20service',
        () => HttpResponse.json({ entityRef: 'x', slos: [] }),
      ),
    );
    await expect(client.getEntityReport(ref)).resolves.toEqual({
      entityRef: 'x',
      slos: [],
    });
  });

  it('passes the objective and the number of days to the history endpoint', async () => {
    let params: URLSearchParams | undefined;
    server.use(
      http.get(
        'http://backstage.test/api/slo/v1/entities/component/default/order%20service/history',
        ({ request }) => {
          params = new URL(request.url).searchParams;
          return HttpResponse.json({ points: [] });
        },
      ),
    );
    await client.getHistory(ref, {
      slo: 'order-service-availability',
      days: 7,
    });
    expect(Object.fromEntries(params!)).toEqual({
      slo: 'order-service-availability',
      days: '7',
    });
    await client.getHistory(ref, { slo: 'a' });
    expect(Object.fromEntries(params!)).toEqual({ slo: 'a' });
  });

  it('asks for every objective’s history in one request', async () => {
    const urls: string[] = [];
    server.use(
      http.get(
        'http://backstage.test/api/slo/v1/entities/component/default/order%20service/histories',
        ({ request }) => {
          urls.push(new URL(request.url).search);
          return HttpResponse.json({ histories: [] });
        },
      ),
    );
    await client.getHistories(ref);
    await client.getHistories(ref, { days: 7 });
    expect(urls).toEqual(['', '?days=7']);
  });

  it('throws the backend’s error as a ResponseError', async () => {
    server.use(
      http.get('http://backstage.test/api/slo/*', () =>
        HttpResponse.json(
          {
            error: { name: 'InputError', message: 'days must be from 1 to 90' },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    const error = await client
      .getHistory(ref, { slo: 'a', days: 91 })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.body.error.message).toBe('days must be from 1 to 90');
  });
});
