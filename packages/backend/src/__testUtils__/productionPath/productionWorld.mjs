/**
 * The world outside the portal on a production run, for the production-path test
 * (../../productionPath.integration.test.ts). It is loaded with `node --import` into the real
 * backend process, before the backend starts, and puts msw between the backend and everything
 * that is not 127.0.0.1: GitHub's API (api.github.com), Azure Resource Manager
 * (management.azure.com) and Microsoft Entra ID (login.microsoftonline.com), the three services a
 * production run talks to. The backend's own code and SDKs (Octokit's fetch, the Azure SDK's
 * node:https transport, MSAL's sign-in, the URL reader) run unchanged; only the other end of the
 * wire is this file.
 *
 * Every request to them is appended, in the order it was made, to the JSON-lines file named by
 * PRODUCTION_PATH_RECORD; the test reads that file and checks it against its expected list.
 * A request no handler here answers is recorded as `unexpected` and answered 501, so it fails
 * the run and the test names it, instead of reaching a real service.
 *
 * The answers are shaped like the real services' (status, the fields the callers read) and keep
 * just enough state for a run to be consistent: a resource group exists after its PUT, a file
 * committed to the GitOps repository is there on the next read, and a service repository is a
 * real bare git repository (under PRODUCTION_PATH_GIT_ROOT, served by the test's git server at
 * PRODUCTION_PATH_GIT_URL), so GitHub's contents API answers with what was really pushed.
 */
// An ES module, loaded with `node --import`: on Node 22, requiring msw (it requires ESM-only
// packages) fails once the backend's TypeScript transform has registered its module hooks
// (ERR_METHOD_NOT_IMPLEMENTED: resolveSync), and importing it does not.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';

const recordFile = required('PRODUCTION_PATH_RECORD');
const gitRoot = required('PRODUCTION_PATH_GIT_ROOT');
const gitUrl = required('PRODUCTION_PATH_GIT_URL');

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `productionWorld: set ${name} (the production-path test does)`,
    );
  }
  return value;
}

const isLocal = url =>
  url.hostname === '127.0.0.1' || url.hostname === 'localhost';

// ---------------------------------------------------------------- GitHub (api.github.com)

const GITHUB = 'https://api.github.com';
const bare = (owner, repo) => path.join(gitRoot, owner, `${repo}.git`);
const git = (cwd, args) =>
  execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });

/** The GitOps repository's files, committed through the contents API: path → content. */
const gitopsFiles = new Map();
const gitopsRepo = (process.env.PRODUCTION_PATH_GITOPS_REPO ?? '').split('/');

function repoJson(owner, repo) {
  return {
    id: 4242,
    name: repo,
    full_name: `${owner}/${repo}`,
    private: true,
    visibility: 'internal',
    default_branch: 'main',
    html_url: `https://github.com/${owner}/${repo}`,
    clone_url: `${gitUrl}/${owner}/${repo}.git`,
    owner: { login: owner, type: 'Organization' },
  };
}

function githubNotFound() {
  return HttpResponse.json(
    {
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest',
      status: '404',
    },
    { status: 404 },
  );
}

