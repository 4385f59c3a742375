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
 * The answers are shaped like the real services' (status, the fields the callers read, the
 * refusals: 422 for an existing repository or pull request, 409 for an existing environment
 * variable or a stale file sha) and keep the state runs share: resource groups and deployments,
 * pull requests, environments and their variables. Every repository is a real bare git
 * repository (under PRODUCTION_PATH_GIT_ROOT, served by the test's git server at
 * PRODUCTION_PATH_GIT_URL): the contents and git data APIs read and write it with git itself.
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
const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'GitHub',
  GIT_AUTHOR_EMAIL: 'noreply@github.com',
  GIT_COMMITTER_NAME: 'GitHub',
  GIT_COMMITTER_EMAIL: 'noreply@github.com',
};
const git = (cwd, args, { input, env } = {}) =>
  execFileSync('git', args, {
    cwd,
    input,
    env: { ...process.env, ...GIT_IDENTITY, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });

/**
 * Every repository of this world is a real bare git repository under PRODUCTION_PATH_GIT_ROOT:
 * what publish:github pushes, what the git data API (blobs, trees, commits, refs) writes and what
 * the contents API commits land there, and the contents API reads from there.
 */
const bare = (owner, repo) => path.join(gitRoot, owner, `${repo}.git`);
const repoExists = (owner, repo) => fs.existsSync(bare(owner, repo));
const revParse = (dir, rev) => {
  try {
    return git(dir, ['rev-parse', '--verify', '--quiet', rev])
      .toString()
      .trim();
  } catch {
    return undefined;
  }
};
const hashObject = (dir, content) =>
  git(dir, ['hash-object', '-w', '--stdin'], { input: content })
    .toString()
    .trim();

function initBare(owner, repo) {
  const dir = bare(owner, repo);
  fs.mkdirSync(dir, { recursive: true });
  git(dir, ['init', '--bare', '--quiet', '--initial-branch=main']);
  git(dir, ['config', 'http.receivepack', 'true']);
  return dir;
}

let indexCount = 0;
/** A tree: `base` with `entries` ({path, mode, sha | content | sha: null to delete}) applied. */
function writeTree(dir, base, entries) {
  const env = {
    GIT_INDEX_FILE: path.join(dir, `world-index-${++indexCount}`),
  };
  try {
    git(dir, base ? ['read-tree', base] : ['read-tree', '--empty'], { env });
    const lines = entries.map(entry => {
      if (entry.sha === null) {
        return `0 ${'0'.repeat(40)}\t${entry.path}`;
      }
      const sha =
        entry.sha ?? hashObject(dir, Buffer.from(entry.content, 'utf8'));
      return `${entry.mode ?? '100644'} ${sha}\t${entry.path}`;
    });
    if (lines.length) {
      git(dir, ['update-index', '--index-info'], {
        input: `${lines.join('\n')}\n`,
        env,
      });
    }
    return git(dir, ['write-tree'], { env }).toString().trim();
  } finally {
    fs.rmSync(env.GIT_INDEX_FILE, { force: true });
  }
}

function commitTree(dir, tree, parents, message) {
  return git(dir, [
    'commit-tree',
    tree,
    ...parents.flatMap(p => ['-p', p]),
    '-m',
    message,
  ])
    .toString()
    .trim();
}

/** The GitOps repository Argo CD reads: there from the start, main holding a README. */
const [gitopsOwner, gitopsName] = (
  process.env.PRODUCTION_PATH_GITOPS_REPO ?? ''
).split('/');
if (gitopsOwner && gitopsName && !repoExists(gitopsOwner, gitopsName)) {
  const dir = initBare(gitopsOwner, gitopsName);
  const tree = writeTree(dir, undefined, [
    {
      path: 'README.md',
      content: '# Argo CD Applications, one folder per environment\n',
    },
  ]);
  const commit = commitTree(dir, tree, [], 'The GitOps repository');
  git(dir, ['update-ref', 'refs/heads/main', commit]);
}

/** Pull requests, per repository ("owner/repo" → list); teams, environments and their variables. */
const pulls = new Map();
const environments = new Map();
let nextId = 5000;

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
    // What an App installation with contents:write sees (octokit-plugin-create-pull-request reads it).
    permissions: { admin: true, maintain: true, push: true, pull: true },
  };
}

