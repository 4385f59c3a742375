import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import authPlugin from '@backstage/plugin-auth-backend';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import testPeopleProvider, { TEST_PERSON_HEADER } from './index';

/** amara.okafor of checkout-team, as catalog/org.yaml has her. */
const amara: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'amara.okafor', namespace: 'default' },
  spec: { memberOf: ['checkout-team'] },
  relations: [{ type: 'memberOf', targetRef: 'group:default/checkout-team' }],
};

async function start(options: { nodeEnv: string; authEnvironment: string }) {
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = options.nodeEnv;
  try {
    const backend = await startTestBackend({
      features: [
        authPlugin,
        testPeopleProvider,
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => catalogServiceMock({ entities: [amara] }),
        }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            auth: {
              environment: options.authEnvironment,
              providers: { 'test-person': {} },
            },
          },
        }),
      ],
    });
    return backend;
  } finally {
    process.env.NODE_ENV = previous;
  }
}

const signIn = (server: any, name?: string) => {
  const req = request(server)
    .get('/api/auth/test-person/refresh')
    .set('X-Requested-With', 'XMLHttpRequest');
  return name ? req.set(TEST_PERSON_HEADER, name) : req;
};

describe('the test-person sign-in', () => {
  it('signs a development backend in as the chosen catalog User, with their team', async () => {
    const { server } = await start({
      nodeEnv: 'development',
      authEnvironment: 'development',
    });
    const res = await signIn(server, 'amara.okafor');
    expect(res.status).toBe(200);
    expect(res.body.backstageIdentity.identity).toEqual({
      type: 'user',
      userEntityRef: 'user:default/amara.okafor',
      ownershipEntityRefs: [
        'user:default/amara.okafor',
        'group:default/checkout-team',
      ],
    });

    // Only people the catalog knows.
    expect((await signIn(server, 'nobody')).status).toBe(404);
    const unnamed = await signIn(server);
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.error.message).toContain(TEST_PERSON_HEADER);
  });

  it.each([
    { nodeEnv: 'production', authEnvironment: 'production' },
    // A production build run with the local config is still refused, and so is the reverse.
    { nodeEnv: 'production', authEnvironment: 'development' },
    { nodeEnv: 'development', authEnvironment: 'production' },
  ])(
    'refuses everyone with NODE_ENV $nodeEnv and auth.environment $authEnvironment',
    async env => {
      const { server } = await start(env);
      const res = await signIn(server, 'amara.okafor');
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(
        /^Test people sign in only on a development backend/,
      );
    },
  );
});
