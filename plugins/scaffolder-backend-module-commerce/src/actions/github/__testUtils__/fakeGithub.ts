import { http, HttpResponse } from 'msw';
import type { SetupServer } from 'msw/node';

/** One request GitHub received: method, decoded path with its query, and JSON body. */
export interface GithubRequest {
  method: string;
  /** e.g. `GET /repos/commerce/commerce-gitops/contents/apps/dev/x.yaml?ref=main`. */
  call: string;
  body?: any;
  authorization: string | null;
}

interface FakeRepository {
  defaultBranch: string;
  /** branch → commit sha. */
  refs: Map<string, string>;
  /** `branch:path` → file. */
  files: Map<string, { content: string; sha: string }>;
  pulls: Array<{
    number: number;
    head: string;
    base: string;
    title: string;
    body: string;
    state: 'open' | 'closed';
  }>;
  /** Deployment environment → its variables (name → value). */
  environments: Map<string, Map<string, string>>;
}

/**
 * A small GitHub REST API (repositories, contents, branches, pull requests, deployment
 * environments and their variables) answering as
 * GitHub does, behind msw: Octokit's own transport makes the requests, nothing of ours is
 * replaced. Records every request in order so a test can assert the conversation.
 */
export function createFakeGithub(server: SetupServer) {
  const repositories = new Map<string, FakeRepository>();
  const requests: GithubRequest[] = [];
  let counter = 0;
  let failure: { status: number; message: string } | undefined;

  const json = (status: number, body: unknown) =>
    HttpResponse.json(body as any, { status });
  const notFound = () =>
    json(404, {
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest',
    });
  const branchSha = (repo: FakeRepository, branch: string) => {
    counter += 1;
    const sha = `commit${counter}`;
    repo.refs.set(branch, sha);
    return sha;
  };

  const handle = async (request: Request) => {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const text = method === 'GET' ? '' : await request.text();
    const body = text ? JSON.parse(text) : undefined;
    const path = decodeURIComponent(url.pathname);
    requests.push({
      method,
      call: `${method} ${path}${
        url.search ? decodeURIComponent(url.search) : ''
      }`,
      ...(body !== undefined && { body }),
      authorization: request.headers.get('authorization'),
    });
    if (failure) {
      return json(failure.status, { message: failure.message });
    }
    const match = path.match(/^\/repos\/([^/]+)\/([^/]+)(?:\/(.*))?$/);
    const repo = match && repositories.get(`${match[1]}/${match[2]}`);
    if (!match || !repo) {
      return notFound();
    }
    const [, owner, name, rest = ''] = match;
    const slug = `${owner}/${name}`;

    if (rest === '' && method === 'GET') {
      return json(200, {
        full_name: slug,
        default_branch: repo.defaultBranch,
        size: repo.files.size,
      });
    }
    if (rest.startsWith('contents/')) {
      const filePath = rest.slice('contents/'.length);
      if (repo.refs.size === 0) {
        return json(409, { message: 'Git Repository is empty.' });
      }
      const branch =
        (method === 'GET' ? url.searchParams.get('ref') : body?.branch) ??
        repo.defaultBranch;
      if (!repo.refs.has(branch)) {
        return json(404, { message: `No commit found for the ref ${branch}` });
      }
      const key = `${branch}:${filePath}`;
      const existing = repo.files.get(key);
      const htmlUrl = `https://github.com/${slug}/blob/${branch}/${filePath}`;
      if (method === 'GET') {
        return existing
          ? json(200, {
              type: 'file',
              encoding: 'base64',
              path: filePath,
              sha: existing.sha,
              // GitHub wraps base64 content at 60 characters.
              content: Buffer.from(existing.content)
                .toString('base64')
                .replace(/(.{60})/g, '$1\n'),
              html_url: htmlUrl,
            })
          : notFound();
      }
      if (method === 'PUT') {
        if (existing && body.sha !== existing.sha) {
          return body.sha
            ? json(409, { message: `${filePath} does not match ${body.sha}` })
            : json(422, {
                message: 'Invalid request.\n\n"sha" wasn\'t supplied.',
              });
        }
        const commit = branchSha(repo, branch);
        const sha = `blob-${commit}`;
        repo.files.set(key, {
          content: Buffer.from(body.content, 'base64').toString('utf8'),
          sha,
        });
        return json(existing ? 200 : 201, {
          content: { path: filePath, sha, html_url: htmlUrl },
          commit: { sha: commit, message: body.message },
        });
      }
    }
    const ref = rest.match(/^git\/ref\/heads\/(.+)$/);
    if (ref && method === 'GET') {
      const sha = repo.refs.get(ref[1]);
      return sha
        ? json(200, { ref: `refs/heads/${ref[1]}`, object: { sha } })
        : notFound();
    }
    if (rest === 'git/refs' && method === 'POST') {
      const branch = String(body.ref).replace(/^refs\/heads\//, '');
      if (repo.refs.has(branch)) {
        return json(422, { message: 'Reference already exists' });
      }
      const from = [...repo.refs].find(([, sha]) => sha === body.sha)?.[0];
      if (!from) {
        return json(422, { message: 'Object does not exist' });
      }
      for (const [key, file] of [...repo.files]) {
        if (key.startsWith(`${from}:`)) {
          repo.files.set(`${branch}:${key.slice(from.length + 1)}`, file);
        }
      }
      repo.refs.set(branch, body.sha);
      return json(201, { ref: body.ref, object: { sha: body.sha } });
    }
    // Deployment environments and their variables, with GitHub's statuses: 200 with the
    // variable, 404 absent, 201 created, 409 for creating one that exists, 204 updated.
    const environment = rest.match(
      /^environments\/([^/]+)(?:\/variables(?:\/([^/]+))?)?$/,
    );
    if (environment) {
      const [, envName, variableName] = environment;
      const variables = repo.environments.get(envName);
      if (!variables) return notFound();
      const isVariables = rest.includes('/variables');
      if (!isVariables && method === 'GET') {
        return json(200, {
          id: 161088068,
          node_id: 'MDExOkVudmlyb25tZW50MTYxMDg4MDY4',
          name: envName,
          url: `https://api.github.com/repos/${slug}/environments/${envName}`,
          html_url: `https://github.com/${slug}/deployments/activity_log?environments_filter=${envName}`,
          created_at: '2026-11-30T10:00:00Z',
          updated_at: '2026-11-30T10:00:00Z',
          protection_rules: [],
          deployment_branch_policy: null,
        });
      }
      if (isVariables && variableName && method === 'GET') {
        const value = variables.get(variableName);
        return value === undefined
          ? notFound()
          : json(200, {
              name: variableName,
              value,
              created_at: '2026-11-30T10:00:00Z',
              updated_at: '2026-11-30T10:00:00Z',
            });
      }
      if (isVariables && variableName && method === 'PATCH') {
        if (!variables.has(variableName)) return notFound();
        variables.set(variableName, body.value);
        return new HttpResponse(null, { status: 204 });
      }
      if (isVariables && !variableName && method === 'POST') {
        if (variables.has(body.name)) {
          return json(409, {
            message: 'Already exists - Variable already exists',
            documentation_url:
              'https://docs.github.com/rest/actions/variables#create-an-environment-variable',
            status: '409',
          });
        }
        variables.set(body.name, body.value);
        return json(201, {});
      }
    }
    const toPull = (pull: FakeRepository['pulls'][number]) => ({
      number: pull.number,
      state: pull.state,
      title: pull.title,
      html_url: `https://github.com/${slug}/pull/${pull.number}`,
      head: { ref: pull.head },
      base: { ref: pull.base },
    });
    if (rest === 'pulls' && method === 'GET') {
      const head = url.searchParams.get('head');
      const base = url.searchParams.get('base');
      const state = url.searchParams.get('state') ?? 'open';
      return json(
        200,
        repo.pulls
          .filter(
            p =>
              (!head || `${owner}:${p.head}` === head) &&
              (!base || p.base === base) &&
              (state === 'all' || p.state === state),
          )
          .map(toPull),
      );
    }
    if (rest === 'pulls' && method === 'POST') {
      if (
        repo.pulls.some(
          p =>
            p.state === 'open' && p.head === body.head && p.base === body.base,
        )
      ) {
        return json(422, {
          message: `A pull request already exists for ${owner}:${body.head}.`,
        });
      }
      const pull = {
        number: repo.pulls.length + 1,
        head: body.head,
        base: body.base,
        title: body.title,
        body: body.body,
        state: 'open' as const,
      };
      repo.pulls.push(pull);
      return json(201, toPull(pull));
    }
    return notFound();
  };

  server.use(
    http.all('https://api.github.com/*', ({ request }) => handle(request)),
  );

  return {
    requests,
    /** The requests as `METHOD path?query` lines, in order. */
    calls: () => requests.map(r => r.call),
    /** Adds a repository with one commit on its default branch holding `files`. */
    addRepository(
      slug: string,
      files: Record<string, string> = {},
      defaultBranch = 'main',
    ) {
      const repo: FakeRepository = {
        defaultBranch,
        refs: new Map(),
        files: new Map(),
        pulls: [],
        environments: new Map(),
      };
      repositories.set(slug, repo);
      branchSha(repo, defaultBranch);
      for (const [path, content] of Object.entries(files)) {
        repo.files.set(`${defaultBranch}:${path}`, {
          content,
          sha: `seed-${path}`,
        });
      }
      return repo;
    },
    /** A repository created on GitHub without any commit. */
    addEmptyRepository(slug: string) {
      repositories.set(slug, {
        defaultBranch: 'main',
        refs: new Map(),
        files: new Map(),
        pulls: [],
        environments: new Map(),
      });
    },
    file(slug: string, path: string, branch: string) {
      return repositories.get(slug)?.files.get(`${branch}:${path}`)?.content;
    },
    pulls(slug: string) {
      return repositories.get(slug)?.pulls ?? [];
    },
    /** Puts a file on a branch as someone else's commit. */
    commit(slug: string, branch: string, path: string, content: string) {
      const repo = repositories.get(slug)!;
      branchSha(repo, branch);
      repo.files.set(`${branch}:${path}`, { content, sha: `other-${path}` });
    },
    /** Merges an open pull request: its branch's files land on the base. */
    merge(slug: string, number: number) {
      const repo = repositories.get(slug)!;
      const pull = repo.pulls.find(p => p.number === number)!;
      pull.state = 'closed';
      for (const [key, file] of [...repo.files]) {
        if (key.startsWith(`${pull.head}:`)) {
          repo.files.set(
            `${pull.base}:${key.slice(pull.head.length + 1)}`,
            file,
          );
        }
      }
      branchSha(repo, pull.base);
    },
    /** A deployment environment of a repository, with variables already set. */
    addEnvironment(
      slug: string,
      name: string,
      variables: Record<string, string> = {},
    ) {
      repositories
        .get(slug)!
        .environments.set(name, new Map(Object.entries(variables)));
    },
    /** The variables of an environment as GitHub holds them now. */
    variables(slug: string, environment: string) {
      const variables = repositories.get(slug)?.environments.get(environment);
      return variables && Object.fromEntries(variables);
    },
    failWith(status: number, message: string) {
      failure = { status, message };
    },
    /** The handler, for tests that hand Octokit a transport of their own. */
    handle,
  };
}
