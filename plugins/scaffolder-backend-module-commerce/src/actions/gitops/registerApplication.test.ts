import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createGitopsRegisterAction } from './registerApplication';

const manifest = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: basket-service
  namespace: argocd
  labels:
    backstage.io/kubernetes-id: basket-service
spec:
  project: checkout-team
  source:
    repoURL: https://github.com/commerce/basket-service.git
    targetRevision: main
    path: deploy
  destination:
    server: https://kubernetes.default.svc
    namespace: checkout-team
`;

const gitopsConfig = {
  commerce: {
    // Services are published to GitHub: the Application must sync from the service's own.
    publish: { target: 'github', github: { owner: 'commerce' } },
    gitops: {
      github: { repoUrl: 'https://github.com/commerce/commerce-gitops' },
    },
  },
  integrations: { github: [{ host: 'github.com', token: 'test-token' }] },
};

type RecordedRequest = {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: any;
};

/**
 * A small GitHub REST API for one repository (commerce/commerce-gitops, default branch main),
 * answering as GitHub does; handed to Octokit as its `request.fetch`.
 */
function createFakeGithub() {
  const files = new Map<string, { content: string; sha: string }>();
  const requests: RecordedRequest[] = [];
  let commits = 0;
  let failure: { status: number; message: string } | undefined;

  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });

  const fetchImpl = async (input: any, init: any = {}) => {
    const url = new URL(String(input));
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(init.headers ?? {})) {
      headers[key.toLowerCase()] = String(value);
    }
    const method = String(init.method ?? 'GET').toUpperCase();
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    requests.push({ method, url, headers, body });

    if (failure) {
      return json(failure.status, {
        message: failure.message,
        documentation_url: 'https://docs.github.com/rest',
      });
    }
    if (url.host !== 'api.github.com') {
      return json(404, { message: 'Not Found' });
    }
    if (
      method === 'GET' &&
      url.pathname === '/repos/commerce/commerce-gitops'
    ) {
      return json(200, {
        full_name: 'commerce/commerce-gitops',
        default_branch: 'main',
      });
    }
    const match = url.pathname.match(
      /^\/repos\/commerce\/commerce-gitops\/contents\/(.+)$/,
    );
    if (!match) {
      return json(404, { message: 'Not Found' });
    }
    const path = decodeURIComponent(match[1]);
    const branch =
      (method === 'GET' ? url.searchParams.get('ref') : body?.branch) ?? 'main';
    const key = `${branch}:${path}`;
    const htmlUrl = `https://github.com/commerce/commerce-gitops/blob/${branch}/${path}`;
    const existing = files.get(key);

    if (method === 'GET') {
      if (!existing) {
        return json(404, {
          message: 'Not Found',
          documentation_url:
            'https://docs.github.com/rest/repos/contents#get-repository-content',
        });
      }
      // GitHub wraps base64 content at 60 characters.
      const base64 = Buffer.from(existing.content)
        .toString('base64')
        .replace(/(.{60})/g, '$1\n');
      return json(200, {
        type: 'file',
        encoding: 'base64',
        path,
        sha: existing.sha,
        content: base64,
        html_url: htmlUrl,
      });
    }
    if (method === 'PUT') {
      if (existing && body.sha !== existing.sha) {
        return body.sha
          ? json(409, {
              message: `${path} does not match ${body.sha}`,
            })
          : json(422, {
              message: 'Invalid request.\n\n"sha" wasn\'t supplied.',
            });
      }
      commits += 1;
      const sha = `blob${commits}`;
      files.set(key, {
        content: Buffer.from(body.content, 'base64').toString('utf8'),
        sha,
      });
      return json(existing ? 200 : 201, {
        content: { path, sha, html_url: htmlUrl },
        commit: { sha: `commit${commits}`, message: body.message },
      });
    }
    return json(404, { message: 'Not Found' });
  };

  return {
    fetch: fetchImpl as unknown as typeof fetch,
    requests,
    /** Puts a file on a branch as if it had been committed before. */
    seed(path: string, content: string, branch = 'main') {
      files.set(`${branch}:${path}`, { content, sha: 'existing-sha' });
    },
    file(path: string, branch = 'main') {
      return files.get(`${branch}:${path}`);
    },
    failWith(status: number, message: string) {
      failure = { status, message };
    },
    puts() {
      return requests.filter(r => r.method === 'PUT');
    },
  };
}

