/**
 * npm in a generated service, for the end-to-end tests that install, build and start one.
 */
import { spawn } from 'node:child_process';

/** Runs npm in a generated service; rejects with everything it printed. */
export function npm(cwd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, {
      cwd,
      env: { ...process.env, CI: 'true', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', chunk => (output += String(chunk)));
    child.stderr.on('data', chunk => (output += String(chunk)));
    child.on('error', reject);
    child.on('close', code =>
      code === 0
        ? resolve()
        : reject(
            new Error(
              `npm ${args.join(' ')} in ${cwd}: exit ${code}\n${output}`,
            ),
          ),
    );
  });
}