const githubHandlers = [
  // publish:github asks whether the owner is an organization or a user.
  http.get(`${GITHUB}/users/:owner`, ({ params }) =>
    HttpResponse.json({
      login: params.owner,
      id: 1001,
      type: 'Organization',
    }),
  ),
  // "Create an organization repository": GitHub makes an empty repository to push to.
  http.post(`${GITHUB}/orgs/:owner/repos`, async ({ params, request }) => {
    const owner = String(params.owner);
    const { name } = await request.json();
    const dir = bare(owner, name);
    if (fs.existsSync(dir)) {
      return HttpResponse.json(
        {
          message: 'Repository creation failed.',
          errors: [
            {
              resource: 'Repository',
              code: 'custom',
              field: 'name',
              message: 'name already exists on this account',
            },
          ],
        },
        { status: 422 },
      );
    }
    fs.mkdirSync(dir, { recursive: true });
    git(dir, ['init', '--bare', '--quiet', '--initial-branch=main']);
    git(dir, ['config', 'http.receivepack', 'true']);
    return HttpResponse.json(repoJson(owner, name), { status: 201 });
  }),
  http.put(
    `${GITHUB}/repos/:owner/:repo/branches/:branch/protection`,
    async ({ params, request }) =>
      HttpResponse.json({
        url: `${GITHUB}/repos/${params.owner}/${params.repo}/branches/${params.branch}/protection`,
        ...(await request.json()),
      }),
  ),
  http.get(`${GITHUB}/repos/:owner/:repo`, ({ params }) => {
    const owner = String(params.owner);
    const repo = String(params.repo);
    const known =
      (owner === gitopsRepo[0] && repo === gitopsRepo[1]) ||
      fs.existsSync(bare(owner, repo));
    return known ? HttpResponse.json(repoJson(owner, repo)) : githubNotFound();
  }),
  // Files: the GitOps repository's from memory, a service repository's from what was pushed.
  http.get(`${GITHUB}/repos/:owner/:repo/contents/*`, ({ params, request }) => {
    const owner = String(params.owner);
    const repo = String(params.repo);
    const file = decodeURIComponent(String(params[0]));
    const ref = new URL(request.url).searchParams.get('ref') ?? 'main';
    let content;
    let sha = '';
    if (owner === gitopsRepo[0] && repo === gitopsRepo[1]) {
      const found = gitopsFiles.get(file);
      content = found && Buffer.from(found.content, 'base64');
      sha = found?.sha ?? '';
    } else {
      try {
        content = git(bare(owner, repo), ['show', `${ref}:${file}`]);
        sha = git(bare(owner, repo), ['rev-parse', `${ref}:${file}`])
          .toString()
          .trim();
      } catch {
        content = undefined;
      }
    }
    if (!content) {
      return githubNotFound();
    }
    if ((request.headers.get('accept') ?? '').includes('raw')) {
      return new HttpResponse(content, {
        headers: {
          'content-type': 'application/vnd.github.raw',
          etag: `"${sha}"`,
        },
      });
    }
    return HttpResponse.json({
      type: 'file',
      encoding: 'base64',
      name: path.posix.basename(file),
      path: file,
      sha,
      size: content.length,
      content: content.toString('base64'),
      html_url: `https://github.com/${owner}/${repo}/blob/${ref}/${file}`,
    });
  }),
  // "Create or update file contents" in the GitOps repository.
  http.put(
    `${GITHUB}/repos/:owner/:repo/contents/*`,
    async ({ params, request }) => {
      const owner = String(params.owner);
      const repo = String(params.repo);
      if (owner !== gitopsRepo[0] || repo !== gitopsRepo[1]) {
        return githubNotFound();
      }
      const file = decodeURIComponent(String(params[0]));
      const body = await request.json();
      const existing = gitopsFiles.get(file);
      if (existing && body.sha !== existing.sha) {
        return HttpResponse.json(
          { message: `${file} does not match ${body.sha ?? 'no sha'}` },
          { status: 409 },
        );
      }
      const sha = `blob${gitopsFiles.size + 1}`;
      gitopsFiles.set(file, { content: body.content, sha });
      return HttpResponse.json(
        {
          content: {
            path: file,
            sha,
            html_url: `https://github.com/${owner}/${repo}/blob/main/${file}`,
          },
          commit: { sha: `commit${gitopsFiles.size}` },
        },
        { status: existing ? 200 : 201 },
      );
    },
  ),
];

// ---------------------------------------------------------------- Entra ID (login.microsoftonline.com)

const LOGIN = 'https://login.microsoftonline.com';
// The test checks every ARM request carries it.
const ISSUED_ARM_TOKEN = 'recorded-entra-access-token';

// Workload identity: MSAL trades the pod's federated token (AZURE_FEDERATED_TOKEN_FILE) for an
// ARM token. (MSAL knows login.microsoftonline.com's metadata, so it asks for nothing else.)
const entraHandlers = [
  http.post(`${LOGIN}/:tenant/oauth2/v2.0/token`, () =>
    HttpResponse.json({
      token_type: 'Bearer',
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: ISSUED_ARM_TOKEN,
    }),
  ),
];

// ---------------------------------------------------------------- ARM (management.azure.com)

const ARM = 'https://management.azure.com';
const resourceGroups = new Map();
const deployments = new Map();

function armNotFound(code, message) {
  return HttpResponse.json({ error: { code, message } }, { status: 404 });
}

// What the recorded deployment reports as the template's outputs (the test checks the step's).
const RECORDED_DEPLOYMENT_OUTPUTS = {
  AZURE_CLIENT_ID: {
    type: 'String',
    value: '00000000-0000-0000-0000-00000000c11e',
  },
  IDENTITY_PRINCIPAL_ID: {
    type: 'String',
    value: '00000000-0000-0000-0000-0000000000a1',
  },
};

