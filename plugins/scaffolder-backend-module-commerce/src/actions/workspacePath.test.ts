import { createMockDirectory } from '@backstage/backend-test-utils';
import { join } from 'node:path';
import { resolveWorkspaceFile, resolveWorkspacePath } from './workspacePath';

describe('resolveWorkspacePath', () => {
  const workspace = createMockDirectory();
  const input = { field: 'sourcePath', example: 'service' };

  beforeEach(() => {
    workspace.setContent({
      service: { 'package.json': '{}' },
      'notes.txt': 'a file, not a folder',
    });
  });

  it('resolves a path inside the workspace, existing or not', () => {
    expect(resolveWorkspacePath(workspace.path, 'service', input)).toBe(
      join(workspace.path, 'service'),
    );
    expect(
      resolveWorkspacePath(workspace.path, './platform-infra/x/..', input),
    ).toBe(join(workspace.path, 'platform-infra'));
  });

  it.each(['../../etc', '/etc', 'service/../../x'])(
    'refuses %j with an InputError naming the field and what to give',
    path => {
      expect(() => resolveWorkspacePath(workspace.path, path, input)).toThrow(
        expect.objectContaining({
          name: 'InputError',
          message: `sourcePath ${JSON.stringify(
            path,
          )} points outside the task workspace: give a path relative to the workspace, e.g. service.`,
        }),
      );
    },
  );

  it('refuses a symbolic link out of the workspace', () => {
    workspace.addContent({ out: ({ symlink }) => symlink('/etc') });
    expect(() => resolveWorkspacePath(workspace.path, 'out', input)).toThrow(
      /sourcePath "out" points outside the task workspace/,
    );
  });

  it('refuses a NUL character, and a path through a file, in its own words', () => {
    expect(() =>
      resolveWorkspacePath(workspace.path, 'service\0', input),
    ).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringContaining(
          'sourcePath "service\\u0000" contains a NUL character',
        ),
      }),
    );
    expect(() =>
      resolveWorkspacePath(workspace.path, 'notes.txt/x', input),
    ).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringContaining(
          'sourcePath "notes.txt/x" is not a path in the task workspace (ENOTDIR)',
        ),
      }),
    );
  });
});

describe('resolveWorkspaceFile', () => {
  const workspace = createMockDirectory({
    content: { infra: { 'main.bicep': 'param x string\n' } },
  });
  const input = {
    field: 'templatePath',
    example: 'infra/main.bicep',
    extensions: ['.bicep', '.json'],
  };

  it('resolves a readable file with an expected extension', async () => {
    await expect(
      resolveWorkspaceFile(workspace.path, 'infra/main.bicep', input),
    ).resolves.toBe(join(workspace.path, 'infra/main.bicep'));
  });

  it('refuses another extension, and a file no step wrote', async () => {
    await expect(
      resolveWorkspaceFile(workspace.path, 'infra/main.yaml', input),
    ).rejects.toThrow(
      'templatePath "infra/main.yaml": expected a .bicep or .json file, e.g. infra/main.bicep.',
    );
    await expect(
      resolveWorkspaceFile(workspace.path, 'infra/other.BICEP', input),
    ).rejects.toThrow(
      'templatePath "infra/other.BICEP" does not exist in the task workspace',
    );
  });
});
