/**
 * What a production run of a service template does, recorded and checked.
 *
 * The production path cannot run here (no GitHub, no Azure), so this test runs the real
 * backend (packages/backend/src/index.ts, as shipped) with production targets — publishing to
 * GitHub through a token integration, Azure through DefaultAzureCredential's workload identity,
 * the GitOps repository on GitHub — and puts msw between it and the outside world
 * (__testUtils__/productionPath/productionWorld.mjs, imported into the backend process before it starts).
 * The order-service template then runs through the real scaffolder API, every action and SDK
 * unchanged, and the test checks the requests that reached GitHub, ARM and Entra ID, in order,
 * with the bodies that matter. PRODUCTION_RUN below is that list: read it as the documentation
 * of a production run (docs/production-run.md points here).
 *
 * The honest parts and the recorded parts:
 * - GitHub's API and ARM answer from msw with the shapes the real services use; a request no
 *   handler knows is answered 501 and fails the test, naming it.
 * - The git push is real: the repository-create answer names a clone_url on a local git
 *   smart-HTTP server (__testUtils__/productionPath/gitHttpServer.ts, `git http-backend`), which challenges
 *   for credentials as GitHub does; the test reads the pushed tree back.
 * - The Bicep CLI cannot be installed here (its releases come from GitHub), so
 *   `commerce.azure.bicepCommand` runs __testUtils__/productionPath/recordedBicep.cjs: it prints what
 *   `bicep build-params` prints, with the literal and readEnvironmentVariable() parameters of the
 *   generated main.prod.bicepparam and a recorded template. The parameters ARM receives are
 *   therefore the ones the generated file sets and the portal's environment holds; the
 *   template's resources are not compiled.
 * - Production signs in to GitHub as a GitHub App (an installation token per request); this run
 *   uses a token integration, so the App's token exchange is not recorded.
 *
 * The portal's background work in production (the cost backend's Cost Management query, the
 * catalog re-reading a registered repository) interleaves with the task at its own pace: those
 * requests are listed in BACKGROUND, allowed anywhere and any number of times, and left out of
 * the ordered comparison.
 *
 * Adding a step to the production path (a GitHub environment, a GitOps pull request, a what-if)
 * is: answer it in productionWorld.mjs, and add it to PRODUCTION_RUN where the run makes it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import {
  eventually,
  PortalBackend,
  startPortalBackend,
  submitTask,
  taskEvents,
  waitForTaskStatus,
} from '@internal/tools';
import {
  GitHttpServer,
  startGitHttpServer,
} from './__testUtils__/productionPath/gitHttpServer';

const ORG = 'commerce';
const SERVICE = 'order-service';
const SUBSCRIPTION = '11111111-2222-3333-4444-555555555555';
const TENANT = '72f988bf-0000-0000-0000-00000000aaaa';
const PORTAL_CLIENT_ID = '00000000-0000-0000-0000-00000000b0b0';
const FEDERATED_TOKEN =
  'eyJhbGciOiJSUzI1NiJ9.recorded-aks-service-account-token.sig';
const GITHUB_TOKEN = 'ghs_recordedtesttoken';
const GITOPS = `${ORG}/commerce-gitops`;

const GH = 'https://api.github.com';
const RG = `https://management.azure.com/subscriptions/${SUBSCRIPTION}/resourcegroups/rg-${SERVICE}`;
const DEPLOYMENT = `${RG}/providers/Microsoft.Resources/deployments/commerce-infra-main.prod`;

/** The portal's environment in production (infra/portal/configmap.yaml), as the backend reads it. */
const PORTAL_ENV = {
  AZURE_TENANT_ID: TENANT,
  AZURE_CLIENT_ID: PORTAL_CLIENT_ID,
  AKS_OIDC_ISSUER_URL:
    'https://westeurope.oic.prod-aks.azure.com/tenant/issuer/',
  PRIVATE_ENDPOINT_SUBNET_ID: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-commerce-platform/providers/Microsoft.Network/virtualNetworks/vnet-commerce/subnets/snet-private-endpoints`,
  POSTGRES_PRIVATE_DNS_ZONE_ID: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-commerce-platform/providers/Microsoft.Network/privateDnsZones/privatelink.postgres.database.azure.com`,
};

