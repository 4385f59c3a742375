import os from 'node:os';
import path from 'node:path';
import fs from 'fs-extra';
import { ConfigReader } from '@backstage/config';
import { pathToFileURL } from 'node:url';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { mockServices } from '@backstage/backend-test-utils';
import { localRepositoriesReaderFactory } from '@internal/plugin-local-repositories-backend';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createFetchInfraAction } from './fetchInfra';

describe('commerce:platform:fetch-infra', () => {
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'fetch-infra-'));
  });
  afterEach(() => fs.remove(root));

  const run = async (config: object) => {
    const workspacePath = path.join(root, 'workspace');
    const ctx = createMockActionContext({
      input: { targetPath: 'platform-infra' },
      workspacePath,
    });
    await createFetchInfraAction({
      config: new ConfigReader(config),
      reader: mockServices.urlReader.mock(),
    }).handler(ctx);
    return {
      workspacePath,
      out: Object.fromEntries(
        (ctx.output as jest.Mock).mock.calls as Array<[string, unknown]>,
      ),
    };
  };

  it("copies this repository's infra/ Bicep, parameters and linter config, nothing else", async () => {
    const infra = path.resolve(__dirname, '../../../../../infra');
    const { workspacePath, out } = await run({
      commerce: { platform: { infraDirectory: infra } },
    });
    const copied = path.join(workspacePath, 'platform-infra');
    expect(out.templatePath).toBe('platform-infra/main.bicep');
    expect(out.skipped).toBe(false);
    for (const file of [
      'main.bicep',
      'main.prod.bicepparam',
      'main.dev.bicepparam',
      'bicepconfig.json',
      'modules/aks.bicep',
    ]) {
      expect(await fs.pathExists(path.join(copied, file))).toBe(true);
    }
    expect(await fs.pathExists(path.join(copied, 'tests'))).toBe(false);
    expect(await fs.pathExists(path.join(copied, 'package.json'))).toBe(false);
    expect(await fs.pathExists(path.join(copied, 'cluster'))).toBe(false);
    expect(out.files).toBeGreaterThanOrEqual(13);
  });

  it("reads the same files from infraUrl through the backend's URL readers", async () => {
    // A real UrlReaders with the local repositories reader: the infra/ folder served from a
    // repository under the local repositories folder, by its file:// URL.
    const repositories = path.join(root, 'repositories');
    const infra = path.resolve(__dirname, '../../../../../infra');
    await fs.copy(infra, path.join(repositories, 'portal/infra'), {
      filter: (src: string) => !src.includes('node_modules'),
    });
    const config = new ConfigReader({
      commerce: {
        publish: { local: { directory: repositories } },
        platform: {
          infraUrl: pathToFileURL(path.join(repositories, 'portal/infra')).href,
        },
      },
    });
    const reader = UrlReaders.create({
      config,
      logger: mockServices.logger.mock(),
      factories: [localRepositoriesReaderFactory],
    });
    const workspacePath = path.join(root, 'workspace');
    const ctx = createMockActionContext({
      input: { targetPath: 'platform-infra' },
      workspacePath,
    });
    await createFetchInfraAction({ config, reader }).handler(ctx);
    const out = Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls as Array<[string, unknown]>,
    );
    const copied = path.join(workspacePath, 'platform-infra');
    expect(out.skipped).toBe(false);
    expect(out.files).toBeGreaterThanOrEqual(13);
    expect(await fs.pathExists(path.join(copied, 'modules/aks.bicep'))).toBe(
      true,
    );
    expect(await fs.readFile(path.join(copied, 'main.bicep'), 'utf8')).toBe(
      await fs.readFile(path.join(infra, 'main.bicep'), 'utf8'),
    );
    expect(await fs.pathExists(path.join(copied, 'tests'))).toBe(false);
    expect(await fs.pathExists(path.join(copied, 'package.json'))).toBe(false);
  });

  it('says what to set when no source is configured', async () => {
    const { out } = await run({});
    expect(out).toMatchObject({ skipped: true, files: 0 });
  });

  it('refuses a targetPath outside the workspace, naming the field, before copying anything', async () => {
    const workspacePath = path.join(root, 'workspace');
    const ctx = createMockActionContext({
      input: { targetPath: '../escaped' },
      workspacePath,
    });
    const infra = path.resolve(__dirname, '../../../../../infra');
    const error = await createFetchInfraAction({
      config: new ConfigReader({
        commerce: { platform: { infraDirectory: infra } },
      }),
      reader: mockServices.urlReader.mock(),
    })
      .handler(ctx)
      .catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toBe(
      'targetPath "../escaped" points outside the task workspace: give a path relative to the workspace, e.g. platform-infra.',
    );
    expect(await fs.pathExists(path.join(root, 'escaped'))).toBe(false);
  });

  it('names a folder without main.bicep', async () => {
    await expect(
      run({ commerce: { platform: { infraDirectory: root } } }),
    ).rejects.toThrow(/has no main.bicep/);
  });
});