const armHandlers = [
  http.get(`${ARM}/subscriptions/:sub/resourcegroups/:rg`, ({ params }) => {
    const group = resourceGroups.get(String(params.rg).toLowerCase());
    return group
      ? HttpResponse.json(group)
      : armNotFound(
          'ResourceGroupNotFound',
          `Resource group '${params.rg}' could not be found.`,
        );
  }),
  http.put(
    `${ARM}/subscriptions/:sub/resourcegroups/:rg`,
    async ({ params, request }) => {
      const body = await request.json();
      const key = String(params.rg).toLowerCase();
      const existed = resourceGroups.has(key);
      const group = {
        id: `/subscriptions/${params.sub}/resourceGroups/${params.rg}`,
        name: params.rg,
        type: 'Microsoft.Resources/resourceGroups',
        location: body.location,
        tags: body.tags,
        properties: { provisioningState: 'Succeeded' },
      };
      resourceGroups.set(key, group);
      return HttpResponse.json(group, { status: existed ? 200 : 201 });
    },
  ),
  // A deployment is a long-running operation: ARM accepts it and names a status URL.
  http.put(
    `${ARM}/subscriptions/:sub/resourcegroups/:rg/providers/Microsoft.Resources/deployments/:name`,
    async ({ params, request }) => {
      if (!resourceGroups.has(String(params.rg).toLowerCase())) {
        return armNotFound(
          'ResourceGroupNotFound',
          `Resource group '${params.rg}' could not be found.`,
        );
      }
      const body = await request.json();
      const id = `/subscriptions/${params.sub}/resourceGroups/${params.rg}/providers/Microsoft.Resources/deployments/${params.name}`;
      deployments.set(id.toLowerCase(), {
        id,
        name: params.name,
        properties: {
          mode: body.properties.mode,
          parameters: body.properties.parameters,
          provisioningState: 'Succeeded',
          outputs: RECORDED_DEPLOYMENT_OUTPUTS,
        },
      });
      return HttpResponse.json(
        {
          id,
          name: params.name,
          properties: {
            mode: body.properties.mode,
            provisioningState: 'Accepted',
          },
        },
        {
          status: 201,
          headers: {
            'azure-asyncoperation': `${ARM}${id}/operationStatuses/08584-recorded?api-version=2024-03-01`,
            'retry-after': '1',
          },
        },
      );
    },
  ),
  http.get(
    `${ARM}/subscriptions/:sub/resourcegroups/:rg/providers/Microsoft.Resources/deployments/:name/operationStatuses/:op`,
    () => HttpResponse.json({ status: 'Succeeded' }),
  ),
  http.get(
    `${ARM}/subscriptions/:sub/resourcegroups/:rg/providers/Microsoft.Resources/deployments/:name`,
    ({ request }) => {
      const id = new URL(request.url).pathname.toLowerCase();
      const found = deployments.get(id);
      return found
        ? HttpResponse.json(found)
        : armNotFound(
            'DeploymentNotFound',
            `Deployment '${id}' could not be found.`,
          );
    },
  ),
];

// The cost backend's hourly question, in the background: spend by the `service` tag. No spend yet.
const costHandlers = [
  http.post(
    `${ARM}/subscriptions/:sub/providers/Microsoft.CostManagement/query`,
    () =>
      HttpResponse.json({
        id: 'recorded-cost-query',
        name: 'recorded-cost-query',
        type: 'Microsoft.CostManagement/query',
        properties: {
          nextLink: null,
          columns: [
            { name: 'PreTaxCost', type: 'Number' },
            { name: 'TagKey', type: 'String' },
            { name: 'TagValue', type: 'String' },
            { name: 'Currency', type: 'String' },
          ],
          rows: [],
        },
      }),
  ),
];

// ---------------------------------------------------------------- the rest

// Last: the backend's calls to itself and the git push pass; anything else is not in this world.
const everythingElse = http.all('*', ({ request }) => {
  if (isLocal(new URL(request.url))) {
    return passthrough();
  }
  return HttpResponse.json(
    {
      message: `Not in the recorded production world: ${request.method} ${request.url}. Add a handler in productionWorld.ts and an expected request in the production-path test.`,
    },
    { status: 501 },
  );
});

const server = setupServer(
  ...githubHandlers,
  ...entraHandlers,
  ...armHandlers,
  ...costHandlers,
  everythingElse,
);

let seq = 0;
server.events.on('request:start', ({ request, requestId }) => {
  const url = new URL(request.url);
  if (isLocal(url)) return;
  const n = ++seq;
  const clone = request.clone();
  void clone.text().then(text => {
    let body;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    const line = {
      seq: n,
      method: request.method,
      url: request.url,
      ...(request.headers.get('authorization') && {
        authorization: request.headers.get('authorization'),
      }),
      ...(body !== undefined && { body }),
    };
    fs.appendFileSync(
      recordFile,
      `${JSON.stringify({ requestId, ...line })}\n`,
    );
  });
});
server.events.on('response:mocked', ({ response, requestId }) => {
  if (response.status === 501) {
    fs.appendFileSync(
      recordFile,
      `${JSON.stringify({ requestId, unexpected: true })}\n`,
    );
  }
});

server.listen({ onUnhandledRequest: 'bypass' });
