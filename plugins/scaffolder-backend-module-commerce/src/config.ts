import type { Config } from '@backstage/config';
import {
  type OutboundDeadline,
  readOutboundDeadline,
} from '@internal/plugin-catalog-files-node';

/**
 * Typed readers of this module's configuration (declared in ../config.d.ts), so an action reads
 * typed values with their defaults applied instead of spelling config keys itself.
 * `commerce.azure` is read beside the ARM clients it configures (readAzureConfig in
 * actions/azure/azureClients.ts).
 */

/** The default of `commerce.gitops.github.requestTimeoutSeconds`. */
export const DEFAULT_GITHUB_REQUEST_TIMEOUT_SECONDS = 30;

/** Where the Applications go: one GitHub repository, one folder, one branch (or its default). */
export interface GitopsTarget {
  /** `https://<host>/<owner>/<repo>`, without `.git`. */
  repoUrl: string;
  host: string;
  owner: string;
  repo: string;
  /** Folder of one Application per service; `apps` unless configured. */
  folder: string;
  /** Branch to commit to; undefined means the repository's default branch. */
  branch?: string;
}

/** `commerce.gitops.github`, with its defaults applied. */
export interface GitopsConfig {
  /**
   * The GitOps repository; undefined when `commerce.gitops.github.repoUrl` is not set (the
   * action then says "not configured" and skips).
   */
  target?: GitopsTarget;
  /**
   * Set instead of `target` when `repoUrl` is not a GitHub repository URL: the registration
   * step fails with it (the rest of the backend, and the other actions, keep working).
   */
  targetProblem?: string;
  /** `commerce.gitops.github.requestTimeoutSeconds`: the deadline of every GitHub request. */
  requestDeadline: OutboundDeadline;
}

/**
 * Reads `commerce.gitops.github`.
 *
 * @throws InputError when `requestTimeoutSeconds` is not a positive number.
 */
export function readGitopsConfig(config: Config): GitopsConfig {
  const requestDeadline = readOutboundDeadline(config, {
    system: 'GitHub',
    configKey: 'commerce.gitops.github.requestTimeoutSeconds',
    defaultSeconds: DEFAULT_GITHUB_REQUEST_TIMEOUT_SECONDS,
  });
  const github = config.getOptionalConfig('commerce.gitops.github');
  const repoUrl = github?.getOptionalString('repoUrl');
  if (!github || !repoUrl) {
    return { requestDeadline };
  }
  let url: URL | undefined;
  try {
    url = new URL(repoUrl);
  } catch {
    url = undefined;
  }
  const [owner, repo, ...rest] = (url?.pathname ?? '')
    .replace(/\.git\/?$/, '')
    .split('/')
    .filter(Boolean);
  if (!url || !owner || !repo || rest.length > 0) {
    return {
      requestDeadline,
      targetProblem: `commerce.gitops.github.repoUrl "${repoUrl}" is not a GitHub repository URL: use https://<host>/<owner>/<repo>, e.g. https://github.com/commerce/commerce-gitops`,
    };
  }
  const folder = (github.getOptionalString('path') ?? 'apps').replace(
    /^\/+|\/+$/g,
    '',
  );
  return {
    target: {
      repoUrl: `https://${url.host}/${owner}/${repo}`,
      host: url.host,
      owner,
      repo,
      folder: folder || 'apps',
      branch: github.getOptionalString('branch'),
    },
    requestDeadline,
  };
}

/** `commerce.publish.github`: the organization new service repositories are created in. */
export interface PublishGithubConfig {
  /** The organization, e.g. `commerce`. */
  owner: string;
  /** The GitHub host; `github.com` unless configured. */
  host: string;
}

/**
 * Reads `commerce.publish.github`; undefined when its `owner` is not set (services are
 * published locally).
 */
export function readPublishGithubConfig(
  config: Config,
): PublishGithubConfig | undefined {
  const owner = config.getOptionalString('commerce.publish.github.owner');
  if (!owner) {
    return undefined;
  }
  return {
    owner,
    host:
      config.getOptionalString('commerce.publish.github.host') ?? 'github.com',
  };
}
