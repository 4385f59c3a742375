import type {
  Deployment,
  DeploymentExtended,
  WhatIfOperationResult,
} from '@azure/arm-resourcesdeployments';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  type ArmError,
  type AzureClients,
  armErrorOf,
  captureArmError,
  describeArmError,
} from './azureClients';

/**
 * The two ARM operations of commerce:azure:deploy: the what-if of a dry run and the deployment
 * itself, each reporting ARM's error with its nested details.
 */

const PROGRESS_LOG_INTERVAL_MS = 30 * 1000;

/** One deployment of a template to a resource group, as the what-if and the deploy send it. */
export interface DeploymentRun {
  clients: AzureClients;
  resourceGroup: string;
  deploymentName: string;
  deployment: Deployment;
  /** `deployment <name> in resource group <group>`, for messages. */
  where: string;
  logger: LoggerService;
  signal?: AbortSignal;
}

/**
 * Asks ARM what the deployment would change and logs each change. Resolves with the number of
 * changes per change type, or undefined when the resource group does not exist yet.
 */
export async function whatIf(
  run: DeploymentRun,
): Promise<Record<string, number> | undefined> {
  const { clients, resourceGroup, deploymentName, where, logger, signal } = run;
  const capture = captureArmError();
  let result: WhatIfOperationResult;
  try {
    result = await clients.deployments.deployments
      .whatIf(resourceGroup, deploymentName, run.deployment, {
        updateIntervalInMs: clients.pollIntervalMs,
        onResponse: capture.onResponse,
        abortSignal: signal,
      })
      .pollUntilDone({ abortSignal: signal });
  } catch (error) {
    const armError = capture.error ?? armErrorOf(error);
    // A new service's group is created by the resource-group step, which a dry run skips.
    if (armError.code === 'ResourceGroupNotFound') {
      logger.info(
        `dry run: resource group ${resourceGroup} does not exist yet (a real run creates it first), so there is nothing to compare: what-if skipped`,
      );
      return undefined;
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
    logger.info(
      `what-if: ${change.changeType} ${
        change.resourceId ?? change.symbolicName ?? '(unnamed resource)'
      }`,
    );
  }
  logger.info(
    `dry run: nothing was deployed; predicted changes: ${
      Object.entries(summary)
        .map(([type, count]) => `${type} ${count}`)
        .join(', ') || 'none'
    }`,
  );
  return summary;
}

/**
 * Creates or updates the deployment and waits until ARM is done, logging progress. Rejects
 * with ARM's error (and its nested details) unless the deployment Succeeded.
 */
export async function deploy(run: DeploymentRun): Promise<{
  id?: string;
  provisioningState: string;
  outputs: Record<string, unknown>;
}> {
  const { clients, resourceGroup, deploymentName, where, logger, signal } = run;
  const started = Date.now();
  const capture = captureArmError();
  const poller = clients.deployments.deployments.createOrUpdate(
    resourceGroup,
    deploymentName,
    run.deployment,
    {
      updateIntervalInMs: clients.pollIntervalMs,
      onResponse: capture.onResponse,
      abortSignal: signal,
    },
  );
  let lastProgressLog = started;
  poller.onProgress(() => {
    if (Date.now() - lastProgressLog >= PROGRESS_LOG_INTERVAL_MS) {
      lastProgressLog = Date.now();
      logger.info(`${where} is still running (${seconds(started)} s)…`);
    }
  });

  let result: DeploymentExtended;
  try {
    result = await poller.pollUntilDone({ abortSignal: signal });
  } catch (error) {
    // The poller reports only the top-level code; the deployment itself carries the details.
    const armError =
      capture.error ??
      (await failedDeploymentError(clients, resourceGroup, deploymentName)) ??
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
          message: 'Azure reported no error; see the deployment in the portal',
        },
      )}`,
    );
  }

  const outputs = flattenOutputs(result.properties?.outputs);
  logger.info(
    `${where} ${provisioningState} in ${seconds(started)} s${
      Object.keys(outputs).length
        ? `; outputs: ${Object.keys(outputs).join(', ')}`
        : ''
    }`,
  );
  return { id: result.id, provisioningState, outputs };
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
