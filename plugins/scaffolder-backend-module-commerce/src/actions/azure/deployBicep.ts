import type {
  DeploymentExtended,
  DeploymentParameter,
  WhatIfOperationResult,
} from '@azure/arm-resourcesdeployments';
import {
  type LoggerService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import {
  AZURE_NOT_CONFIGURED_REASON,
  type ArmError,
  type AzureClientOverrides,
  type AzureClients,
  type AzureConfig,
  armErrorOf,
  assertResourceGroupOwner,
  azureNotConfiguredMessage,
  captureArmError,
  createAzureClients,
  describeArmError,
  readAzureConfig,
  resourceGroupNameProblem,
} from './azureClients';
import { platformTeamName } from '../platformNames';
import { examples } from './deployBicep.examples';

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
const PROGRESS_LOG_INTERVAL_MS = 30 * 1000;
const deploymentNamePattern = /^[\w.()-]{1,64}$/;
/** `group:<namespace>/<name>`, as sign-in spells a user's groups. */
const groupRefPattern = /^group:[^\s:/]+\/[^\s:/]+$/;

type ArmParameters = Record<string, DeploymentParameter>;
type DeploymentMode = 'Incremental' | 'Complete';

/**
 * The stable default deployment name: the parameters file (one per environment) or else the
 * template, as `commerce-<path without extension>`. A re-run updates the same deployment.
 * e.g. `infra/main.dev.bicepparam` → `commerce-infra-main.dev`, `infra/main.parameters.json` →
 * `commerce-infra-main`.
 */
export function defaultDeploymentName(
  templatePath: string,
  parametersPath?: string,
): string {
  const source = (parametersPath || templatePath)
    .replace(/(\.parameters)?\.(bicepparam|bicep|json)$/i, '')
    .replace(/^[./\\]+/, '');
  const slug = source
    .replace(/[^\w.()-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/\.+$/, '');
  return `commerce-${slug || 'deployment'}`.slice(0, 64);
}

/**
 * `commerce:azure:deploy` — deploys a service's Bicep (or ARM JSON) template to its resource
 * group. A dry run asks ARM for a what-if and creates nothing.
 */
export function createAzureDeployAction(options: {
  config: Config;
  /** Test seam: the SDK transport, credential and poll interval. Production passes none. */
  clients?: AzureClientOverrides;
  /** How the Bicep CLI is run; default `execFile` without a shell. */
  runCommand?: RunCommand;
}) {
  const azure = readAzureConfig(options.config);
  const platformTeam = platformTeamName(options.config);
  const runCommand = options.runCommand ?? execFileCommand;
  let clients: AzureClients | undefined;
  const getClients = (cfg: AzureConfig) =>
    (clients ??= createAzureClients(cfg, options.clients));

  return createTemplateAction({
    id: 'commerce:azure:deploy',
    description:
      'Deploys a Bicep or ARM JSON template from the workspace to an Azure resource group (what-if on dry run). Skipped when commerce.azure is not configured or no Bicep CLI is installed for a .bicep file.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        resourceGroup: z =>
          z.string({
            description:
              'The resource group to deploy to, e.g. rg-order-service',
          }),
        owner: z =>
          z.string({
            description:
              'The owning group as an entity ref, e.g. group:default/checkout-team. Not sent to Azure: the portal’s permission policy lets only members of this group and the platform team run the deployment',
          }),
        deploymentName: z =>
          z
            .string({
              description:
                'ARM deployment name (1–64 letters, digits, _ - . ( )). Default: commerce-<parametersPath or templatePath without extension>, stable so a re-run updates the same deployment',
            })
            .optional(),
        templatePath: z =>
          z.string({
            description:
              'Template relative to the workspace: a .bicep file (compiled with the Bicep CLI) or an ARM .json template, e.g. infra/main.bicep',
          }),
        parametersPath: z =>
          z
            .string({
              description:
                'Parameters relative to the workspace: a .bicepparam file or an ARM parameters .json ({ "parameters": { "<name>": { "value": … } } }), e.g. infra/main.dev.bicepparam',
            })
            .optional(),
        parameters: z =>
          z
            .record(z.unknown(), {
              description:
                'Extra parameter values by name, e.g. { environment: dev }; they override the parameters file',
            })
            .optional(),
        mode: z =>
          z
            .enum(['Incremental', 'Complete'], {
              description:
                'ARM deployment mode. Incremental (default) leaves other resources in the group alone; Complete deletes them',
            })
            .optional(),
      },
      output: {
        skipped: z =>
          z.boolean({
            description:
              'True when nothing was deployed: Azure not configured, no Bicep CLI, or a dry run',
          }),
        skipReason: z =>
          z
            .string({ description: 'Why the step was skipped, when it was' })
            .optional(),
        deploymentName: z =>
          z.string({ description: 'The ARM deployment name used' }).optional(),
        deploymentId: z =>
          z.string({ description: 'ARM id of the deployment' }).optional(),
        provisioningState: z =>
          z
            .string({ description: 'Final provisioning state, e.g. Succeeded' })
            .optional(),
        outputs: z =>
          z
            .record(z.unknown(), {
              description:
                'The template outputs as { NAME: value }, e.g. { AZURE_CLIENT_ID: "…" }',
            })
            .optional(),
        whatIf: z =>
          z
            .record(z.number(), {
              description:
                'Dry run only: number of predicted changes per change type, e.g. { Create: 3, Modify: 1 }',
            })
            .optional(),
      },
    },
    async handler(ctx) {
      const { resourceGroup, owner, templatePath, parametersPath } = ctx.input;
      const mode: DeploymentMode = ctx.input.mode ?? 'Incremental';
      const deploymentName =
        ctx.input.deploymentName ||
        defaultDeploymentName(templatePath, parametersPath);

      const problems: string[] = [];
      const rgProblem = resourceGroupNameProblem(resourceGroup);
      if (rgProblem) {
        problems.push(rgProblem);
      }
      if (!deploymentNamePattern.test(deploymentName)) {
        problems.push(
          `Deployment name "${deploymentName}": use 1–64 letters, digits, underscores (_), hyphens (-), periods (.) or parentheses, or leave it out for the default.`,
        );
      }
      if (mode !== 'Incremental' && mode !== 'Complete') {
        problems.push(`Mode "${mode}": use Incremental or Complete.`);
      }
      // The permission policy compares the owner with the runner's groups as a string, so it
      // must be the full ref they are spelt as (plugins/permission-backend-module-commerce).
      if (typeof owner !== 'string' || !groupRefPattern.test(owner)) {
        problems.push(
          `Owner "${owner}": give the owning group as an entity ref, e.g. group:default/checkout-team (steps.validate.output.ownerRef in the commerce templates).`,
        );
      }
      if (problems.length > 0) {
        throw new InputError(
          `The deployment cannot start:\n- ${problems.join('\n- ')}`,
        );
      }

      const templateFile = await resolveWorkspaceFile(
        ctx.workspacePath,
        templatePath,
        'templatePath',
        ['.bicep', '.json'],
        'infra/main.bicep',
      );
      const parametersFile = parametersPath
        ? await resolveWorkspaceFile(
            ctx.workspacePath,
            parametersPath,
            'parametersPath',
            ['.bicepparam', '.json'],
            'infra/main.dev.bicepparam',
          )
        : undefined;

      // Config first: a local run says "not configured" before it looks for a Bicep CLI.
      if (!azure) {
        ctx.logger.info(
          azureNotConfiguredMessage(
            `deploy ${templatePath} to resource group ${resourceGroup}`,
          ),
        );
        ctx.output('skipped', true);
        ctx.output('skipReason', AZURE_NOT_CONFIGURED_REASON);
        return;
      }

      const compiled = await loadTemplateAndParameters({
        templateFile,
        templatePath,
        parametersFile,
        parametersPath,
        bicep: bicepRunner({
          configured: azure.bicepCommand,
          runCommand,
          cwd: ctx.workspacePath,
          logger: ctx.logger,
        }),
      });
      if ('missingBicep' in compiled) {
        ctx.logger.warn(
          `Bicep CLI not installed on the backend host: install it (https://aka.ms/bicep/install, or az bicep install) or commit the compiled ARM ${compiled.missingBicep} — skipping the deployment`,
        );
        ctx.output('skipped', true);
        ctx.output('skipReason', 'Bicep CLI not installed on the backend host');
        return;
      }

      const parameters: ArmParameters = { ...compiled.parameters };
      for (const [name, value] of Object.entries(ctx.input.parameters ?? {})) {
        parameters[name] = { value };
      }
      const deployment = {
        properties: { mode, template: compiled.template, parameters },
      };
      const { deployments, pollIntervalMs } = getClients(azure);
      // The owner the policy checked against the runner must also own the target group (its
      // owner tag), or a run named like another team's service would deploy into theirs.
      await assertResourceGroupOwner({
        clients: getClients(azure),
        resourceGroup,
        ownerName: parseEntityRef(owner).name,
        platformTeam,
        abortSignal: ctx.signal,
      });
      const where = `deployment ${deploymentName} in resource group ${resourceGroup}`;
      ctx.output('deploymentName', deploymentName);

      if (ctx.isDryRun) {
        ctx.logger.info(
          `dry run: asking Azure what ${templatePath} would change (what-if of ${where}, mode ${mode})`,
        );
        const capture = captureArmError();
        let result: WhatIfOperationResult;
        try {
          result = await deployments.deployments
            .whatIf(resourceGroup, deploymentName, deployment, {
              updateIntervalInMs: pollIntervalMs,
              onResponse: capture.onResponse,
              abortSignal: ctx.signal,
            })
            .pollUntilDone({ abortSignal: ctx.signal });
        } catch (error) {
          const armError = capture.error ?? armErrorOf(error);
          // A new service's group is created by the resource-group step, which a dry run skips.
          if (armError.code === 'ResourceGroupNotFound') {
            ctx.logger.info(
              `dry run: resource group ${resourceGroup} does not exist yet (a real run creates it first), so there is nothing to compare: what-if skipped`,
            );
            ctx.output('skipped', true);
            ctx.output(
              'skipReason',
              `dry run: resource group ${resourceGroup} does not exist yet`,
            );
            return;
          }
          throw new Error(
            `What-if of ${where} failed: ${describeArmError(armError)}`,
          );
        }
        if (result.error) {
          throw new Error(
            `What-if of ${where} failed: ${describeArmError(result.error)}`,
          );
        }
        const summary: Record<string, number> = {};
        for (const change of result.changes ?? []) {
          summary[change.changeType] = (summary[change.changeType] ?? 0) + 1;
          ctx.logger.info(
            `what-if: ${change.changeType} ${
              change.resourceId ?? change.symbolicName ?? '(unnamed resource)'
            }`,
          );
        }
        ctx.logger.info(
          `dry run: nothing was deployed; predicted changes: ${
            Object.entries(summary)
              .map(([type, count]) => `${type} ${count}`)
              .join(', ') || 'none'
          }`,
        );
        ctx.output('whatIf', summary);
        ctx.output('skipped', true);
        ctx.output('skipReason', 'dry run: what-if only, nothing deployed');
        return;
      }

      ctx.logger.info(
        `Deploying ${templatePath} as ${where} (mode ${mode}, ${
          Object.keys(parameters).length
        } parameters)`,
      );
      const started = Date.now();
      const capture = captureArmError();
      const poller = deployments.deployments.createOrUpdate(
        resourceGroup,
        deploymentName,
        deployment,
        {
          updateIntervalInMs: pollIntervalMs,
          onResponse: capture.onResponse,
          abortSignal: ctx.signal,
        },
      );
      let lastProgressLog = started;
      poller.onProgress(() => {
        if (Date.now() - lastProgressLog >= PROGRESS_LOG_INTERVAL_MS) {
          lastProgressLog = Date.now();
          ctx.logger.info(`${where} is still running (${seconds(started)} s)…`);
        }
      });

      let result: DeploymentExtended;
      try {
        result = await poller.pollUntilDone({ abortSignal: ctx.signal });
      } catch (error) {
        // The poller reports only the top-level code; the deployment itself carries the details.
        const armError =
          capture.error ??
          (await failedDeploymentError(
            getClients(azure),
            resourceGroup,
            deploymentName,
          )) ??
          armErrorOf(error);
        throw new Error(
          `Azure deployment failed (${where}): ${describeArmError(armError)}`,
        );
      }

      const provisioningState = result.properties?.provisioningState;
      if (provisioningState !== 'Succeeded') {
        throw new Error(
          `Azure deployment ended ${
            provisioningState ?? 'without a state'
          } (${where}): ${describeArmError(
            result.properties?.error ?? {
              message:
                'Azure reported no error; see the deployment in the portal',
            },
          )}`,
        );
      }

      const outputs = flattenOutputs(result.properties?.outputs);
      ctx.logger.info(
        `${where} ${provisioningState} in ${seconds(started)} s${
          Object.keys(outputs).length
            ? `; outputs: ${Object.keys(outputs).join(', ')}`
            : ''
        }`,
      );
      ctx.output('skipped', false);
      if (result.id) {
        ctx.output('deploymentId', result.id);
      }
      ctx.output('provisioningState', provisioningState);
      ctx.output('outputs', outputs);
    },
  });
}

