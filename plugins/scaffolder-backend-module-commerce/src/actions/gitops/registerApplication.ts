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
import {
  applicationFile,
  applicationName,
  applicationSourcePath,
  environmentNamespace,
  serviceEnvironments,
  serviceNameProblem,
  type ServiceEnvironment,
} from 'generator-commerce-service';
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
 * The environments a service runs in (the blueprint's src/environments.ts): one cluster today,
 * dev in `<team>-dev`, prod in `<team>`; each environment's Applications are under
 * `<path>/<environment>/`, each named `<name>-<environment>`.
 */
export const GITOPS_ENVIRONMENTS = serviceEnvironments;

/** The branch of the GitOps repository a service's changes are proposed on: one per service. */
export function gitopsBranchOf(name: string): string {
  return `service/${name}`;
}

/**
 * `commerce:gitops:register` — proposes a service's Argo CD Application (generated as
 * `argocd/application.yaml`) for one environment as `<path>/<environment>/<name>.yaml` of the
 * GitOps repository, through a pull request from the service's own branch (`service/<name>`):
 * the repository's main is protected, and Argo CD's app-of-apps of that environment syncs the
 * folder once the pull request is merged. Both environments of a run land on the same branch
 * and pull request; a re-run updates them, never opens a second one. Credentials come from
 * Backstage's GitHub integration (App or token); this module stores none.
 */
export function createGitopsRegisterAction(options: {
  config: Config;
  integrations: ScmIntegrationRegistry;
  /** Where the service's owner is read from: the Component the run registered. */
  catalog: CatalogService;
  githubCredentialsProvider?: GithubCredentialsProvider;
  /** GitHub transport handed to Octokit as `request.fetch`; tests use msw, or a hanging fake. */
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
      'Proposes a service’s Argo CD Application for one environment (dev or prod) in the GitOps repository (commerce.gitops.github) through a pull request from the branch service/<name>; a re-run updates that pull request. Idempotent: an Application already on the base branch is left alone.',
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
        environment: z =>
          z
            .enum(GITOPS_ENVIRONMENTS)
            .describe(
              'The environment the Application is for: dev or prod. It is written to <path>/<environment>/<name>.yaml; the Application is <name>-<environment>, syncs environments/<environment> of the service repository into the team’s namespace of that environment (<team>-dev for dev, <team> for prod)',
            ),
        applicationPath: z =>
          z
            .string({
              description:
                'Path of the Argo CD Application manifest in the task workspace; default argocd/application-<environment>.yaml (the blueprint generates one per environment)',
            })
            .optional(),
        commitMessage: z =>
          z
            .string({
              description:
                'Commit message on the service’s branch. Default: "Register <name> with Argo CD (<environment>)" or "Update the Argo CD Application of <name> (<environment>)"',
            })
            .optional(),
      },
      output: {
        fileUrl: z =>
          z.string({
            description:
              'Web URL of the Application file in the GitOps repository: on the base branch when already there, else on the service’s branch (empty when not configured)',
          }),
        pullRequestUrl: z =>
          z.string({
            description:
              'Web URL of the service’s open pull request in the GitOps repository; empty when nothing needs merging',
          }),
        pullRequestNumber: z =>
          z.number({
            description:
              'Number of that pull request; 0 when nothing needs merging',
          }),
        branch: z =>
          z.string({
            description:
              'The service’s branch in the GitOps repository (service/<name>); empty when not configured',
          }),
        commitSha: z =>
          z.string({
            description:
              'SHA of the commit that created or updated the file on the service’s branch; empty when nothing was written',
          }),
        changed: z =>
          z.boolean({
            description:
              'True when this run committed the file or opened the pull request',
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
      const { name, owner, environment } = ctx.input;
      if (!(GITOPS_ENVIRONMENTS as readonly unknown[]).includes(environment)) {
        throw new InputError(
          `environment ${JSON.stringify(
            environment,
          )}: set it to dev or prod, the environment whose Argo CD deploys the Application`,
        );
      }
      const applicationPath =
        ctx.input.applicationPath ?? applicationFile(environment);
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
          environment,
          team: parseEntityRef(owner).name,
          repository: publishGithub && { ...publishGithub, repo: name },
        },
      );

      const finish = (outputs: {
        fileUrl: string;
        pullRequest?: { url: string; number: number };
        branch: string;
        commitSha?: string;
        changed: boolean;
        skipReason?: string;
      }) => {
        ctx.output('fileUrl', outputs.fileUrl);
        ctx.output('pullRequestUrl', outputs.pullRequest?.url ?? '');
        ctx.output('pullRequestNumber', outputs.pullRequest?.number ?? 0);
        ctx.output('branch', outputs.branch);
        ctx.output('commitSha', outputs.commitSha ?? '');
        ctx.output('changed', outputs.changed);
        ctx.output('skipped', Boolean(outputs.skipReason));
        ctx.output('skipReason', outputs.skipReason ?? '');
      };
      const skip = (reason: string, fileUrl = '', branch = '') => {
        ctx.logger.info(reason);
        finish({ fileUrl, branch, changed: false, skipReason: reason });
      };

      if (!target) {
        skip(
          `not configured: set commerce.gitops.github.repoUrl (the GitOps repository Argo CD reads) and a GitHub integration for its host to register ${name} with Argo CD (${environment})`,
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
          `not configured: add integrations.github for host ${target.host} (a GitHub App installed on ${repoSlug}, or a token) with contents:write and pull_requests:write on ${repoSlug}, to register ${name} with Argo CD (${environment})`,
        );
        return;
      }

      const filePath = `${target.folder}/${environment}/${name}.yaml`;
      const serviceBranch = gitopsBranchOf(name);
      if (ctx.isDryRun) {
        skip(
          `dry run: would propose ${applicationPath} (Application ${applicationName(
            name,
            environment,
          )}) as ${filePath} in ${repoSlug} through a pull request from ${serviceBranch} to ${
            target.branch ? `branch ${target.branch}` : 'its default branch'
          }`,
          `https://${target.host}/${repoSlug}/blob/${serviceBranch}/${filePath}`,
          serviceBranch,
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
      const github = <T>(
        subject: string,
        call: (signal: AbortSignal) => Promise<T>,
      ) => callGithub(subject, repoSlug, deadline, call);
      const repo = { owner: target.owner, repo: target.repo };

      let base = target.branch;
      if (!base) {
        const { data: repository } = await github(
          `read the repository ${repoSlug}`,
          signal => octokit.repos.get({ ...repo, request: { signal } }),
        );
        base = repository.default_branch;
      }

      // Already merged (or committed by hand) with this content: nothing to propose.
      const onBase = await readExistingFile(
        octokit,
        target,
        filePath,
        base,
        deadline,
      );
      if (onBase?.content === manifest) {
        ctx.logger.info(
          `${name} already registered for ${environment}, unchanged: ${filePath} in ${repoSlug} (branch ${base}) has the same content`,
        );
        finish({
          fileUrl: onBase.htmlUrl,
          branch: serviceBranch,
          changed: false,
        });
        return;
      }

      // The service's branch: made from the base the first time, reused on every later run
      // (the other environment's step and re-runs add to the same pull request).
      const branchRef = await github(
        `read the branch ${serviceBranch} of ${repoSlug}`,
        signal =>
          octokit.git
            .getRef({
              ...repo,
              ref: `heads/${serviceBranch}`,
              request: { signal },
            })
            .catch(notFoundAsUndefined),
      );
      let onBranch: typeof onBase;
      if (branchRef) {
        onBranch = await readExistingFile(
          octokit,
          target,
          filePath,
          serviceBranch,
          deadline,
        );
      } else {
        const { data: baseRef } = await github(
          `read the branch ${base} of ${repoSlug}`,
          signal =>
            octokit.git.getRef({
              ...repo,
              ref: `heads/${base}`,
              request: { signal },
            }),
        );
        await github(
          `create the branch ${serviceBranch} in ${repoSlug}`,
          signal =>
            octokit.git.createRef({
              ...repo,
              ref: `refs/heads/${serviceBranch}`,
              sha: baseRef.object.sha,
              request: { signal },
            }),
        );
        // A new branch holds what its base holds.
        onBranch = onBase;
      }

      const where = `${filePath} in ${repoSlug} (branch ${serviceBranch})`;
      let commitSha = '';
      let fileUrl =
        onBranch?.htmlUrl ||
        `https://${target.host}/${repoSlug}/blob/${serviceBranch}/${filePath}`;
      if (onBranch?.content === manifest) {
        ctx.logger.info(`${where} already has this Application`);
      } else {
        const message =
          ctx.input.commitMessage ??
          (onBranch
            ? `Update the Argo CD Application of ${name} (${environment})`
            : `Register ${name} with Argo CD (${environment})`);
        // A write that timed out may still have landed: the re-run reads the file first and
        // leaves an identical one alone.
        const { data } = await github(
          `${onBranch ? 'update' : 'create'} ${where}`,
          signal =>
            octokit.repos.createOrUpdateFileContents({
              ...repo,
              path: filePath,
              branch: serviceBranch,
              message,
              content: Buffer.from(manifest, 'utf8').toString('base64'),
              // Without the sha GitHub refuses to overwrite; with a stale one it answers 409.
              sha: onBranch?.sha,
              request: { signal },
            }),
        );
        commitSha = data.commit.sha ?? '';
        fileUrl = data.content?.html_url ?? fileUrl;
        ctx.logger.info(
          `${onBranch ? 'Updated' : 'Created'} ${where} in commit ${commitSha}`,
        );
      }

      // One open pull request per service: found by its branch, opened only when there is none.
      const { data: open } = await github(
        `list the open pull requests of ${serviceBranch} in ${repoSlug}`,
        signal =>
          octokit.pulls.list({
            ...repo,
            head: `${target.owner}:${serviceBranch}`,
            base,
            state: 'open',
            request: { signal },
          }),
      );
      let pullRequest = open[0] && {
        url: open[0].html_url,
        number: open[0].number,
      };
      if (pullRequest) {
        ctx.logger.info(
          `The pull request of ${name} is open: ${pullRequest.url}${
            commitSha ? ' (updated by this commit)' : ''
          }`,
        );
      } else {
        const { data: created } = await github(
          `open a pull request from ${serviceBranch} to ${base} in ${repoSlug}`,
          signal =>
            octokit.pulls.create({
              ...repo,
              head: serviceBranch,
              base,
              title: `Register ${name} with Argo CD`,
              body: [
                `The Argo CD Applications of **${name}** (owner ${owner}), one per environment under \`${target.folder}/<environment>/${name}.yaml\`.`,
                '',
                'Opened by the Commerce Platform Portal; each run of the service’s template updates this pull request. Merging it lets each environment’s Argo CD deploy the service.',
              ].join('\n'),
              request: { signal },
            }),
        );
        pullRequest = { url: created.html_url, number: created.number };
        ctx.logger.info(
          `Opened ${pullRequest.url}: Argo CD deploys ${name} (${environment}) once it is merged`,
        );
      }
      finish({
        fileUrl,
        pullRequest,
        branch: serviceBranch,
        commitSha,
        changed: Boolean(commitSha) || !open[0],
      });
    },
  });
}

/** GitHub answers 404 for what does not exist yet; that is an answer, not a failure. */
function notFoundAsUndefined(error: unknown): undefined {
  if ((error as { status?: unknown }).status === 404) {
    return undefined;
  }
  throw error;
}

/** Reads the workspace's Application manifest; every problem is an InputError saying how to fix it. */
async function readApplicationManifest(
  workspacePath: string,
  applicationPath: string,
  expected: {
    /** The service: its Application is `<name>-<environment>`. */
    name: string;
    environment: ServiceEnvironment;
    /** The owning team: its Argo CD project and its namespace have the group's name. */
    team: string;
    /** The service's repository, as Argo CD spells it; undefined when unknown. */
    repository?: { host: string; owner: string; repo: string };
  },
): Promise<string> {
  const { name, environment, team, repository } = expected;
  const nameProblem = serviceNameProblem(name);
  if (nameProblem) {
    throw new InputError(nameProblem);
  }
  const fullPath = resolveWorkspacePath(workspacePath, applicationPath, {
    field: 'applicationPath',
    example: applicationFile(environment),
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
      source?: { repoURL?: unknown; path?: unknown };
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
  // Argo CD's Application names are global in its namespace: dev's and prod's must differ.
  const expectedName = applicationName(name, environment);
  if (doc.metadata?.name !== expectedName) {
    problems.push(
      `metadata.name is ${JSON.stringify(
        doc.metadata?.name,
      )}: set it to "${expectedName}", the service name and its environment (Argo CD's Application names are global)`,
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
  const namespace = environmentNamespace(team, environment);
  if (spec.destination?.namespace !== namespace) {
    problems.push(
      `spec.destination.namespace is ${JSON.stringify(
        spec.destination?.namespace,
      )}: set it to "${namespace}", the owning team's namespace in ${environment}`,
    );
  }
  const sourcePath = applicationSourcePath(environment);
  if (
    typeof spec.source?.path !== 'string' ||
    spec.source.path.replace(/^\.?\/+|\/+$/g, '') !== sourcePath
  ) {
    problems.push(
      `spec.source.path is ${JSON.stringify(
        spec.source?.path,
      )}: set it to "${sourcePath}", the ${environment} overlay (built on the service's deploy/)`,
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
      return `Check that the GitHub App is installed on ${repoSlug} with the permissions contents:write and pull_requests:write (or that the token may write to it), and that no rate limit blocks it.`;
    case 404:
      return `Check commerce.gitops.github.repoUrl and branch, and that the GitHub App is installed on ${repoSlug} (GitHub answers 404 for a repository it does not let you see).`;
    case 409:
    case 422:
      return 'The file or branch changed meanwhile, or the base branch is missing: check commerce.gitops.github.branch, then re-run the task (it continues on the same branch and pull request).';
    default:
      return `Check that GitHub is reachable and that integrations.github allows writing to ${repoSlug}, then re-run the task.`;
  }
}
