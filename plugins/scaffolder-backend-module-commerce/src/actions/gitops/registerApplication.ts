import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  type GithubCredentialsProvider,
  type GithubIntegrationConfig,
  type ScmIntegrationRegistry,
} from '@backstage/integration';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  type OutboundDeadline,
  OutboundTimeoutError,
  withTimeout,
} from '@internal/plugin-catalog-files-node';
import { Octokit } from '@octokit/rest';
import fs from 'node:fs/promises';
import yaml from 'yaml';
import { serviceNameProblem } from 'generator-commerce-service';
import {
  type GitopsTarget,
  readGitopsConfig,
  readPublishGithubConfig,
} from '../../config';
import { ownerRefProblem } from '../ownerRef';
import { resolveWorkspacePath } from '../workspacePath';
import { examples } from './registerApplication.examples';

/** The one cluster the Applications deploy to: Argo CD's own. */
const IN_CLUSTER = 'https://kubernetes.default.svc';

/**
 * `commerce:gitops:register` — commits a new service's Argo CD Application (generated as
 * `argocd/application.yaml`) to `<path>/<name>.yaml` of the GitOps repository, whose folder
 * Argo CD's app-of-apps syncs, so the service gets deployed. Credentials come from Backstage's
 * GitHub integration (App or token); this module stores none.
 */
