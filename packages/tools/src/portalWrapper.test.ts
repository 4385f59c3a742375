import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Test-only code that is never bundled, so __dirname is the source folder.
// eslint-disable-next-line no-restricted-syntax
const repoRoot = path.resolve(__dirname, '../../..');

/** Runs ./portal with the given PATH in front of the system's, as a person would. */
function portal(args: string[], pathPrefix?: string) {
  const result = spawnSync('bash', [path.join(repoRoot, 'portal'), ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      PATH: pathPrefix
        ? `${pathPrefix}:/usr/bin:/bin`
        : process.env.PATH ?? '/usr/bin:/bin',
    },
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A folder of stand-in commands: `uname` says another system, `node` is too old. */
function fakeMachine(system: string, machine: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-machine-'));
  const write = (name: string, body: string) => {
    fs.writeFileSync(path.join(dir, name), `#!/bin/sh\n${body}\n`);
    fs.chmodSync(path.join(dir, name), 0o755);
  };
  write(
    'uname',
    `case "$1" in -s) echo ${system} ;; -m) echo ${machine} ;; *) echo ${system} ;; esac`,
  );
  // `node -p process.versions…` prints the major version, like Node 18 would.
  write('node', 'echo 18');
  // Any download would be a defect: make it visible.
  write('curl', 'echo "curl $*" >&2; exit 99');
  return dir;
}

describe('./portal', () => {
  it('refuses arguments to `test` instead of running the whole suite, saying how to run some tests', () => {
    const result = portal(['test', 'plugins/slo']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      './portal test runs the whole suite and takes no arguments (got: plugins/slo)',
    );
    expect(result.stderr).toContain(
      'CI=true ./portal yarn backstage-cli repo test <path or pattern>',
    );
  });

  it('explains `test --help` without running anything', () => {
    const result = portal(['test', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('It takes no arguments.');
  });

  it('lists platform-run in its help', () => {
    const result = portal(['help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('./portal platform-run [options]');
  });

  it('says that it cannot fetch Node for macOS instead of fetching the Linux build', () => {
    const bin = fakeMachine('Darwin', 'arm64');
    const result = portal(['env'], bin);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      './portal can fetch Node only for Linux, not Darwin; install Node 22 or 24',
    );
    expect(result.stderr).not.toContain('curl');
  });

  it('says that it has no Node for an unsupported processor', () => {
    const bin = fakeMachine('Linux', 'riscv64');
    const result = portal(['env'], bin);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'for x86_64 and aarch64 only, not riscv64; install Node 22 or 24',
    );
    expect(result.stderr).not.toContain('curl');
  });
});
