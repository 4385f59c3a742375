import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { setupServer } from 'msw/node';
import { createFakeGithub } from '../github/__testUtils__/fakeGithub';
import { createGitopsRegisterAction } from './registerApplication';

/** The Application of one environment, as the blueprint generates it. */
const manifestFor = (
  environment: 'dev' | 'prod',
) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: basket-service-${environment}
  namespace: argocd
  labels:
    backstage.io/kubernetes-id: basket-service
spec:
  project: checkout-team
  source:
    repoURL: https://github.com/commerce/basket-service.git
    targetRevision: main
    path: environments/${environment}
  destination:
    server: https://kubernetes.default.svc
    namespace: ${environment === 'dev' ? 'checkout-team-dev' : 'checkout-team'}
`;
const manifest = manifestFor('dev');

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

const GITOPS = 'commerce/commerce-gitops';
const API = '/repos/commerce/commerce-gitops';
const PR_BODY = `The Argo CD Applications of **basket-service** (owner group:default/checkout-team), one per environment under \`apps/<environment>/basket-service.yaml\`.

Opened by the Commerce Platform Portal; each run of the service’s template updates this pull request. Merging it lets each environment’s Argo CD deploy the service.`;

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

// GitHub behind msw: Octokit makes its real requests through its default transport.
const server = setupServer();