export function createGitopsRegisterAction(options: {
  config: Config;
  integrations: ScmIntegrationRegistry;
  /** Where the service's owner is read from: the Component the run registered. */
  catalog: CatalogService;
  githubCredentialsProvider?: GithubCredentialsProvider;
  /** GitHub transport handed to Octokit as `request.fetch`; tests inject a fake GitHub. */
  fetch?: typeof fetch;
}) {
  const { config, integrations, catalog } = options;
  const credentialsProvider =
    options.githubCredentialsProvider ??
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  const gitops = readGitopsConfig(config);
  const deadline = gitops.requestDeadline;
  // The service's repository is `<name>` in the organization services are published to;
  // unknown when they are published locally (a local run, for trying the portal out).
  const publishGithub = readPublishGithubConfig(config);

  return createTemplateAction({
    id: 'commerce:gitops:register',
    description:
      'Registers a service’s Argo CD Application in the GitOps repository (commerce.gitops.github) so Argo CD’s app-of-apps deploys it. Idempotent: an unchanged Application is left alone.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z.string({
            description:
              'Service name (DNS-1123 label, at most 63); also the Application’s metadata.name and the file name in the GitOps repository',
          }),
        owner: z =>
          z.string({
            description:
              'The owning group as an entity ref, e.g. group:default/checkout-team. The Application must deploy with that team’s Argo CD project into that team’s namespace (both named like the group); the permission policy lets only its members and the platform team run this',
          }),
        applicationPath: z =>
          z
            .string({
              description:
                'Path of the Argo CD Application manifest in the task workspace',
            })
            .default('argocd/application.yaml'),
        commitMessage: z =>
          z
            .string({
              description:
                'Commit message in the GitOps repository. Default: "Register <name> with Argo CD" or "Update the Argo CD Application of <name>"',
            })
            .optional(),
      },
      output: {
        fileUrl: z =>
          z.string({
            description:
              'Web URL of the Application file in the GitOps repository (empty when not configured)',
          }),
        commitSha: z =>
          z.string({
            description:
              'SHA of the commit that created or updated the file; empty when nothing was written',
          }),
        changed: z =>
          z.boolean({
            description: 'True when this run created or updated the file',
          }),
        skipped: z =>
          z.boolean({
            description:
              'True when nothing was attempted: GitOps not configured, or a dry run',
          }),
        skipReason: z =>
          z.string({
            description: 'Why the step was skipped; empty when it was not',
          }),
      },
    },
    async handler(ctx) {
      // The scaffolder validates input against the schema but does not fill in its defaults.
      const { name, owner } = ctx.input;
      const applicationPath =
        ctx.input.applicationPath ?? 'argocd/application.yaml';
      // The policy needs the full group ref (as commerce:azure:deploy).
      const ownerProblem = ownerRefProblem(owner);
      if (ownerProblem) {
        throw new InputError(ownerProblem);
      }
      if (gitops.targetProblem) {
        throw new Error(gitops.targetProblem);
      }
      const target = gitops.target;
      const manifest = await readApplicationManifest(
        ctx.workspacePath,
        applicationPath,
        {
          name,
          team: parseEntityRef(owner).name,
          repository: publishGithub && { ...publishGithub, repo: name },
        },
      );

      const skip = (reason: string, fileUrl = '') => {
        ctx.logger.info(reason);
        ctx.output('fileUrl', fileUrl);
        ctx.output('commitSha', '');
        ctx.output('changed', false);
        ctx.output('skipped', true);
        ctx.output('skipReason', reason);
      };

      if (!target) {
        skip(
          `not configured: set commerce.gitops.github.repoUrl (the GitOps repository Argo CD reads) and a GitHub integration for its host to register ${name} with Argo CD`,
        );
        return;
      }
      const repoSlug = `${target.owner}/${target.repo}`;
      const integration = integrations.github.byHost(target.host)?.config;
      // ScmIntegrations always adds a bare github.com entry, so "no integration" also means one
      // without a token or App (unless the caller brings its own credentials provider).
      const hasCredentials = Boolean(
        integration?.token ||
          integration?.apps?.length ||
          options.githubCredentialsProvider,
      );
      if (!integration || !hasCredentials) {
        skip(
          `not configured: add integrations.github for host ${target.host} (a GitHub App installed on ${repoSlug}, or a token) with contents:write on ${repoSlug}, to register ${name} with Argo CD`,
        );
        return;
      }

      const filePath = `${target.folder}/${name}.yaml`;
      if (ctx.isDryRun) {
        skip(
          `dry run: would write ${applicationPath} (Application ${name}) to ${filePath} in ${repoSlug} on ${
            target.branch ? `branch ${target.branch}` : 'its default branch'
          }`,
          `https://${target.host}/${repoSlug}/blob/${
            target.branch ?? 'HEAD'
          }/${filePath}`,
        );
        return;
      }

      // The template names the owner; the catalog says who owns the service. A template that
      // names its own team for another team's service would otherwise hand it to Argo CD in
      // its own project (checked on a real run: a dry run registers nothing to look up).
      await assertCatalogOwner(
        catalog,
        name,
        owner,
        await ctx.getInitiatorCredentials(),
      );

      const octokit = await createOctokit(
        target,
        integration,
        credentialsProvider,
        deadline,
        options.fetch,
      );

      let branch = target.branch;
      if (!branch) {
        const { data: repository } = await callGithub(
          `read the repository ${repoSlug}`,
          repoSlug,
          deadline,
          signal =>
            octokit.repos.get({
              owner: target.owner,
              repo: target.repo,
              request: { signal },
            }),
        );
        branch = repository.default_branch;
      }
      const where = `${filePath} in ${repoSlug} (branch ${branch})`;

      const existing = await readExistingFile(
        octokit,
        target,
        filePath,
        branch,
        deadline,
      );
      if (existing?.content === manifest) {
        ctx.logger.info(
          `${name} already registered, unchanged: ${where} has the same content`,
        );
        ctx.output('fileUrl', existing.htmlUrl);
        ctx.output('commitSha', '');
        ctx.output('changed', false);
        ctx.output('skipped', false);
        ctx.output('skipReason', '');
        return;
      }

      const message =
        ctx.input.commitMessage ??
        (existing
          ? `Update the Argo CD Application of ${name}`
          : `Register ${name} with Argo CD`);
      // A write that timed out may still have landed: the re-run reads the file first and
      // leaves an identical one alone.
      const { data } = await callGithub(
        `${existing ? 'update' : 'create'} ${where}`,
        repoSlug,
        deadline,
        signal =>
          octokit.repos.createOrUpdateFileContents({
            owner: target.owner,
            repo: target.repo,
            path: filePath,
            branch,
            message,
            content: Buffer.from(manifest, 'utf8').toString('base64'),
            // Without the sha GitHub refuses to overwrite; with a stale one it answers 409.
            sha: existing?.sha,
            request: { signal },
          }),
      );
      ctx.logger.info(
        `${existing ? 'Updated' : 'Created'} ${where} in commit ${
          data.commit.sha
        }: Argo CD will sync ${name}`,
      );
      ctx.output(
        'fileUrl',
        data.content?.html_url ??
          `https://${target.host}/${repoSlug}/blob/${branch}/${filePath}`,
      );
      ctx.output('commitSha', data.commit.sha ?? '');
      ctx.output('changed', true);
      ctx.output('skipped', false);
      ctx.output('skipReason', '');
    },
  });
}

