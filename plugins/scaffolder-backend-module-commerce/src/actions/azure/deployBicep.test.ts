import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ArmError, type AzureClientOverrides } from './azureClients';
import {
  type ArmReply,
  createFakeArm,
  fakeCredential,
} from './__testUtils__/fakeArm';
import type { RunCommand } from './bicepCli';
import { createAzureDeployAction, defaultDeploymentName } from './deployBicep';

const subscriptionId = '00000000-1111-2222-3333-444444444444';
const resourceGroup = 'rg-order-service';
const owner = 'group:default/checkout-team';
const config = new ConfigReader({ commerce: { azure: { subscriptionId } } });
const resourceGroupPath = `/subscriptions/${subscriptionId}/resourcegroups/${resourceGroup}`;
const deploymentsPath = `/subscriptions/${subscriptionId}/resourcegroups/${resourceGroup}/providers/Microsoft.Resources/deployments`;

const template = {
  $schema:
    'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  parameters: {
    serviceName: { type: 'string' },
    environment: { type: 'string' },
    sku: { type: 'string', defaultValue: 'Free' },
  },
  resources: [],
  outputs: {
    AZURE_CLIENT_ID: { type: 'string', value: "[parameters('serviceName')]" },
  },
};
const parametersFile = {
  $schema:
    'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
  contentVersion: '1.0.0.0',
  parameters: {
    serviceName: { value: 'order-service' },
    environment: { value: 'dev' },
  },
};

/**
 * ARM's deployments API as the fake answers it: PUT → 201 Accepted with Azure-AsyncOperation;
 * the operation status is Running, then Succeeded (or Failed); the deployment GET returns the
 * deployment as it stands. What-if: POST → 202 with Location; that URL answers 202, then 200.
 */
