import type { Config } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  type GithubCredentialsProvider,
  type ScmIntegrationRegistry,
} from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  OutboundTimeoutError,
  withTimeout,
} from '@internal/plugin-catalog-files-node';
import { examples } from './environmentVariables.examples';
import {
  githubActionSetup,
  githubOctokit,
  githubRepositoryOf,
} from './githubClient';

/**
 * GitHub's rule for a variable name: letters, digits and underscores, not starting with a digit
 * or with the reserved prefix GITHUB_.
 */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What happened to each variable, by name. */
export interface EnvironmentVariablesResult {
  created: string[];
  updated: string[];
  unchanged: string[];
  /** Given without a value: left as they are on GitHub (neither written nor deleted). */
  leftOut: string[];
}

/**
 * `commerce:github:environment-variables` — sets the variables of a GitHub deployment
 * environment whether they exist or not: each is read, then created (absent), updated (another
 * value) or left (same value). Stock `github:environment:create` only creates them (POST), and
 * GitHub answers 409 for one that exists, so a template re-run after a failure past that step
 * failed there; the stock action keeps the environment and its protection rules, this one its
 * variables. Values are never logged (these are ids, but the action cannot know that).
 */
export function createGithubEnvironmentVariablesAction(options: {
  config: Config;
  integrations: ScmIntegrationRegistry;
  githubCredentialsProvider?: GithubCredentialsProvider;
  /** GitHub transport handed to Octokit as `request.fetch`; tests use msw instead. */
  fetch?: typeof fetch;
}) {
  const { integrations } = options;
  const { credentialsProvider, deadline } = githubActionSetup(options);

  return createTemplateAction({
    id: 'commerce:github:environment-variables',
    description:
      'Creates or updates the variables of an existing GitHub deployment environment (read each; create when absent, update when different, leave when equal), so a template re-run succeeds where stock github:environment:create would get 409 for a variable that exists.',
    examples,
    // A dry run has no environment to write to (the stock environment step does not dry-run):
    // it checks the input and says what a real run would do, without calling GitHub.
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: z =>
          z.string({
            description:
              'The repository, as publish:github takes it: github.com?owner=<org>&repo=<name>',
          }),
        environment: z =>
          z
            .string({
              description:
                'Name of the deployment environment, created before this step (github:environment:create), e.g. dev',
            })
            .min(1),
        variables: z =>
          z.record(z.string(), z.string(), {
            description:
              'Variable name → value. A variable given an empty value is left out: not written, not deleted (a template passes "" for a value this portal cannot know).',
          }),
      },
      output: {
        created: z =>
          z
            .array(z.string())
            .describe(
              'Names of the variables that did not exist and were created',
            ),
        updated: z =>
          z
            .array(z.string())
            .describe(
              'Names of the variables that held another value and were updated',
            ),
        unchanged: z =>
          z
            .array(z.string())
            .describe('Names of the variables that already held the value'),
        leftOut: z =>
          z
            .array(z.string())
            .describe('Names given an empty value, left as they are on GitHub'),
      },
    },
    async handler(ctx) {
      const { environment, variables } = ctx.input;
      const repository = githubRepositoryOf(ctx.input.repoUrl, integrations);
      const { owner, repo, slug, host } = repository;
      checkNames(Object.keys(variables), environment);
      const toWrite = Object.entries(variables).filter(([, value]) => value);
      const result: EnvironmentVariablesResult = {
        created: [],
        updated: [],
        unchanged: [],
        leftOut: Object.keys(variables).filter(name => !variables[name]),
      };
      const report = () => {
        ctx.output('created', result.created);
        ctx.output('updated', result.updated);
        ctx.output('unchanged', result.unchanged);
        ctx.output('leftOut', result.leftOut);
      };
      if (result.leftOut.length > 0) {
        ctx.logger.info(
          `${result.leftOut.join(
            ', ',
          )}: no value given, left as they are in ${slug} environment ${environment}`,
        );
      }
      if (ctx.isDryRun) {
        ctx.logger.info(
          `dry run: would create or update ${
            toWrite.map(([name]) => name).join(', ') || 'no variable'
          } in ${slug} environment ${environment}`,
        );
        report();
        return;
      }

      const call = <T>(
        subject: string,
        run: (signal: AbortSignal) => Promise<T>,
      ) =>
        withTimeout(deadline, subject, async signal => {
          try {
            return await run(signal);
          } catch (error) {
            throw describeRefusal(error, { subject, host, slug, environment });
          }
        });
      const octokit = await githubOctokit({
        repository,
        credentialsProvider,
        deadline,
        fetch: options.fetch,
      });
      const route = {
        owner,
        repo,
        environment_name: environment,
      };
      const absent = (error: unknown) => {
        if ((error as { status?: number }).status === 404) return undefined;
        throw error;
      };

      // Without this, a missing environment would read as "every variable absent" and the first
      // POST would fail with a bare 404.
      const found = await call(
        `read the environment ${environment} of ${slug}`,
        signal =>
          octokit
            .request(
              'GET /repos/{owner}/{repo}/environments/{environment_name}',
              {
                ...route,
                request: { signal },
              },
            )
            .catch(absent),
      );
      if (!found) {
        throw new NotFoundError(
          `${slug} has no environment ${environment}: run the step that creates it (github:environment:create with name ${environment}) before this one, then re-run the task.`,
        );
      }

      for (const [name, value] of toWrite) {
        const existing = await call(`read the variable ${name}`, signal =>
          octokit
            .request(
              'GET /repos/{owner}/{repo}/environments/{environment_name}/variables/{name}',
              { ...route, name, request: { signal } },
            )
            .catch(absent),
        );
        if (existing && (existing.data as { value?: string }).value === value) {
          result.unchanged.push(name);
          continue;
        }
        const update = (signal: AbortSignal) =>
          octokit.request(
            'PATCH /repos/{owner}/{repo}/environments/{environment_name}/variables/{name}',
            { ...route, name, value, request: { signal } },
          );
        if (existing) {
          await call(`update the variable ${name}`, update);
          result.updated.push(name);
          continue;
        }
        const created = await call(`create the variable ${name}`, signal =>
          octokit
            .request(
              'POST /repos/{owner}/{repo}/environments/{environment_name}/variables',
              { ...route, name, value, request: { signal } },
            )
            .then(
              () => true,
              error => {
                // Created by someone else between our read and this write: update it instead.
                if ((error as { status?: number }).status === 409) return false;
                throw error;
              },
            ),
        );
        if (created) {
          result.created.push(name);
        } else {
          await call(`update the variable ${name}`, update);
          result.updated.push(name);
        }
      }

      const summary = (
        [
          ['created', result.created],
          ['updated', result.updated],
          ['unchanged', result.unchanged],
        ] as const
      )
        .filter(([, names]) => names.length > 0)
        .map(([what, names]) => `${what} ${names.join(', ')}`)
        .join('; ');
      ctx.logger.info(
        `${slug} environment ${environment}: ${
          summary || 'no variable to write'
        }`,
      );
      report();
    },
  });
}

