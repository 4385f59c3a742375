import path from 'node:path';
import fs from 'fs-extra';
import git from 'isomorphic-git';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { localRepositoriesDirectory } from '@internal/plugin-local-repositories-backend';
import { serviceNameProblem } from 'generator-commerce-service';
import { resolveWorkspacePath } from '../workspacePath';
import {
  describeHolder,
  serviceDifferences,
  serviceIdentityOf,
} from './repositoryHolder';
import { examples } from './publishLocal.examples';

/**
 * Where commerce:publish:local records which task published a repository last: a file in the
 * repository's .git folder, so it is no part of the content. The workspace cannot write it (the
 * copy skips .git), so only this action does, and commerce:catalog:register-local registers
 * only a repository whose record names its own task.
 */
export const PUBLISHED_BY_FILE = path.join(
  '.git',
  'commerce-published-by.json',
);

/** What {@link PUBLISHED_BY_FILE} holds. */
export interface PublishedBy {
  /** The scaffolder task that published the repository last. */
  taskId: string;
  /** The commit its branch pointed at afterwards. */
  commitHash: string;
}

/** The task that last published the local repository `repoDir`; undefined when none recorded. */
export async function readPublishedBy(
  repoDir: string,
): Promise<PublishedBy | undefined> {
  try {
    const record = await fs.readJson(path.join(repoDir, PUBLISHED_BY_FILE));
    return typeof record?.taskId === 'string' ? record : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `commerce:publish:local` — the embedded default publisher: the generated service becomes a git
 * repository with one commit, under the configured folder, where engineers clone it from and the
 * catalog reads it. A re-run with the same content changes nothing; with new content it adds one
 * commit. Either way it records the task that published ({@link PUBLISHED_BY_FILE}).
 * Production publishes to GitHub with the stock `publish:github` instead.
 */
export function createPublishLocalAction(options: { config: Config }) {
  const { config } = options;
  return createTemplateAction({
    id: 'commerce:publish:local',
    description:
      'Publishes the workspace (or a folder of it) as a local git repository under commerce.publish.local.directory, with one commit per change.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z.string({
            description:
              'Repository name, usually the service name (DNS-1123 label); the folder under the repositories directory',
          }),
        sourcePath: z =>
          z
            .string({
              description:
                'Folder of the workspace to publish, e.g. the service generated into ./order-service. Default: the whole workspace',
            })
            .optional(),
        defaultBranch: z =>
          z
            .string({ description: 'Branch to commit to. Default: main' })
            .default('main'),
        commitMessage: z =>
          z
            .string({
              description:
                'Commit message. Default: scaffolder.defaultCommitMessage, or "Update from the Commerce Platform Portal" on a re-run',
            })
            .optional(),
      },
      output: {
        repoPath: z =>
          z.string({ description: 'Absolute path of the repository' }),
        remoteUrl: z =>
          z.string({ description: 'file:// URL to clone the repository from' }),
        catalogInfoPath: z =>
          z.string({
            description:
              'Absolute path of the repository’s catalog-info.yaml (for commerce:catalog:register-local); empty when there is none',
          }),
        commitHash: z =>
          z.string({
            description: 'The commit the branch points at after publishing',
          }),
        created: z =>
          z.boolean({ description: 'True when the repository was new' }),
        changed: z =>
          z.boolean({
            description: 'True when this run committed something',
          }),
      },
    },
    async handler(ctx) {
      // The scaffolder validates input against the schema but does not fill in its defaults.
      const { name, sourcePath } = ctx.input;
      const defaultBranch = ctx.input.defaultBranch ?? 'main';
      const nameProblem = serviceNameProblem(name);
      if (nameProblem) {
        throw new InputError(nameProblem);
      }
      const source = sourcePath
        ? resolveWorkspacePath(ctx.workspacePath, sourcePath, {
            field: 'sourcePath',
            example: 'service',
          })
        : ctx.workspacePath;
      if (!(await fs.pathExists(source))) {
        throw new InputError(
          `Nothing to publish: "${sourcePath}" does not exist in the workspace. Generate the service into it first (an earlier step).`,
        );
      }
      if ((await listFiles(source)).length === 0) {
        // Publishing nothing would commit the deletion of every file of an existing repository.
        throw new InputError(
          `Nothing to publish: ${
            sourcePath ? `"${sourcePath}"` : 'the workspace'
          } is empty. Generate the service into it first (an earlier step).`,
        );
      }
      const directory = localRepositoriesDirectory(config);
      const dir = resolveSafeChildPath(directory, name);
      const hasCatalogInfo = await fs.pathExists(
        path.join(source, 'catalog-info.yaml'),
      );
      const catalogInfoPath = hasCatalogInfo
        ? path.join(dir, 'catalog-info.yaml')
        : '';
      // A re-run updates its own service's repository; another service's is never overwritten.
      const created = !(await hasCommit(dir));
      if (!created) {
        await assertSameService(dir, source, name);
      }
      ctx.output('repoPath', dir);
      ctx.output('remoteUrl', `file://${dir}`);
      ctx.output('catalogInfoPath', catalogInfoPath);

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would publish ${source} as a git repository at ${dir} (branch ${defaultBranch})`,
        );
        ctx.output('commitHash', '');
        ctx.output('created', false);
        ctx.output('changed', false);
        return;
      }

      await fs.ensureDir(dir);
      if (!(await fs.pathExists(path.join(dir, '.git')))) {
        await git.init({ fs, dir, defaultBranch });
      }
      // The repository's tree becomes exactly the new content: files the template no longer
      // produces are removed, so a re-run is the same as a first run. Copy over first and remove
      // stale files after, so a run killed half-way never leaves the catalog file missing.
      await fs.copy(source, dir, {
        overwrite: true,
        filter: notGitOrModules(source),
      });
      const wanted = new Set(await listFiles(source));
      for (const file of await listFiles(dir)) {
        if (!wanted.has(file)) {
          await fs.remove(path.join(dir, file));
        }
      }

      const matrix = await git.statusMatrix({ fs, dir });
      let changes = 0;
      for (const [file, head, workdir, stage] of matrix) {
        if (workdir === 0) {
          await git.remove({ fs, dir, filepath: file });
          changes += 1;
        } else if (head !== workdir || workdir !== stage) {
          await git.add({ fs, dir, filepath: file });
          changes += 1;
        }
      }

      let commitHash: string;
      if (changes === 0 && !created) {
        commitHash = await git.resolveRef({ fs, dir, ref: 'HEAD' });
        ctx.logger.info(
          `${dir} already holds this content at ${commitHash.slice(
            0,
            7,
          )}; nothing to commit`,
        );
      } else {
        const author = {
          name:
            config.getOptionalString('scaffolder.defaultAuthor.name') ??
            'Commerce Platform Portal',
          email:
            config.getOptionalString('scaffolder.defaultAuthor.email') ??
            'portal@commerce.example',
        };
        const message =
          ctx.input.commitMessage ??
          (created
            ? config.getOptionalString('scaffolder.defaultCommitMessage') ??
              'Initial commit from the Commerce Platform Portal'
            : 'Update from the Commerce Platform Portal');
        commitHash = await git.commit({ fs, dir, message, author });
        ctx.logger.info(
          `${created ? 'Created' : 'Updated'} ${dir}: commit ${commitHash.slice(
            0,
            7,
          )} (${changes} file${changes === 1 ? '' : 's'})`,
        );
      }
      if (created) {
        ctx.logger.info(
          `If a later step fails: re-run the template with the same values (this step then changes nothing or adds one commit), or delete ${dir} to remove the repository.`,
        );
      }
      // Also when nothing changed: a re-run registers what it published, so it records itself.
      const record: PublishedBy = { taskId: ctx.task.id, commitHash };
      await fs.writeJson(path.join(dir, PUBLISHED_BY_FILE), record);
      ctx.output('commitHash', commitHash);
      ctx.output('created', created);
      ctx.output('changed', changes > 0 || created);
    },
  });
}

/**
 * Refuses unless the repository at `dir` holds the same service as `source` (by their
 * catalog-info.yaml); two folders without a Component are nothing to tell apart.
 */
async function assertSameService(
  dir: string,
  source: string,
  name: string,
): Promise<void> {
  const read = (folder: string) =>
    fs.readFile(path.join(folder, 'catalog-info.yaml'), 'utf8').catch(() => '');
  const existing = serviceIdentityOf(await read(dir));
  const wanted = serviceIdentityOf(await read(source));
  if (!existing && !wanted) {
    return;
  }
  const differences = wanted
    ? serviceDifferences(existing, wanted)
    : ['the workspace has no catalog-info.yaml declaring a Component'];
  if (differences.length > 0) {
    throw new ConflictError(
      `Repository ${dir} exists and holds ${describeHolder(
        existing,
      )}, not this service (${differences.join(
        '; ',
      )}). Choose another name than ${name} for this service, or delete ${dir} if that repository is no longer wanted; nothing was changed.`,
    );
  }
}

/** True when the repository at `dir` has a commit on HEAD. */
async function hasCommit(dir: string): Promise<boolean> {
  try {
    await git.resolveRef({ fs, dir, ref: 'HEAD' });
    return true;
  } catch {
    return false;
  }
}

/** Skips .git and node_modules anywhere below `root`. */
function notGitOrModules(root: string) {
  return (src: string) =>
    !path
      .relative(root, src)
      .split(path.sep)
      .some(part => part === '.git' || part === 'node_modules');
}

/** Every file below `root` (relative paths), without .git and node_modules. */
async function listFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  const walk = async (relative: string) => {
    for (const entry of await fs.readdir(path.join(root, relative), {
      withFileTypes: true,
    })) {
      if (entry.name === '.git' || entry.name === 'node_modules') continue;
      const child = path.join(relative, entry.name);
      if (entry.isDirectory()) {
        await walk(child);
      } else {
        files.push(child);
      }
    }
  };
  await walk('');
  return files;
}