/** Reads the workspace's Application manifest; every problem is an InputError saying how to fix it. */
async function readApplicationManifest(
  workspacePath: string,
  applicationPath: string,
  expected: {
    /** The service: the Application's name. */
    name: string;
    /** The owning team: its Argo CD project and its namespace have the group's name. */
    team: string;
    /** The service's repository, as Argo CD spells it; undefined when unknown. */
    repository?: { host: string; owner: string; repo: string };
  },
): Promise<string> {
  const { name, team, repository } = expected;
  const nameProblem = serviceNameProblem(name);
  if (nameProblem) {
    throw new InputError(nameProblem);
  }
  const fullPath = resolveWorkspacePath(workspacePath, applicationPath, {
    field: 'applicationPath',
    example: 'argocd/application.yaml',
  });
  let text: string;
  try {
    text = await fs.readFile(fullPath, 'utf8');
  } catch (error) {
    throw new InputError(
      `applicationPath "${applicationPath}": cannot read it from the task workspace (${
        (error as NodeJS.ErrnoException).code ?? String(error)
      }). Generate the service (fetch:template) before this step, or set applicationPath to where its Argo CD Application is.`,
    );
  }

  let parsed: unknown;
  try {
    parsed = yaml.parse(text);
  } catch (error) {
    throw new InputError(
      `${applicationPath} is not valid YAML: ${
        (error as Error).message
      }. Fix the file so it holds a single Argo CD Application.`,
    );
  }
  const doc = (
    parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {}
  ) as {
    apiVersion?: unknown;
    kind?: unknown;
    metadata?: { name?: unknown; namespace?: unknown };
    spec?: {
      project?: unknown;
      source?: { repoURL?: unknown };
      sources?: unknown;
      destination?: { server?: unknown; name?: unknown; namespace?: unknown };
    };
  };
  const problems: string[] = [];
  if (doc.apiVersion !== 'argoproj.io/v1alpha1') {
    problems.push(
      `apiVersion is ${JSON.stringify(
        doc.apiVersion,
      )}: set apiVersion: argoproj.io/v1alpha1`,
    );
  }
  if (doc.kind !== 'Application') {
    problems.push(
      `kind is ${JSON.stringify(
        doc.kind,
      )}: only an Argo CD Application can be registered, set kind: Application`,
    );
  }
  if (doc.metadata?.name !== name) {
    problems.push(
      `metadata.name is ${JSON.stringify(
        doc.metadata?.name,
      )}: set it to "${name}", the service name, so the file and the Application match`,
    );
  }
  // The rest keeps one team's service inside that team's part of the cluster: Argo CD's
  // project is the boundary (its destinations and repositories), so the Application must use
  // its team's (AppProject name = group name, as is the team's namespace).
  const spec = doc.spec ?? {};
  if (
    doc.metadata?.namespace !== undefined &&
    doc.metadata.namespace !== 'argocd'
  ) {
    problems.push(
      `metadata.namespace is ${JSON.stringify(
        doc.metadata.namespace,
      )}: Applications live in Argo CD's namespace, set it to "argocd"`,
    );
  }
  if (spec.project !== team) {
    problems.push(
      `spec.project is ${JSON.stringify(
        spec.project,
      )}: set it to "${team}", the owning team's Argo CD project`,
    );
  }
  if (spec.destination?.namespace !== team) {
    problems.push(
      `spec.destination.namespace is ${JSON.stringify(
        spec.destination?.namespace,
      )}: set it to "${team}", the owning team's namespace`,
    );
  }
  if (
    (spec.destination?.server ?? IN_CLUSTER) !== IN_CLUSTER ||
    spec.destination?.name !== undefined
  ) {
    problems.push(
      `spec.destination must be the cluster Argo CD runs in: set server: ${IN_CLUSTER} and no name`,
    );
  }
  if (spec.sources !== undefined) {
    problems.push(
      "spec.sources is set: use one spec.source, the service's own repository",
    );
  }
  if (repository && !isRepository(spec.source?.repoURL, repository)) {
    problems.push(
      `spec.source.repoURL is ${JSON.stringify(
        spec.source?.repoURL,
      )}: set it to https://${repository.host}/${repository.owner}/${
        repository.repo
      }.git, the service's own repository`,
    );
  }
  if (problems.length > 0) {
    throw new InputError(
      `${applicationPath} cannot be registered with Argo CD:\n- ${problems.join(
        '\n- ',
      )}`,
    );
  }
  return text;
}

