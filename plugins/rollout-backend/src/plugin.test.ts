import fs from 'node:fs';
import path from 'node:path';
import {
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { urlReaderServiceFactory } from '@backstage/backend-defaults/urlReader';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { EntityRolloutReport } from '@internal/plugin-rollout-common';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { rolloutPlugin } from './plugin';

// Service repositories as a git host serves them: files under https://git.example.test/<repo>/,
// read through the backend's real UrlReader (its fetch reader, allowed for that host), so the
// plugin goes through the same URL resolution and reading as with GitHub or Azure DevOps.
const GIT_HOST = 'git.example.test';
const repositories = createMockDirectory();
const gitHost = setupServer(
  http.get(`https://${GIT_HOST}/*`, ({ request: req }) => {
    const file = repositories.resolve(
      decodeURIComponent(new URL(req.url).pathname).slice(1),
    );
    if (!file.startsWith(repositories.path) || !fs.existsSync(file)) {
      return new HttpResponse(null, { status: 404 });
    }
    return new HttpResponse(fs.readFileSync(file));
  }),
);

/**
 * The files the blueprint generated for order-service (99.99 %, p95 ≤ 150 ms), released as a
 * canary or, from `order-service-blue-green`, blue-green.
 */
function blueprintFiles(fixture = 'order-service'): Record<string, string> {
  const dir = path.resolve(__dirname, '__fixtures__', fixture);
  return Object.fromEntries(
    [
      'openslo.yaml',
      'deploy/rollout.yaml',
      'deploy/analysis-templates.yaml',
    ].map(file => [file, fs.readFileSync(path.join(dir, file), 'utf8')]),
  );
}

function service(
  name: string,
  annotations: Record<string, string> = {
    'commerce.platform/rollout-policy': 'deploy/',
    'commerce.platform/slo-file': 'openslo.yaml',
  },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      annotations: {
        'backstage.io/managed-by-location': `url:https://${GIT_HOST}/${name}/catalog-info.yaml`,
        ...annotations,
      },
    },
    spec: { type: 'service', owner: 'checkout-team', lifecycle: 'production' },
  };
}