function deploymentsArm(
  outcome: { failWith?: ArmError; outputs?: Record<string, unknown> } = {},
) {
  const deployments = new Map<string, any>();
  const statusPolls = new Map<string, number>();
  let whatIfPolls = 0;
  const deploymentPath = new RegExp(
    `^/subscriptions/${subscriptionId}/resourcegroups/([^/]+)/providers/Microsoft\\.Resources/deployments/([^/]+)(/.*)?$`,
    'i',
  );
  const whatIfResultPath = `/subscriptions/${subscriptionId}/providers/Microsoft.Resources/locations/westeurope/operationResults/whatif-1`;

  const arm = createFakeArm((request): ArmReply | undefined => {
    if (request.path === whatIfResultPath && request.method === 'GET') {
      whatIfPolls += 1;
      if (whatIfPolls === 1) {
        return { status: 202, headers: { location: request.url } };
      }
      return {
        status: 200,
        body: {
          status: 'Succeeded',
          properties: {
            changes: [
              {
                resourceId: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-order-service`,
                changeType: 'Create',
              },
              {
                resourceId: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.DocumentDB/databaseAccounts/cosmos-order-service`,
                changeType: 'Create',
              },
              {
                resourceId: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Insights/diagnosticSettings/diag`,
                changeType: 'Modify',
              },
            ],
          },
        },
      };
    }

    const match = deploymentPath.exec(request.path);
    if (!match) {
      return undefined;
    }
    const [, rg, name, rest] = match;
    const id = `/subscriptions/${subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Resources/deployments/${name}`;

    if (request.method === 'POST' && rest === '/whatIf') {
      return {
        status: 202,
        headers: {
          location: `https://management.azure.com${whatIfResultPath}?api-version=2025-04-01`,
          'retry-after': '0',
        },
      };
    }
    if (request.method === 'PUT' && !rest) {
      deployments.set(name, {
        id,
        name,
        type: 'Microsoft.Resources/deployments',
        properties: {
          provisioningState: 'Accepted',
          mode: request.body.properties.mode,
        },
      });
      statusPolls.set(name, 0);
      return {
        status: 201,
        body: deployments.get(name),
        headers: {
          'azure-asyncoperation': `https://management.azure.com${request.path}/operationStatuses/08584?api-version=2025-04-01`,
        },
      };
    }
    if (request.method === 'GET' && rest === '/operationStatuses/08584') {
      const deployment = deployments.get(name);
      const polls = (statusPolls.get(name) ?? 0) + 1;
      statusPolls.set(name, polls);
      if (polls === 1) {
        deployment.properties.provisioningState = 'Running';
        return { status: 200, body: { status: 'Running' } };
      }
      if (outcome.failWith) {
        deployment.properties.provisioningState = 'Failed';
        deployment.properties.error = outcome.failWith;
        return {
          status: 200,
          body: { status: 'Failed', error: outcome.failWith },
        };
      }
      deployment.properties.provisioningState = 'Succeeded';
      deployment.properties.outputs = outcome.outputs ?? {};
      return { status: 200, body: { status: 'Succeeded' } };
    }
    if (request.method === 'GET' && !rest && deployments.has(name)) {
      return { status: 200, body: deployments.get(name) };
    }
    return undefined;
  });
  return arm;
}

describe('commerce:azure:deploy', () => {
  const workspace = createMockDirectory();
  const binDir = createMockDirectory();
  const originalPath = process.env.PATH;

  beforeEach(() => {
    workspace.setContent({
      infra: {
        'main.json': JSON.stringify(template, null, 2),
        'main.parameters.json': JSON.stringify(parametersFile, null, 2),
        'main.bicep': "param environment string\noutput name string = 'x'\n",
        'main.dev.bicepparam':
          "using 'main.bicep'\nparam environment = 'dev'\n",
      },
    });
    binDir.clear();
  });

  afterEach(() => {
    process.env.PATH = originalPath;
  });

  function actionWith(
    arm: ReturnType<typeof createFakeArm>,
    extra: { config?: ConfigReader; runCommand?: RunCommand } = {},
  ) {
    const clients: AzureClientOverrides = {
      credential: fakeCredential,
      httpClient: arm.httpClient,
      pollIntervalMs: 1,
    };
    return createAzureDeployAction({
      config: extra.config ?? config,
      clients,
      runCommand: extra.runCommand,
    });
  }

  function context(input: Record<string, unknown>) {
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({
      input: { resourceGroup, owner, ...input } as any,
      workspacePath: workspace.path,
      logger,
    });
    return { ctx, logger };
  }

  /** A stand-in for the Bicep CLI: a shell script that logs its arguments and prints `outputs`. */
  function fakeBicep(
    name: string,
    outputs: { build?: unknown; buildParams?: unknown },
  ) {
    const script = join(binDir.path, name);
    const log = join(binDir.path, `${name}.calls`);
    // Prints the JSON (single-quoted for sh), or fails like a CLI that was not asked for this.
    const print = (value: unknown) =>
      value === undefined
        ? 'echo "unexpected call" >&2; exit 2'
        : `printf '%s' '${JSON.stringify(value).replace(/'/g, `'\\''`)}'`;
    writeFileSync(
      script,
      [
        '#!/bin/sh',
        `printf '%s|%s\\n' "$(pwd)" "$*" >> '${log}'`,
        'case "$1" in',
        `  build-params) ${print(outputs.buildParams)} ;;`,
        `  build) ${print(outputs.build)} ;;`,
        '  *) echo "unexpected $1" >&2; exit 2 ;;',
        'esac',
        '',
      ].join('\n'),
    );
    chmodSync(script, 0o755);
    return {
      calls: () =>
        readFileSync(log, 'utf8')
          .trim()
          .split('\n')
          .map(line => line.split('|')),
    };
  }

  it('deploys a committed ARM template: PUT with the file’s template and merged parameters, polls to Succeeded, outputs the outputs', async () => {
    const arm = deploymentsArm({
      outputs: {
        AZURE_CLIENT_ID: { type: 'String', value: '6f1c0c1e-client' },
        DATA_STORE_NAME: { type: 'String', value: 'cosmos-order-service' },
      },
    });
    const { ctx } = context({
      templatePath: 'infra/main.json',
      parametersPath: 'infra/main.parameters.json',
      parameters: { environment: 'prod', sku: 'S1' },
    });

    await actionWith(arm).handler(ctx);

    const name = 'commerce-infra-main';
    expect(arm.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      // Who owns the group (its owner tag); the fake has no such group: 404, a new one.
      `GET ${resourceGroupPath}`,
      `PUT ${deploymentsPath}/${name}`,
      `GET ${deploymentsPath}/${name}/operationStatuses/08584`,
      `GET ${deploymentsPath}/${name}/operationStatuses/08584`,
      `GET ${deploymentsPath}/${name}`,
    ]);
    const [, put] = arm.requests;
    expect(put.apiVersion).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(put.authorization).toBe('Bearer fake-arm-token');
    expect(put.body.properties.mode).toBe('Incremental');
    expect(put.body.properties.template).toEqual(template);
    expect(put.body.properties.parameters).toEqual({
      serviceName: { value: 'order-service' },
      environment: { value: 'prod' },
      sku: { value: 'S1' },
    });
    expect(ctx.output).toHaveBeenCalledWith('skipped', false);
    expect(ctx.output).toHaveBeenCalledWith('provisioningState', 'Succeeded');
    expect(ctx.output).toHaveBeenCalledWith('outputs', {
      AZURE_CLIENT_ID: '6f1c0c1e-client',
      DATA_STORE_NAME: 'cosmos-order-service',
    });
    expect(ctx.output).toHaveBeenCalledWith(
      'deploymentId',
      `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Resources/deployments/${name}`,
    );
  });

  it('re-runs as the same deployment name, and honours an explicit name and mode', async () => {
    const arm = deploymentsArm();
    const action = actionWith(arm);
    const input = {
      templatePath: 'infra/main.json',
      parametersPath: 'infra/main.parameters.json',
    };
    await action.handler(context(input).ctx);
    await action.handler(context(input).ctx);
    await action.handler(
      context({ ...input, deploymentName: 'order-infra', mode: 'Complete' })
        .ctx,
    );

    const puts = arm.requests.filter(r => r.method === 'PUT');
    expect(puts.map(r => r.path)).toEqual([
      `${deploymentsPath}/commerce-infra-main`,
      `${deploymentsPath}/commerce-infra-main`,
      `${deploymentsPath}/order-infra`,
    ]);
    expect(puts[2].body.properties.mode).toBe('Complete');
  });

  it('derives stable default names', () => {
    expect(defaultDeploymentName('infra/main.bicep')).toBe(
      'commerce-infra-main',
    );
    expect(
      defaultDeploymentName('./infra/main.bicep', 'infra/main.dev.bicepparam'),
    ).toBe('commerce-infra-main.dev');
    expect(defaultDeploymentName(`${'a'.repeat(100)}.json`)).toHaveLength(64);
  });

  it('fails with ARM’s code, message and nested details when the deployment fails', async () => {
    const arm = deploymentsArm({
      failWith: {
        code: 'DeploymentFailed',
        message:
          'At least one resource deployment operation failed. Please list deployment operations for details.',
        details: [
          {
            code: 'SkuNotAvailable',
            message:
              "The requested tier 'Serverless' is currently not available in location 'westeurope' for subscription.",
          },
        ],
      },
    });
    const { ctx } = context({
      templatePath: 'infra/main.json',
      parametersPath: 'infra/main.parameters.json',
    });

    const error = await actionWith(arm)
      .handler(ctx)
      .catch(e => e);

    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain(
      `Azure deployment failed (deployment commerce-infra-main in resource group ${resourceGroup})`,
    );
    expect(error.message).toContain(
      'DeploymentFailed: At least one resource deployment operation failed.',
    );
    expect(error.message).toContain(
      "- SkuNotAvailable: The requested tier 'Serverless' is currently not available",
    );
    expect(ctx.output).not.toHaveBeenCalledWith('skipped', false);
  });

  it('shows the details of a template ARM rejects before deploying (400 InvalidTemplateDeployment)', async () => {
    const arm = createFakeArm(request =>
      request.method === 'PUT'
        ? {
            status: 400,
            body: {
              error: {
                code: 'InvalidTemplateDeployment',
                message:
                  "The template deployment 'commerce-infra-main' is not valid according to the validation procedure. See inner errors for details.",
                details: [
                  {
                    code: 'SkuNotAvailable',
                    message:
                      "The requested size for resource 'aks-pool' is currently not available in location 'westeurope'.",
                  },
                ],
              },
            },
          }
        : undefined,
    );
    const { ctx } = context({ templatePath: 'infra/main.json' });

    const error = await actionWith(arm)
      .handler(ctx)
      .catch(e => e);

    expect(error.message).toContain(
      "InvalidTemplateDeployment: The template deployment 'commerce-infra-main' is not valid",
    );
    expect(error.message).toContain(
      "- SkuNotAvailable: The requested size for resource 'aks-pool'",
    );
  });

  it('asks for a what-if on a dry run, logs each change and never PUTs', async () => {
    const arm = deploymentsArm();
    const { ctx, logger } = context({
      templatePath: 'infra/main.json',
      parametersPath: 'infra/main.parameters.json',
    });

    await actionWith(arm).handler({ ...ctx, isDryRun: true });

    expect(arm.requests.map(r => r.method)).toEqual([
      'GET',
      'POST',
      'GET',
      'GET',
    ]);
    expect(arm.requests[1].path).toBe(
      `${deploymentsPath}/commerce-infra-main/whatIf`,
    );
    expect(arm.requests[1].body.properties.template).toEqual(template);
    expect(arm.requests.some(r => r.method === 'PUT')).toBe(false);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        /^what-if: Create \/subscriptions\/.*\/userAssignedIdentities\/id-order-service$/,
      ),
    );
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(/^what-if: Modify .*diagnosticSettings\/diag$/),
    );
    expect(ctx.output).toHaveBeenCalledWith('whatIf', { Create: 2, Modify: 1 });
    expect(ctx.output).toHaveBeenCalledWith('skipped', true);
  });

  it('on a dry run for a group that does not exist yet, skips the what-if instead of failing', async () => {
    const arm = createFakeArm(() => ({
      status: 404,
      body: {
        error: {
          code: 'ResourceGroupNotFound',
          message: `Resource group '${resourceGroup}' could not be found.`,
        },
      },
    }));
    const { ctx, logger } = context({ templatePath: 'infra/main.json' });

    await actionWith(arm).handler({ ...ctx, isDryRun: true });

    expect(arm.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      `GET ${resourceGroupPath}`,
      `POST ${deploymentsPath}/commerce-infra-main/whatIf`,
    ]);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining(
        `dry run: resource group ${resourceGroup} does not exist yet`,
      ),
    );
    expect(ctx.output).toHaveBeenCalledWith('skipped', true);
  });

  it('says "not configured" before looking for a Bicep CLI, and makes no request', async () => {
    const arm = deploymentsArm();
    const runCommand = jest.fn<
      ReturnType<RunCommand>,
      Parameters<RunCommand>
    >();
    const { ctx, logger } = context({
      templatePath: 'infra/main.bicep',
      parametersPath: 'infra/main.dev.bicepparam',
    });

    await actionWith(arm, {
      config: new ConfigReader({}),
      runCommand,
    }).handler(ctx);

    expect(logger.info).toHaveBeenCalledWith(
      `not configured: set commerce.azure.subscriptionId (and sign the backend in to Azure: workload identity in AKS, az login locally) to deploy infra/main.bicep to resource group ${resourceGroup}`,
    );
    expect(runCommand).not.toHaveBeenCalled();
    expect(arm.requests).toEqual([]);
    expect(ctx.output).toHaveBeenCalledWith('skipped', true);
    expect(ctx.output).toHaveBeenCalledWith(
      'skipReason',
      expect.stringMatching(/^not configured/),
    );
  });

  it('skips a .bicep template with a clear message when no Bicep CLI is installed', async () => {
    process.env.PATH = binDir.path; // empty: neither bicep nor az
    const arm = deploymentsArm();
    const { ctx, logger } = context({ templatePath: 'infra/main.bicep' });

    await actionWith(arm).handler(ctx);

    expect(logger.warn).toHaveBeenCalledWith(
      'Bicep CLI not installed on the backend host: install it (https://aka.ms/bicep/install, or az bicep install) or commit the compiled ARM template (infra/main.json) — skipping the deployment',
    );
    expect(arm.requests).toEqual([]);
    expect(ctx.output).toHaveBeenCalledWith('skipped', true);
    expect(ctx.output).toHaveBeenCalledWith(
      'skipReason',
      'Bicep CLI not installed on the backend host',
    );
  });

  it('compiles .bicepparam with the bicep on the PATH and deploys what it printed', async () => {
    const compiledTemplate = { ...template, metadata: { compiledBy: 'bicep' } };
    const bicep = fakeBicep('bicep', {
      buildParams: {
        parametersJson: JSON.stringify({
          parameters: {
            serviceName: { value: 'order-service' },
            environment: { value: 'dev' },
          },
        }),
        templateJson: JSON.stringify(compiledTemplate),
      },
    });
    process.env.PATH = binDir.path;
    const arm = deploymentsArm();
    const { ctx } = context({
      templatePath: 'infra/main.bicep',
      parametersPath: 'infra/main.dev.bicepparam',
      parameters: { sku: 'S1' },
    });

    await actionWith(arm).handler(ctx);

    expect(bicep.calls()).toEqual([
      [
        workspace.path,
        `build-params ${join(
          workspace.path,
          'infra/main.dev.bicepparam',
        )} --stdout`,
      ],
    ]);
    const put = arm.requests.find(r => r.method === 'PUT')!;
    expect(put.path).toBe(`${deploymentsPath}/commerce-infra-main.dev`);
    expect(put.body.properties.template).toEqual(compiledTemplate);
    expect(put.body.properties.parameters).toEqual({
      serviceName: { value: 'order-service' },
      environment: { value: 'dev' },
      sku: { value: 'S1' },
    });
    expect(ctx.output).toHaveBeenCalledWith('provisioningState', 'Succeeded');
  });

  it('uses commerce.azure.bicepCommand first, with `build` when there is no parameters file', async () => {
    const compiledTemplate = { ...template, metadata: { compiledBy: 'mine' } };
    const bicep = fakeBicep('my-bicep', { build: compiledTemplate });
    process.env.PATH = '/nonexistent';
    const arm = deploymentsArm();
    const { ctx } = context({ templatePath: 'infra/main.bicep' });

    await actionWith(arm, {
      config: new ConfigReader({
        commerce: {
          azure: {
            subscriptionId,
            bicepCommand: join(binDir.path, 'my-bicep'),
          },
        },
      }),
    }).handler(ctx);

    expect(bicep.calls().map(([, args]) => args)).toEqual([
      `build ${join(workspace.path, 'infra/main.bicep')} --stdout`,
    ]);
    const put = arm.requests.find(r => r.method === 'PUT')!;
    expect(put.body.properties.template).toEqual(compiledTemplate);
    expect(put.body.properties.parameters).toEqual({});
  });

  it('falls back to `az bicep build --file` and fails with the compiler’s message', async () => {
    const calls: string[] = [];
    const runCommand: RunCommand = async (file, args) => {
      calls.push([file, ...args].join(' '));
      if (file === 'bicep') {
        throw Object.assign(new Error('spawn bicep ENOENT'), {
          code: 'ENOENT',
        });
      }
      throw Object.assign(new Error('Command failed'), {
        code: 1,
        stderr:
          'main.bicep(1,7) : Error BCP018: Expected the "=" character at this location.',
      });
    };
    const arm = deploymentsArm();
    const { ctx } = context({ templatePath: 'infra/main.bicep' });

    await expect(actionWith(arm, { runCommand }).handler(ctx)).rejects.toThrow(
      /az bicep build main\.bicep failed: main\.bicep\(1,7\) : Error BCP018/,
    );
    expect(calls).toEqual([
      `bicep build ${join(workspace.path, 'infra/main.bicep')} --stdout`,
      `az bicep build --file ${join(
        workspace.path,
        'infra/main.bicep',
      )} --stdout`,
    ]);
    expect(arm.requests).toEqual([]);
  });

  it.each([
    ['../../etc/passwd', /points outside the task workspace/],
    ['/etc/passwd', /points outside the task workspace/],
    ['infra/main.yaml', /expected a \.bicep or \.json file/],
    ['infra/missing.json', /does not exist in the task workspace/],
  ])('refuses templatePath %j', async (templatePath, message) => {
    const arm = deploymentsArm();
    const error = await actionWith(arm)
      .handler(context({ templatePath }).ctx)
      .catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toMatch(message);
    expect(arm.requests).toEqual([]);
  });

  it('refuses a template that is a symbolic link out of the workspace', async () => {
    workspace.addContent({
      'linked.json': ({ symlink }) => symlink('/etc/hostname'),
    });
    const arm = deploymentsArm();
    await expect(
      actionWith(arm).handler(context({ templatePath: 'linked.json' }).ctx),
    ).rejects.toThrow(/"linked.json" points outside the task workspace/);
  });

  it('rejects an invalid resource group or deployment name before anything else', async () => {
    const arm = deploymentsArm();
    const error = await actionWith(arm)
      .handler(
        context({
          resourceGroup: 'rg order',
          deploymentName: 'bad/name',
          templatePath: 'infra/main.json',
        }).ctx,
      )
      .catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toContain('Resource group name "rg order"');
    expect(error.message).toContain('Deployment name "bad/name"');
    expect(arm.requests).toEqual([]);
  });

  // The permission policy matches the owner against the runner's groups as full refs.
  it.each([
    undefined,
    'checkout-team',
    'group:checkout-team',
    'user:default/amara',
  ])(
    'refuses the owner %j, asking for the group entity ref, before anything else',
    async badOwner => {
      const arm = deploymentsArm();
      const error = await actionWith(arm)
        .handler(
          context({ owner: badOwner, templatePath: 'infra/main.json' }).ctx,
        )
        .catch(e => e);
      expect(error.name).toBe('InputError');
      expect(error.message).toContain(
        `Owner "${badOwner}": give the owning group as an entity ref, e.g. group:default/checkout-team`,
      );
      expect(arm.requests).toEqual([]);
    },
  );

  it.each([false, true])(
    'refuses to deploy into a group another team owns (its owner tag), dry run %s, before any deployment request',
    async isDryRun => {
      const arm = createFakeArm(request =>
        request.method === 'GET' && request.path === resourceGroupPath
          ? {
              status: 200,
              body: {
                id: resourceGroupPath,
                name: resourceGroup,
                location: 'westeurope',
                tags: { owner: 'platform-team' },
              },
            }
          : undefined,
      );
      const { ctx } = context({ templatePath: 'infra/main.json' });

      const error = await actionWith(arm)
        .handler({ ...ctx, isDryRun })
        .catch(e => e);

      expect(error.name).toBe('NotAllowedError');
      expect(error.message).toContain(
        `Resource group ${resourceGroup} belongs to platform-team (its owner tag), not checkout-team`,
      );
      expect(arm.requests.map(r => `${r.method} ${r.path}`)).toEqual([
        `GET ${resourceGroupPath}`,
      ]);
    },
  );

  it('refuses the platform’s own resource group for a team without asking Azure', async () => {
    const arm = deploymentsArm();
    const { ctx } = context({
      resourceGroup: 'rg-commerce-platform',
      templatePath: 'infra/main.json',
    });
    const error = await actionWith(arm)
      .handler(ctx)
      .catch(e => e);
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toMatch(
      /rg-commerce-platform is reserved for the platform/,
    );
    expect(arm.requests).toEqual([]);
  });
});