/** True when `repoUrl` is `repository` (with or without .git, any case). */
function isRepository(
  repoUrl: unknown,
  repository: { host: string; owner: string; repo: string },
): boolean {
  if (typeof repoUrl !== 'string') return false;
  let url: URL;
  try {
    url = new URL(repoUrl);
  } catch {
    return false;
  }
  const expected = `/${repository.owner}/${repository.repo}`.toLowerCase();
  return (
    url.protocol === 'https:' &&
    url.host.toLowerCase() === repository.host.toLowerCase() &&
    url.pathname
      .replace(/\.git$/, '')
      .replace(/\/+$/, '')
      .toLowerCase() === expected
  );
}

/** Refuses when the catalog's Component `name` is missing or owned by another group than `owner`. */
async function assertCatalogOwner(
  catalog: CatalogService,
  name: string,
  owner: string,
  credentials: BackstageCredentials,
): Promise<void> {
  const component = await catalog.getEntityByRef(
    { kind: 'Component', namespace: 'default', name },
    { credentials },
  );
  if (!component) {
    throw new InputError(
      `component:default/${name} is not in the catalog: register the service (commerce:catalog:register) before handing it to Argo CD, so its owner can be checked.`,
    );
  }
  const catalogOwner = String(component.spec?.owner ?? '');
  let catalogRef: string | undefined;
  try {
    catalogRef = stringifyEntityRef(
      parseEntityRef(catalogOwner, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    );
  } catch {
    catalogRef = undefined;
  }
  if (
    catalogRef?.toLocaleLowerCase('en-US') !== owner.toLocaleLowerCase('en-US')
  ) {
    throw new NotAllowedError(
      `${name} is owned by ${
        catalogOwner || 'nobody'
      } in the catalog, not ${owner}: only its owning team's run may hand it to Argo CD. Run the template with owner ${
        catalogRef ?? 'set in its catalog-info.yaml'
      }, or change the owner in the service's catalog-info.yaml first.`,
    );
  }
}

async function createOctokit(
  target: GitopsTarget,
  integration: GithubIntegrationConfig,
  credentialsProvider: GithubCredentialsProvider,
  deadline: OutboundDeadline,
  fetchImpl: typeof fetch | undefined,
): Promise<Octokit> {
  if (!integration.apiBaseUrl) {
    throw new Error(
      `integrations.github for host ${target.host} has no apiBaseUrl: set it (e.g. https://${target.host}/api/v3) to register Applications in ${target.owner}/${target.repo}`,
    );
  }
  // A GitHub App's installation token is a request to GitHub too; it takes no signal.
  const { token } = await withTimeout(
    deadline,
    `getting a token for ${target.owner}/${target.repo}`,
    () => credentialsProvider.getCredentials({ url: target.repoUrl }),
  );
  if (!token) {
    throw new Error(
      `No GitHub credentials for ${target.owner}/${target.repo}: install the GitHub App of integrations.github (host ${target.host}) on ${target.owner} with contents:write, or set a token there`,
    );
  }
  return new Octokit({
    auth: token,
    baseUrl: integration.apiBaseUrl,
    ...(fetchImpl && { request: { fetch: fetchImpl } }),
  });
}

async function readExistingFile(
  octokit: Octokit,
  target: GitopsTarget,
  filePath: string,
  branch: string,
  deadline: OutboundDeadline,
): Promise<{ content: string; sha: string; htmlUrl: string } | undefined> {
  const repoSlug = `${target.owner}/${target.repo}`;
  const response = await callGithub(
    `read ${filePath} in ${repoSlug} (branch ${branch})`,
    repoSlug,
    deadline,
    signal =>
      octokit.repos
        .getContent({
          owner: target.owner,
          repo: target.repo,
          path: filePath,
          ref: branch,
          request: { signal },
        })
        // 404 is the normal answer for a service not registered yet.
        .catch(error => {
          if ((error as { status?: unknown }).status === 404) {
            return undefined;
          }
          throw error;
        }),
  );
  if (!response) {
    return undefined;
  }
  const data = response.data;
  if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) {
    throw new Error(
      `${filePath} in ${repoSlug} is not a file: move what is there, or set commerce.gitops.github.path to the folder of Applications`,
    );
  }
  return {
    // GitHub wraps base64 at 60 characters; Buffer ignores the line breaks.
    content: Buffer.from(data.content, 'base64').toString('utf8'),
    sha: data.sha,
    htmlUrl: data.html_url ?? '',
  };
}