function environmentJson(owner, repo, name) {
  const environment = environments.get(`${owner}/${repo}/${name}`);
  return {
    id: environment.id,
    name,
    url: `${GITHUB}/repos/${owner}/${repo}/environments/${name}`,
    html_url: `https://github.com/${owner}/${repo}/deployments/activity_log?environments_filter=${name}`,
    protection_rules: [],
    deployment_branch_policy:
      environment.settings?.deployment_branch_policy ?? null,
  };
}

function githubError(status, message, extra = {}) {
  return HttpResponse.json(
    {
      message,
      documentation_url: 'https://docs.github.com/rest',
      status: String(status),
      ...extra,
    },
    { status },
  );
}
const githubNotFound = () => githubError(404, 'Not Found');

/** msw's `*` keeps the rest of the path, %2F-escaped by Octokit as GitHub allows. */
const rest = params => decodeURIComponent(String(params[0]));
const withRepo =
  handler =>
  ({ params, request }) => {
    const owner = String(params.owner);
    const repo = String(params.repo);
    if (!repoExists(owner, repo)) return githubNotFound();
    return handler({
      owner,
      repo,
      dir: bare(owner, repo),
      params,
      request,
    });
  };

const pullJson = (owner, repo, pull) => ({
  id: pull.number + 9000,
  node_id: `PR_${pull.number}`,
  number: pull.number,
  state: pull.state,
  title: pull.title,
  body: pull.body,
  html_url: `https://github.com/${owner}/${repo}/pull/${pull.number}`,
  head: { ref: pull.head, label: `${owner}:${pull.head}` },
  base: { ref: pull.base },
});
const branchOf = head => String(head).replace(/^[^:]+:/, '');

