import os from 'node:os';
import path from 'node:path';
import fs from 'fs-extra';
import git from 'isomorphic-git';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createPublishLocalAction, readPublishedBy } from './publishLocal';

describe('commerce:publish:local', () => {
  let root: string;
  let workspace: string;
  let repositories: string;
  let action: ReturnType<typeof createPublishLocalAction>;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'publish-local-'));
    workspace = path.join(root, 'workspace');
    repositories = path.join(root, 'repositories');
    await fs.outputFile(
      path.join(workspace, 'order-service/catalog-info.yaml'),
      'kind: Component\n',
    );
    await fs.outputFile(
      path.join(workspace, 'order-service/src/app.ts'),
      'export {};\n',
    );
    await fs.outputFile(
      path.join(workspace, 'order-service/node_modules/x/index.js'),
      '',
    );
    await fs.outputFile(path.join(workspace, 'other/readme.md'), 'x');
    action = createPublishLocalAction({
      config: new ConfigReader({
        commerce: { publish: { local: { directory: repositories } } },
        scaffolder: {
          defaultAuthor: { name: 'Portal', email: 'portal@example.com' },
        },
      }),
    });
  });
  afterEach(() => fs.remove(root));

  const run = async (
    input: Record<string, unknown>,
    isDryRun = false,
    taskId = 'mock-task-id',
  ) => {
    const ctx = {
      ...createMockActionContext({
        input: input as never,
        workspacePath: workspace,
        task: { id: taskId },
      }),
      isDryRun,
    };
    await action.handler(ctx);
    return Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls as Array<[string, unknown]>,
    );
  };

  it('creates a git repository with one commit holding the files, and says where', async () => {
    const out = await run({
      name: 'order-service',
      sourcePath: 'order-service',
    });
    const dir = path.join(repositories, 'order-service');
    expect(out).toMatchObject({
      repoPath: dir,
      remoteUrl: `file://${dir}`,
      catalogInfoPath: path.join(dir, 'catalog-info.yaml'),
      created: true,
      changed: true,
    });
    const log = await git.log({ fs, dir });
    expect(log).toHaveLength(1);
    expect(log[0]!.oid).toBe(out.commitHash);
    expect(log[0]!.commit.author.name).toBe('Portal');
    expect(await git.currentBranch({ fs, dir })).toBe('main');
    expect((await git.listFiles({ fs, dir })).sort()).toEqual([
      'catalog-info.yaml',
      'src/app.ts',
    ]);
  });

  it('changes nothing when re-run with the same content', async () => {
    const first = await run({
      name: 'order-service',
      sourcePath: 'order-service',
    });
    const second = await run({
      name: 'order-service',
      sourcePath: 'order-service',
    });
    expect(second.commitHash).toBe(first.commitHash);
    expect(second).toMatchObject({ created: false, changed: false });
    expect(
      await git.log({ fs, dir: path.join(repositories, 'order-service') }),
    ).toHaveLength(1);
  });

  it('adds one commit with the new content, removing files no longer generated', async () => {
    await run({ name: 'order-service', sourcePath: 'order-service' });
    await fs.remove(path.join(workspace, 'order-service/src/app.ts'));
    await fs.outputFile(
      path.join(workspace, 'order-service/src/server.ts'),
      'export {};\n',
    );
    const out = await run({
      name: 'order-service',
      sourcePath: 'order-service',
    });
    const dir = path.join(repositories, 'order-service');
    expect(out).toMatchObject({ created: false, changed: true });
    expect(await git.log({ fs, dir })).toHaveLength(2);
    expect((await git.listFiles({ fs, dir })).sort()).toEqual([
      'catalog-info.yaml',
      'src/server.ts',
    ]);
  });

  it('refuses an empty source, leaving an existing repository as it was', async () => {
    const first = await run({
      name: 'order-service',
      sourcePath: 'order-service',
    });
    await fs.emptyDir(path.join(workspace, 'order-service'));
    await expect(
      run({ name: 'order-service', sourcePath: 'order-service' }),
    ).rejects.toThrow(/Nothing to publish: "order-service" is empty/);
    const dir = path.join(repositories, 'order-service');
    expect(await git.log({ fs, dir })).toHaveLength(1);
    expect(await git.resolveRef({ fs, dir, ref: 'HEAD' })).toBe(
      first.commitHash,
    );
    expect(await fs.pathExists(path.join(dir, 'catalog-info.yaml'))).toBe(true);
  });

  it('finishes a repository whose first run was killed after git init, as a first run', async () => {
    // What a backend killed between init and commit leaves: .git, no commit, some files.
    const dir = path.join(repositories, 'order-service');
    await git.init({ fs, dir, defaultBranch: 'main' });
    await fs.outputFile(path.join(dir, 'catalog-info.yaml'), 'half');
    const out = await run({
      name: 'order-service',
      sourcePath: 'order-service',
    });
    expect(out).toMatchObject({ created: true, changed: true });
    const log = await git.log({ fs, dir });
    expect(log).toHaveLength(1);
    expect(log[0]!.commit.message.trim()).toBe(
      'Initial commit from the Commerce Platform Portal',
    );
    expect(await fs.readFile(path.join(dir, 'catalog-info.yaml'), 'utf8')).toBe(
      'kind: Component\n',
    );
  });

  it('records the task that published last, outside the content, also when nothing changed', async () => {
    const dir = path.join(repositories, 'order-service');
    const first = await run(
      { name: 'order-service', sourcePath: 'order-service' },
      false,
      'task-1',
    );
    expect(await readPublishedBy(dir)).toEqual({
      taskId: 'task-1',
      commitHash: first.commitHash,
    });
    // A re-run with the same content commits nothing but registers what it published.
    const again = await run(
      { name: 'order-service', sourcePath: 'order-service' },
      false,
      'task-2',
    );
    expect(again.changed).toBe(false);
    expect(await readPublishedBy(dir)).toEqual({
      taskId: 'task-2',
      commitHash: first.commitHash,
    });
  });

  it('writes nothing on a dry run', async () => {
    const out = await run(
      { name: 'order-service', sourcePath: 'order-service' },
      true,
    );
    expect(out.commitHash).toBe('');
    expect(await fs.pathExists(repositories)).toBe(false);
  });

  it('refuses a bad name, a missing folder and a path outside the workspace', async () => {
    await expect(run({ name: 'Order_Service' })).rejects.toThrow(
      /Name "Order_Service": use lowercase letters/,
    );
    await expect(
      run({ name: 'order-service', sourcePath: 'missing' }),
    ).rejects.toThrow(/"missing" does not exist in the workspace/);
    await expect(
      run({ name: 'order-service', sourcePath: '../../etc' }),
    ).rejects.toThrow(/outside/i);
    await expect(run({ name: '..' })).rejects.toThrow(/Name ".."/);
  });
});
