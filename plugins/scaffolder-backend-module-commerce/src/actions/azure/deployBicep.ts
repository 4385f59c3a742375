import { parseEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { type DeploymentRun, deploy, whatIf } from './armDeployment';
import { type ArmParameters, loadTemplateAndParameters } from './armTemplate';
import {
  AZURE_NOT_CONFIGURED_REASON,
  type AzureClientOverrides,
  type AzureClients,
  type AzureConfig,
  assertResourceGroupOwner,
  azureNotConfiguredMessage,
  createAzureClients,
  readAzureConfig,
  resourceGroupNameProblem,
} from './azureClients';
import {
  createBicepRunner,
  execFileCommand,
  type RunCommand,
} from './bicepCli';
import { ownerRefProblem } from '../ownerRef';
import { platformTeamName } from '../platformNames';
import { resolveWorkspaceFile } from '../workspacePath';
import { examples } from './deployBicep.examples';

const deploymentNamePattern = /^[\w.()-]{1,64}$/;

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
 * group. A dry run asks ARM for a what-if and creates nothing. The handler validates the input,
 * then asks for a what-if (dry run) or deploys; the Bicep CLI (bicepCli.ts), the template
 * loading (armTemplate.ts), the ARM operations (armDeployment.ts) and the workspace paths
 * (../workspacePath.ts) live beside it.
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
  // Built on first use and kept: the SDK clients hold the pipeline and its connections.
  let azureClients: AzureClients | undefined;
  const getClients = (cfg: AzureConfig) =>
    (azureClients ??= createAzureClients(cfg, options.clients));

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

      // 1. Validate: what the input names, before any config, CLI or Azure is asked.
      const { deploymentName, templateFile, parametersFile } =
        await validateInput(ctx.input, ctx.workspacePath);

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
        bicep: createBicepRunner({
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
      const clients = getClients(azure);
      // The owner the policy checked against the runner must also own the target group (its
      // owner tag), or a run named like another team's service would deploy into theirs.
      await assertResourceGroupOwner({
        clients,
        resourceGroup,
        ownerName: parseEntityRef(owner).name,
        platformTeam,
        abortSignal: ctx.signal,
      });
      const run: DeploymentRun = {
        clients,
        resourceGroup,
        deploymentName,
        deployment: {
          properties: { mode, template: compiled.template, parameters },
        },
        where: `deployment ${deploymentName} in resource group ${resourceGroup}`,
        logger: ctx.logger,
        signal: ctx.signal,
      };
      ctx.output('deploymentName', deploymentName);

      // 2. What-if: a dry run asks ARM what would change and deploys nothing.
      if (ctx.isDryRun) {
        ctx.logger.info(
          `dry run: asking Azure what ${templatePath} would change (what-if of ${run.where}, mode ${mode})`,
        );
        const changes = await whatIf(run);
        if (!changes) {
          ctx.output('skipped', true);
          ctx.output(
            'skipReason',
            `dry run: resource group ${resourceGroup} does not exist yet`,
          );
          return;
        }
        ctx.output('whatIf', changes);
        ctx.output('skipped', true);
        ctx.output('skipReason', 'dry run: what-if only, nothing deployed');
        return;
      }

      // 3. Deploy.
      ctx.logger.info(
        `Deploying ${templatePath} as ${run.where} (mode ${mode}, ${
          Object.keys(parameters).length
        } parameters)`,
      );
      const result = await deploy(run);
      ctx.output('skipped', false);
      if (result.id) {
        ctx.output('deploymentId', result.id);
      }
      ctx.output('provisioningState', result.provisioningState);
      ctx.output('outputs', result.outputs);
    },
  });
}

/**
 * The deployment name (the input's, or the stable default) and the template and parameters
 * files in the workspace; an InputError says what to fix.
 */
async function validateInput(
  input: {
    resourceGroup: string;
    owner: string;
    deploymentName?: string;
    templatePath: string;
    parametersPath?: string;
  },
  workspacePath: string,
): Promise<{
  deploymentName: string;
  templateFile: string;
  parametersFile?: string;
}> {
  const { resourceGroup, owner, templatePath, parametersPath } = input;
  const deploymentName =
    input.deploymentName || defaultDeploymentName(templatePath, parametersPath);
  assertDeploymentNames({ resourceGroup, deploymentName, owner });
  const templateFile = await resolveWorkspaceFile(workspacePath, templatePath, {
    field: 'templatePath',
    example: 'infra/main.bicep',
    extensions: ['.bicep', '.json'],
  });
  const parametersFile = parametersPath
    ? await resolveWorkspaceFile(workspacePath, parametersPath, {
        field: 'parametersPath',
        example: 'infra/main.dev.bicepparam',
        extensions: ['.bicepparam', '.json'],
      })
    : undefined;
  return { deploymentName, templateFile, parametersFile };
}

/**
 * Refuses, with every problem at once, the names zod cannot explain: the schema makes them
 * strings (and the mode Incremental or Complete) before the handler runs, but only these
 * messages say what Azure and the permission policy accept.
 */
function assertDeploymentNames(input: {
  resourceGroup: string;
  deploymentName: string;
  owner: string;
}): void {
  const { resourceGroup, deploymentName, owner } = input;
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
  const ownerProblem = ownerRefProblem(owner);
  if (ownerProblem) {
    problems.push(ownerProblem);
  }
  if (problems.length > 0) {
    throw new InputError(
      `The deployment cannot start:\n- ${problems.join('\n- ')}`,
    );
  }
}