describe('commerce:gitops:register', () => {
  const workspace = createMockDirectory();
  let github: ReturnType<typeof createFakeGithub>;

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  beforeEach(() => {
    workspace.setContent({
      'argocd/application-dev.yaml': manifest,
      'argocd/application-prod.yaml': manifestFor('prod'),
    });
    github = createFakeGithub(server);
    github.addRepository(GITOPS, { 'README.md': '# GitOps\n' });
  });
  afterEach(() => server.resetHandlers());

  function createAction(config: object = gitopsConfig) {
    const configReader = new ConfigReader(config);
    return createGitopsRegisterAction({
      config: configReader,
      integrations: ScmIntegrations.fromConfig(configReader),
      catalog,
    });
  }

  function createContext(
    input: Record<string, unknown> = {},
    extra: { isDryRun?: boolean } = {},
  ) {
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({
      input: {
        name: 'basket-service',
        owner: 'group:default/checkout-team',
        environment: 'dev',
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

  const writes = () => github.requests.filter(r => r.method !== 'GET');

  it('proposes dev then prod on one branch and one pull request: the requests in order, with their bodies', async () => {
    const action = createAction();
    const dev = createContext({ environment: 'dev' });
    await action.handler(dev);

    expect(github.calls()).toEqual([
      `GET ${API}`,
      `GET ${API}/contents/apps/dev/basket-service.yaml?ref=main`,
      `GET ${API}/git/ref/heads/service/basket-service`,
      `GET ${API}/git/ref/heads/main`,
      `POST ${API}/git/refs`,
      `PUT ${API}/contents/apps/dev/basket-service.yaml`,
      `GET ${API}/pulls?head=commerce:service/basket-service&base=main&state=open`,
      `POST ${API}/pulls`,
    ]);
    const [createBranch, put, openPull] = writes();
    expect(createBranch.body).toEqual({
      ref: 'refs/heads/service/basket-service',
      sha: 'commit1',
    });
    expect(put.body).toEqual({
      branch: 'service/basket-service',
      message: 'Register basket-service with Argo CD (dev)',
      content: Buffer.from(manifest).toString('base64'),
    });
    expect(openPull.body).toEqual({
      head: 'service/basket-service',
      base: 'main',
      title: 'Register basket-service with Argo CD',
      body: PR_BODY,
    });
    expect(
      github.requests.every(r => r.authorization === 'token test-token'),
    ).toBe(true);
    expect(outputsOf(dev)).toEqual({
      fileUrl:
        'https://github.com/commerce/commerce-gitops/blob/service/basket-service/apps/dev/basket-service.yaml',
      pullRequestUrl: 'https://github.com/commerce/commerce-gitops/pull/1',
      pullRequestNumber: 1,
      branch: 'service/basket-service',
      commitSha: 'commit2',
      changed: true,
      skipped: false,
      skipReason: '',
    });
    // main is untouched: the change waits for review.
    expect(github.file(GITOPS, 'apps/dev/basket-service.yaml', 'main')).toBe(
      undefined,
    );

    // The prod step of the same run: same branch, a second commit, the same pull request.
    github.requests.length = 0;
    const prod = createContext({ environment: 'prod' });
    await action.handler(prod);
    expect(github.calls()).toEqual([
      `GET ${API}`,
      `GET ${API}/contents/apps/prod/basket-service.yaml?ref=main`,
      `GET ${API}/git/ref/heads/service/basket-service`,
      `GET ${API}/contents/apps/prod/basket-service.yaml?ref=service/basket-service`,
      `PUT ${API}/contents/apps/prod/basket-service.yaml`,
      `GET ${API}/pulls?head=commerce:service/basket-service&base=main&state=open`,
    ]);
    expect(writes()[0].body.message).toBe(
      'Register basket-service with Argo CD (prod)',
    );
    expect(outputsOf(prod)).toMatchObject({
      pullRequestNumber: 1,
      commitSha: 'commit3',
      changed: true,
    });
    expect(github.pulls(GITOPS)).toHaveLength(1);
    for (const environment of ['dev', 'prod']) {
      expect(
        github.file(
          GITOPS,
          `apps/${environment}/basket-service.yaml`,
          'service/basket-service',
        ),
      ).toBe(manifestFor(environment as 'dev' | 'prod'));
    }
  });

  it('re-run while the pull request is open: writes nothing, opens nothing, reports the pull request', async () => {
    const action = createAction();
    await action.handler(createContext());
    github.requests.length = 0;

    const rerun = createContext();
    await action.handler(rerun);
    expect(writes()).toEqual([]);
    expect(github.pulls(GITOPS)).toHaveLength(1);
    expect(outputsOf(rerun)).toMatchObject({
      pullRequestUrl: 'https://github.com/commerce/commerce-gitops/pull/1',
      pullRequestNumber: 1,
      commitSha: '',
      changed: false,
    });
    expect(logsOf(rerun).join('\n')).toMatch(
      /apps\/dev\/basket-service\.yaml in commerce\/commerce-gitops \(branch service\/basket-service\) already has this Application/,
    );
  });

  it('re-run with a changed Application updates the open pull request with the sha of the branch’s file', async () => {
    const action = createAction();
    await action.handler(createContext());
    const changed = manifest.replace(
      'targetRevision: main',
      'targetRevision: v2',
    );
    workspace.setContent({ 'argocd/application-dev.yaml': changed });
    github.requests.length = 0;

    const rerun = createContext({ commitMessage: 'Pin basket-service to v2' });
    await action.handler(rerun);
    const [put] = writes();
    expect(put.call).toBe(`PUT ${API}/contents/apps/dev/basket-service.yaml`);
    expect(put.body).toEqual({
      branch: 'service/basket-service',
      message: 'Pin basket-service to v2',
      content: Buffer.from(changed).toString('base64'),
      sha: 'blob-commit2',
    });
    expect(writes()).toHaveLength(1);
    expect(github.pulls(GITOPS)).toHaveLength(1);
    expect(
      github.file(
        GITOPS,
        'apps/dev/basket-service.yaml',
        'service/basket-service',
      ),
    ).toBe(changed);
    expect(outputsOf(rerun)).toMatchObject({
      changed: true,
      pullRequestNumber: 1,
    });
  });

  it('after the pull request is merged, a re-run leaves the registered Application alone', async () => {
    const action = createAction();
    await action.handler(createContext());
    github.merge(GITOPS, 1);
    github.requests.length = 0;

    const rerun = createContext();
    await action.handler(rerun);
    expect(github.calls()).toEqual([
      `GET ${API}`,
      `GET ${API}/contents/apps/dev/basket-service.yaml?ref=main`,
    ]);
    expect(outputsOf(rerun)).toEqual({
      fileUrl:
        'https://github.com/commerce/commerce-gitops/blob/main/apps/dev/basket-service.yaml',
      pullRequestUrl: '',
      pullRequestNumber: 0,
      branch: 'service/basket-service',
      commitSha: '',
      changed: false,
      skipped: false,
      skipReason: '',
    });
    expect(logsOf(rerun).join('\n')).toMatch(
      /already registered for dev, unchanged/,
    );
  });

  it('opens a new pull request from the kept branch when the earlier one was closed unmerged', async () => {
    const action = createAction();
    await action.handler(createContext());
    github.pulls(GITOPS)[0].state = 'closed';
    github.requests.length = 0;

    const rerun = createContext();
    await action.handler(rerun);
    expect(writes().map(w => w.call)).toEqual([`POST ${API}/pulls`]);
    expect(outputsOf(rerun)).toMatchObject({
      pullRequestNumber: 2,
      commitSha: '',
      changed: true,
    });
  });

  it('uses the configured folder and base branch without asking for the default branch', async () => {
    github.commit(GITOPS, 'release', 'README.md', 'release branch');
    const action = createAction({
      ...gitopsConfig,
      commerce: {
        gitops: {
          github: {
            repoUrl: 'https://github.com/commerce/commerce-gitops.git',
            path: '/clusters/',
            branch: 'release',
          },
        },
      },
    });
    await action.handler(createContext({ environment: 'prod' }));

    expect(github.calls()).toEqual([
      `GET ${API}/contents/clusters/prod/basket-service.yaml?ref=release`,
      `GET ${API}/git/ref/heads/service/basket-service`,
      `GET ${API}/git/ref/heads/release`,
      `POST ${API}/git/refs`,
      `PUT ${API}/contents/clusters/prod/basket-service.yaml`,
      `GET ${API}/pulls?head=commerce:service/basket-service&base=release&state=open`,
      `POST ${API}/pulls`,
    ]);
    expect(github.pulls(GITOPS)[0].base).toBe('release');
  });

  it('refuses an environment other than dev or prod, before asking GitHub', async () => {
    const error = await createAction()
      .handler(createContext({ environment: 'staging' }))
      .catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toBe(
      'environment "staging": set it to dev or prod, the environment whose Argo CD deploys the Application',
    );
    expect(github.requests).toEqual([]);
  });

  it('skips with a "not configured" line when no GitOps repository is set', async () => {
    const ctx = createContext();
    await createAction({
      integrations: gitopsConfig.integrations,
    }).handler(ctx);

    expect(github.requests).toHaveLength(0);
    expect(logsOf(ctx)).toContain(
      'not configured: set commerce.gitops.github.repoUrl (the GitOps repository Argo CD reads) and a GitHub integration for its host to register basket-service with Argo CD (dev)',
    );
    expect(outputsOf(ctx)).toMatchObject({
      skipped: true,
      changed: false,
      commitSha: '',
    });
    expect(outputsOf(ctx).skipReason).toMatch(/^not configured/);
  });

  it('fails the step, not the backend, when commerce.gitops.github.repoUrl is not a repository URL', async () => {
    const action = createAction({
      ...gitopsConfig,
      commerce: {
        gitops: { github: { repoUrl: 'https://github.com/commerce' } },
      },
    });
    await expect(action.handler(createContext())).rejects.toThrow(
      'commerce.gitops.github.repoUrl "https://github.com/commerce" is not a GitHub repository URL: use https://<host>/<owner>/<repo>, e.g. https://github.com/commerce/commerce-gitops',
    );
    expect(github.requests).toHaveLength(0);
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
      'argocd/application-dev.yaml': manifest.replace(
        'name: basket-service-dev',
        'name: cart-service',
      ),
    });
    const error = await createAction()
      .handler(createContext())
      .catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toMatch(
      /metadata\.name is "cart-service": set it to "basket-service-dev", the service name and its environment/,
    );
    expect(github.requests).toHaveLength(0);
  });

  it('rejects what is not an Argo CD Application, or not YAML', async () => {
    workspace.setContent({
      'argocd/application-dev.yaml': manifest
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
      /GitHub App is installed on commerce\/commerce-gitops with the permissions contents:write and pull_requests:write/,
    );
  });

  it('names the file when GitHub rejects the write', async () => {
    // Someone commits the file between our read and our write: GitHub answers 422, no sha.
    const racingFetch = (async (input: any, init: any) => {
      if (String(init?.method).toUpperCase() === 'PUT') {
        github.commit(
          GITOPS,
          'service/basket-service',
          'apps/dev/basket-service.yaml',
          'someone else',
        );
      }
      return github.handle(new Request(input, init));
    }) as typeof fetch;
    const config = new ConfigReader(gitopsConfig);
    const action = createGitopsRegisterAction({
      config,
      integrations: ScmIntegrations.fromConfig(config),
      catalog,
      fetch: racingFetch,
    });
    await expect(action.handler(createContext())).rejects.toThrow(
      /GitHub refused to create apps\/dev\/basket-service\.yaml in commerce\/commerce-gitops \(branch service\/basket-service\): 422 Invalid request\..*re-run the task/s,
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
        return github.handle(new Request(input, init));
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
      expect(
        github.file(
          GITOPS,
          'apps/dev/basket-service.yaml',
          'service/basket-service',
        ),
      ).toBe(manifest);
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
      /dry run: would propose argocd\/application-dev\.yaml \(Application basket-service-dev\) as apps\/dev\/basket-service\.yaml in commerce\/commerce-gitops through a pull request from service\/basket-service to its default branch/,
    );
    expect(outputsOf(ctx)).toMatchObject({ skipped: true, changed: false });
  });

  describe('whichever template calls it', () => {
    /** The manifest with `change` applied to its text. */
    async function register(
      edit: (text: string) => string,
      input = {},
    ): Promise<Error> {
      workspace.setContent({ 'argocd/application-dev.yaml': edit(manifest) });
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
          t.replace('namespace: checkout-team-dev', 'namespace: payments-team'),
        /spec\.destination\.namespace is "payments-team": set it to "checkout-team-dev", the owning team's namespace in dev/,
      ],
      [
        'the team’s prod namespace from dev',
        (t: string) =>
          t.replace('namespace: checkout-team-dev', 'namespace: checkout-team'),
        /spec\.destination\.namespace is "checkout-team": set it to "checkout-team-dev"/,
      ],
      [
        'the base deploy/ instead of the environment’s overlay',
        (t: string) => t.replace('path: environments/dev', 'path: deploy'),
        /spec\.source\.path is "deploy": set it to "environments\/dev", the dev overlay/,
      ],
      [
        'the prod overlay from dev',
        (t: string) =>
          t.replace('path: environments/dev', 'path: environments/prod'),
        /spec\.source\.path is "environments\/prod": set it to "environments\/dev"/,
      ],
      [
        'the prod Application’s name (Argo CD names are global)',
        (t: string) =>
          t.replace('name: basket-service-dev', 'name: basket-service-prod'),
        /metadata\.name is "basket-service-prod": set it to "basket-service-dev"/,
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
          t.replace('name: basket-service-dev', 'name: commerce-services'),
        /metadata\.name is "commerce-services": set it to "basket-service-dev"/,
      ],
    ])(
      'refuses an Application for %s, writing nothing',
      async (_what, edit, message) => {
        const error = await register(edit);
        expect(error.name).toBe('InputError');
        expect(error.message).toMatch(message);
        expect(writes()).toEqual([]);
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
      expect(writes()).toEqual([]);
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
      expect(writes()).toEqual([]);
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