/** One request the run is expected to make. */
interface Expected {
  /** The template step that makes it. */
  step: string;
  /** What it is for, in a few words. */
  does: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The URL without its query string. */
  url: string;
  /** The parts of the JSON body that matter (toMatchObject). */
  body?: unknown;
}

/** A production run of the order-service template, request by request. */
const PRODUCTION_RUN: Expected[] = [
  // publish-github: the stock publish:github action.
  {
    step: 'publish-github',
    does: 'asks whether the owner is an organization',
    method: 'GET',
    url: `${GH}/users/${ORG}`,
  },
  {
    step: 'publish-github',
    does: 'creates the repository, internal to the organization',
    method: 'POST',
    url: `${GH}/orgs/${ORG}/repos`,
    body: {
      name: SERVICE,
      visibility: 'internal',
      description: 'Orders, recorded on the production path.',
    },
  },
  // (then pushes the generated service with git to the clone_url: checked on the git server)
  {
    step: 'publish-github',
    does: 'protects main: reviews by code owners, admins included',
    method: 'PUT',
    url: `${GH}/repos/${ORG}/${SERVICE}/branches/main/protection`,
    body: {
      enforce_admins: true,
      required_pull_request_reviews: {
        required_approving_review_count: 1,
        require_code_owner_reviews: true,
      },
    },
  },
  // register-github: commerce:catalog:register reads the published catalog-info.yaml (BACKGROUND
  // lists the reads, since the catalog's own processing reads the same files), then registers.
  // resource-group: commerce:azure:resource-group.
  {
    step: 'resource-group',
    does: 'reads the group to check its owner tag (not there yet)',
    method: 'GET',
    url: RG,
  },
  {
    step: 'resource-group',
    does: 'creates the group with the platform tags',
    method: 'PUT',
    url: RG,
    body: {
      location: 'westeurope',
      tags: {
        owner: 'checkout-team',
        service: SERVICE,
        'cost-center': 'cc-checkout-team',
        environment: 'prod',
      },
    },
  },
  // deploy: commerce:azure:deploy with infra/main.bicep and infra/main.prod.bicepparam.
  {
    step: 'deploy',
    does: 'checks the group is still the owner team’s',
    method: 'GET',
    url: RG,
  },
  {
    step: 'deploy',
    does: 'starts the deployment with the prod parameters',
    method: 'PUT',
    url: DEPLOYMENT,
    body: {
      properties: {
        mode: 'Incremental',
        parameters: {
          environment: { value: 'prod' },
          location: { value: 'westeurope' },
          aksOidcIssuerUrl: { value: PORTAL_ENV.AKS_OIDC_ISSUER_URL },
          privateEndpointSubnetId: {
            value: PORTAL_ENV.PRIVATE_ENDPOINT_SUBNET_ID,
          },
          privateDnsZoneId: { value: PORTAL_ENV.POSTGRES_PRIVATE_DNS_ZONE_ID },
        },
      },
    },
  },
  {
    step: 'deploy',
    does: 'polls the deployment’s operation status',
    method: 'GET',
    // The status URL is ARM's Azure-AsyncOperation header, which spells resourceGroups so.
    url: `${DEPLOYMENT.replace(
      '/resourcegroups/',
      '/resourceGroups/',
    )}/operationStatuses/08584-recorded`,
  },
  {
    step: 'deploy',
    does: 'reads the finished deployment and its outputs',
    method: 'GET',
    url: DEPLOYMENT,
  },
  // gitops: commerce:gitops:register commits the Argo CD Application.
  {
    step: 'gitops',
    does: 'reads the GitOps repository (its default branch)',
    method: 'GET',
    url: `${GH}/repos/${GITOPS}`,
  },
  {
    step: 'gitops',
    does: 'looks for the service’s Application (none yet)',
    method: 'GET',
    url: `${GH}/repos/${GITOPS}/contents/apps/${SERVICE}.yaml`,
  },
  {
    step: 'gitops',
    does: 'commits the Application to the default branch',
    method: 'PUT',
    url: `${GH}/repos/${GITOPS}/contents/apps/${SERVICE}.yaml`,
    body: { branch: 'main' },
  },
];