describe('rolloutPlugin', () => {
  beforeAll(() =>
    gitHost.listen({
      // Requests to the test backend itself pass; anything else unexpected fails the test.
      onUnhandledRequest(req, print) {
        if (!['127.0.0.1', 'localhost'].includes(new URL(req.url).hostname)) {
          print.error();
        }
      },
    }),
  );
  afterEach(() => gitHost.resetHandlers());
  afterAll(() => gitHost.close());
  beforeEach(() => repositories.clear());

  async function getReport(ref: string, config: object = {}) {
    const { server } = await startTestBackend({
      features: [
        rolloutPlugin,
        urlReaderServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            backend: { reading: { allow: [{ host: GIT_HOST }] } },
            ...config,
          },
        }),
        catalogServiceMock.factory({
          entities: [
            service('order-service'),
            service('no-policy-service', {
              'commerce.platform/slo-file': 'openslo.yaml',
            }),
          ],
        }),
      ],
    });
    return request(server).get(`/api/rollout/v1/entities/${ref}`);
  }

  it('serves its OpenAPI document at /api/rollout/openapi.json, with the paths under /api/rollout', async () => {
    const { server } = await startTestBackend({
      features: [
        rolloutPlugin,
        urlReaderServiceFactory,
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
    const res = await request(server).get('/api/rollout/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      // openapi-merge, which the utils serve the document through, labels it 3.0.3.
      openapi: expect.stringMatching(/^3\./),
      info: { title: 'rollout' },
    });
    expect(Object.keys(res.body.paths)).toEqual([
      '/api/rollout/v1/entities/{kind}/{namespace}/{name}',
      '/api/rollout/v1/entities/{kind}/{namespace}/{name}/argocd',
    ]);
  });

  it('reads the blueprint policy and finds its thresholds match the SLO', async () => {
    repositories.setContent({ 'order-service': blueprintFiles() });

    const response = await getReport('component/default/order-service');

    expect(response.status).toBe(200);
    const report: EntityRolloutReport = response.body;
    const base = `https://${GIT_HOST}/order-service`;
    expect(report).toEqual({
      entityRef: 'component:default/order-service',
      policyUrl: `${base}/deploy/`,
      policyFiles: {
        rollout: `${base}/deploy/rollout.yaml`,
        analysisTemplates: `${base}/deploy/analysis-templates.yaml`,
      },
      policy: {
        name: 'order-service',
        strategy: 'canary',
        steps: [
          { weight: 1, pause: '5m' },
          { weight: 5, pause: '5m' },
          { weight: 25, pause: '10m' },
          { weight: 50, pause: '10m' },
          { weight: 100 },
        ],
        analysisStartingStep: 1,
        analysisStartsAt: 0,
        argoSteps: [
          'setWeight: 1',
          'pause: {duration: 5m}',
          'setWeight: 5',
          'pause: {duration: 5m}',
          'setWeight: 25',
          'pause: {duration: 10m}',
          'setWeight: 50',
          'pause: {duration: 10m}',
          'setWeight: 100',
        ],
        thresholds: [
          {
            template: 'order-service-success-rate',
            metric: 'success-rate',
            bound: 'min',
            value: 0.9999,
            interval: '1m',
            count: 5,
            failureLimit: 1,
          },
          {
            template: 'order-service-latency-p95',
            metric: 'latency-p95',
            bound: 'max',
            value: 0.15,
            interval: '1m',
            count: 5,
            failureLimit: 1,
          },
        ],
      },
      slo: {
        availability: 0.9999,
        availabilitySlo: 'order-service-availability',
        latencySeconds: 0.15,
        latencySlo: 'order-service-latency',
        sloFileUrl: `${base}/openslo.yaml`,
      },
      findings: [],
      problems: [],
    });
  });

  it('reads a blue-green policy and holds its pre- and post-promotion analysis to the SLO', async () => {
    repositories.setContent({
      'order-service': blueprintFiles('order-service-blue-green'),
    });

    const response = await getReport('component/default/order-service');

    expect(response.status).toBe(200);
    const report: EntityRolloutReport = response.body;
    const templates = [
      'order-service-success-rate',
      'order-service-latency-p95',
    ];
    expect(report.policy).toEqual({
      name: 'order-service',
      strategy: 'blueGreen',
      steps: [],
      argoSteps: [],
      blueGreen: {
        activeService: 'order-service-stable',
        previewService: 'order-service-preview',
        autoPromotionEnabled: false,
        scaleDownDelaySeconds: 600,
        prePromotionAnalysis: templates,
        postPromotionAnalysis: templates,
      },
      // Each template once, though both analyses run it.
      thresholds: [
        expect.objectContaining({
          template: 'order-service-success-rate',
          bound: 'min',
          value: 0.9999,
        }),
        expect.objectContaining({
          template: 'order-service-latency-p95',
          bound: 'max',
          value: 0.15,
        }),
      ],
    });
    expect(report.slo).toMatchObject({
      availability: 0.9999,
      latencySeconds: 0.15,
    });
    expect(report.findings).toEqual([]);
    expect(report.problems).toEqual([]);
  });

  it('finds a blue-green threshold looser than the SLO, as for a canary', async () => {
    const files = blueprintFiles('order-service-blue-green');
    files['deploy/analysis-templates.yaml'] = files[
      'deploy/analysis-templates.yaml'
    ]!.replace('result[0] >= 0.9999', 'result[0] >= 0.999');
    repositories.setContent({ 'order-service': files });

    const report: EntityRolloutReport = (
      await getReport('component/default/order-service')
    ).body;

    expect(report.findings.map(f => [f.severity, f.message])).toEqual([
      [
        'warning',
        'order-service-success-rate/success-rate accepts a success rate of 0.999, looser than the availability objective 0.9999 (99.99 %): a new version that breaks the SLO is promoted',
      ],
    ]);
  });

  it('flags a threshold looser than the SLO', async () => {
    const files = blueprintFiles();
    files['deploy/analysis-templates.yaml'] = files[
      'deploy/analysis-templates.yaml'
    ]!.replace('result[0] >= 0.9999', 'result[0] >= 0.999');
    repositories.setContent({ 'order-service': files });

    const response = await getReport('component/default/order-service');

    expect(response.status).toBe(200);
    expect(response.body.problems).toEqual([]);
    expect(response.body.findings).toEqual([
      {
        severity: 'warning',
        threshold: 'order-service-success-rate/success-rate',
        message:
          'order-service-success-rate/success-rate accepts a success rate of 0.999, looser than the availability objective 0.9999 (99.99 %): a canary that breaks the SLO is promoted',
        fix: expect.stringContaining('result[0] >= 0.9999'),
      },
    ]);
  });

  it('reports a missing rollout.yaml as a problem, not an error', async () => {
    const { 'deploy/rollout.yaml': _gone, ...files } = blueprintFiles();
    repositories.setContent({ 'order-service': files });

    const response = await getReport('component/default/order-service');

    expect(response.status).toBe(200);
    expect(response.body.policy).toBeUndefined();
    expect(response.body.findings).toEqual([]);
    expect(response.body.problems).toEqual([
      `deploy/rollout.yaml does not exist (looked for https://${GIT_HOST}/order-service/deploy/rollout.yaml); add it, or point commerce.platform/rollout-policy at the directory that holds it`,
    ]);
    // The SLO was still read.
    expect(response.body.slo.availability).toBe(0.9999);
  });

  it('reports broken YAML and a missing SLO file as problems', async () => {
    const files = blueprintFiles();
    files['deploy/rollout.yaml'] = files['deploy/rollout.yaml']!.replace(
      '  replicas: 3',
      '  replicas: [3',
    );
    delete files['openslo.yaml'];
    repositories.setContent({ 'order-service': files });

    const response = await getReport('component/default/order-service');

    expect(response.status).toBe(200);
    expect(response.body.problems).toEqual([
      expect.stringMatching(
        /^deploy\/rollout\.yaml: document 1 is not valid YAML: .*line \d+/,
      ),
      'deploy/: no Argo Rollouts Rollout found in the deploy manifests',
      expect.stringContaining(
        `names https://${GIT_HOST}/order-service/openslo.yaml, which does not exist`,
      ),
    ]);
    expect(response.body.slo).toBeUndefined();
  });

  it('reports a policy file whose read hangs as a problem within commerce.reading.timeoutSeconds', async () => {
    repositories.setContent({ 'order-service': blueprintFiles() });
    const rolloutUrl = `https://${GIT_HOST}/order-service/deploy/rollout.yaml`;
    gitHost.use(http.get(rolloutUrl, () => delay('infinite')));

    const started = Date.now();
    const response = await getReport('component/default/order-service', {
      commerce: { reading: { timeoutSeconds: 0.2 } },
    });

    expect(Date.now() - started).toBeLessThan(5_000);
    expect(response.status).toBe(200);
    expect(response.body.problems).toEqual([
      `deploy/rollout.yaml could not be read from ${rolloutUrl}: ${GIT_HOST} did not answer within 0.2 s (reading ${rolloutUrl}). Try again later, or raise commerce.reading.timeoutSeconds if ${GIT_HOST} is only slow.`,
    ]);
    // The other files were still read.
    expect(response.body.slo.availability).toBe(0.9999);
  });

  it('says what to add when the entity names no policy directory', async () => {
    repositories.setContent({ 'no-policy-service': blueprintFiles() });

    const response = await getReport('component/default/no-policy-service');

    expect(response.status).toBe(200);
    expect(response.body.policy).toBeUndefined();
    expect(response.body.problems).toEqual([
      'component:default/no-policy-service has no commerce.platform/rollout-policy annotation; add one naming the directory that holds rollout.yaml and analysis-templates.yaml, e.g. deploy/',
    ]);
  });

  it('answers 404 for an entity the catalog does not have', async () => {
    const response = await getReport('component/default/unknown-service');

    expect(response.status).toBe(404);
    expect(response.body.error.message).toBe(
      'The catalog has no entity component:default/unknown-service; check the kind, namespace and name',
    );
  });
});
