import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { urlReaderServiceFactory } from '@backstage/backend-defaults/urlReader';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import permissionPlugin from '@backstage/plugin-permission-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  createTemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';
import localRepositoriesReader from '@internal/plugin-local-repositories-backend';
import scaffolderModuleCommerce from '@internal/plugin-scaffolder-backend-module-commerce';
import fs from 'fs-extra';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import commercePolicyModule from './index';
import {
  authWithActors,
  people,
  type Person,
  signedInUserInfo,
} from './__testUtils__/signedInPeople';

/*
 * Issue #14 item 9: the commerce register and GitOps actions are safe whichever template calls
 * them. Hostile templates — a form field as the URL, another team's repository, an existing
 * entity's file, another task's local repository, an Application for another team — run through
 * the real scaffolder, catalog and permission backends with this policy and the real commerce
 * actions: each task fails with the action's message and nothing is registered. A stock template
 * (fetch:template, publish:github, commerce:catalog:register), as the platform team would add one,
 * works for a person outside the platform team.
 *
 * GitHub is msw in this process: the catalog's and the actions' reads go through the real GitHub
 * integration to it, and the stand-in publish:github (the GitHub module is not installed) writes
 * the published workspace there, as the real one pushes it.
 */

const files = createMockDirectory();
const repositories = () => files.resolve('repositories');

/** The fake GitHub's repositories in organization `commerce`: "<repo>/<path>" → content. */
const githubFiles = new Map<string, string>();
const github = setupServer(
  http.get(
    'https://api.github.com/repos/:owner/:repo/contents/*',
    ({ params }) => {
      const file = `${params.owner}/${params.repo}/${
        (params as Record<string, string>)[0]
      }`;
      const content = githubFiles.get(file);
      return content === undefined
        ? HttpResponse.json({ message: 'Not Found' }, { status: 404 })
        : HttpResponse.text(content);
    },
  ),
);

const component = (
  name: string,
  team: string,
) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
spec:
  type: service
  lifecycle: production
  owner: group:default/${team}
`;

// JSON is YAML: the catalog reads it as any template.yaml.
const template = (name: string, spec: Record<string, unknown>) =>
  JSON.stringify({
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name, title: name },
    spec: { owner: 'group:default/platform-team', type: 'service', ...spec },
  });

/** A form with string fields, as a template author would write one. */
const form = (...fields: string[]) => [
  {
    title: 'Values',
    required: fields,
    properties: Object.fromEntries(fields.map(f => [f, { type: 'string' }])),
  },
];

/** The stock template shape of Backstage's examples: skeleton, publish:github, register. */
const stockTemplate = (name: string, registerAction: string) =>
  template(name, {
    parameters: form('name', 'owner'),
    steps: [
      {
        id: 'fetch',
        name: 'Fetch the skeleton',
        action: 'fetch:template',
        input: {
          url: './skeleton',
          values: {
            name: '${{ parameters.name }}',
            owner: '${{ parameters.owner }}',
          },
        },
      },
      {
        id: 'publish',
        name: 'Publish to GitHub',
        action: 'publish:github',
        input: {
          repoUrl: 'github.com?owner=commerce&repo=${{ parameters.name }}',
          description: 'A service from the stock template',
        },
      },
      {
        id: 'register',
        name: 'Register in the catalog',
        action: registerAction,
        input: {
          repoContentsUrl: "${{ steps['publish'].output.repoContentsUrl }}",
          catalogInfoPath: '/catalog-info.yaml',
        },
      },
    ],
    output: {
      links: [
        {
          title: 'Open in the catalog',
          entityRef: "${{ steps['register'].output.entityRef }}",
        },
      ],
    },
  });

const skeleton = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: \${{ values.name }}
spec:
  type: service
  lifecycle: experimental
  owner: \${{ values.owner }}
`;

/**
 * publish:github as a stand-in: "pushes" the workspace to the fake GitHub and answers with the
 * real action's outputs. Like GitHub, it refuses a repository that exists.
 */
