import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createRegisterRepositoryAction } from './registerRepository';

const repoContentsUrl =
  'https://github.com/commerce-example/order-service/blob/main';
// GitHub's integration resolves files under a blob URL to their tree URL, which its reader reads.
const target =
  'https://github.com/commerce-example/order-service/tree/main/catalog-info.yaml';

const entity = (kind: string, name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: {},
});
// What the catalog's dry run answers for the generated file: the Location it wraps it in first.
const dryRunEntities = [
  entity('Location', 'generated-0a1b2c'),
  entity('API', 'order-service-api'),
  entity('Component', 'order-service'),
];

const scaffolderCredentials = expect.objectContaining({
  principal: { type: 'service', subject: 'plugin:scaffolder' },
});

describe('commerce:catalog:register', () => {
  const integrations = ScmIntegrations.fromConfig(
    new ConfigReader({ integrations: { github: [{ host: 'github.com' }] } }),
  );

  const run = async (
    catalog: ReturnType<typeof catalogServiceMock.mock>,
    input: Record<string, unknown>,
    isDryRun = false,
  ) => {
    const action = createRegisterRepositoryAction({
      catalog,
      auth: mockServices.auth({ pluginId: 'scaffolder' }),
      integrations,
    });
    const ctx = {
      ...createMockActionContext({
        input: { waitSeconds: 0, ...input } as never,
      }),
      isDryRun,
    };
    await action.handler(ctx);
    return Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls as Array<[string, unknown]>,
    );
  };

  it('reads the file with a dry run, then registers it with the scaffolder’s credentials', async () => {
    const catalog = catalogServiceMock.mock({
      addLocation: jest
        .fn()
        .mockImplementation(async ({ dryRun }) =>
          dryRun
            ? { entities: dryRunEntities, exists: false }
            : { entities: [] },
        ),
      getLocationByRef: jest.fn().mockResolvedValue(undefined),
      getEntityByRef: jest.fn().mockResolvedValue(dryRunEntities[2]),
    });
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
    const catalog = catalogServiceMock.mock({
      addLocation: jest
        .fn()
        .mockResolvedValue({ entities: dryRunEntities, exists: true }),
      getLocationByRef: jest.fn().mockResolvedValue({ id: 'l1', target }),
      refreshEntity: jest.fn().mockResolvedValue(undefined),
      getEntityByRef: jest.fn().mockResolvedValue(dryRunEntities[2]),
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
    const out = await run(catalog, { repoContentsUrl }, true);
    expect(out).toMatchObject({ catalogInfoUrl: target, registered: false });
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });
});