/** Requests the portal makes on its own schedule, allowed anywhere in the run. */
const BACKGROUND: Array<{ why: string; method: string; url: RegExp }> = [
  {
    why: 'Entra ID sign-in (workload identity), once per credential: checked below',
    method: 'POST',
    url: /^https:\/\/login\.microsoftonline\.com\/[^/]+\/oauth2\/v2\.0\/token$/,
  },
  {
    why: 'the cost backend asks Cost Management for spend by service tag',
    method: 'POST',
    url: /^https:\/\/management\.azure\.com\/subscriptions\/[^/]+\/providers\/Microsoft\.CostManagement\/query$/,
  },
  {
    why: 'register-github and the catalog read the service repository’s files (catalog-info.yaml, what it $text-references, infra/cost-model.yaml)',
    method: 'GET',
    url: new RegExp(`^${GH}/repos/${ORG}/${SERVICE}/contents/`),
  },
];

interface Recorded {
  seq: number;
  method: string;
  url: string;
  authorization?: string;
  body?: any;
  unexpected?: boolean;
}

function readRecording(file: string): Recorded[] {
  const byId = new Map<string, Recorded>();
  const unexpected = new Set<string>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const { requestId, ...entry } = JSON.parse(line);
    if (entry.unexpected && !entry.method) unexpected.add(requestId);
    else byId.set(requestId, entry);
  }
  return [...byId.entries()]
    .map(([id, r]) => ({ ...r, unexpected: unexpected.has(id) }))
    .sort((a, b) => a.seq - b.seq);
}

// Octokit escapes the "/" of a file path (contents/apps%2Fx.yaml); GitHub reads both alike.
const withoutQuery = (url: string) => decodeURIComponent(url.split('?')[0]);
const line = (r: { method: string; url: string }) =>
  `${r.method} ${withoutQuery(r.url)}`;

