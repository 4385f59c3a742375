import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createRegisterRepositoryAction } from './registerRepository';

const repoContentsUrl = 'https://github.com/commerce/order-service/blob/main';
// GitHub's integration resolves files under a blob URL to their tree URL, which its reader reads.
const target =
  'https://github.com/commerce/order-service/tree/main/catalog-info.yaml';

/** The file the task generated, and (unless a test changes it) published. */
const catalogInfo = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: order-service
spec: { type: service, lifecycle: production, owner: group:default/checkout-team }
`;

const entity = (kind: string, name: string, owner?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: owner ? { owner } : {},
});
// What the catalog's dry run answers for the generated file: the Location it wraps it in first.
const dryRunEntities = [
  entity('Location', 'generated-0a1b2c'),
  entity('API', 'order-service-api', 'checkout-team'),
  entity('Component', 'order-service', 'group:default/checkout-team'),
];

const scaffolderCredentials = expect.objectContaining({
  principal: { type: 'service', subject: 'plugin:scaffolder' },
});

/** GitHub's contents API, as the integration's reader calls it (with a token: the API). */
const github = setupServer();
/** The repositories on the fake GitHub: "owner/repo/path" → content. */
let published: Record<string, string>;
/** What the fake GitHub was asked. */
let githubCalls: { path: string; authorization: string | null }[];

describe('commerce:catalog:register', () => {
  const config = new ConfigReader({
    integrations: { github: [{ host: 'github.com', token: 'test-token' }] },
    commerce: { publish: { github: { owner: 'commerce' } } },
  });
  const integrations = ScmIntegrations.fromConfig(config);
  const reader = UrlReaders.default({
    config,
    logger: mockServices.logger.mock(),
  });
  const workspace = createMockDirectory();
  const checkoutEngineer = [
    'user:default/amara.okafor',
    'group:default/checkout-team',
  ];

  beforeAll(() => github.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => github.close());
  beforeEach(() => {
    workspace.setContent({ 'catalog-info.yaml': catalogInfo });
    published = { 'commerce/order-service/catalog-info.yaml': catalogInfo };
    githubCalls = [];
    github.use(
      http.get(
        'https://api.github.com/repos/:owner/:repo/contents/*',
        ({ params, request }) => {
          githubCalls.push({
            path: new URL(request.url).pathname,
            authorization: request.headers.get('authorization'),
          });
          const file = `${params.owner}/${params.repo}/${
            (params as Record<string, string>)[0]
          }`;
          const content = published[file];
          return content === undefined
            ? HttpResponse.json({ message: 'Not Found' }, { status: 404 })
            : HttpResponse.text(content);
        },
      ),
    );
  });
  afterEach(() => github.resetHandlers());

  const run = async (
    catalog: ReturnType<typeof catalogServiceMock.mock>,
    input: Record<string, unknown>,
    options: {
      isDryRun?: boolean;
      ownership?: string[];
      credentials?: BackstageCredentials;
    } = {},
  ) => {
    const ownership = options.ownership ?? checkoutEngineer;
    const action = createRegisterRepositoryAction({
      catalog,
      auth: mockServices.auth({ pluginId: 'scaffolder' }),
      integrations,
      config,
      reader,
      userInfo: mockServices.userInfo({
        userEntityRef: ownership[0],
        ownershipEntityRefs: ownership,
      }),
    });
    const ctx = {
      ...createMockActionContext({
        input: { waitSeconds: 0, ...input } as never,
        workspacePath: workspace.path,
      }),
      getInitiatorCredentials: async () =>
        options.credentials ?? mockCredentials.user(ownership[0]),
      isDryRun: options.isDryRun ?? false,
    };
    await action.handler(ctx);
    return Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls as Array<[string, unknown]>,
    );
  };

  /** A catalog where nothing is registered yet; after addLocation, the file's entities are. */
  const newCatalog = (entities = dryRunEntities) => {
    let registered = false;
    return catalogServiceMock.mock({
      addLocation: jest.fn().mockImplementation(async ({ dryRun }) => {
        if (dryRun) return { entities, exists: false };
        registered = true;
        return { entities: [] };
      }),
      getLocationByRef: jest.fn().mockResolvedValue(undefined),
      getEntityByRef: jest
        .fn()
        .mockImplementation(async () =>
          registered ? entities[entities.length - 1] : undefined,
        ),
    });
  };
  /** Calls that stored something: addLocation without dryRun. */
  const stored = (catalog: ReturnType<typeof catalogServiceMock.mock>) =>
    (catalog.addLocation as jest.Mock).mock.calls.filter(
      ([location]) => !location.dryRun,
    );

  it('reads the file with a dry run, then registers it with the scaffolder’s credentials', async () => {
    const catalog = newCatalog();
    const out = await run(catalog, { repoContentsUrl });
    expect(catalog.addLocation).toHaveBeenNthCalledWith(
      1,
      { type: 'url', target, dryRun: true },
      { credentials: scaffolderCredentials },
    );
    expect(catalog.addLocation).toHaveBeenNthCalledWith(
      2,
      { type: 'url', target },
      { credentials: scaffolderCredentials },
    );
    expect(out).toEqual({
      catalogInfoUrl: target,
      entityRef: 'component:default/order-service',
      entityRefs: [
        'api:default/order-service-api',
        'component:default/order-service',
      ],
      registered: true,
    });
  });

  it('refreshes on a re-run instead of registering twice', async () => {
    const registeredHere = {
      ...dryRunEntities[2]!,
      metadata: {
        ...dryRunEntities[2]!.metadata,
        annotations: {
          'backstage.io/managed-by-origin-location': `url:${target}`,
        },
      },
    };
    const catalog = catalogServiceMock.mock({
      addLocation: jest
        .fn()
        .mockResolvedValue({ entities: dryRunEntities, exists: true }),
      getLocationByRef: jest.fn().mockResolvedValue({ id: 'l1', target }),
      refreshEntity: jest.fn().mockResolvedValue(undefined),
      getEntityByRef: jest.fn().mockResolvedValue(registeredHere),
    });
    const out = await run(catalog, {
      repoContentsUrl,
      catalogInfoPath: 'catalog-info.yaml',
    });
    // Only the dry run.
    expect(catalog.addLocation).toHaveBeenCalledTimes(1);
    expect(catalog.refreshEntity).toHaveBeenCalledWith(
      'component:default/order-service',
      { credentials: scaffolderCredentials },
    );
    expect(out.registered).toBe(false);
  });

  it('fails the step, storing nothing, when the file is broken or declares nothing', async () => {
    const broken = catalogServiceMock.mock({
      addLocation: jest
        .fn()
        .mockRejectedValue(
          new Error('YAML error at line 3: bad indentation of a mapping entry'),
        ),
    });
    await expect(run(broken, { repoContentsUrl })).rejects.toThrow(
      /bad indentation/,
    );
    expect(broken.addLocation).toHaveBeenCalledTimes(1);

    const empty = catalogServiceMock.mock({
      addLocation: jest
        .fn()
        .mockResolvedValue({ entities: [dryRunEntities[0]], exists: false }),
    });
    await expect(run(empty, { repoContentsUrl })).rejects.toThrow(
      /declares no entity/,
    );
    expect(empty.addLocation).toHaveBeenCalledTimes(1);
  });

  it('refuses a host no integration is configured for', async () => {
    const catalog = catalogServiceMock.mock();
    await expect(
      run(catalog, { repoContentsUrl: 'https://git.evil.example/x/y' }),
    ).rejects.toThrow(/No integration is configured for/);
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });

  it('only says what it would do on a dry run', async () => {
    const catalog = catalogServiceMock.mock();
    const out = await run(catalog, { repoContentsUrl }, { isDryRun: true });
    expect(out).toMatchObject({ catalogInfoUrl: target, registered: false });
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });

  it('finds the generated file under the published folder (sourcePath)', async () => {
    workspace.setContent({ 'order-service/catalog-info.yaml': catalogInfo });
    const catalog = newCatalog();
    await expect(run(catalog, { repoContentsUrl })).rejects.toThrow(
      /This task generated no catalog-info.yaml at/,
    );
    const out = await run(catalog, {
      repoContentsUrl,
      sourcePath: 'order-service',
    });
    expect(out.registered).toBe(true);
  });

  describe('registers only the repository the same task published', () => {
    it('refuses a repository outside the services’ organization, also on a dry run', async () => {
      const catalog = newCatalog();
      for (const url of [
        'https://github.com/someone-else/order-service/blob/main',
        'https://github.com/commerce-lookalike/order-service/blob/main',
      ]) {
        await expect(
          run(catalog, { repoContentsUrl: url }),
        ).rejects.toMatchObject({
          name: 'NotAllowedError',
          message: expect.stringContaining(
            'is not in a repository of github.com/commerce, where services are published',
          ),
        });
      }
      await expect(
        run(
          catalog,
          { repoContentsUrl: 'https://github.com/evil/x/blob/main' },
          { isDryRun: true },
        ),
      ).rejects.toThrow(/is not in a repository of github.com\/commerce/);
      expect(catalog.addLocation).not.toHaveBeenCalled();
    });

    it('refuses a file other than the one this task generated (a URL typed in a form)', async () => {
      // Another team's repository in the organization, with its own catalog file.
      published['commerce/refund-service/catalog-info.yaml'] =
        catalogInfo.replace(/order-service/g, 'refund-service');
      const catalog = newCatalog();
      await expect(
        run(catalog, {
          repoContentsUrl:
            'https://github.com/commerce/refund-service/blob/main',
        }),
      ).rejects.toMatchObject({
        name: 'NotAllowedError',
        message: expect.stringContaining('is not the file this task generated'),
      });
      // Not published at all.
      await expect(
        run(catalog, {
          repoContentsUrl: 'https://github.com/commerce/nothing-here/blob/main',
        }),
      ).rejects.toThrow(
        /Cannot read https:\/\/github.com\/commerce\/nothing-here/,
      );
      expect(catalog.addLocation).not.toHaveBeenCalled();
    });

    it('refuses a repository not named like the Component it declares', async () => {
      published['commerce/scratch/catalog-info.yaml'] = catalogInfo;
      const catalog = newCatalog();
      await expect(
        run(catalog, {
          repoContentsUrl: 'https://github.com/commerce/scratch/blob/main',
        }),
      ).rejects.toThrow(
        'declares component:default/order-service, but the repository is commerce/scratch',
      );
      expect(stored(catalog)).toEqual([]);
    });

    it('refuses another team’s entities, unless the initiator is the platform team or its automation', async () => {
      const catalog = newCatalog();
      await expect(
        run(
          catalog,
          { repoContentsUrl },
          {
            ownership: [
              'user:default/tomas.berg',
              'group:default/catalog-team',
            ],
          },
        ),
      ).rejects.toMatchObject({
        name: 'NotAllowedError',
        message: expect.stringContaining(
          'is owned by group:default/checkout-team, and user:default/tomas.berg is not a member of it',
        ),
      });
      expect(stored(catalog)).toEqual([]);

      await run(
        newCatalog(),
        { repoContentsUrl },
        {
          ownership: ['user:default/priya.nair', 'group:default/platform-team'],
        },
      );
      const automation = newCatalog();
      await run(
        automation,
        { repoContentsUrl },
        { credentials: mockCredentials.service('external:portal-automation') },
      );
      expect(stored(automation)).toHaveLength(1);
    });

    it('refuses to register an entity another location declares', async () => {
      const catalog = catalogServiceMock.mock({
        addLocation: jest
          .fn()
          .mockResolvedValue({ entities: dryRunEntities, exists: false }),
        getEntityByRef: jest.fn().mockImplementation(async ref =>
          ref === 'component:default/order-service'
            ? {
                ...dryRunEntities[2],
                metadata: {
                  name: 'order-service',
                  annotations: {
                    'backstage.io/managed-by-origin-location':
                      'url:https://github.com/commerce/old-orders/blob/main/catalog-info.yaml',
                  },
                },
              }
            : undefined,
        ),
      });
      await expect(run(catalog, { repoContentsUrl })).rejects.toThrow(
        'component:default/order-service is already in the catalog, registered from url:https://github.com/commerce/old-orders/blob/main/catalog-info.yaml',
      );
      expect(stored(catalog)).toEqual([]);
    });
  });

  it('reads the published file through the integration, with its credentials (one GitHub call)', async () => {
    await run(newCatalog(), { repoContentsUrl });
    expect(githubCalls).toEqual([
      {
        path: '/repos/commerce/order-service/contents/catalog-info.yaml',
        authorization: 'Bearer test-token',
      },
    ]);
  });
});
