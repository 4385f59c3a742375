import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  type GithubCredentialsProvider,
  type ScmIntegrationRegistry,
} from '@backstage/integration';
import { parseRepoUrl } from '@backstage/plugin-scaffolder-node';
import {
  type OutboundDeadline,
  readOutboundDeadline,
  withTimeout,
} from '@internal/plugin-catalog-files-node';
import { Octokit } from '@octokit/rest';

/** The default of `commerce.publish.github.requestTimeoutSeconds`. */
const DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;

/**
 * What every commerce GitHub action reads once when it is created: the integration's
 * credentials (the GitHub App's, or a provider given for tests) and the deadline of each call
 * (`commerce.publish.github.requestTimeoutSeconds`).
 */
export function githubActionSetup(options: {
  config: Config;
  integrations: ScmIntegrationRegistry;
  githubCredentialsProvider?: GithubCredentialsProvider;
}): {
  credentialsProvider: GithubCredentialsProvider;
  deadline: OutboundDeadline;
} {
  return {
    credentialsProvider:
      options.githubCredentialsProvider ??
      DefaultGithubCredentialsProvider.fromIntegrations(options.integrations),
    deadline: readOutboundDeadline(options.config, {
      system: 'GitHub',
      configKey: 'commerce.publish.github.requestTimeoutSeconds',
      defaultSeconds: DEFAULT_REQUEST_TIMEOUT_SECONDS,
    }),
  };
}

/** A repository named by a scaffolder `repoUrl` (`github.com?owner=<org>&repo=<name>`). */
export interface GithubRepository {
  host: string;
  owner: string;
  repo: string;
  /** `owner/repo`, for messages. */
  slug: string;
  /** The integration's REST API base URL, e.g. `https://api.github.com`. */
  apiBaseUrl: string;
}

/**
 * Reads a `repoUrl` the way publish:github does, and finds the GitHub integration of its host;
 * a clear InputError for either missing.
 */
export function githubRepositoryOf(
  repoUrl: string,
  integrations: ScmIntegrationRegistry,
): GithubRepository {
  const { host, owner, repo } = parseRepoUrl(repoUrl, integrations);
  if (!owner || !repo) {
    throw new InputError(
      `repoUrl "${repoUrl}" names no owner and repository: use github.com?owner=<org>&repo=<name>`,
    );
  }
  const slug = `${owner}/${repo}`;
  const apiBaseUrl = integrations.github.byHost(host)?.config.apiBaseUrl;
  if (!apiBaseUrl) {
    throw new InputError(
      `No GitHub integration with an apiBaseUrl for host ${host}: add it under integrations.github (a GitHub App or token that may read ${slug}).`,
    );
  }
  return { host, owner, repo, slug, apiBaseUrl };
}

/**
 * An Octokit signed in with the integration's credentials for one repository (a GitHub App
 * installation token, or the configured token). Getting the token is bounded by `deadline`.
 */
export async function githubOctokit(options: {
  repository: GithubRepository;
  credentialsProvider: GithubCredentialsProvider;
  deadline: OutboundDeadline;
  /** GitHub transport handed to Octokit as `request.fetch`; tests use msw instead. */
  fetch?: typeof fetch;
}): Promise<Octokit> {
  const { repository, credentialsProvider, deadline } = options;
  const { token } = await withTimeout(
    deadline,
    `getting a token for ${repository.slug}`,
    () =>
      credentialsProvider.getCredentials({
        url: `https://${repository.host}/${repository.slug}`,
      }),
  );
  return new Octokit({
    auth: token,
    baseUrl: repository.apiBaseUrl,
    ...(options.fetch && { request: { fetch: options.fetch } }),
  });
}