const publishGithubStandIn = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'publish-github-stand-in',
  register(reg) {
    reg.registerInit({
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions(
          createTemplateAction({
            id: 'publish:github',
            async handler(ctx) {
              const input = ctx.input as { repoUrl: string };
              const url = new URL(`https://${input.repoUrl}`);
              const owner = url.searchParams.get('owner');
              const repo = url.searchParams.get('repo');
              if (
                [...githubFiles.keys()].some(k =>
                  k.startsWith(`${owner}/${repo}/`),
                )
              ) {
                throw new Error(`Repository ${owner}/${repo} already exists`);
              }
              for (const file of await listFiles(ctx.workspacePath)) {
                githubFiles.set(
                  `${owner}/${repo}/${file}`,
                  await fs.readFile(path.join(ctx.workspacePath, file), 'utf8'),
                );
              }
              ctx.output(
                'remoteUrl',
                `https://github.com/${owner}/${repo}.git`,
              );
              ctx.output(
                'repoContentsUrl',
                `https://github.com/${owner}/${repo}/blob/main`,
              );
            },
          }),
        );
      },
    });
  },
});

async function listFiles(root: string, dir = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(path.join(root, dir), {
    withFileTypes: true,
  })) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(root, rel)));
    else out.push(rel);
  }
  return out;
}