function checkNames(names: string[], environment: string) {
  const bad = names.filter(
    name => !VARIABLE_NAME.test(name) || /^GITHUB_/i.test(name),
  );
  if (bad.length > 0) {
    throw new InputError(
      `variables of environment ${environment}: ${bad
        .map(name => `"${name}"`)
        .join(
          ', ',
        )} cannot be a GitHub variable name; use letters, digits and underscores, not starting with a digit or GITHUB_ (e.g. AZURE_CLIENT_ID).`,
    );
  }
}

/** GitHub's refusal as an error that says what to do. */
function describeRefusal(
  error: unknown,
  where: { subject: string; host: string; slug: string; environment: string },
): Error {
  if (error instanceof OutboundTimeoutError) return error;
  const status = (error as { status?: number }).status;
  const { subject, host, slug, environment } = where;
  const refused = `GitHub refused to ${subject} (${slug} environment ${environment}): ${
    status ?? 'no response'
  } ${(error as Error).message}.`;
  if (status === 403 || status === 401) {
    return new Error(
      `${refused} The GitHub App of integrations.github (host ${host}) needs the repository permission "Environments: read and write" (deployment environments and their variables) and must be installed on ${slug}; grant it in the App's settings, accept the new permission in the organization, then re-run the task.`,
      { cause: error },
    );
  }
  if (status === 404) {
    return new NotFoundError(
      `${refused} The environment or repository is gone: run the environment step (github:environment:create with name ${environment}) before this one, then re-run the task.`,
      error as Error,
    );
  }
  return new Error(
    `${refused} Re-run the task; a re-run is safe (each variable is read before it is written).`,
    { cause: error },
  );
}
