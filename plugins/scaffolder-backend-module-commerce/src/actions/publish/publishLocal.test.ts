import os from 'node:os';
import path from 'node:path';
import fs from 'fs-extra';
import git from 'isomorphic-git';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createPublishLocalAction, readPublishedBy } from './publishLocal';

/** A catalog-info.yaml as the blueprint writes it (the parts that say whose it is). */
function catalogInfo({
  name = 'order-service',
  type = 'service',
  owner = 'group:default/checkout-team',
  kind = 'order',
  blueprintVersion = '1.4.0',
} = {}) {
  return `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  annotations:
    commerce.platform/service-kind: ${kind}
${
  blueprintVersion
    ? `    commerce.platform/blueprint-version: ${blueprintVersion}\n`
    : ''
}spec:
  type: ${type}
  owner: ${owner}
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: ${name}-api
`;
}
const orderService = catalogInfo();

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
      orderService,
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
      orderService,
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

  describe('a repository that exists already', () => {
    const dir = () => path.join(repositories, 'order-service');
    const publishWith = async (text: string) => {
      await fs.outputFile(
        path.join(workspace, 'order-service/catalog-info.yaml'),
        text,
      );
      return run({ name: 'order-service', sourcePath: 'order-service' });
    };

    it('is updated when it holds the same service, also from a newer blueprint and a shorter owner', async () => {
      await run({ name: 'order-service', sourcePath: 'order-service' });
      const out = await publishWith(
        catalogInfo({ blueprintVersion: '2.0.0' }).replace(
          'owner: group:default/checkout-team',
          'owner: checkout-team',
        ),
      );
      expect(out).toMatchObject({ created: false, changed: true });
      expect(await git.log({ fs, dir: dir() })).toHaveLength(2);
    });

    it.each([
      [
        'another Component',
        catalogInfo({ name: 'cart-service' }),
        'its Component is order-service, not cart-service',
      ],
      [
        'another owner',
        catalogInfo({ owner: 'group:default/payments-team' }),
        'its owner is group:default/checkout-team, not group:default/payments-team',
      ],
      [
        'another type',
        catalogInfo({ type: 'website' }),
        'its spec.type is service, not website',
      ],
      [
        'another blueprint kind',
        catalogInfo({ kind: 'cart' }),
        'it is a order service, not a cart one',
      ],
    ])(
      'is refused, unchanged, when this run brings %s',
      async (_what, text, difference) => {
        await run({ name: 'order-service', sourcePath: 'order-service' });
        const head = await git.resolveRef({ fs, dir: dir(), ref: 'HEAD' });
        const error = await publishWith(text).catch(e => e);
        expect(error.name).toBe('ConflictError');
        expect(error.message).toContain(
          `Repository ${dir()} exists and holds component:default/order-service (type service, owner group:default/checkout-team, blueprint kind order), not this service (${difference}). Choose another name than order-service for this service, or delete ${dir()} if that repository is no longer wanted; nothing was changed.`,
        );
        expect(await git.resolveRef({ fs, dir: dir(), ref: 'HEAD' })).toBe(
          head,
        );
        expect(
          await fs.readFile(path.join(dir(), 'catalog-info.yaml'), 'utf8'),
        ).toBe(orderService);
      },
    );

    it('is refused when it was not generated by the blueprint, also on a dry run', async () => {
      await fs.outputFile(
        path.join(dir(), 'catalog-info.yaml'),
        catalogInfo({ blueprintVersion: '' }),
      );
      await git.init({ fs, dir: dir(), defaultBranch: 'main' });
      await git.add({ fs, dir: dir(), filepath: 'catalog-info.yaml' });
      await git.commit({
        fs,
        dir: dir(),
        message: 'by hand',
        author: { name: 'someone', email: 'someone@example.com' },
      });
      await expect(
        run({ name: 'order-service', sourcePath: 'order-service' }, true),
      ).rejects.toThrow(
        /not generated by the commerce-service blueprint\), not this service \(it was not generated by the commerce-service blueprint\)/,
      );
      await expect(
        run({ name: 'order-service', sourcePath: 'order-service' }),
      ).rejects.toThrow(/ConflictError|exists and holds/);
      expect(await git.log({ fs, dir: dir() })).toHaveLength(1);
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
