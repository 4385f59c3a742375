import { ResponseError } from '@backstage/errors';
import { mockApis, registerMswTestHooks } from '@backstage/frontend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { PlatformReviewClient } from './PlatformReviewClient';

const server = setupServer();
registerMswTestHooks(server);

const base = 'http://backstage.test/api/platform-review';
const client = new PlatformReviewClient({
  discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage.test' }),
  fetchApi: mockApis.fetch(),
});

describe('PlatformReviewClient', () => {
  it('sends only the filters that are set', async () => {
    const queries: Array<Record<string, string>> = [];
    server.use(
      http.get(`${base}/v1/review`, ({ request }) => {
        queries.push(
          Object.fromEntries(new URL(request.url).searchParams.entries()),
        );
        return HttpResponse.json({ generatedAt: 'now' });
      }),
    );
    await expect(client.getReview()).resolves.toEqual({ generatedAt: 'now' });
    await client.getReview({
      system: 'system:default/commerce-platform',
      team: 'group:default/checkout-team',
    });
    await client.getReview({ team: 'group:default/checkout-team' });
    expect(queries).toEqual([
      {},
      {
        system: 'system:default/commerce-platform',
        team: 'group:default/checkout-team',
      },
      { team: 'group:default/checkout-team' },
    ]);
  });

  it('asks for all decisions and for one entity’s, with a lower-case kind and encoded names', async () => {
    server.use(
      http.get(`${base}/v1/decisions`, () =>
        HttpResponse.json({ decisions: [], problems: ['all'] }),
      ),
      http.get(
        `${base}/v1/entities/component/default/commerce%20portal/decisions`,
        () => HttpResponse.json({ decisions: [], problems: ['one'] }),
      ),
    );
    await expect(client.getDecisions()).resolves.toEqual({
      decisions: [],
      problems: ['all'],
    });
    await expect(
      client.getEntityDecisions({
        kind: 'Component',
        namespace: 'default',
        name: 'commerce portal',
      }),
    ).resolves.toEqual({ decisions: [], problems: ['one'] });
  });

  it('posts a refresh', async () => {
    const methods: string[] = [];
    server.use(
      http.all(`${base}/v1/refresh`, ({ request }) => {
        methods.push(request.method);
        return new HttpResponse(null, { status: 202 });
      }),
    );
    await expect(client.refresh()).resolves.toBeUndefined();
    expect(methods).toEqual(['POST']);
  });

  it('throws the backend’s error as a ResponseError', async () => {
    server.use(
      http.get(`${base}/v1/review`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message:
                'system must be an entity ref such as system:default/commerce-platform',
            },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    const error = await client.getReview({ system: 'nope' }).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.body.error.message).toBe(
      'system must be an entity ref such as system:default/commerce-platform',
    );
  });
});
