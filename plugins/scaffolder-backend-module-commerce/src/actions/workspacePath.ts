import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { quotedValue } from 'generator-commerce-service';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { extname } from 'node:path';

/** The input field a workspace path came from, and a path to show as an example. */
export interface WorkspacePathInput {
  /** The action's input field, e.g. `templatePath`; every message names it. */
  field: string;
  /** A good value of that field, e.g. `infra/main.bicep`. */
  example: string;
}

/**
 * The absolute path of `path` in the task workspace, refused with an InputError naming the
 * field when it leaves the workspace. The one way every commerce action resolves a path its
 * input names: resolveSafeChildPath compares real paths, so `..`, absolute paths and symbolic
 * links out of the workspace are all caught.
 */
export function resolveWorkspacePath(
  workspacePath: string,
  path: string,
  { field, example }: WorkspacePathInput,
): string {
  const fix = `give a path relative to the workspace, e.g. ${example}.`;
  // Checked first: the file system refuses such a path with its own, less helpful, words.
  if (path.includes('\0')) {
    throw new InputError(
      `${field} ${quotedValue(
        path,
      )} contains a NUL character, which no path can: ${fix}`,
    );
  }
  try {
    return resolveSafeChildPath(workspacePath, path);
  } catch (error) {
    if ((error as Error)?.name === 'NotAllowedError') {
      throw new InputError(
        `${field} ${quotedValue(
          path,
        )} points outside the task workspace: ${fix}`,
      );
    }
    // Resolving reads the real path of each part: ENOTDIR, ELOOP, EACCES and the like.
    throw new InputError(
      `${field} ${quotedValue(path)} is not a path in the task workspace (${
        (error as NodeJS.ErrnoException)?.code ?? (error as Error)?.message
      }): ${fix}`,
    );
  }
}

/**
 * {@link resolveWorkspacePath} for a file an earlier step wrote: also refused when its
 * extension is not one of `extensions` or it cannot be read.
 */
export async function resolveWorkspaceFile(
  workspacePath: string,
  path: string,
  input: WorkspacePathInput & {
    /** Lowercase, with the dot, e.g. `['.bicep', '.json']`. */
    extensions: string[];
  },
): Promise<string> {
  const { field, example, extensions } = input;
  const file = resolveWorkspacePath(workspacePath, path, input);
  if (!extensions.includes(extname(file).toLowerCase())) {
    throw new InputError(
      `${field} ${quotedValue(path)}: expected a ${extensions.join(
        ' or ',
      )} file, e.g. ${example}.`,
    );
  }
  try {
    await access(file, constants.R_OK);
  } catch {
    throw new InputError(
      `${field} ${quotedValue(
        path,
      )} does not exist in the task workspace: check the path (relative to the workspace, e.g. ${example}) and that an earlier step wrote it.`,
    );
  }
  return file;
}
