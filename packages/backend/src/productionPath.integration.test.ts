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
 * of a production run (docs/production-run.md points here). The same backend and world then
 * run the template twice more: again for the same service (RERUN: the repository is updated
 * through a pull request) and for a name whose repository holds another service (refused at
 * repository-state, nothing written). Each step's requests are written once, in a builder
 * (resourceGroup, armDeployment, githubEnvironment, gitopsRegister), so a change to a step is
 * one edit there.
 *
 * The honest parts and the recorded parts:
 * - GitHub's API and ARM answer from msw with the shapes the real services use; a request no
 *   handler knows is answered 501 and fails the test, naming it.
 * - Git is real: every repository of the world (the service's, the GitOps repository) is a bare
 *   repository on a local git smart-HTTP server (__testUtils__/productionPath/gitHttpServer.ts,
 *   `git http-backend`), which challenges for credentials as GitHub does. publish:github pushes
 *   to it; the contents API and the git data API (blobs, trees, commits, refs) that
 *   publish:github:pull-request and commerce:gitops:register use read and write it; the test
 *   reads the branches back.
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
 * Adding a step to the production path is: answer it in productionWorld.mjs, and add it to
 * PRODUCTION_RUN (and RERUN) where the run makes it.
 */
import { execFileSync } from 'node:child_process';
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
const TEAM = 'checkout-team';
const SUBSCRIPTION = '11111111-2222-3333-4444-555555555555';
const TENANT = '72f988bf-0000-0000-0000-00000000aaaa';
const PORTAL_CLIENT_ID = '00000000-0000-0000-0000-00000000b0b0';
const FEDERATED_TOKEN =
  'eyJhbGciOiJSUzI1NiJ9.recorded-aks-service-account-token.sig';
const GITHUB_TOKEN = 'ghs_recordedtesttoken';
const GITOPS_REPO = 'commerce-gitops';
const GITOPS = `${ORG}/${GITOPS_REPO}`;
/** The branch of the GitOps repository a service's Applications are proposed on. */
const GITOPS_BRANCH = `service/${SERVICE}`;
/** The branch publish:github:pull-request updates a service repository on (the template's). */
const UPDATE_BRANCH = 'portal/template-run';
/** The client ids of the identities infra/delivery.bicep creates, as the world's ARM reports them. */
const DELIVERY = {
  DEPLOY_CLIENT_ID: '00000000-0000-0000-0000-0000000de910',
  WHATIF_CLIENT_ID: '00000000-0000-0000-0000-00000000a71f',
};
/** The platform edge's public URL (commerce.platform.edgeUrl): dev's SERVICE_URL starts with it. */
const EDGE_URL = 'https://fde-commerce-platform-recorded.z01.azurefd.net';
/** The owning team's id on GitHub, as the world answers GET /orgs/<org>/teams/<slug>. */
const TEAM_ID = 7001;

const GH = 'https://api.github.com';
const REPO = `${GH}/repos/${ORG}/${SERVICE}`;
const GITOPS_API = `${GH}/repos/${GITOPS}`;
const ARM = `https://management.azure.com/subscriptions/${SUBSCRIPTION}`;
type Environment = 'dev' | 'prod' | 'delivery';
const resourceGroupUrl = (env: Environment) =>
  `${ARM}/resourcegroups/rg-${SERVICE}-${env}`;
const deploymentUrl = (env: Environment, name: string) =>
  `${resourceGroupUrl(env)}/providers/Microsoft.Resources/deployments/${name}`;
/** Where an environment's Argo CD reads the service's Application in the GitOps repository. */
const gitopsFile = (env: 'dev' | 'prod') => `apps/${env}/${SERVICE}.yaml`;

/** The portal's environment in production (infra/portal/configmap.yaml), as the backend reads it. */
const PORTAL_ENV = {
  AZURE_TENANT_ID: TENANT,
  AZURE_CLIENT_ID: PORTAL_CLIENT_ID,
  AKS_OIDC_ISSUER_URL:
    'https://westeurope.oic.prod-aks.azure.com/tenant/issuer/',
  PRIVATE_ENDPOINT_SUBNET_ID: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-commerce-platform/providers/Microsoft.Network/virtualNetworks/vnet-commerce/subnets/snet-private-endpoints`,
  POSTGRES_PRIVATE_DNS_ZONE_ID: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-commerce-platform/providers/Microsoft.Network/privateDnsZones/privatelink.postgres.database.azure.com`,
  // Read by the delivery.bicepparam of services with secrets (their prod Key Vault); order-service
  // has none, so its delivery deployment still sends only its location.
  KEY_VAULT_PRIVATE_DNS_ZONE_ID: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-commerce-platform/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net`,
};

/** The form as the owning team fills it in. */
const FORM = {
  name: SERVICE,
  description: 'Orders, recorded on the production path.',
  owner: `group:default/${TEAM}`,
  system: 'system:default/commerce-platform',
  availability: 99.95,
  latencyP95Ms: 100,
  region: 'westeurope',
  monthlyBudgetUsd: 250,
  rolloutStrategy: 'canary',
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
  /** Made once per file or item, back to back: one or more in a row. */
  repeated?: true;
}

// ---------------------------------------------------------------------------------------------
// The requests of each step, one place each: a change to a step is an edit here.

/** commerce:azure:resource-group: who owns the group, then create or update it with the tags. */
const resourceGroup = (step: string, env: Environment): Expected[] => [
  {
    step,
    does: `reads rg-${SERVICE}-${env} to check its owner tag`,
    method: 'GET',
    url: resourceGroupUrl(env),
  },
  {
    step,
    does: `creates rg-${SERVICE}-${env} with the platform tags`,
    method: 'PUT',
    url: resourceGroupUrl(env),
    body: {
      location: 'westeurope',
      tags: {
        owner: TEAM,
        service: SERVICE,
        'cost-center': `cc-${TEAM}`,
        environment: env,
      },
    },
  },
];

/** commerce:azure:deploy: owner check, the deployment (a long-running operation), its outputs. */
const armDeployment = (
  step: string,
  env: Environment,
  name: string,
  parameters: Record<string, unknown>,
): Expected[] => [
  {
    step,
    does: `checks rg-${SERVICE}-${env} is still the owner team’s`,
    method: 'GET',
    url: resourceGroupUrl(env),
  },
  {
    step,
    does: `starts ${name} with the parameters of its .bicepparam`,
    method: 'PUT',
    url: deploymentUrl(env, name),
    body: { properties: { mode: 'Incremental', parameters } },
  },
  {
    step,
    does: 'polls the deployment’s operation status',
    method: 'GET',
    // The status URL is ARM's Azure-AsyncOperation header, which spells resourceGroups so.
    url: `${deploymentUrl(env, name).replace(
      '/resourcegroups/',
      '/resourceGroups/',
    )}/operationStatuses/08584-recorded`,
  },
  {
    step,
    does: 'reads the finished deployment and its outputs',
    method: 'GET',
    url: deploymentUrl(env, name),
  },
];

const mainParameters = (env: 'dev' | 'prod') => ({
  environment: { value: env },
  location: { value: 'westeurope' },
  aksOidcIssuerUrl: { value: PORTAL_ENV.AKS_OIDC_ISSUER_URL },
  ...(env === 'prod' && {
    privateEndpointSubnetId: { value: PORTAL_ENV.PRIVATE_ENDPOINT_SUBNET_ID },
    privateDnsZoneId: { value: PORTAL_ENV.POSTGRES_PRIVATE_DNS_ZONE_ID },
  }),
});

/**
 * The variables of a GitHub environment: the deploy identity (delivery.bicep's outputs) and its
 * group; dev's also where it serves the service (commerce.platform.edgeUrl + /dev/order/).
 */
const environmentVariables = (env: 'dev' | 'prod') => ({
  AZURE_CLIENT_ID: DELIVERY.DEPLOY_CLIENT_ID,
  AZURE_TENANT_ID: TENANT,
  AZURE_SUBSCRIPTION_ID: SUBSCRIPTION,
  AZURE_RESOURCE_GROUP: `rg-${SERVICE}-${env}`,
  ...(env === 'dev' && { SERVICE_URL: `${EDGE_URL}/dev/order/` }),
});

/** Stock github:environment:create: the repository's id, the reviewers' ids, the environment. */
const githubEnvironment = (
  step: string,
  name: 'dev' | 'production' | 'what-if',
  options: { reviewedByTeam?: boolean } = {},
): Expected[] => [
  {
    step,
    does: 'reads the repository (its id)',
    method: 'GET',
    url: REPO,
  },
  ...(options.reviewedByTeam
    ? [
        {
          step,
          does: 'looks up the owning team’s id (the reviewers)',
          method: 'GET' as const,
          url: `${GH}/orgs/${ORG}/teams/${TEAM}`,
        },
      ]
    : []),
  {
    step,
    does: `creates or updates the environment ${name}: ${
      name === 'what-if'
        ? 'pull requests preview from any branch'
        : 'deploys from protected branches'
    }${options.reviewedByTeam ? ', the owning team reviews' : ''}`,
    method: 'PUT',
    url: `${REPO}/environments/${name}`,
    body: {
      // what-if: pull requests' branches sign in there, so it has no branch policy (and its
      // identity may only read and preview: infra/delivery.bicep).
      ...(name !== 'what-if' && {
        deployment_branch_policy: {
          protected_branches: true,
          custom_branch_policies: false,
        },
      }),
      ...(options.reviewedByTeam && {
        reviewers: [{ type: 'Team', id: TEAM_ID }],
        prevent_self_review: true,
      }),
    },
  },
];

/**
 * commerce:github:environment-variables: the environment (it must exist), then each variable
 * read and created when absent (a first run) or left when it holds the value (a re-run); one
 * that holds another value would be updated (PATCH).
 */
const githubEnvironmentVariables = (
  step: string,
  name: 'dev' | 'production' | 'what-if',
  variables: Record<string, string>,
  state: 'absent' | 'set',
): Expected[] => [
  {
    step,
    does: `reads the environment ${name} (the step before created it)`,
    method: 'GET',
    url: `${REPO}/environments/${name}`,
  },
  ...Object.entries(variables).flatMap(([variable, value]): Expected[] => [
    {
      step,
      does: `reads the variable ${variable}${
        state === 'set' ? ' (it holds the value: left as it is)' : ''
      }`,
      method: 'GET',
      url: `${REPO}/environments/${name}/variables/${variable}`,
    },
    ...(state === 'absent'
      ? [
          {
            step,
            does: `creates the variable ${variable}`,
            method: 'POST' as const,
            url: `${REPO}/environments/${name}/variables`,
            body: { name: variable, value },
          },
        ]
      : []),
  ]),
];

/** The environments' steps of a run, in the template's order. */
const githubEnvironments = (state: 'absent' | 'set'): Expected[] => [
  ...githubEnvironment('environment-dev', 'dev'),
  ...githubEnvironmentVariables(
    'environment-dev-variables',
    'dev',
    environmentVariables('dev'),
    state,
  ),
  ...githubEnvironment('environment-production', 'production', {
    reviewedByTeam: true,
  }),
  ...githubEnvironmentVariables(
    'environment-production-variables',
    'production',
    environmentVariables('prod'),
    state,
  ),
  ...githubEnvironment('environment-what-if', 'what-if'),
  ...githubEnvironmentVariables(
    'environment-what-if-variables',
    'what-if',
    {
      AZURE_CLIENT_ID: DELIVERY.WHATIF_CLIENT_ID,
      AZURE_TENANT_ID: TENANT,
      AZURE_SUBSCRIPTION_ID: SUBSCRIPTION,
    },
    state,
  ),
];

/** commerce:gitops:register for one environment: its Application on the service's branch, one pull request. */
const gitopsRegister = (
  step: string,
  env: 'dev' | 'prod',
  state: {
    branchExists: boolean;
    fileOnBranch: boolean;
    pullRequestOpen: boolean;
  },
): Expected[] => [
  {
    step,
    does: 'reads the GitOps repository (its default branch)',
    method: 'GET',
    url: GITOPS_API,
  },
  {
    step,
    does: `looks for ${gitopsFile(env)} on main (not merged yet)`,
    method: 'GET',
    url: `${GITOPS_API}/contents/${gitopsFile(env)}`,
  },
  {
    step,
    does: `looks for the branch ${GITOPS_BRANCH}`,
    method: 'GET',
    url: `${GITOPS_API}/git/ref/heads/${GITOPS_BRANCH}`,
  },
  ...(state.branchExists
    ? [
        {
          step,
          does: `reads ${gitopsFile(env)} on ${GITOPS_BRANCH}`,
          method: 'GET' as const,
          url: `${GITOPS_API}/contents/${gitopsFile(env)}`,
        },
      ]
    : [
        {
          step,
          does: 'reads main’s head to branch from',
          method: 'GET' as const,
          url: `${GITOPS_API}/git/ref/heads/main`,
        },
        {
          step,
          does: `creates the branch ${GITOPS_BRANCH}`,
          method: 'POST' as const,
          url: `${GITOPS_API}/git/refs`,
          body: { ref: `refs/heads/${GITOPS_BRANCH}` },
        },
      ]),
  ...(state.fileOnBranch
    ? []
    : [
        {
          step,
          does: `commits ${gitopsFile(env)} on ${GITOPS_BRANCH}`,
          method: 'PUT' as const,
          url: `${GITOPS_API}/contents/${gitopsFile(env)}`,
          body: { branch: GITOPS_BRANCH },
        },
      ]),
  {
    step,
    does: `looks for the open pull request of ${GITOPS_BRANCH}`,
    method: 'GET',
    url: `${GITOPS_API}/pulls`,
  },
  ...(state.pullRequestOpen
    ? []
    : [
        {
          step,
          does: 'opens the pull request to main',
          method: 'POST' as const,
          url: `${GITOPS_API}/pulls`,
          body: { head: GITOPS_BRANCH, base: 'main' },
        },
      ]),
];

// ---------------------------------------------------------------------------------------------

/** A production run of the order-service template, request by request. */
const PRODUCTION_RUN: Expected[] = [
  {
    step: 'repository-state',
    does: 'looks for the repository (none: publish:github creates it)',
    method: 'GET',
    url: REPO,
  },
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
      description: FORM.description,
    },
  },
  // (then pushes the generated service with git to the clone_url: checked on the git server)
  {
    step: 'publish-github',
    does: 'protects main: reviews by code owners, admins included',
    method: 'PUT',
    url: `${REPO}/branches/main/protection`,
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
  ...resourceGroup('resource-group-dev', 'dev'),
  ...resourceGroup('resource-group', 'prod'),
  ...resourceGroup('resource-group-delivery', 'delivery'),
  // The delivery identities first: the GitHub environments need their client ids.
  ...armDeployment('delivery', 'delivery', 'commerce-infra-delivery', {
    location: { value: 'westeurope' },
  }),
  ...armDeployment(
    'deploy-dev',
    'dev',
    'commerce-infra-main.dev',
    mainParameters('dev'),
  ),
  ...armDeployment(
    'deploy',
    'prod',
    'commerce-infra-main.prod',
    mainParameters('prod'),
  ),
  ...githubEnvironments('absent'),
  ...gitopsRegister('gitops-dev', 'dev', {
    branchExists: false,
    fileOnBranch: false,
    pullRequestOpen: false,
  }),
  ...gitopsRegister('gitops-prod', 'prod', {
    branchExists: true,
    fileOnBranch: false,
    pullRequestOpen: true,
  }),
];

/**
 * The same template run again for the same service (a re-run, here with another release
 * strategy): the repository is updated through a pull request, the Azure steps run again
 * (incremental deployments), the environments are updated and their variables, which hold
 * their values, left as they are (stock github:environment:create would POST them again and
 * GitHub would answer 409), and the GitOps steps find their branch, files and pull request.
 */
const RERUN: Expected[] = [
  {
    step: 'repository-state',
    does: 'finds the repository (its catalog-info.yaml, read next, holds this service)',
    method: 'GET',
    url: REPO,
  },
  // update-github: the stock publish:github:pull-request action (octokit-plugin-create-pull-request).
  {
    step: 'update-github',
    does: 'reads the repository (its permissions)',
    method: 'GET',
    url: REPO,
  },
  {
    step: 'update-github',
    does: 'reads the head of main',
    method: 'GET',
    url: `${REPO}/commits`,
  },
  {
    step: 'update-github',
    does: 'uploads each generated file as a blob',
    method: 'POST',
    url: `${REPO}/git/blobs`,
    repeated: true,
  },
  {
    step: 'update-github',
    does: 'writes the tree on main’s',
    method: 'POST',
    url: `${REPO}/git/trees`,
  },
  {
    step: 'update-github',
    does: 'commits it',
    method: 'POST',
    url: `${REPO}/git/commits`,
  },
  {
    step: 'update-github',
    does: `asks whether ${UPDATE_BRANCH} exists with an open pull request`,
    method: 'POST',
    url: `${GH}/graphql`,
  },
  {
    step: 'update-github',
    does: `creates the branch ${UPDATE_BRANCH} at the commit`,
    method: 'POST',
    url: `${REPO}/git/refs`,
    body: { ref: `refs/heads/${UPDATE_BRANCH}` },
  },
  {
    step: 'update-github',
    does: 'opens the pull request to main',
    method: 'POST',
    url: `${REPO}/pulls`,
    body: { head: `${ORG}:${UPDATE_BRANCH}`, base: 'main' },
  },
  ...resourceGroup('resource-group-dev', 'dev'),
  ...resourceGroup('resource-group', 'prod'),
  ...resourceGroup('resource-group-delivery', 'delivery'),
  ...armDeployment('delivery', 'delivery', 'commerce-infra-delivery', {
    location: { value: 'westeurope' },
  }),
  ...armDeployment(
    'deploy-dev',
    'dev',
    'commerce-infra-main.dev',
    mainParameters('dev'),
  ),
  ...armDeployment(
    'deploy',
    'prod',
    'commerce-infra-main.prod',
    mainParameters('prod'),
  ),
  ...githubEnvironments('set'),
  ...gitopsRegister('gitops-dev', 'dev', {
    branchExists: true,
    fileOnBranch: true,
    pullRequestOpen: true,
  }),
  ...gitopsRegister('gitops-prod', 'prod', {
    branchExists: true,
    fileOnBranch: true,
    pullRequestOpen: true,
  }),
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
    why: 'repository-state, register-github and the catalog read the service repository’s files (catalog-info.yaml, what it $text-references, infra/cost-model.yaml)',
    method: 'GET',
    url: new RegExp(`^${REPO}/contents/`),
  },
  {
    why: 'a tree read on the portal’s schedule (the review reading a decision-record folder) looks up the head commit; the world answers 404',
    method: 'GET',
    url: new RegExp(`^${REPO}/commits/[^/]+/status`),
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
  if (!fs.existsSync(file)) return [];
  const byId = new Map<string, Recorded>();
  const unexpected = new Set<string>();
  for (const entry of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!entry) continue;
    const { requestId, ...request } = JSON.parse(entry);
    if (request.unexpected && !request.method) unexpected.add(requestId);
    else byId.set(requestId, request);
  }
  return [...byId.entries()]
    .map(([id, r]) => ({ ...r, unexpected: unexpected.has(id) }))
    .sort((a, b) => a.seq - b.seq);
}

// Octokit escapes the "/" of a file path (contents/apps%2Fx.yaml); GitHub reads both alike.
const withoutQuery = (url: string) => decodeURIComponent(url.split('?')[0]);
const line = (r: { method: string; url: string }) =>
  `${r.method} ${withoutQuery(r.url)}`;
const isBackground = (r: Recorded) =>
  BACKGROUND.some(
    b => b.method === r.method && b.url.test(withoutQuery(r.url)),
  );
const isWrite = (r: Recorded) => r.method !== 'GET' && !isBackground(r);

/** The requests of a run in order, background left out, a repeated request's run kept once. */
function inOrder(recorded: Recorded[], expected: Expected[]): Recorded[] {
  const repeated = new Set(expected.filter(e => e.repeated).map(line));
  return recorded
    .filter(r => !isBackground(r))
    .filter(
      (r, i, all) =>
        !(i > 0 && repeated.has(line(r)) && line(all[i - 1]) === line(r)),
    );
}

/** Checks a run's requests against the expected list: lines first (a readable diff), then bodies. */
function expectRequests(recorded: Recorded[], expected: Expected[]) {
  const actual = inOrder(recorded, expected);
  expect(actual.map(line)).toEqual(expected.map(line));
  const withBodies = expected.flatMap((e, i) =>
    e.body === undefined ? [] : [{ expected: e, actual: actual[i] }],
  );
  const title = (e: Expected) => `${e.step}: ${e.does}`;
  expect(
    withBodies.map(({ expected: e, actual: a }) => ({
      request: title(e),
      body: a.body,
    })),
  ).toMatchObject(
    withBodies.map(({ expected: e }) => ({ request: title(e), body: e.body })),
  );
}

interface Run {
  status: string;
  log: string;
  output: Record<string, any> | undefined;
  requests: Recorded[];
}

describe('production runs of the order-service template, recorded', () => {
  let git: GitHttpServer;
  let backend: PortalBackend;
  let tmp: string;
  let recordFile: string;

  /** Runs the template through the scaffolder API; returns its outcome and the requests it made. */
  async function runTemplate(values: Record<string, unknown>): Promise<Run> {
    const before = Math.max(0, ...readRecording(recordFile).map(r => r.seq));
    const taskId = await submitTask(
      backend,
      `template:default/${SERVICE}`,
      values,
    );
    const { status } = await waitForTaskStatus(
      backend,
      taskId,
      ['completed', 'failed'],
      300_000,
    );
    const events = await taskEvents(backend, taskId);
    // The world appends a request once its body is read: let the last ones land.
    await new Promise(resolve => setTimeout(resolve, 500));
    return {
      status,
      log: events
        .map(e => `[${e.body.stepId ?? '-'}] ${e.body.message ?? ''}`)
        .join('\n'),
      output: (events.find(e => e.type === 'completion')?.body as any)?.output,
      requests: readRecording(recordFile).filter(r => r.seq > before),
    };
  }

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'prod-path-'));
    recordFile = path.join(tmp, 'requests.jsonl');
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
        PRODUCTION_PATH_DELIVERY_OUTPUTS: JSON.stringify(DELIVERY),
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
        'commerce.platform.edgeUrl': EDGE_URL,
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
  }, 600_000);

  afterAll(async () => {
    await backend?.stop();
    await git?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }, 60_000);

  describe('the first run', () => {
    let run: Run;
    beforeAll(async () => {
      run = await runTemplate(FORM);
    }, 600_000);

    it('completes every step', () => {
      expect({ status: run.status, log: run.log }).toEqual({
        status: 'completed',
        log: expect.any(String),
      });
    });

    it('makes no request the recorded world does not know', () => {
      expect(run.requests.filter(r => r.unexpected).map(line)).toEqual([]);
    });

    // eslint-disable-next-line jest/expect-expect -- expectRequests asserts
    it('makes the production requests in order', () => {
      expectRequests(run.requests, PRODUCTION_RUN);
    });

    it('signs in to Azure as the portal’s workload identity and to GitHub with the integration', () => {
      const signIns = run.requests.filter(r =>
        r.url.startsWith('https://login.'),
      );
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
      const arm = run.requests.filter(r =>
        r.url.startsWith('https://management.'),
      );
      expect(new Set(arm.map(r => r.authorization))).toEqual(
        new Set(['Bearer recorded-entra-access-token']),
      );
      const github = run.requests.filter(r => r.url.startsWith(GH));
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
          'infra/main.dev.bicepparam',
          'infra/main.prod.bicepparam',
          'infra/delivery.bicep',
          'infra/delivery.bicepparam',
          'deploy/kustomization.yaml',
          '.github/workflows/pipeline.yml',
        ]),
      );
      const catalogInfo = yaml
        .parseAllDocuments(
          String(await git.readFile(ORG, SERVICE, 'main', 'catalog-info.yaml')),
        )[0]
        .toJS();
      expect(catalogInfo.spec.owner).toBe(`group:default/${TEAM}`);
    });

    it('proposes one Argo CD Application per environment on the service’s branch of the GitOps repository', async () => {
      for (const env of ['dev', 'prod'] as const) {
        const application = yaml.parse(
          String(
            await git.readFile(
              ORG,
              GITOPS_REPO,
              GITOPS_BRANCH,
              gitopsFile(env),
            ),
          ),
        );
        expect(application).toMatchObject({
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Application',
          metadata: { name: `${SERVICE}-${env}` },
          spec: {
            project: TEAM,
            source: { path: `environments/${env}` },
            destination: { namespace: env === 'prod' ? TEAM : `${TEAM}-dev` },
          },
        });
      }
      // Nothing reaches main before a person merges the pull request.
      expect(await git.listFiles(ORG, GITOPS_REPO, 'main')).toEqual([
        'README.md',
      ]);
    });

    it('reports the deployments, the GitHub environments and the GitOps pull request', () => {
      const text = JSON.stringify(run.output);
      expect(text).toContain('dev Succeeded, prod Succeeded');
      expect(text).toContain(
        'GitHub environments dev, production and what-if: created',
      );
      expect(text).toContain(`https://github.com/${GITOPS}/pull/1`);
    });
  });

  describe('a re-run for the same service', () => {
    let run: Run;
    beforeAll(async () => {
      run = await runTemplate({ ...FORM, rolloutStrategy: 'blueGreen' });
    }, 600_000);

    it('makes no request the recorded world does not know', () => {
      expect(run.requests.filter(r => r.unexpected).map(line)).toEqual([]);
    });

    it('completes every step', () => {
      expect({ status: run.status, log: run.log }).toEqual({
        status: 'completed',
        log: expect.any(String),
      });
    });

    // eslint-disable-next-line jest/expect-expect -- expectRequests asserts
    it('updates the repository through a pull request, creates nothing twice, and leaves the environments’ variables that hold their values', () => {
      expectRequests(run.requests, RERUN);
    });

    it('proposes the regenerated service on its branch, main untouched', async () => {
      const rollout = (branch: string) =>
        git.readFile(ORG, SERVICE, branch, 'deploy/rollout.yaml').then(String);
      expect(await rollout(UPDATE_BRANCH)).toContain('blueGreen');
      expect(await rollout('main')).not.toContain('blueGreen');
    });

    it('updates the GitOps pull request instead of opening a second one', () => {
      const gitops = run.requests.filter(r => r.url.startsWith(GITOPS_API));
      expect(gitops.map(line)).toContain(`GET ${GITOPS_API}/pulls`);
      expect(
        gitops.filter(r => r.method === 'POST' && r.url.endsWith('/pulls')),
      ).toEqual([]);
    });
  });

  describe('a run whose repository holds another service', () => {
    const OTHER = 'billing-service';
    let run: Run;
    beforeAll(async () => {
      // commerce/billing-service exists, holding the payments team's billing-service.
      const dir = path.join(git.root, ORG, `${OTHER}.git`);
      fs.mkdirSync(dir, { recursive: true });
      const sh = (args: string[], input?: string) =>
        execFileSync('git', args, {
          cwd: dir,
          input,
          env: {
            ...process.env,
            GIT_AUTHOR_NAME: 'payments',
            GIT_AUTHOR_EMAIL: 'payments@example.com',
            GIT_COMMITTER_NAME: 'payments',
            GIT_COMMITTER_EMAIL: 'payments@example.com',
          },
        })
          .toString()
          .trim();
      sh(['init', '--bare', '--quiet', '--initial-branch=main']);
      const blob = sh(
        ['hash-object', '-w', '--stdin'],
        yaml.stringify({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: OTHER },
          spec: { type: 'service', owner: 'group:default/payments-team' },
        }),
      );
      const tree = sh(['mktree'], `100644 blob ${blob}\tcatalog-info.yaml\n`);
      sh([
        'update-ref',
        'refs/heads/main',
        sh(['commit-tree', tree, '-m', 'billing']),
      ]);
      run = await runTemplate({ ...FORM, name: OTHER });
    }, 600_000);

    it('fails at repository-state, saying what holds the repository and what to do', () => {
      expect(run.status).toBe('failed');
      expect(run.log).toContain(
        `[repository-state] ConflictError: Repository ${ORG}/${OTHER} exists and holds component:default/${OTHER} (type service, owner group:default/payments-team`,
      );
      expect(run.log).toContain(`Choose another name than ${OTHER}`);
    });

    it('reads the repository and its catalog-info.yaml, and writes nothing anywhere', () => {
      expect(run.requests.filter(r => !isBackground(r)).map(line)).toEqual([
        `GET ${GH}/repos/${ORG}/${OTHER}`,
        `GET ${GH}/repos/${ORG}/${OTHER}/contents/catalog-info.yaml`,
      ]);
      expect(run.requests.filter(isWrite).map(line)).toEqual([]);
    });
  });
});