const githubHandlers = [
  // publish:github asks whether the owner is an organization or a user.
  http.get(`${GITHUB}/users/:owner`, ({ params }) =>
    HttpResponse.json({
      login: params.owner,
      id: 1001,
      type: 'Organization',
    }),
  ),
  // The reviewers of the production environment: the owning team, by its slug.
  http.get(`${GITHUB}/orgs/:org/teams/:slug`, ({ params }) =>
    HttpResponse.json({
      id: 7001,
      node_id: 'T_recorded',
      slug: params.slug,
      name: params.slug,
      organization: { login: params.org },
    }),
  ),
  // "Create an organization repository": GitHub makes an empty repository to push to.
  http.post(`${GITHUB}/orgs/:owner/repos`, async ({ params, request }) => {
    const owner = String(params.owner);
    const { name } = await request.json();
    if (repoExists(owner, name)) {
      return githubError(422, 'Repository creation failed.', {
        errors: [
          {
            resource: 'Repository',
            code: 'custom',
            field: 'name',
            message: 'name already exists on this account',
          },
        ],
      });
    }
    initBare(owner, name);
    return HttpResponse.json(repoJson(owner, name), { status: 201 });
  }),
  http.put(
    `${GITHUB}/repos/:owner/:repo/branches/:branch/protection`,
    withRepo(async ({ owner, repo, params, request }) =>
      HttpResponse.json({
        url: `${GITHUB}/repos/${owner}/${repo}/branches/${params.branch}/protection`,
        ...(await request.json()),
      }),
    ),
  ),
  http.get(
    `${GITHUB}/repos/:owner/:repo`,
    withRepo(({ owner, repo }) => HttpResponse.json(repoJson(owner, repo))),
  ),

  // ---- files (contents API), read from and committed to the bare repository
  http.get(
    `${GITHUB}/repos/:owner/:repo/contents/*`,
    withRepo(({ owner, repo, dir, params, request }) => {
      const file = rest(params);
      const ref = new URL(request.url).searchParams.get('ref') ?? 'main';
      const sha = revParse(dir, `${ref}:${file}`);
      if (!sha) return githubNotFound();
      const content = git(dir, ['cat-file', 'blob', sha]);
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
  ),
  // "Create or update file contents": one commit on `branch`; an existing file needs its sha.
  http.put(
    `${GITHUB}/repos/:owner/:repo/contents/*`,
    withRepo(async ({ owner, repo, dir, params, request }) => {
      const file = rest(params);
      const body = await request.json();
      const branch = body.branch ?? 'main';
      const head = revParse(dir, `refs/heads/${branch}`);
      if (!head) return githubError(404, `Branch ${branch} not found`);
      const existing = revParse(dir, `${head}:${file}`);
      if (existing && body.sha !== existing) {
        return githubError(
          409,
          `${file} does not match ${body.sha ?? 'no sha'}`,
        );
      }
      if (!existing && body.sha) {
        return githubError(422, `"sha" wasn't supplied.`);
      }
      const blob = hashObject(dir, Buffer.from(body.content, 'base64'));
      const tree = writeTree(dir, `${head}^{tree}`, [
        { path: file, sha: blob },
      ]);
      const commit = commitTree(dir, tree, [head], body.message);
      git(dir, ['update-ref', `refs/heads/${branch}`, commit, head]);
      return HttpResponse.json(
        {
          content: {
            path: file,
            sha: blob,
            html_url: `https://github.com/${owner}/${repo}/blob/${branch}/${file}`,
          },
          commit: { sha: commit },
        },
        { status: existing ? 200 : 201 },
      );
    }),
  ),

  // ---- a tree read's commit lookup (Backstage's GitHub URL reader, when the review reads a
  // repository's decision-record folder on its own schedule): not part of the recording, so it
  // answers 404 and the reader reports the folder unreadable, which the review already handles.
  http.get(`${GITHUB}/repos/:owner/:repo/commits/:ref/status`, () =>
    githubNotFound(),
  ),

  // ---- the git data API (publish:github:pull-request, commerce:gitops:register's branch)
  http.get(
    `${GITHUB}/repos/:owner/:repo/commits`,
    withRepo(({ dir, request }) => {
      const sha = new URL(request.url).searchParams.get('sha') ?? 'main';
      const commit = revParse(dir, `${sha}^{commit}`);
      if (!commit) return githubNotFound();
      const tree = revParse(dir, `${commit}^{tree}`);
      return HttpResponse.json([
        { sha: commit, commit: { tree: { sha: tree } } },
      ]);
    }),
  ),
  http.post(
    `${GITHUB}/repos/:owner/:repo/git/blobs`,
    withRepo(async ({ dir, request }) => {
      const { content, encoding } = await request.json();
      const sha = hashObject(
        dir,
        Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8'),
      );
      return HttpResponse.json({ sha }, { status: 201 });
    }),
  ),
  http.post(
    `${GITHUB}/repos/:owner/:repo/git/trees`,
    withRepo(async ({ dir, request }) => {
      const { base_tree: baseTree, tree } = await request.json();
      const sha = writeTree(dir, baseTree, tree);
      return HttpResponse.json({ sha, tree: [] }, { status: 201 });
    }),
  ),
  http.post(
    `${GITHUB}/repos/:owner/:repo/git/commits`,
    withRepo(async ({ dir, request }) => {
      const { tree, parents, message } = await request.json();
      const sha = commitTree(dir, tree, parents ?? [], message);
      return HttpResponse.json({ sha, tree: { sha: tree } }, { status: 201 });
    }),
  ),
  http.get(
    `${GITHUB}/repos/:owner/:repo/git/ref/*`,
    withRepo(({ dir, params }) => {
      const ref = rest(params);
      const sha = revParse(dir, `refs/${ref}`);
      return sha
        ? HttpResponse.json({
            ref: `refs/${ref}`,
            object: { sha, type: 'commit' },
          })
        : githubNotFound();
    }),
  ),
  http.post(
    `${GITHUB}/repos/:owner/:repo/git/refs`,
    withRepo(async ({ dir, request }) => {
      const { ref, sha } = await request.json();
      if (revParse(dir, ref)) {
        return githubError(422, 'Reference already exists');
      }
      git(dir, ['update-ref', ref, sha]);
      return HttpResponse.json(
        { ref, object: { sha, type: 'commit' } },
        { status: 201 },
      );
    }),
  ),
  http.patch(
    `${GITHUB}/repos/:owner/:repo/git/refs/*`,
    withRepo(async ({ dir, params, request }) => {
      const ref = `refs/${rest(params)}`;
      const { sha } = await request.json();
      if (!revParse(dir, ref))
        return githubError(422, 'Reference does not exist');
      git(dir, ['update-ref', ref, sha]);
      return HttpResponse.json({ ref, object: { sha, type: 'commit' } });
    }),
  ),
  // octokit-plugin-create-pull-request asks GraphQL whether the head branch exists and has an
  // open pull request.
  http.post(`${GITHUB}/graphql`, async ({ request }) => {
    const { query, variables } = await request.json();
    const { owner, repo, head } = variables ?? {};
    if (!/associatedPullRequests/.test(query) || !repoExists(owner, repo)) {
      return HttpResponse.json(
        { message: 'Not in the recorded world: this GraphQL query' },
        { status: 501 },
      );
    }
    const exists = revParse(bare(owner, repo), `refs/heads/${head}`);
    const open = (pulls.get(`${owner}/${repo}`) ?? []).filter(
      p => p.head === head && p.state === 'open',
    );
    return HttpResponse.json({
      data: {
        repository: {
          ref: exists
            ? {
                associatedPullRequests: {
                  edges: open.slice(0, 1).map(p => ({
                    node: {
                      id: `PR_${p.number}`,
                      number: p.number,
                      url: pullJson(owner, repo, p).html_url,
                    },
                  })),
                },
              }
            : null,
        },
      },
    });
  }),

  // ---- pull requests
  http.get(
    `${GITHUB}/repos/:owner/:repo/pulls`,
    withRepo(({ owner, repo, request }) => {
      const query = new URL(request.url).searchParams;
      const list = (pulls.get(`${owner}/${repo}`) ?? []).filter(
        p =>
          (!query.get('head') || p.head === branchOf(query.get('head'))) &&
          (!query.get('base') || p.base === query.get('base')) &&
          (query.get('state') === 'all' ||
            p.state === (query.get('state') ?? 'open')),
      );
      return HttpResponse.json(list.map(p => pullJson(owner, repo, p)));
    }),
  ),
  http.post(
    `${GITHUB}/repos/:owner/:repo/pulls`,
    withRepo(async ({ owner, repo, dir, request }) => {
      const body = await request.json();
      const head = branchOf(body.head);
      const list = pulls.get(`${owner}/${repo}`) ?? [];
      if (!revParse(dir, `refs/heads/${head}`)) {
        return githubError(422, 'Validation Failed', {
          errors: [{ resource: 'PullRequest', field: 'head', code: 'invalid' }],
        });
      }
      if (list.some(p => p.head === head && p.state === 'open')) {
        return githubError(422, 'Validation Failed', {
          errors: [
            {
              resource: 'PullRequest',
              code: 'custom',
              message: `A pull request already exists for ${owner}:${head}.`,
            },
          ],
        });
      }
      const pull = {
        number: list.length + 1,
        state: 'open',
        head,
        base: body.base,
        title: body.title,
        body: body.body,
      };
      pulls.set(`${owner}/${repo}`, [...list, pull]);
      return HttpResponse.json(pullJson(owner, repo, pull), { status: 201 });
    }),
  ),
  http.patch(
    `${GITHUB}/repos/:owner/:repo/pulls/:number`,
    withRepo(async ({ owner, repo, params, request }) => {
      const pull = (pulls.get(`${owner}/${repo}`) ?? []).find(
        p => p.number === Number(params.number),
      );
      if (!pull) return githubNotFound();
      const { title, body } = await request.json();
      Object.assign(pull, { title, body });
      return HttpResponse.json(pullJson(owner, repo, pull));
    }),
  ),

  // ---- deployment environments (stock github:environment:create) and their variables
  // (commerce:github:environment-variables)
  http.put(
    `${GITHUB}/repos/:owner/:repo/environments/:env`,
    withRepo(async ({ owner, repo, params, request }) => {
      const key = `${owner}/${repo}/${params.env}`;
      const body = await request.json().catch(() => ({}));
      const environment = environments.get(key) ?? {
        id: ++nextId,
        variables: new Map(),
      };
      environment.settings = body;
      environments.set(key, environment);
      return HttpResponse.json(environmentJson(owner, repo, params.env));
    }),
  ),
  http.get(
    `${GITHUB}/repos/:owner/:repo/environments/:env`,
    withRepo(({ owner, repo, params }) =>
      environments.has(`${owner}/${repo}/${params.env}`)
        ? HttpResponse.json(environmentJson(owner, repo, params.env))
        : githubNotFound(),
    ),
  ),
  http.get(
    `${GITHUB}/repos/:owner/:repo/environments/:env/variables/:name`,
    withRepo(({ owner, repo, params }) => {
      const environment = environments.get(`${owner}/${repo}/${params.env}`);
      const value = environment?.variables.get(params.name);
      if (value === undefined) return githubNotFound();
      return HttpResponse.json({
        name: params.name,
        value,
        created_at: '2026-11-30T10:00:00Z',
        updated_at: '2026-11-30T10:00:00Z',
      });
    }),
  ),
  // GitHub refuses to create a variable that exists (409): updating is PATCH …/variables/<name>.
  http.post(
    `${GITHUB}/repos/:owner/:repo/environments/:env/variables`,
    withRepo(async ({ owner, repo, params, request }) => {
      const environment = environments.get(`${owner}/${repo}/${params.env}`);
      if (!environment) return githubNotFound();
      const { name, value } = await request.json();
      if (environment.variables.has(name)) {
        return githubError(
          409,
          'Already exists - Variable already exists in Environments',
        );
      }
      environment.variables.set(name, value);
      return HttpResponse.json({}, { status: 201 });
    }),
  ),
  http.patch(
    `${GITHUB}/repos/:owner/:repo/environments/:env/variables/:name`,
    withRepo(async ({ owner, repo, params, request }) => {
      const environment = environments.get(`${owner}/${repo}/${params.env}`);
      if (!environment?.variables.has(params.name)) return githubNotFound();
      const { value } = await request.json();
      environment.variables.set(params.name, value);
      return new HttpResponse(null, { status: 204 });
    }),
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

// What the recorded deployments report as their templates' outputs: the delivery identities'
// (infra/delivery.bicep, read by the GitHub environment steps) and the service's own.
// The test names the identities' client ids (PRODUCTION_PATH_DELIVERY_OUTPUTS, JSON).
const deliveryIdentities = JSON.parse(
  required('PRODUCTION_PATH_DELIVERY_OUTPUTS'),
);
function recordedOutputs(deploymentName, subscription) {
  const string = value => ({ type: 'String', value });
  if (/delivery/.test(deploymentName)) {
    return {
      DEPLOY_CLIENT_ID: string(deliveryIdentities.DEPLOY_CLIENT_ID),
      WHATIF_CLIENT_ID: string(deliveryIdentities.WHATIF_CLIENT_ID),
      AZURE_TENANT_ID: string(process.env.AZURE_TENANT_ID),
      AZURE_SUBSCRIPTION_ID: string(subscription),
    };
  }
  return {
    AZURE_CLIENT_ID: string('00000000-0000-0000-0000-00000000c11e'),
    IDENTITY_PRINCIPAL_ID: string('00000000-0000-0000-0000-0000000000a1'),
  };
}

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
          outputs: recordedOutputs(String(params.name), String(params.sub)),
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
      message: `Not in the recorded production world: ${request.method} ${request.url}. Add a handler in productionWorld.mjs and an expected request in the production-path test.`,
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