/**
 * Runs one GitHub call within `commerce.gitops.github.requestTimeoutSeconds` and turns its
 * failure into an error naming what was attempted, the status, GitHub's message and what to
 * check; a timeout stays the OutboundTimeoutError that names the key.
 */
async function callGithub<T>(
  subject: string,
  repoSlug: string,
  deadline: OutboundDeadline,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  try {
    return await withTimeout(deadline, subject, call);
  } catch (error) {
    if (error instanceof OutboundTimeoutError) {
      throw error;
    }
    const status = (error as { status?: unknown }).status;
    const githubMessage =
      (error as { response?: { data?: { message?: string } } }).response?.data
        ?.message ?? (error as Error).message;
    throw new Error(
      `GitHub refused to ${subject}: ${
        typeof status === 'number' ? status : 'no response'
      } ${githubMessage}. ${hintFor(status, repoSlug)}`,
      { cause: error },
    );
  }
}

function hintFor(status: unknown, repoSlug: string): string {
  switch (status) {
    case 401:
      return 'Check the token or GitHub App credentials of integrations.github for this host: they are invalid or expired.';
    case 403:
      return `Check that the GitHub App is installed on ${repoSlug} with the permission contents:write (or that the token may write to it), and that no rate limit or branch protection blocks it.`;
    case 404:
      return `Check commerce.gitops.github.repoUrl and branch, and that the GitHub App is installed on ${repoSlug} (GitHub answers 404 for a repository it does not let you see).`;
    case 409:
    case 422:
      return 'The file or branch changed meanwhile, or the branch is protected or missing: check commerce.gitops.github.branch and the branch protection rules, then re-run the task.';
    default:
      return `Check that GitHub is reachable and that integrations.github allows writing to ${repoSlug}, then re-run the task.`;
  }
}
