/**
 * Child processes for the blueprint's end-to-end tests, its benchmark and `./portal preview`:
 * one way to start one, keep what it prints (all of it, or the last part for a long-lived one)
 * and stop it with everything it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** A running child process. */
export interface StartedProcess {
  child: ChildProcess;
  /** What it printed (stdout and stderr interleaved); the last `outputLimit` characters. */
  output(): string;
  /**
   * SIGTERM to its whole process group (npm and shells start children of their own), SIGKILL
   * after 10 s, and SIGKILL to whatever of the group outlived its leader.
   */
  stop(): Promise<void>;
}

export interface StartProcessOptions {
  cwd: string;
  /** Added to this process's environment. */
  env?: NodeJS.ProcessEnv;
  /**
   * Keep only the last this many characters of output: a process that runs for an hour (the
   * preview's services, Prometheus) must not grow without bound. Default: keep everything, for
   * a command whose whole output is read (a load test's report).
   */
  outputLimit?: number;
}

/**
 * Starts a child in a process group of its own, so stop() ends everything it started and a
 * Ctrl-C at the terminal reaches only the parent, which stops children in order.
 */
export function startProcess(
  command: string,
  args: string[],
  options: StartProcessOptions,
): StartedProcess {
  const limit = options.outputLimit ?? Infinity;
  let output = '';
  const keep = (chunk: unknown) => {
    output += String(chunk);
    // Trimmed in steps (not every chunk) so a chatty process does not cost a copy per line.
    if (output.length > 2 * limit) output = output.slice(-limit);
  };
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  // A command that cannot start (not installed) emits 'error' and no 'exit'.
  const exited = new Promise<void>(resolve => {
    child.once('exit', () => resolve());
    child.once('error', error => {
      keep(`${command}: ${error.message}\n`);
      resolve();
    });
  });
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // The group is gone already.
    }
  };
  return {
    child,
    output: () => (limit === Infinity ? output : output.slice(-limit)),
    stop: async () => {
      if (child.pid === undefined) return;
      if (child.exitCode === null && child.signalCode === null) {
        signalGroup('SIGTERM');
        // A process that ignores SIGTERM does not keep the preview (or a test) from ending.
        const killer = setTimeout(() => signalGroup('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
      signalGroup('SIGKILL');
    },
  };
}

/** Runs a command to its end; resolves with its exit code and output, never rejects on a non-zero exit. */
export async function runProcess(
  command: string,
  args: string[],
  options: StartProcessOptions,
): Promise<{ code: number | null; output: string }> {
  const running = startProcess(command, args, options);
  const code = await new Promise<number | null>(resolve => {
    running.child.once('close', resolve);
    running.child.once('error', () => resolve(null));
  });
  return { code, output: running.output() };
}
