import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { EntityArgoCdStatus } from '@internal/plugin-rollout-common';
import { entraIdHandlers } from '@internal/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { rolloutPlugin } from './plugin';

const ARGOCD = 'https://argocd.example.test';

/** An Application as Argo CD's `GET /api/v1/applications/{name}` returns it (v1alpha1), trimmed. */
function application(
  name: string,
  sync: string,
  health: string,
  history: Array<{ id: number; revision: string; deployedAt: string }>,
  healthMessage?: string,
) {
  return {
    metadata: { name, namespace: 'argocd', uid: `uid-${name}` },
    spec: {
      project: 'checkout-team',
      source: {
        repoURL: `https://github.com/example/${name}.git`,
        path: 'deploy',
        targetRevision: 'main',
      },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: 'checkout-team',
      },
    },
    status: {
      sync: { status: sync, revision: history.at(-1)?.revision },
      health: {
        status: health,
        ...(healthMessage && { message: healthMessage }),
      },
      reconciledAt: '2026-12-07T10:00:00Z',
      operationState: {
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        finishedAt: history.at(-1)?.deployedAt,
      },
      history: history.map(h => ({
        ...h,
        deployStartedAt: h.deployedAt,
        source: { repoURL: `https://github.com/example/${name}.git` },
        initiatedBy: { automated: true },
      })),
    },
  };
}

const deployments = Array.from({ length: 7 }, (_, i) => ({
  id: i,
  revision: `rev${i}`.padEnd(40, '0'),
  deployedAt: `2026-12-0${i + 1}T09:00:00Z`,
}));

const argoCd = setupServer();
const seen: Array<{ path: string; auth: string | null; query: string }> = [];

function argoCdServes(apps: Record<string, object>) {
  argoCd.use(
    http.get(
      `${ARGOCD}/api/v1/applications/:name`,
      ({ request: req, params }) => {
        const url = new URL(req.url);
        seen.push({
          path: url.pathname,
          auth: req.headers.get('authorization'),
          query: url.search,
        });
        if (req.headers.get('authorization') !== 'Bearer argo-token') {
          return HttpResponse.json(
            {
              error: 'invalid session',
              code: 16,
              message: 'invalid session: token is expired',
            },
            { status: 401 },
          );
        }
        const app = apps[params.name as string];
        return app
          ? HttpResponse.json(app)
          : HttpResponse.json(
              {
                error: `applications.argoproj.io "${params.name}" not found`,
                code: 5,
                message: `applications.argoproj.io "${params.name}" not found`,
              },
              { status: 404 },
            );
      },
    ),
  );
}

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, annotations },
    spec: { type: 'service', owner: 'checkout-team', lifecycle: 'production' },
  };
}

const entities = [
  component('order-service', { 'argocd/app-name': 'order-service' }),
  component('cart-service', {
    'argocd/app-name': 'cart',
    'commerce.platform/argocd-apps': 'dev=cart-development, prod=cart',
  }),
  component('bad-service', { 'commerce.platform/argocd-apps': 'dev:cart' }),
];

async function getStatus(
  name: string,
  argocd?: object,
): Promise<{ status: number; body: EntityArgoCdStatus }> {
  const { server } = await startTestBackend({
    features: [
      rolloutPlugin,
      mockServices.rootConfig.factory({ data: argocd ? { argocd } : {} }),
      catalogServiceMock.factory({ entities }),
    ],
  });
  const res = await request(server).get(
    `/api/rollout/v1/entities/component/default/${name}/argocd`,
  );
  return { status: res.status, body: res.body };
}

