import { mockApis, registerMswTestHooks } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { matchingReport } from '../__fixtures__/reports';
import { RolloutClient } from './RolloutClient';

const backend = setupServer();
registerMswTestHooks(backend);

const client = new RolloutClient({
  discoveryApi: mockApis.discovery({ baseUrl: 'http://backend.test' }),
  fetchApi: { fetch: (input, init) => fetch(input, init) },
});

describe('RolloutClient', () => {
  it('asks the rollout backend for the entity, with each part of the ref encoded', async () => {
    const paths: string[] = [];
    backend.use(
      http.get(
        'http://backend.test/api/rollout/v1/entities/*',
        ({ request }) => {
          paths.push(new URL(request.url).pathname);
          return HttpResponse.json(matchingReport);
        },
      ),
    );

    await expect(
      client.getEntityRolloutReport({
        kind: 'Component',
        namespace: 'team a',
        name: 'order/service',
      }),
    ).resolves.toEqual(matchingReport);
    expect(paths).toEqual([
      '/api/rollout/v1/entities/Component/team%20a/order%2Fservice',
    ]);
  });

  it('throws a ResponseError carrying the backend message', async () => {
    backend.use(
      http.get('http://backend.test/api/rollout/v1/entities/*', () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotFoundError',
              message: 'The catalog has no entity',
            },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );

    const error = await client
      .getEntityRolloutReport({
        kind: 'Component',
        namespace: 'default',
        name: 'gone',
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.body.error.message).toBe('The catalog has no entity');
  });
});
