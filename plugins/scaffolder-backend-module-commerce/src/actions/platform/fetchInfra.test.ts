import os from 'node:os';
import path from 'node:path';
import fs from 'fs-extra';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
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

  it('says what to set when no source is configured', async () => {
    const { out } = await run({});
    expect(out).toMatchObject({ skipped: true, files: 0 });
  });

  it('names a folder without main.bicep', async () => {
    await expect(
      run({ commerce: { platform: { infraDirectory: root } } }),
    ).rejects.toThrow(/has no main.bicep/);
  });
});