describe('the commerce register and GitOps actions, called by any template', () => {
  let server: Parameters<typeof request>[0];
  const asPlatform = mockCredentials.user.header(people.platformEngineer[0]);

  beforeAll(async () => {
    github.listen({ onUnhandledRequest: 'bypass' });
    // Another team's repository, not registered; and the repository of a registered service.
    githubFiles.set(
      'commerce/refund-service/catalog-info.yaml',
      component('refund-service', 'payments-team'),
    );
    githubFiles.set(
      'commerce/checkout-api/catalog-info.yaml',
      component('checkout-api', 'checkout-team'),
    );
    files.setContent({
      'services.yaml': component('checkout-api', 'checkout-team'),
      'templates/stock-service/template.yaml': stockTemplate(
        'stock-service',
        'commerce:catalog:register',
      ),
      'templates/stock-service/skeleton/catalog-info.yaml': skeleton,
      'templates/stock-catalog-register/template.yaml': stockTemplate(
        'stock-catalog-register',
        'catalog:register',
      ),
      'templates/stock-catalog-register/skeleton/catalog-info.yaml': skeleton,
      // Registers the URL typed in the form; can first copy that file into its workspace.
      'templates/hostile-register/template.yaml': template('hostile-register', {
        parameters: [
          {
            properties: {
              url: { type: 'string' },
              copyFrom: { type: 'string', default: '' },
            },
          },
        ],
        steps: [
          {
            id: 'copy',
            name: 'Copy the file, so the workspace holds the same bytes',
            if: '${{ parameters.copyFrom }}',
            action: 'fetch:plain:file',
            input: {
              url: '${{ parameters.copyFrom }}',
              targetPath: 'catalog-info.yaml',
            },
          },
          {
            id: 'register',
            name: 'Register the URL from the form',
            action: 'commerce:catalog:register',
            input: { repoContentsUrl: '${{ parameters.url }}' },
          },
        ],
      }),
      'templates/hostile-register-local/template.yaml': template(
        'hostile-register-local',
        {
          parameters: form('catalogInfoPath'),
          steps: [
            {
              id: 'register',
              name: 'Register the local file from the form',
              action: 'commerce:catalog:register-local',
              input: { catalogInfoPath: '${{ parameters.catalogInfoPath }}' },
            },
          ],
        },
      ),
      'templates/hostile-gitops/template.yaml': template('hostile-gitops', {
        parameters: form('name', 'owner', 'namespace'),
        steps: [
          {
            id: 'fetch',
            name: 'Write an Application',
            action: 'fetch:template',
            input: {
              url: './skeleton',
              values: {
                name: '${{ parameters.name }}',
                namespace: '${{ parameters.namespace }}',
              },
            },
          },
          {
            id: 'gitops',
            name: 'Hand it to Argo CD',
            action: 'commerce:gitops:register',
            input: {
              name: '${{ parameters.name }}',
              owner: '${{ parameters.owner }}',
              environment: 'prod',
            },
          },
        ],
      }),
      // The prod Application (where commerce:gitops:register looks for environment prod), right
      // in every respect but the namespace it names.
      'templates/hostile-gitops/skeleton/argocd/application-prod.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: \${{ values.name }}-prod
  namespace: argocd
spec:
  project: \${{ values.namespace }}
  source:
    repoURL: https://github.com/commerce/\${{ values.name }}.git
    path: environments/prod
  destination:
    server: https://kubernetes.default.svc
    namespace: \${{ values.namespace }}
`,
      // A local repository another task published.
      'repositories/orders-archive/catalog-info.yaml': component(
        'orders-archive',
        'checkout-team',
      ),
      'repositories/orders-archive/.git/commerce-published-by.json':
        JSON.stringify({ taskId: 'another-task', commitHash: 'abc1234' }),
    });

    const templates = [
      'stock-service',
      'stock-catalog-register',
      'hostile-register',
      'hostile-register-local',
      'hostile-gitops',
    ];
    const backend = await startTestBackend({
      features: [
        permissionPlugin,
        commercePolicyModule,
        catalogPlugin,
        catalogModuleTemplateKind,
        scaffolderPlugin,
        scaffolderModuleCommerce,
        publishGithubStandIn,
        authWithActors,
        signedInUserInfo,
        urlReaderServiceFactory,
        localRepositoriesReader,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            integrations: {
              github: [{ host: 'github.com', token: 'test-token' }],
            },
            commerce: {
              publish: {
                target: 'github',
                github: { owner: 'commerce' },
                local: { directory: repositories() },
              },
            },
            catalog: {
              rules: [
                {
                  allow: ['Component', 'Group', 'User', 'Template', 'Location'],
                },
              ],
              locations: [
                {
                  type: 'file',
                  target: path.resolve(__dirname, '../../../catalog/org.yaml'),
                },
                { type: 'file', target: files.resolve('services.yaml') },
                ...templates.map(t => ({
                  type: 'file',
                  target: files.resolve(`templates/${t}/template.yaml`),
                })),
              ],
            },
          },
        }),
      ],
    });
    server = backend.server;

    const deadline = Date.now() + 60_000;
    for (const ref of [
      ...templates.map(t => `template/default/${t}`),
      'group/default/catalog-team',
      'component/default/checkout-api',
    ]) {
      for (;;) {
        const res = await request(server)
          .get(`/api/catalog/entities/by-name/${ref}`)
          .set('Authorization', asPlatform);
        if (res.status === 200) break;
        if (Date.now() > deadline) {
          throw new Error(`the catalog did not ingest ${ref}: ${res.text}`);
        }
        await new Promise(resolve => setTimeout(resolve, 200));
      }
    }
  }, 90_000);

  afterAll(() => github.close());

  /** Runs a template as `person`; its final status and its log. */
  async function run(
    person: Person,
    templateName: string,
    values: Record<string, unknown>,
  ): Promise<{ status: string; log: string }> {
    const auth = mockCredentials.user.header(people[person][0]);
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', auth)
      .send({ templateRef: `template:default/${templateName}`, values });
    expect(created.status).toBe(201);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const task = await request(server)
        .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
        .set('Authorization', auth);
      const { status } = task.body;
      if (['completed', 'failed'].includes(status) || Date.now() > deadline) {
        const events = await request(server)
          .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
          .set('Authorization', auth);
        const log = (events.body as { body: { message?: string } }[])
          .map(e => e.body.message)
          .filter(Boolean)
          .join('\n');
        return { status, log };
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  }

  /** The targets of the catalog's url locations: what was registered. */
  async function registeredUrls(): Promise<string[]> {
    const res = await request(server)
      .get('/api/catalog/locations')
      .set('Authorization', asPlatform);
    return (res.body as { data: { type: string; target: string } }[])
      .map(l => l.data)
      .filter(l => l.type === 'url')
      .map(l => l.target);
  }

  async function entityStatus(ref: string): Promise<number> {
    const res = await request(server)
      .get(`/api/catalog/entities/by-name/${ref}`)
      .set('Authorization', asPlatform);
    return res.status;
  }

  describe('a hostile template: the task fails with the action’s message, nothing is registered', () => {
    it.each([
      {
        what: 'a URL typed in the form, outside the services’ organization',
        person: 'nonOwner' as Person,
        values: { url: 'https://github.com/elsewhere/tools/blob/main' },
        message:
          'NotAllowedError: https://github.com/elsewhere/tools/tree/main/catalog-info.yaml is not in a repository of github.com/commerce, where services are published',
      },
      {
        what: 'another team’s repository in the organization',
        person: 'nonOwner' as Person,
        values: { url: 'https://github.com/commerce/refund-service/blob/main' },
        message: 'NotAllowedError: This task generated no catalog-info.yaml at',
      },
      {
        what: 'another team’s repository, its file copied into the workspace first',
        person: 'nonOwner' as Person,
        values: {
          url: 'https://github.com/commerce/refund-service/blob/main',
          copyFrom:
            'https://github.com/commerce/refund-service/blob/main/catalog-info.yaml',
        },
        message:
          'NotAllowedError: component:default/refund-service in https://github.com/commerce/refund-service/tree/main/catalog-info.yaml is owned by group:default/payments-team, and user:default/tomas.berg is not a member of it',
      },
      {
        what: 'an existing entity’s file, by its own team',
        person: 'owner' as Person,
        values: {
          url: 'https://github.com/commerce/checkout-api/blob/main',
          copyFrom:
            'https://github.com/commerce/checkout-api/blob/main/catalog-info.yaml',
        },
        message: `NotAllowedError: component:default/checkout-api is already in the catalog, registered from file:${files.resolve(
          'services.yaml',
        )}`,
      },
    ])(
      'commerce:catalog:register with $what',
      async ({ person, values, message }) => {
        const before = await registeredUrls();
        const { status, log } = await run(person, 'hostile-register', values);
        expect(status).toBe('failed');
        expect(log).toContain(message);
        expect(await registeredUrls()).toEqual(before);
        expect(await entityStatus('component/default/refund-service')).toBe(
          404,
        );
      },
    );

    it('commerce:catalog:register-local with a repository another task published', async () => {
      const before = await registeredUrls();
      const catalogInfoPath = path.join(
        repositories(),
        'orders-archive/catalog-info.yaml',
      );
      const { status, log } = await run('owner', 'hostile-register-local', {
        catalogInfoPath,
      });
      expect(status).toBe('failed');
      expect(log).toContain(
        `NotAllowedError: ${path.join(
          repositories(),
          'orders-archive',
        )} was not published by this task (its last publish was task another-task)`,
      );
      expect(await registeredUrls()).toEqual(before);
      expect(await entityStatus('component/default/orders-archive')).toBe(404);
      expect(before).not.toContain(pathToFileURL(catalogInfoPath).href);
    });

    it('commerce:gitops:register for another team: the policy refuses the step', async () => {
      const { status, log } = await run('nonOwner', 'hostile-gitops', {
        name: 'checkout-api',
        owner: 'group:default/checkout-team',
        namespace: 'checkout-team',
      });
      expect(status).toBe('failed');
      expect(log).toContain(
        'Unauthorized action: commerce:gitops:register. The action is not allowed.',
      );
    });

    it('commerce:gitops:register naming its own team, with an Application for another team’s namespace', async () => {
      const { status, log } = await run('nonOwner', 'hostile-gitops', {
        name: 'catalog-search',
        owner: 'group:default/catalog-team',
        namespace: 'checkout-team',
      });
      expect(status).toBe('failed');
      expect(log).toContain(
        'spec.destination.namespace is "checkout-team": set it to "catalog-team", the owning team\'s namespace',
      );
    });
  });

  describe('a stock template the platform team adds', () => {
    it('works for a person outside the platform team, with commerce:catalog:register', async () => {
      const { status, log } = await run('nonOwner', 'stock-service', {
        name: 'search-service',
        owner: 'group:default/catalog-team',
      });
      expect({ status, log }).toMatchObject({ status: 'completed' });
      const target =
        'https://github.com/commerce/search-service/tree/main/catalog-info.yaml';
      expect(await registeredUrls()).toContain(target);
      const entity = await request(server)
        .get('/api/catalog/entities/by-name/component/default/search-service')
        .set('Authorization', asPlatform);
      expect(entity.status).toBe(200);
      expect(entity.body.spec.owner).toBe('group:default/catalog-team');
    });

    it('with the stock catalog:register instead, registers for the platform team only (as documented)', async () => {
      const denied = await run('nonOwner', 'stock-catalog-register', {
        name: 'search-indexer',
        owner: 'group:default/catalog-team',
      });
      // The catalog refuses the person's location.create, after the repository was published.
      expect(denied.status).toBe('failed');
      expect(denied.log).toContain('ResponseError: Request failed with 403');
      expect(await entityStatus('component/default/search-indexer')).toBe(404);

      const allowed = await run('platformEngineer', 'stock-catalog-register', {
        name: 'platform-docs',
        owner: 'group:default/platform-team',
      });
      expect(allowed.status).toBe('completed');
    });
  });
});
