import type { LoggerService } from '@backstage/backend-plugin-api';
import { execFile } from 'node:child_process';
import { basename } from 'node:path';

/**
 * The Bicep CLI, run without a shell: `commerce.azure.bicepCommand`, then `bicep`, then
 * `az bicep`, the first one installed kept for the rest of the run.
 */

/**
 * Runs an executable without a shell and resolves with its output. Rejects with the spawn error
 * (code `ENOENT` when the executable is not installed) or the exit error (with stdout/stderr).
 */
export type RunCommand = (
  file: string,
  args: string[],
  options: { cwd: string; timeoutMs: number },
) => Promise<{ stdout: string; stderr: string }>;

/** The default {@link RunCommand}: `child_process.execFile`, no shell. */
export const execFileCommand: RunCommand = (file, args, { cwd, timeoutMs }) =>
  new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        cwd,
        // The default, made explicit: this module's process.env (and PATH) reaches the child even
        // where process.env is sandboxed, as under Jest.
        env: process.env,
        timeout: timeoutMs,
        maxBuffer: 64 * 1024 * 1024,
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (error) {
          reject(Object.assign(error, { stdout, stderr }));
        } else {
          resolve({ stdout: String(stdout), stderr: String(stderr) });
        }
      },
    );
  });

// Compiling restores br/public modules from the registry on a cold cache: give it time.
const BICEP_TIMEOUT_MS = 3 * 60 * 1000;

/**
 * Compiles one file (`bicep build` / `bicep build-params`, `--stdout`) and resolves with what
 * the CLI printed; undefined when no Bicep CLI is installed.
 */
export type BicepRunner = (
  subcommand: 'build' | 'build-params',
  file: string,
) => Promise<string | undefined>;

interface BicepCli {
  command: string;
  file: string;
  args: (subcommand: string, file: string) => string[];
}

/**
 * Runs the Bicep CLI: `commerce.azure.bicepCommand`, then `bicep`, then `az bicep`; the first
 * one installed is kept. Resolves undefined when none is installed.
 */
export function createBicepRunner(options: {
  /** `commerce.azure.bicepCommand`, when set. */
  configured?: string;
  runCommand: RunCommand;
  cwd: string;
  logger: LoggerService;
}): BicepRunner {
  const candidates: BicepCli[] = [];
  for (const command of [options.configured, 'bicep', 'az bicep']) {
    if (!command || candidates.some(c => c.command === command)) {
      continue;
    }
    const [file, ...prefix] = command.split(/\s+/);
    const isAz = /^az(\.cmd|\.exe)?$/i.test(basename(file));
    candidates.push({
      command,
      file,
      // `az bicep` names the file with --file; the Bicep CLI takes it as an argument.
      args: isAz
        ? (sub, f) => [
            ...(prefix.length ? prefix : ['bicep']),
            sub,
            '--file',
            f,
            '--stdout',
          ]
        : (sub, f) => [...prefix, sub, f, '--stdout'],
    });
  }

  let found: BicepCli | undefined;
  return async (subcommand, file) => {
    for (const cli of found ? [found] : candidates) {
      let result;
      try {
        result = await options.runCommand(
          cli.file,
          cli.args(subcommand, file),
          {
            cwd: options.cwd,
            timeoutMs: BICEP_TIMEOUT_MS,
          },
        );
      } catch (error) {
        if ((error as NodeJS.ErrnoException)?.code === 'ENOENT') {
          if (cli.command === options.configured) {
            options.logger.warn(
              `commerce.azure.bicepCommand "${cli.command}" was not found; trying bicep, then az bicep`,
            );
          }
          continue;
        }
        throw new Error(
          `${cli.command} ${subcommand} ${basename(
            file,
          )} failed: ${commandFailure(error)}`,
        );
      }
      if (!found) {
        options.logger.info(`Compiling Bicep with ${cli.command}`);
      }
      found = cli;
      if (result.stderr.trim()) {
        options.logger.warn(`${cli.command}: ${result.stderr.trim()}`);
      }
      return result.stdout;
    }
    return undefined;
  };
}

function commandFailure(error: unknown): string {
  const e = error as {
    killed?: boolean;
    signal?: string;
    stderr?: string;
    message?: string;
  };
  if (e?.killed || e?.signal) {
    return `no result within ${BICEP_TIMEOUT_MS / 1000} s (stopped with ${
      e.signal ?? 'a signal'
    })`;
  }
  return (e?.stderr?.trim() || e?.message || String(error)).slice(0, 4000);
}
