import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import {
  removeFinishedWorkspaces,
  scaffolderWorkingDirectory,
} from './workspaceJanitor';

// Real folders in a temporary directory; the task states are what the scaffolder reports
// (packages/backend/src/restart.integration.test.ts runs the janitor in the real backend).
describe('removeFinishedWorkspaces', () => {
  let dir: string;
  const ids = {
    completed: '11111111-1111-4111-8111-111111111111',
    failed: '22222222-2222-4222-8222-222222222222',
    cancelled: '33333333-3333-4333-8333-333333333333',
    processing: '44444444-4444-4444-8444-444444444444',
    open: '55555555-5555-4555-8555-555555555555',
    unknown: '66666666-6666-4666-8666-666666666666',
  };
  const statuses: Record<string, string> = {
    [ids.completed]: 'completed',
    [ids.failed]: 'failed',
    [ids.cancelled]: 'cancelled',
    [ids.processing]: 'processing',
    [ids.open]: 'open',
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'janitor-'));
    for (const id of Object.values(ids)) {
      fs.mkdirSync(path.join(dir, id, 'infra'), { recursive: true });
      fs.writeFileSync(path.join(dir, id, 'infra', 'main.bicep'), '// x\n');
    }
    fs.mkdirSync(path.join(dir, 'some-other-tool'));
    fs.writeFileSync(
      path.join(dir, ids.completed.replace(/1/g, '7')),
      'a file',
    );
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('removes the workspaces of finished tasks only', async () => {
    const asked: string[] = [];
    const sweep = await removeFinishedWorkspaces({
      workingDirectory: dir,
      taskStatus: async id => {
        asked.push(id);
        return statuses[id];
      },
      logger: mockServices.logger.mock(),
    });
    expect(sweep.removed.sort()).toEqual(
      [ids.completed, ids.failed, ids.cancelled].sort(),
    );
    expect(sweep.running.sort()).toEqual([ids.processing, ids.open].sort());
    expect(fs.readdirSync(dir).sort()).toEqual(
      [
        ids.processing,
        ids.open,
        ids.unknown,
        'some-other-tool',
        ids.completed.replace(/1/g, '7'),
      ].sort(),
    );
    // Only folders named like a task id are looked up.
    expect(asked).not.toContain('some-other-tool');
  });

  it('keeps everything when the task state cannot be read, and says so by failing', async () => {
    await expect(
      removeFinishedWorkspaces({
        workingDirectory: dir,
        taskStatus: async () => {
          throw new Error('scaffolder unavailable');
        },
        logger: mockServices.logger.mock(),
      }),
    ).rejects.toThrow('scaffolder unavailable');
    expect(fs.readdirSync(dir)).toHaveLength(8);
  });

  it('does nothing when the working directory does not exist', async () => {
    const sweep = await removeFinishedWorkspaces({
      workingDirectory: path.join(dir, 'missing'),
      taskStatus: async () => 'failed',
      logger: mockServices.logger.mock(),
    });
    expect(sweep).toEqual({ removed: [], running: [] });
  });

  it("uses the scaffolder's working directory: backend.workingDirectory, else the OS temporary folder", () => {
    expect(
      scaffolderWorkingDirectory(
        mockServices.rootConfig({
          data: { backend: { workingDirectory: '/var/work' } },
        }),
      ),
    ).toBe('/var/work');
    expect(scaffolderWorkingDirectory(mockServices.rootConfig())).toBe(
      os.tmpdir(),
    );
  });
});