/** The catalog as the run left it: the services registered, each with its owner. */
const catalog = catalogServiceMock({
  entities: [
    ['basket-service', 'checkout-team'],
    ['payment-service', 'group:default/payments-team'],
  ].map(([name, owner]) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name },
    spec: { type: 'service', lifecycle: 'production', owner },
  })),
});

describe('commerce:gitops:register', () => {
  const workspace = createMockDirectory();
  let github: ReturnType<typeof createFakeGithub>;

  beforeEach(() => {
    workspace.setContent({ 'argocd/application.yaml': manifest });
    github = createFakeGithub();
  });

  function createAction(config: object = gitopsConfig) {
    const configReader = new ConfigReader(config);
    return createGitopsRegisterAction({
      config: configReader,
      integrations: ScmIntegrations.fromConfig(configReader),
      catalog,
      fetch: github.fetch,
    });
  }

  function createContext(
    input: Record<string, unknown> = {
      name: 'basket-service',
      owner: 'group:default/checkout-team',
    },
    extra: { isDryRun?: boolean } = {},
  ) {
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({
      input: {
        applicationPath: 'argocd/application.yaml',
        owner: 'group:default/checkout-team',
        ...input,
      },
      workspacePath: workspace.path,
      logger,
    });
    return Object.assign(ctx, extra) as any;
  }

  function outputsOf(ctx: { output: jest.Mock }) {
    return Object.fromEntries(ctx.output.mock.calls);
  }

  function logsOf(ctx: { logger: { info: jest.Mock } }) {
    return ctx.logger.info.mock.calls.map(([message]) => String(message));
  }

  it('creates apps/<name>.yaml on the default branch with the manifest', async () => {
    const ctx = createContext();
    await createAction().handler(ctx);

    const [put] = github.puts();
    expect(put).toBeDefined();
    expect(decodeURIComponent(put.url.pathname)).toBe(
      '/repos/commerce/commerce-gitops/contents/apps/basket-service.yaml',
    );
    expect(Buffer.from(put.body.content, 'base64').toString('utf8')).toBe(
      manifest,
    );
    expect(put.body.branch).toBe('main');
    expect(put.body.message).toBe('Register basket-service with Argo CD');
    expect(put.body.sha).toBeUndefined();
    expect(put.headers.authorization).toMatch(/^(token|bearer) test-token$/i);
    expect(github.requests.every(r => r.headers.authorization)).toBe(true);

    expect(github.file('apps/basket-service.yaml')?.content).toBe(manifest);
    expect(outputsOf(ctx)).toEqual({
      fileUrl:
        'https://github.com/commerce/commerce-gitops/blob/main/apps/basket-service.yaml',
      commitSha: 'commit1',
      changed: true,
      skipped: false,
      skipReason: '',
    });
  });

  it('leaves an identical Application alone on a second run', async () => {
    const action = createAction();
    await action.handler(createContext());
    expect(github.puts()).toHaveLength(1);

    const ctx = createContext();
    await action.handler(ctx);
    expect(github.puts()).toHaveLength(1);
    expect(outputsOf(ctx)).toMatchObject({
      changed: false,
      skipped: false,
      commitSha: '',
      fileUrl:
        'https://github.com/commerce/commerce-gitops/blob/main/apps/basket-service.yaml',
    });
    expect(logsOf(ctx).join('\n')).toMatch(/already registered, unchanged/);
  });

  it('updates a different Application with the sha of the existing file', async () => {
    github.seed(
      'apps/basket-service.yaml',
      manifest.replace('targetRevision: main', 'targetRevision: v1'),
    );
    const ctx = createContext({
      name: 'basket-service',
      commitMessage: 'Move basket-service to main',
    });
    await createAction().handler(ctx);

    const [put] = github.puts();
    expect(put.body.sha).toBe('existing-sha');
    expect(put.body.message).toBe('Move basket-service to main');
    expect(github.file('apps/basket-service.yaml')?.content).toBe(manifest);
    expect(outputsOf(ctx)).toMatchObject({
      changed: true,
      commitSha: 'commit1',
    });
  });

  it('uses the configured folder and branch without asking for the default branch', async () => {
    const action = createAction({
      ...gitopsConfig,
      commerce: {
        gitops: {
          github: {
            repoUrl: 'https://github.com/commerce/commerce-gitops.git',
            path: '/clusters/prod/apps/',
            branch: 'release',
          },
        },
      },
    });
    await action.handler(createContext());

    expect(
      github.requests.some(
        r => r.url.pathname === '/repos/commerce/commerce-gitops',
      ),
    ).toBe(false);
    const [put] = github.puts();
    expect(decodeURIComponent(put.url.pathname)).toBe(
      '/repos/commerce/commerce-gitops/contents/clusters/prod/apps/basket-service.yaml',
    );
    expect(put.body.branch).toBe('release');
    expect(
      github.file('clusters/prod/apps/basket-service.yaml', 'release')?.content,
    ).toBe(manifest);

    // The re-run reads the file from the configured branch, not the default one, and keeps it.
    const rerun = createContext();
    await action.handler(rerun);
    expect(github.puts()).toHaveLength(1);
    expect(outputsOf(rerun).changed).toBe(false);
  });

  it('skips with a "not configured" line when no GitOps repository is set', async () => {
    const ctx = createContext();
    await createAction({
      integrations: gitopsConfig.integrations,
    }).handler(ctx);

    expect(github.requests).toHaveLength(0);
    expect(logsOf(ctx)).toContain(
      'not configured: set commerce.gitops.github.repoUrl (the GitOps repository Argo CD reads) and a GitHub integration for its host to register basket-service with Argo CD',
    );
    expect(outputsOf(ctx)).toMatchObject({
      skipped: true,
      changed: false,
      commitSha: '',
    });
    expect(outputsOf(ctx).skipReason).toMatch(/^not configured/);
  });

  it('skips when no GitHub integration with credentials covers the host', async () => {
    const enterprise = createContext();
    await createAction({
      commerce: {
        gitops: {
          github: { repoUrl: 'https://github.example.com/commerce/gitops' },
        },
      },
    }).handler(enterprise);
    expect(outputsOf(enterprise).skipped).toBe(true);
    expect(outputsOf(enterprise).skipReason).toMatch(
      /^not configured: add integrations\.github for host github\.example\.com/,
    );

    // github.com always has a bare integration; without token or App it is not configured either.
    const bare = createContext();
    await createAction({ commerce: gitopsConfig.commerce }).handler(bare);
    expect(outputsOf(bare).skipped).toBe(true);
    expect(outputsOf(bare).skipReason).toMatch(
      /integrations\.github for host github\.com/,
    );
    expect(github.requests).toHaveLength(0);
  });

  it('rejects a manifest whose metadata.name is not the service name', async () => {
    workspace.setContent({
      'argocd/application.yaml': manifest.replace(
        'name: basket-service',
        'name: cart-service',
      ),
    });
    const error = await createAction()
      .handler(createContext())
      .catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toMatch(
      /metadata\.name is "cart-service": set it to "basket-service"/,
    );
    expect(github.requests).toHaveLength(0);
  });

  it('rejects what is not an Argo CD Application, or not YAML', async () => {
    workspace.setContent({
      'argocd/application.yaml': manifest
        .replace('argoproj.io/v1alpha1', 'apps/v1')
        .replace('kind: Application', 'kind: Deployment'),
      'broken.yaml': 'kind: [Application',
    });
    const action = createAction();
    const wrongKind = await action.handler(createContext()).catch(e => e);
    expect(wrongKind.name).toBe('InputError');
    expect(wrongKind.message).toMatch(/set apiVersion: argoproj\.io\/v1alpha1/);
    expect(wrongKind.message).toMatch(/set kind: Application/);

    const broken = await action
      .handler(
        createContext({
          name: 'basket-service',
          applicationPath: 'broken.yaml',
        }),
      )
      .catch(e => e);
    expect(broken.name).toBe('InputError');
    expect(broken.message).toMatch(/broken\.yaml is not valid YAML/);
    expect(github.requests).toHaveLength(0);
  });

  it('refuses a manifest path outside the workspace, and a missing manifest', async () => {
    const action = createAction();
    await expect(
      action.handler(
        createContext({
          name: 'basket-service',
          applicationPath: '../outside/application.yaml',
        }),
      ),
    ).rejects.toThrow(/points outside the task workspace/);
    await expect(
      action.handler(
        createContext({ name: 'basket-service', applicationPath: 'nope.yaml' }),
      ),
    ).rejects.toThrow(/cannot read it from the task workspace \(ENOENT\)/);
    await expect(
      action.handler(createContext({ name: 'Basket_Service' })),
    ).rejects.toThrow(/Name "Basket_Service": use lowercase letters/);
    expect(github.requests).toHaveLength(0);
  });

  it('reports a GitHub refusal with the repository, status, message and what to check', async () => {
    github.failWith(403, 'Resource not accessible by integration');
    const error = await createAction()
      .handler(createContext())
      .catch(e => e);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/commerce\/commerce-gitops/);
    expect(error.message).toMatch(
      /: 403 Resource not accessible by integration\./,
    );
    expect(error.message).toMatch(
      /GitHub App is installed on commerce\/commerce-gitops with the permission contents:write/,
    );
  });

  it('names the file when GitHub rejects the write', async () => {
    // Someone commits the file between our read and our write: GitHub answers 422, no sha.
    const racingFetch = (async (input: any, init: any) => {
      if (String(init?.method).toUpperCase() === 'PUT') {
        github.seed('apps/basket-service.yaml', 'someone else');
      }
      return github.fetch(input, init);
    }) as typeof fetch;
    const config = new ConfigReader(gitopsConfig);
    const action = createGitopsRegisterAction({
      config,
      integrations: ScmIntegrations.fromConfig(config),
      catalog,
      fetch: racingFetch,
    });
    await expect(action.handler(createContext())).rejects.toThrow(
      /GitHub refused to create apps\/basket-service\.yaml in commerce\/commerce-gitops \(branch main\): 422 Invalid request\..*re-run the task/s,
    );
  });

  describe('a GitHub that does not answer', () => {
    const slowConfig = {
      ...gitopsConfig,
      commerce: {
        ...gitopsConfig.commerce,
        gitops: {
          github: {
            ...gitopsConfig.commerce.gitops.github,
            requestTimeoutSeconds: 0.05,
          },
        },
      },
    };

    it('fails the step within commerce.gitops.github.requestTimeoutSeconds when a request never answers, and a re-run registers', async () => {
      let hang = true;
      const signals: AbortSignal[] = [];
      // Octokit's transport: the first request gets no answer, whatever its signal says.
      const hangingFetch = (async (input: any, init: any) => {
        if (hang) {
          signals.push(init.signal);
          return new Promise(() => {});
        }
        return github.fetch(input, init);
      }) as typeof fetch;
      const config = new ConfigReader(slowConfig);
      const action = createGitopsRegisterAction({
        config,
        integrations: ScmIntegrations.fromConfig(config),
        catalog,
        fetch: hangingFetch,
      });

      const started = Date.now();
      const error = await action.handler(createContext()).catch(e => e);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(error.name).toBe('ServiceUnavailableError');
      expect(error.message).toBe(
        'GitHub did not answer within 0.05 s (read the repository commerce/commerce-gitops). Try again later, or raise commerce.gitops.github.requestTimeoutSeconds if GitHub is only slow.',
      );
      // Octokit handed the deadline's signal to its fetch, and it fired.
      expect(signals).toHaveLength(1);
      expect(signals[0].aborted).toBe(true);

      hang = false;
      const ctx = createContext();
      await action.handler(ctx);
      expect(outputsOf(ctx)).toMatchObject({ changed: true, skipped: false });
      expect(github.file('apps/basket-service.yaml')?.content).toBe(manifest);
    });

    it('fails the same way when getting the GitHub App’s token hangs', async () => {
      const config = new ConfigReader(slowConfig);
      const action = createGitopsRegisterAction({
        config,
        integrations: ScmIntegrations.fromConfig(config),
        catalog,
        githubCredentialsProvider: {
          getCredentials: () => new Promise(() => {}),
        },
        fetch: github.fetch,
      });
      await expect(action.handler(createContext())).rejects.toThrow(
        'GitHub did not answer within 0.05 s (getting a token for commerce/commerce-gitops). Try again later, or raise commerce.gitops.github.requestTimeoutSeconds if GitHub is only slow.',
      );
      expect(github.requests).toEqual([]);
    });
  });

  it('reads and writes nothing on a dry run', async () => {
    const ctx = createContext({ name: 'basket-service' }, { isDryRun: true });
    await createAction().handler(ctx);

    expect(github.requests).toHaveLength(0);
    expect(logsOf(ctx).join('\n')).toMatch(
      /dry run: would write argocd\/application\.yaml \(Application basket-service\) to apps\/basket-service\.yaml in commerce\/commerce-gitops/,
    );
    expect(outputsOf(ctx)).toMatchObject({ skipped: true, changed: false });
  });

  describe('whichever template calls it', () => {
    /** The manifest with `change` applied to its text. */
    async function register(
      edit: (text: string) => string,
      input = {},
    ): Promise<Error> {
      workspace.setContent({ 'argocd/application.yaml': edit(manifest) });
      const outcome = await createAction()
        .handler(createContext({ name: 'basket-service', ...input }))
        .catch((e: Error) => e);
      if (!(outcome instanceof Error)) {
        throw new Error('expected the action to refuse, but it registered');
      }
      return outcome;
    }

    it.each([
      [
        'another team’s namespace',
        (t: string) =>
          t.replace('namespace: checkout-team', 'namespace: payments-team'),
        /spec\.destination\.namespace is "payments-team": set it to "checkout-team", the owning team's namespace/,
      ],
      [
        'another team’s project',
        (t: string) =>
          t.replace('project: checkout-team', 'project: payments-team'),
        /spec\.project is "payments-team": set it to "checkout-team", the owning team's Argo CD project/,
      ],
      [
        'the platform’s project',
        (t: string) => t.replace('project: checkout-team', 'project: platform'),
        /spec\.project is "platform"/,
      ],
      [
        'another repository',
        (t: string) =>
          t.replace(
            'https://github.com/commerce/basket-service.git',
            'https://github.com/commerce/commerce-platform-portal.git',
          ),
        /spec\.source\.repoURL is "https:\/\/github\.com\/commerce\/commerce-platform-portal\.git": set it to https:\/\/github\.com\/commerce\/basket-service\.git/,
      ],
      [
        'another cluster',
        (t: string) =>
          t.replace(
            'https://kubernetes.default.svc',
            'https://prod.example:6443',
          ),
        /spec\.destination must be the cluster Argo CD runs in/,
      ],
      [
        'another name',
        (t: string) =>
          t.replace('name: basket-service', 'name: commerce-services'),
        /metadata\.name is "commerce-services": set it to "basket-service"/,
      ],
    ])(
      'refuses an Application for %s, writing nothing',
      async (_what, edit, message) => {
        const error = await register(edit);
        expect(error.name).toBe('InputError');
        expect(error.message).toMatch(message);
        expect(github.puts()).toEqual([]);
      },
    );

    it('refuses an owner the catalog does not name for the service, before writing', async () => {
      // payment-service is the payments team's; a checkout-team run (the policy let it through
      // on its owner input) with a manifest dressed for checkout-team is still refused.
      const error = await register(
        t => t.replace(/basket-service/g, 'payment-service'),
        { name: 'payment-service' },
      );
      expect(error.name).toBe('NotAllowedError');
      expect(error.message).toMatch(
        /payment-service is owned by group:default\/payments-team in the catalog, not group:default\/checkout-team/,
      );
      expect(github.puts()).toEqual([]);
    });

    it('refuses a service that is not in the catalog yet', async () => {
      const error = await register(
        t => t.replace(/basket-service/g, 'ghost-service'),
        {
          name: 'ghost-service',
        },
      );
      expect(error.message).toMatch(
        /component:default\/ghost-service is not in the catalog: register the service/,
      );
      expect(github.puts()).toEqual([]);
    });

    it('needs the owner as a group ref', async () => {
      const error = await register(t => t, { owner: 'checkout-team' });
      expect(error.name).toBe('InputError');
      expect(error.message).toMatch(
        /Owner "checkout-team": give the owning group as an entity ref/,
      );
    });
  });
});