function seconds(since: number): number {
  return Math.round((Date.now() - since) / 1000);
}

/** ARM outputs `{ NAME: { type, value } }` as `{ NAME: value }`. */
function flattenOutputs(outputs: unknown): Record<string, unknown> {
  if (!outputs || typeof outputs !== 'object') {
    return {};
  }
  return Object.fromEntries(
    Object.entries(outputs as Record<string, { value?: unknown }>).map(
      ([name, output]) => [name, output?.value],
    ),
  );
}

/** The error of a failed deployment, with ARM's nested details; undefined if not (yet) failed. */
async function failedDeploymentError(
  azureClients: AzureClients,
  resourceGroup: string,
  deploymentName: string,
): Promise<ArmError | undefined> {
  try {
    const deployment = await azureClients.deployments.deployments.get(
      resourceGroup,
      deploymentName,
    );
    return deployment.properties?.provisioningState === 'Failed'
      ? deployment.properties.error
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A workspace file, refused when it leaves the workspace: resolveSafeChildPath compares real
 * paths, so `..`, absolute paths and symbolic links out of the workspace are all caught.
 */
async function resolveWorkspaceFile(
  workspacePath: string,
  path: string,
  field: string,
  extensions: string[],
  example: string,
): Promise<string> {
  let file: string;
  try {
    file = resolveSafeChildPath(workspacePath, path);
  } catch {
    throw new InputError(
      `${field} "${path}" points outside the task workspace: give a path relative to the workspace, e.g. ${example}.`,
    );
  }
  if (!extensions.includes(extname(file).toLowerCase())) {
    throw new InputError(
      `${field} "${path}": expected a ${extensions.join(
        ' or ',
      )} file, e.g. ${example}.`,
    );
  }
  try {
    await access(file, constants.R_OK);
  } catch {
    throw new InputError(
      `${field} "${path}" does not exist in the task workspace: check the path (relative to the workspace, e.g. ${example}) and that an earlier step wrote it.`,
    );
  }
  return file;
}

type BicepRunner = (
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
function bicepRunner(options: {
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

/**
 * The ARM template and parameters, from JSON files or compiled from Bicep; or what to commit
 * instead when no Bicep CLI is installed.
 */
async function loadTemplateAndParameters(options: {
  templateFile: string;
  templatePath: string;
  parametersFile?: string;
  parametersPath?: string;
  bicep: BicepRunner;
}): Promise<
  | { template: Record<string, unknown>; parameters: ArmParameters }
  | { missingBicep: string }
> {
  const { templateFile, templatePath, parametersFile, parametersPath, bicep } =
    options;
  const templateIsBicep = extname(templateFile).toLowerCase() === '.bicep';
  const paramsAreBicep =
    !!parametersFile && extname(parametersFile).toLowerCase() === '.bicepparam';

  let template: Record<string, unknown> | undefined;
  let parameters: ArmParameters = {};

  if (paramsAreBicep && parametersFile && parametersPath) {
    const stdout = await bicep('build-params', parametersFile);
    if (stdout === undefined) {
      return { missingBicep: whatToCommit(templatePath, parametersPath) };
    }
    // { parametersJson: "<ARM parameters file>", templateJson: "<ARM template of `using`>" }
    const built = parseJson(stdout, `bicep build-params ${parametersPath}`) as {
      parametersJson?: string;
      templateJson?: string;
    };
    if (typeof built.parametersJson !== 'string') {
      throw new Error(
        `bicep build-params ${parametersPath} printed no parametersJson: update the Bicep CLI (0.18 or later).`,
      );
    }
    parameters = armParameters(
      parseJson(built.parametersJson, `${parametersPath} (compiled)`),
      parametersPath,
    );
    if (templateIsBicep && typeof built.templateJson === 'string') {
      template = asObject(
        parseJson(built.templateJson, `${templatePath} (compiled)`),
        templatePath,
      );
    }
  } else if (parametersFile && parametersPath) {
    parameters = armParameters(
      parseJson(await readFile(parametersFile, 'utf8'), parametersPath),
      parametersPath,
    );
  }

  if (!template) {
    if (templateIsBicep) {
      const stdout = await bicep('build', templateFile);
      if (stdout === undefined) {
        return { missingBicep: whatToCommit(templatePath, parametersPath) };
      }
      template = asObject(
        parseJson(stdout, `bicep build ${templatePath}`),
        templatePath,
      );
    } else {
      template = asObject(
        parseJson(await readFile(templateFile, 'utf8'), templatePath),
        templatePath,
      );
    }
  }
  return { template, parameters };
}

/** What to commit instead of compiling, e.g. `template (infra/main.json)`. */
function whatToCommit(templatePath: string, parametersPath?: string): string {
  const toJson = (path: string) =>
    path.replace(/\.(bicep|bicepparam)$/i, '.json');
  const files: string[] = [];
  const kinds: string[] = [];
  if (/\.bicep$/i.test(templatePath)) {
    kinds.push('template');
    files.push(toJson(templatePath));
  }
  if (parametersPath && /\.bicepparam$/i.test(parametersPath)) {
    kinds.push('parameters');
    files.push(toJson(parametersPath));
  }
  return `${kinds.join(' and ')} (${files.join(', ')})`;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `${what} is not valid JSON: ${(error as Error).message}`,
    );
  }
}

function asObject(value: unknown, path: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(`${path} is not an ARM template (a JSON object).`);
  }
  return value as Record<string, unknown>;
}

function armParameters(file: unknown, path: string): ArmParameters {
  const parameters = (file as { parameters?: unknown })?.parameters;
  if (
    !parameters ||
    typeof parameters !== 'object' ||
    Array.isArray(parameters)
  ) {
    throw new InputError(
      `${path} is not an ARM parameters file: expected { "parameters": { "<name>": { "value": … } } }.`,
    );
  }
  return parameters as ArmParameters;
}
