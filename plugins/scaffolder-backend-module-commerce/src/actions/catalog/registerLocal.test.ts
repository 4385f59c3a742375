import os from 'node:os';
import path from 'node:path';
import fs from 'fs-extra';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { PUBLISHED_BY_FILE } from '../publish/publishLocal';
import { createRegisterLocalAction } from './registerLocal';

const catalogInfo = `apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: order-service-api
spec: { type: openapi, lifecycle: production, owner: checkout-team, definition: x }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: order-service
spec: { type: service, lifecycle: production, owner: checkout-team }
`;

const scaffolderCredentials = expect.objectContaining({
  principal: { type: 'service', subject: 'plugin:scaffolder' },
});

describe('commerce:catalog:register-local', () => {
  let root: string;
  let file: string;
  const config = () =>
    new ConfigReader({
      commerce: { publish: { local: { directory: root } } },
    });

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'register-local-'));
    file = path.join(root, 'order-service/catalog-info.yaml');
    await fs.outputFile(file, catalogInfo);
    // What commerce:publish:local records for the task that published it (this one).
    await fs.outputJson(path.join(root, 'order-service', PUBLISHED_BY_FILE), {
      taskId: 'mock-task-id',
      commitHash: 'abc1234',
    });
  });
  afterEach(() => fs.remove(root));

  /** The Component as the catalog holds it once this file's location is processed. */
  const registeredComponent = () => ({
    kind: 'Component',
    metadata: {
      name: 'order-service',
      annotations: {
        'backstage.io/managed-by-origin-location': `url:file://${file}`,
      },
    },
  });

  /** The initiator's ownership refs, as sign-in puts them in their token. */
  const checkoutEngineer = [
    'user:default/amara.okafor',
    'group:default/checkout-team',
  ];
  const run = async (
    catalog: ReturnType<typeof catalogServiceMock.mock>,
    input: Record<string, unknown>,
    isDryRun = false,
    initiator: {
      ownership?: string[];
      credentials?: BackstageCredentials;
    } = {},
  ) => {
    const ownership = initiator.ownership ?? checkoutEngineer;
    const action = createRegisterLocalAction({
      config: config(),
      catalog,
      auth: mockServices.auth({ pluginId: 'scaffolder' }),
      userInfo: mockServices.userInfo({
        userEntityRef: ownership[0],
        ownershipEntityRefs: ownership,
      }),
    });
    const ctx = {
      ...createMockActionContext({
        input: { waitSeconds: 0, ...input } as never,
      }),
      getInitiatorCredentials: async () =>
        initiator.credentials ?? mockCredentials.user(ownership[0]),
      isDryRun,
    };
    await action.handler(ctx);
    return Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls as Array<[string, unknown]>,
    );
  };

  it('adds a url location (file://) and names the Component as the main entity', async () => {
    let registered = false;
    const catalog = catalogServiceMock.mock({
      getLocationByRef: jest.fn().mockResolvedValue(undefined),
      addLocation: jest.fn().mockImplementation(async () => {
        registered = true;
        return {};
      }),
      // Nothing is in the catalog before the location is added.
      getEntityByRef: jest
        .fn()
        .mockImplementation(async () =>
          registered ? registeredComponent() : undefined,
        ),
    });
    const out = await run(catalog, { catalogInfoPath: file });
    expect(catalog.getLocationByRef).toHaveBeenCalledWith(
      `url:file://${file}`,
      expect.anything(),
    );
    // With the scaffolder's own credentials: the person running the template may not register.
    expect(catalog.addLocation).toHaveBeenCalledWith(
      { type: 'url', target: `file://${file}` },
      { credentials: scaffolderCredentials },
    );
    expect(out).toEqual({
      entityRef: 'component:default/order-service',
      entityRefs: [
        'api:default/order-service-api',
        'component:default/order-service',
      ],
      registered: true,
    });
  });

  it('refreshes instead of adding when the location exists (a re-run)', async () => {
    const catalog = catalogServiceMock.mock({
      getLocationByRef: jest.fn().mockResolvedValue({ id: 'l1' }),
      refreshEntity: jest.fn().mockResolvedValue(undefined),
      // Registered by the first run, from this very file.
      getEntityByRef: jest
        .fn()
        .mockImplementation(async () => registeredComponent()),
    });
    const out = await run(catalog, { catalogInfoPath: file });
    expect(catalog.addLocation).not.toHaveBeenCalled();
    expect(catalog.refreshEntity).toHaveBeenCalledWith(
      'component:default/order-service',
      { credentials: scaffolderCredentials },
    );
    expect(out.registered).toBe(false);
  });

  it('touches nothing on a dry run', async () => {
    const catalog = catalogServiceMock.mock();
    const out = await run(catalog, { catalogInfoPath: file }, true);
    expect(out.entityRef).toBe('component:default/order-service');
    expect(catalog.addLocation).not.toHaveBeenCalled();
    expect(catalog.getLocationByRef).not.toHaveBeenCalled();
  });

  it('only says what it would do on a dry run whose publish step wrote nothing', async () => {
    const catalog = catalogServiceMock.mock();
    const out = await run(
      catalog,
      { catalogInfoPath: path.join(root, 'new-service/catalog-info.yaml') },
      true,
    );
    expect(out).toEqual({ entityRef: '', entityRefs: [], registered: false });
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });

  it('refuses files outside the repositories folder, missing files and broken YAML', async () => {
    const catalog = catalogServiceMock.mock();
    await expect(
      run(catalog, { catalogInfoPath: '/etc/passwd' }),
    ).rejects.toThrow(/is not inside the local repositories folder/);
    await expect(
      run(catalog, { catalogInfoPath: path.join(root, 'x/catalog-info.yaml') }),
    ).rejects.toThrow(/does not exist/);
    await fs.outputFile(file, 'kind: [unclosed\n');
    await expect(run(catalog, { catalogInfoPath: file })).rejects.toThrow(
      /is not a valid catalog file: document 1/,
    );
    await fs.outputFile(file, 'kind: Component\n');
    await expect(run(catalog, { catalogInfoPath: file })).rejects.toThrow(
      /needs apiVersion, kind and metadata.name/,
    );
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });

  describe('whichever template calls it', () => {
    const emptyCatalog = () =>
      catalogServiceMock.mock({
        getEntityByRef: jest.fn().mockResolvedValue(undefined),
        getLocationByRef: jest.fn().mockResolvedValue(undefined),
        addLocation: jest.fn().mockResolvedValue({}),
      });

    it('refuses a repository this task did not publish', async () => {
      const catalog = emptyCatalog();
      await fs.outputJson(path.join(root, 'order-service', PUBLISHED_BY_FILE), {
        taskId: 'another-task',
        commitHash: 'abc1234',
      });
      await expect(run(catalog, { catalogInfoPath: file })).rejects.toThrow(
        /was not published by this task \(its last publish was task another-task\): commerce:catalog:register-local registers only the repository the same task published/,
      );
      await fs.remove(path.join(root, 'order-service', PUBLISHED_BY_FILE));
      await expect(
        run(catalog, { catalogInfoPath: file }),
      ).rejects.toMatchObject({
        name: 'NotAllowedError',
        message: expect.stringMatching(/has no .git.commerce-published-by/),
      });
      expect(catalog.addLocation).not.toHaveBeenCalled();
    });

    it('refuses another team’s entities, unless the initiator is the platform team or its automation', async () => {
      const catalog = emptyCatalog();
      await expect(
        run(catalog, { catalogInfoPath: file }, false, {
          ownership: ['user:default/tomas.berg', 'group:default/catalog-team'],
        }),
      ).rejects.toMatchObject({
        name: 'NotAllowedError',
        message: expect.stringContaining(
          'api:default/order-service-api in file://',
        ),
      });
      expect(catalog.addLocation).not.toHaveBeenCalled();

      await run(catalog, { catalogInfoPath: file }, false, {
        ownership: ['user:default/priya.nair', 'group:default/platform-team'],
      });
      await run(catalog, { catalogInfoPath: file }, false, {
        credentials: mockCredentials.service('external:portal-automation'),
      });
      expect(catalog.addLocation).toHaveBeenCalledTimes(2);
    });

    it('refuses an entity another location declares, and kinds only the portal’s own catalog declares', async () => {
      const taken = catalogServiceMock.mock({
        getEntityByRef: jest.fn().mockImplementation(async ref =>
          ref === 'component:default/order-service'
            ? {
                kind: 'Component',
                metadata: {
                  name: 'order-service',
                  annotations: {
                    'backstage.io/managed-by-origin-location':
                      'url:https://github.com/commerce/order-service/blob/main/catalog-info.yaml',
                  },
                },
              }
            : undefined,
        ),
      });
      await expect(run(taken, { catalogInfoPath: file })).rejects.toThrow(
        'component:default/order-service is already in the catalog, registered from url:https://github.com/commerce/order-service/blob/main/catalog-info.yaml',
      );
      expect(taken.addLocation).not.toHaveBeenCalled();

      const catalog = emptyCatalog();
      await fs.outputFile(
        file,
        `${catalogInfo}---
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: sneaky
spec: { owner: checkout-team, type: service, steps: [] }
`,
      );
      await expect(run(catalog, { catalogInfoPath: file })).rejects.toThrow(
        /declares template:default\/sneaky: a service repository may declare only Component, API and Resource entities/,
      );
      expect(catalog.addLocation).not.toHaveBeenCalled();
    });
  });
});