describe('the Argo CD status route', () => {
  beforeAll(() =>
    argoCd.listen({
      onUnhandledRequest(req, print) {
        if (!['127.0.0.1', 'localhost'].includes(new URL(req.url).hostname)) {
          print.error();
        }
      },
    }),
  );
  afterEach(() => {
    argoCd.resetHandlers();
    seen.length = 0;
  });
  afterAll(() => argoCd.close());

  const configured = { baseUrl: `${ARGOCD}/`, token: 'argo-token' };

  it('says "not configured", with what to set, and calls nobody when argocd is not configured', async () => {
    argoCdServes({});
    const { status, body } = await getStatus('order-service');
    expect(status).toBe(200);
    expect(body).toEqual({
      entityRef: 'component:default/order-service',
      configured: false,
      message: expect.stringContaining(
        "set argocd.kubernetes.cluster (read the Applications through the cluster's API, as in production) or argocd.baseUrl and argocd.token",
      ),
    });
    expect(seen).toEqual([]);
  });

  it('reads <app-name>-dev and -prod with the token: sync, health and the newest history first', async () => {
    argoCdServes({
      'order-service-dev': application(
        'order-service-dev',
        'Synced',
        'Healthy',
        deployments,
      ),
      'order-service-prod': application(
        'order-service-prod',
        'OutOfSync',
        'Degraded',
        deployments.slice(0, 2),
        'Deployment "order-service" exceeded its progress deadline',
      ),
    });
    const { status, body } = await getStatus('order-service', configured);
    expect(status).toBe(200);
    expect(seen.map(s => [s.path, s.auth])).toEqual(
      expect.arrayContaining([
        ['/api/v1/applications/order-service-dev', 'Bearer argo-token'],
        ['/api/v1/applications/order-service-prod', 'Bearer argo-token'],
      ]),
    );
    if (!body.configured) throw new Error('expected configured');
    expect(body.problems).toEqual([]);
    const [dev, prod] = body.applications;
    expect(dev).toMatchObject({
      environment: 'dev',
      application: 'order-service-dev',
      url: `${ARGOCD}/applications/order-service-dev`,
      syncStatus: 'Synced',
      healthStatus: 'Healthy',
      revision: deployments[6].revision,
      lastOperation: { phase: 'Succeeded' },
    });
    // Five by default, newest first.
    expect(dev.history.map(h => h.id)).toEqual([6, 5, 4, 3, 2]);
    expect(dev.history[0]).toEqual({
      id: 6,
      revision: deployments[6].revision,
      deployedAt: '2026-12-07T09:00:00Z',
      initiatedBy: 'automated',
    });
    expect(prod).toMatchObject({
      environment: 'prod',
      syncStatus: 'OutOfSync',
      healthStatus: 'Degraded',
      healthMessage:
        'Deployment "order-service" exceeded its progress deadline',
    });
    expect(prod.history.map(h => h.id)).toEqual([1, 0]);
  });

  it('follows commerce.platform/argocd-apps, the configured environments and the apps namespace', async () => {
    argoCdServes({
      'cart-development': application(
        'cart-development',
        'Synced',
        'Progressing',
        [],
      ),
      cart: application('cart', 'Synced', 'Healthy', deployments.slice(0, 1)),
    });
    const { body } = await getStatus('cart-service', {
      ...configured,
      appNamespace: 'team-apps',
      uiUrl: 'https://argocd-ui.example.test',
      historyLength: 1,
    });
    if (!body.configured) throw new Error('expected configured');
    expect(
      body.applications.map(a => [
        a.environment,
        a.application,
        a.healthStatus,
        a.url,
      ]),
    ).toEqual([
      [
        'dev',
        'cart-development',
        'Progressing',
        'https://argocd-ui.example.test/applications/team-apps/cart-development',
      ],
      [
        'prod',
        'cart',
        'Healthy',
        'https://argocd-ui.example.test/applications/team-apps/cart',
      ],
    ]);
    expect(seen.map(s => s.query)).toEqual([
      '?appNamespace=team-apps',
      '?appNamespace=team-apps',
    ]);
  });

  it('reports a missing Application and a refused token per Application, not as an error', async () => {
    argoCdServes({
      'order-service-dev': application(
        'order-service-dev',
        'Synced',
        'Healthy',
        [],
      ),
    });
    const { status, body } = await getStatus('order-service', configured);
    expect(status).toBe(200);
    if (!body.configured) throw new Error('expected configured');
    expect(body.applications[0].problem).toBeUndefined();
    expect(body.applications[1]).toMatchObject({
      application: 'order-service-prod',
      history: [],
      problem: expect.stringMatching(
        /^Argo CD has no Application order-service-prod .*commerce\.platform\/argocd-apps/,
      ),
    });

    const refused = await getStatus('order-service', {
      ...configured,
      token: 'old',
    });
    if (!refused.body.configured) throw new Error('expected configured');
    expect(refused.body.applications.map(a => a.problem)).toEqual([
      expect.stringContaining(
        'Argo CD refused the token (Argo CD said: invalid session: token is expired); renew argocd.token',
      ),
      expect.stringContaining('Argo CD refused the token'),
    ]);
  });

  it('says how to write a malformed commerce.platform/argocd-apps', async () => {
    argoCdServes({});
    const { status, body } = await getStatus('bad-service', configured);
    expect(status).toBe(200);
    expect(body).toEqual({
      entityRef: 'component:default/bad-service',
      configured: true,
      applications: [],
      problems: [
        'commerce.platform/argocd-apps has "dev:cart": write environment=application pairs separated by commas, e.g. "dev=order-service-dev, prod=order-service-prod"',
      ],
    });
    expect(seen).toEqual([]);
  });

  it('answers 404 for an entity the catalog does not have', async () => {
    const { status, body } = await getStatus('gone', configured);
    expect(status).toBe(404);
    expect(JSON.stringify(body)).toContain(
      'The catalog has no entity component:default/gone',
    );
  });

  it('refuses a configuration without a URL, saying what to set', async () => {
    await expect(
      getStatus('order-service', {
        baseUrl: 'argocd.example.test',
        token: 't',
      }),
    ).rejects.toThrow(
      /argocd\.baseUrl is "argocd\.example\.test"; set the Argo CD server's URL/,
    );
  });
});