describe('a production run of the order-service template, recorded', () => {
  let git: GitHttpServer;
  let backend: PortalBackend;
  let tmp: string;
  let recording: Recorded[];
  let taskStatus: string;
  let taskLog: string;
  let outputs: Record<string, any>;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'prod-path-'));
    const recordFile = path.join(tmp, 'requests.jsonl');
    fs.writeFileSync(path.join(tmp, 'federated-token'), FEDERATED_TOKEN);
    git = await startGitHttpServer();
    const world = path.join(__dirname, '__testUtils__', 'productionPath');
    backend = await startPortalBackend({
      database: { client: 'better-sqlite3' },
      preloadModules: [path.join(world, 'productionWorld.mjs')],
      env: {
        ...PORTAL_ENV,
        AZURE_FEDERATED_TOKEN_FILE: path.join(tmp, 'federated-token'),
        PRODUCTION_PATH_RECORD: recordFile,
        PRODUCTION_PATH_GIT_ROOT: git.root,
        PRODUCTION_PATH_GIT_URL: git.baseUrl,
        PRODUCTION_PATH_GITOPS_REPO: GITOPS,
      },
      // app-config.production.yaml's commerce block, with its environment variables resolved.
      config: {
        'integrations.github': [{ host: 'github.com', token: GITHUB_TOKEN }],
        'commerce.publish': { target: 'github', github: { owner: ORG } },
        'commerce.azure': {
          subscriptionId: SUBSCRIPTION,
          defaultLocation: 'westeurope',
          bicepCommand: `${process.execPath} ${path.join(
            world,
            'recordedBicep.cjs',
          )}`,
        },
        'commerce.gitops': {
          github: { repoUrl: `https://github.com/${GITOPS}`, path: 'apps' },
        },
        'catalog.processingInterval': { minutes: 3 },
      },
      // Two shared cores and a cold transform cache make a slow start.
      timeoutMs: 300_000,
    });
    await eventually(
      async () =>
        (
          await backend.getJson(
            `/api/catalog/entities/by-name/template/default/${SERVICE}`,
          )
        ).status === 200 || undefined,
      'the order-service template in the catalog',
      180_000,
    );

    const taskId = await submitTask(backend, `template:default/${SERVICE}`, {
      name: SERVICE,
      description: 'Orders, recorded on the production path.',
      owner: 'group:default/checkout-team',
      system: 'system:default/commerce-platform',
      availability: 99.95,
      latencyP95Ms: 100,
      region: 'westeurope',
      monthlyBudgetUsd: 250,
      rolloutStrategy: 'canary',
    });
    taskStatus = (
      await waitForTaskStatus(backend, taskId, ['completed', 'failed'], 300_000)
    ).status;
    const events = await taskEvents(backend, taskId);
    taskLog = events
      .map(e => `[${e.body.stepId ?? '-'}] ${e.body.message ?? ''}`)
      .join('\n');
    outputs = (events.find(e => e.type === 'completion')?.body as any)?.output;
    recording = readRecording(recordFile);
  }, 900_000);

  afterAll(async () => {
    await backend?.stop();
    await git?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }, 60_000);

  it('completes every step', () => {
    expect({ taskStatus, log: taskLog }).toEqual({
      taskStatus: 'completed',
      log: expect.any(String),
    });
  });

  it('makes no request the recorded world does not know', () => {
    expect(recording.filter(r => r.unexpected).map(line)).toEqual([]);
  });

  it('makes the production requests in order', () => {
    const inOrder = recording.filter(
      r =>
        !BACKGROUND.some(
          b => b.method === r.method && b.url.test(withoutQuery(r.url)),
        ),
    );
    // Lines first, so a missing, extra or reordered request shows as a readable diff.
    expect(inOrder.map(line)).toEqual(PRODUCTION_RUN.map(line));
    const withBodies = PRODUCTION_RUN.flatMap((expected, i) =>
      expected.body === undefined ? [] : [{ expected, actual: inOrder[i] }],
    );
    const title = (e: Expected) => `${e.step}: ${e.does}`;
    expect(
      withBodies.map(({ expected, actual }) => ({
        request: title(expected),
        body: actual.body,
      })),
    ).toMatchObject(
      withBodies.map(({ expected }) => ({
        request: title(expected),
        body: expected.body,
      })),
    );
  });

  it('signs in to Azure as the portal’s workload identity and to GitHub with the integration', () => {
    const signIns = recording.filter(r => r.url.startsWith('https://login.'));
    expect(signIns.length).toBeGreaterThan(0);
    for (const signIn of signIns) {
      const form = new URLSearchParams(signIn.body);
      expect({
        url: withoutQuery(signIn.url),
        client_id: form.get('client_id'),
        scope: form.get('scope'),
        client_assertion: form.get('client_assertion'),
      }).toEqual({
        url: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`,
        client_id: PORTAL_CLIENT_ID,
        scope: 'https://management.azure.com/.default',
        client_assertion: FEDERATED_TOKEN,
      });
    }
    const arm = recording.filter(r => r.url.startsWith('https://management.'));
    expect(new Set(arm.map(r => r.authorization))).toEqual(
      new Set(['Bearer recorded-entra-access-token']),
    );
    const github = recording.filter(r => r.url.startsWith(GH));
    expect(
      new Set(
        github.map(r => r.authorization?.replace(/^(token|Bearer) /, '')),
      ),
    ).toEqual(new Set([GITHUB_TOKEN]));
    // The push authenticated with the same token, as x-access-token.
    expect(new Set(git.credentialsSeen)).toEqual(
      new Set([`x-access-token:${GITHUB_TOKEN}`]),
    );
  });

  it('pushed the generated service to main', async () => {
    const files = await git.listFiles(ORG, SERVICE, 'main');
    expect(files).toEqual(
      expect.arrayContaining([
        'catalog-info.yaml',
        'infra/main.bicep',
        'infra/main.prod.bicepparam',
        'deploy/kustomization.yaml',
        '.github/workflows/pipeline.yml',
      ]),
    );
    const catalogInfo = yaml
      .parseAllDocuments(
        String(await git.readFile(ORG, SERVICE, 'main', 'catalog-info.yaml')),
      )[0]
      .toJS();
    expect(catalogInfo.spec.owner).toBe('group:default/checkout-team');
  });

  it('commits an Argo CD Application for the service to the GitOps repository', () => {
    const commit = recording.find(
      r => r.method === 'PUT' && r.url.includes(`/repos/${GITOPS}/contents/`),
    );
    const application = yaml.parse(
      Buffer.from(commit!.body.content, 'base64').toString('utf8'),
    );
    expect(application).toMatchObject({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: SERVICE },
    });
  });

  it('reports the deployment and the Argo CD file in the task output', () => {
    expect(JSON.stringify(outputs)).toContain('Succeeded');
    expect(JSON.stringify(outputs)).toContain(
      `https://github.com/${GITOPS}/blob/main/apps/${SERVICE}.yaml`,
    );
  });
});
