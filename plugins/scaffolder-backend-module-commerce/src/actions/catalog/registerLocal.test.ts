import os from 'node:os';
import path from 'node:path';
import fs from 'fs-extra';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
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
  });
  afterEach(() => fs.remove(root));

  const run = async (
    catalog: ReturnType<typeof catalogServiceMock.mock>,
    input: Record<string, unknown>,
    isDryRun = false,
  ) => {
    const action = createRegisterLocalAction({
      config: config(),
      catalog,
      auth: mockServices.auth({ pluginId: 'scaffolder' }),
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

  it('adds a url location (file://) and names the Component as the main entity', async () => {
    const catalog = catalogServiceMock.mock({
      getLocationByRef: jest.fn().mockResolvedValue(undefined),
      addLocation: jest.fn().mockResolvedValue({}),
      getEntityByRef: jest.fn().mockResolvedValue({ kind: 'Component' }),
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
      getEntityByRef: jest.fn().mockResolvedValue({ kind: 'Component' }),
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
});
