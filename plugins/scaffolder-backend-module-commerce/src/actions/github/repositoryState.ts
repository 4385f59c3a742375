import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';
import {
  type GithubCredentialsProvider,
  type ScmIntegrationRegistry,
} from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  OutboundTimeoutError,
  withTimeout,
} from '@internal/plugin-catalog-files-node';
import {
  describeHolder,
  serviceDifferences,
  serviceIdentityOf,
} from '../publish/repositoryHolder';
import { resolveWorkspacePath } from '../workspacePath';
import {
  githubActionSetup,
  githubOctokit,
  githubRepositoryOf,
} from './githubClient';
import { examples } from './repositoryState.examples';

/**
 * `commerce:github:repository-state` — whether a service's GitHub repository exists and holds
 * this service, so a template re-run after a failure past publishing updates the repository
 * (stock `publish:github:pull-request`, main being protected) instead of failing in
 * `publish:github`, which refuses an existing repository. A repository holding anything else
 * fails the step: the run never writes into another service's repository.
 */
export function createGithubRepositoryStateAction(options: {
  config: Config;
  integrations: ScmIntegrationRegistry;
  githubCredentialsProvider?: GithubCredentialsProvider;
  /** GitHub transport handed to Octokit as `request.fetch`; tests use msw instead. */
  fetch?: typeof fetch;
}) {
  const { integrations } = options;
  const { credentialsProvider, deadline } = githubActionSetup(options);

  return createTemplateAction({
    id: 'commerce:github:repository-state',
    description:
      'Tells whether a service’s GitHub repository is absent or holds this same service (by its catalog-info.yaml), so a re-run publishes with publish:github or updates through publish:github:pull-request; refuses a repository holding anything else.',
    examples,
    // It only reads, so a dry run reads too and reports what a real run would do.
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: z =>
          z.string({
            description:
              'The repository, as publish:github takes it: github.com?owner=<org>&repo=<name>',
          }),
        sourcePath: z =>
          z
            .string({
              description:
                'Folder of the workspace the service was generated into (what the publish step publishes). Default: the whole workspace',
            })
            .optional(),
      },
      output: {
        state: z =>
          z
            .enum(['absent', 'same-service'])
            .describe(
              'absent: publish with publish:github; same-service: update it through a pull request',
            ),
        repoContentsUrl: z =>
          z.string({
            description:
              'Contents URL of the existing repository’s default branch (as publish:github outputs it); empty when absent',
          }),
        defaultBranch: z =>
          z.string({
            description:
              'The existing repository’s default branch; empty when absent',
          }),
      },
    },
    async handler(ctx) {
      const repository = githubRepositoryOf(ctx.input.repoUrl, integrations);
      const { host, owner, repo, slug } = repository;
      const wanted = serviceIdentityOf(
        await readWorkspaceCatalogInfo(ctx.workspacePath, ctx.input.sourcePath),
      );
      if (!wanted) {
        throw new InputError(
          `The workspace's catalog-info.yaml${
            ctx.input.sourcePath ? ` (in ${ctx.input.sourcePath})` : ''
          } declares no Component, so ${slug} cannot be checked against it: generate the service before this step, or set sourcePath to the folder it was generated into.`,
        );
      }

      const call = <T>(subject: string, run: (signal: AbortSignal) => T) =>
        withTimeout(deadline, subject, async signal => {
          try {
            return await run(signal);
          } catch (error) {
            if (error instanceof OutboundTimeoutError) throw error;
            const status = (error as { status?: number }).status;
            if (status === 404) return undefined;
            // GitHub answers 409 for the contents of a repository without any commit.
            if (status === 409) return 'empty' as const;
            throw new Error(
              `GitHub refused to ${subject}: ${status ?? 'no response'} ${
                (error as Error).message
              }. Check that the GitHub App of integrations.github (host ${host}) is installed on ${owner} and may read ${slug}, then re-run the task.`,
              { cause: error },
            );
          }
        });

      const octokit = await githubOctokit({
        repository,
        credentialsProvider,
        deadline,
        fetch: options.fetch,
      });

      const found = await call(`read the repository ${slug}`, signal =>
        octokit.repos.get({ owner, repo, request: { signal } }),
      );
      if (found === undefined) {
        ctx.logger.info(
          `${slug} does not exist yet: publish:github creates it`,
        );
        ctx.output('state', 'absent');
        ctx.output('repoContentsUrl', '');
        ctx.output('defaultBranch', '');
        return;
      }
      if (found === 'empty') {
        // Not an answer GitHub gives for a repository; kept so every branch of call() is handled.
        throw new Error(
          `GitHub answered 409 Conflict reading ${slug}: re-run the task; if it persists, check the repository on GitHub.`,
        );
      }
      const defaultBranch = found.data.default_branch;
      const file = await call(
        `read catalog-info.yaml of ${slug} (branch ${defaultBranch})`,
        signal =>
          octokit.repos.getContent({
            owner,
            repo,
            path: 'catalog-info.yaml',
            ref: defaultBranch,
            request: { signal },
          }),
      );
      if (file === 'empty') {
        throw new ConflictError(
          `Repository ${slug} exists but has no commit (a publish that failed before its first push?): delete it on GitHub if it is this service's and re-run the template, or choose another name.`,
        );
      }
      const data = file?.data;
      const text =
        data && !Array.isArray(data) && 'content' in data
          ? Buffer.from(data.content, 'base64').toString('utf8')
          : '';
      const existing = serviceIdentityOf(text);
      const differences = serviceDifferences(existing, wanted);
      if (differences.length > 0) {
        throw new ConflictError(
          `Repository ${slug} exists and holds ${describeHolder(
            existing,
          )}, not this service (${differences.join(
            '; ',
          )}). Choose another name than ${repo} for this service, or, if ${slug} is no longer wanted, archive or rename it on GitHub and re-run the template.`,
        );
      }
      ctx.logger.info(
        `${slug} exists and holds ${wanted.entityRef}: this run updates it through a pull request to ${defaultBranch}`,
      );
      ctx.output('state', 'same-service');
      ctx.output(
        'repoContentsUrl',
        `https://${host}/${slug}/blob/${defaultBranch}`,
      );
      ctx.output('defaultBranch', defaultBranch);
    },
  });
}

async function readWorkspaceCatalogInfo(
  workspacePath: string,
  sourcePath: string | undefined,
): Promise<string> {
  const folder = sourcePath
    ? resolveWorkspacePath(workspacePath, sourcePath, {
        field: 'sourcePath',
        example: 'order-service',
      })
    : workspacePath;
  return fs
    .readFile(path.join(folder, 'catalog-info.yaml'), 'utf8')
    .catch(() => '');
}