describe('the Argo CD status route, reading Applications through the cluster API', () => {
  // Production's way (app-config.production.yaml): the Application resources read from AKS's
  // API server as the portal's workload identity (DefaultAzureCredential, here its
  // EnvironmentCredential signing in with a client secret against msw's Entra ID).
  // AKS's API server URL as its Bicep output names it, with the port; requests go to the URL
  // without it (443 is https's own).
  const AKS = 'https://commerce-aks.hcp.westeurope.azmk8s.io';
  const TENANT = '11111111-2222-3333-4444-555555555555';
  const tokenScopes: string[] = [];
  const cluster = setupServer(
    ...entraIdHandlers({
      tenant: TENANT,
      accessToken: 'aks-entra-token',
      onToken: scope => tokenScopes.push(scope),
    }),
    http.get(
      `${AKS}/apis/argoproj.io/v1alpha1/namespaces/:namespace/applications/:name`,
      ({ request: req, params }) => {
        const url = new URL(req.url);
        seen.push({
          path: url.pathname,
          auth: req.headers.get('authorization'),
          query: url.search,
        });
        const status = (code: number, reason: string, message: string) =>
          HttpResponse.json(
            {
              kind: 'Status',
              apiVersion: 'v1',
              status: 'Failure',
              message,
              reason,
              code,
            },
            { status: code },
          );
        const auth = req.headers.get('authorization');
        if (auth !== 'Bearer aks-entra-token' && auth !== 'Bearer sa-token') {
          return status(401, 'Unauthorized', 'Unauthorized');
        }
        if (params.name === 'order-service-prod') {
          return status(
            403,
            'Forbidden',
            `applications.argoproj.io "order-service-prod" is forbidden: User "portal-oid" cannot get resource "applications" in API group "argoproj.io" in the namespace "${params.namespace}"`,
          );
        }
        if (params.name === 'order-service-dev') {
          return HttpResponse.json({
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Application',
            ...application(
              'order-service-dev',
              'Synced',
              'Healthy',
              deployments,
            ),
          });
        }
        return status(
          404,
          'NotFound',
          `applications.argoproj.io "${params.name}" not found`,
        );
      },
    ),
  );
  const kubernetes = (clusterConfig: object) => ({
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [{ type: 'config', clusters: [clusterConfig] }],
    },
  });
  const aks = {
    name: 'commerce-aks',
    url: `${AKS}:443/`,
    authProvider: 'azure',
    caData: Buffer.from('-----BEGIN CERTIFICATE-----').toString('base64'),
  };

  async function getFromCluster(name: string, data: object) {
    const { server } = await startTestBackend({
      features: [
        rolloutPlugin,
        mockServices.rootConfig.factory({ data }),
        catalogServiceMock.factory({ entities }),
      ],
    });
    const res = await request(server).get(
      `/api/rollout/v1/entities/component/default/${name}/argocd`,
    );
    return { status: res.status, body: res.body as EntityArgoCdStatus };
  }

  const saved = { ...process.env };
  beforeAll(() => {
    process.env.AZURE_TENANT_ID = TENANT;
    process.env.AZURE_CLIENT_ID = 'portal-identity-client-id';
    process.env.AZURE_CLIENT_SECRET = 'test-only-client-secret';
    cluster.listen({
      onUnhandledRequest(req, print) {
        if (!['127.0.0.1', 'localhost'].includes(new URL(req.url).hostname)) {
          print.error();
        }
      },
    });
  });
  afterEach(() => {
    seen.length = 0;
    tokenScopes.length = 0;
  });
  afterAll(() => {
    cluster.close();
    for (const key of [
      'AZURE_TENANT_ID',
      'AZURE_CLIENT_ID',
      'AZURE_CLIENT_SECRET',
    ]) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  it("reads each Application resource in argocd with the identity's AKS token, and says what a 403 and a 404 need", async () => {
    const { status, body } = await getFromCluster('order-service', {
      ...kubernetes(aks),
      argocd: { kubernetes: { cluster: 'commerce-aks' } },
    });
    expect(status).toBe(200);
    expect(tokenScopes).toContain(
      '6dae42f8-4368-4678-94ff-3960e28e3630/.default',
    );
    expect(seen.map(s => [s.path, s.auth]).sort()).toEqual([
      [
        '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/order-service-dev',
        'Bearer aks-entra-token',
      ],
      [
        '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/order-service-prod',
        'Bearer aks-entra-token',
      ],
    ]);
    if (!body.configured) throw new Error('expected configured');
    const [dev, prod] = body.applications;
    expect(dev).toMatchObject({
      application: 'order-service-dev',
      syncStatus: 'Synced',
      healthStatus: 'Healthy',
      revision: deployments[6].revision,
    });
    expect(dev.history.map(h => h.id)).toEqual([6, 5, 4, 3, 2]);
    // No uiUrl: Argo CD's UI is not exposed, so no link.
    expect(dev.url).toBeUndefined();
    expect(prod.problem).toBe(
      'The portal\'s identity may not read Applications in namespace argocd of cluster commerce-aks (Kubernetes said: applications.argoproj.io "order-service-prod" is forbidden: User "portal-oid" cannot get resource "applications" in API group "argoproj.io" in the namespace "argocd"): grant it get on applications.argoproj.io there (infra/portal/rollouts-reader.yaml)',
    );

    const missing = await getFromCluster('cart-service', {
      ...kubernetes(aks),
      argocd: {
        kubernetes: { cluster: 'commerce-aks' },
        appNamespace: 'team-apps',
        uiUrl: 'https://argocd.internal.example.test',
      },
    });
    if (!missing.body.configured) throw new Error('expected configured');
    expect(missing.body.applications[0]).toMatchObject({
      application: 'cart-development',
      url: 'https://argocd.internal.example.test/applications/team-apps/cart-development',
      problem: expect.stringMatching(
        /^Argo CD has no Application cart-development in namespace team-apps \(Kubernetes said: applications\.argoproj\.io "cart-development" not found\); create it/,
      ),
    });
  });

  it("uses a serviceAccount cluster's token, and names a refused one", async () => {
    const { body } = await getFromCluster('order-service', {
      ...kubernetes({
        name: 'kind',
        url: AKS,
        authProvider: 'serviceAccount',
        serviceAccountToken: 'sa-token',
      }),
      argocd: { kubernetes: { cluster: 'kind' } },
    });
    if (!body.configured) throw new Error('expected configured');
    expect(body.applications[0]).toMatchObject({ healthStatus: 'Healthy' });
    expect(tokenScopes).toEqual([]);

    const refused = await getFromCluster('order-service', {
      ...kubernetes({
        name: 'kind',
        url: AKS,
        authProvider: 'serviceAccount',
        serviceAccountToken: 'expired',
      }),
      argocd: { kubernetes: { cluster: 'kind' } },
    });
    if (!refused.body.configured) throw new Error('expected configured');
    expect(refused.body.applications[0].problem).toBe(
      "Cluster kind refused the portal's token (Kubernetes said: Unauthorized); check its authProvider (serviceAccount) and the portal's identity",
    );
  });

  it.each([
    [
      { argocd: { kubernetes: { cluster: 'commerce-aks' } } },
      /argocd\.kubernetes\.cluster is "commerce-aks", but kubernetes\.clusterLocatorMethods \(type config\) has no cluster of that name \(it has none\)/,
    ],
    [
      {
        ...kubernetes(aks),
        argocd: { kubernetes: { cluster: 'other' } },
      },
      /has no cluster of that name \(it has: commerce-aks\)/,
    ],
    [
      {
        ...kubernetes(aks),
        argocd: {
          kubernetes: { cluster: 'commerce-aks' },
          baseUrl: 'https://argocd.example.test',
          token: 't',
        },
      },
      /argocd sets both kubernetes\.cluster and baseUrl\/token; keep one/,
    ],
    [
      {
        ...kubernetes({ ...aks, authProvider: 'oidc' }),
        argocd: { kubernetes: { cluster: 'commerce-aks' } },
      },
      /signs in with authProvider "oidc"; the Argo CD card reads clusters with authProvider azure .* or serviceAccount/,
    ],
  ])(
    'refuses a configuration it cannot use, saying what to set (%#)',
    async (data, message) => {
      await expect(getFromCluster('order-service', data)).rejects.toThrow(
        message,
      );
    },
  );
});
