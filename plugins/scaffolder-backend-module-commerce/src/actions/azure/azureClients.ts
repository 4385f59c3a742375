import { ResourceManagementClient } from '@azure/arm-resources';
import { DeploymentsClient } from '@azure/arm-resourcesdeployments';
import type { TokenCredential } from '@azure/core-auth';
import {
  bearerTokenAuthenticationPolicyName,
  type HttpClient,
  type PipelinePolicy,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { DefaultAzureCredential } from '@azure/identity';
import type { Config } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import {
  type OutboundDeadline,
  readOutboundDeadline,
  withTimeout,
} from '@internal/plugin-catalog-files-node';
import { reservedResourceGroupReason } from '../platformNames';
import { quotedValue } from '../serviceName';

/**
 * The one place the commerce actions reach Azure: the `commerce.azure` config and the ARM SDK
 * clients built from it. Tests drive the real clients through their `httpClient` option.
 */

/** `commerce.azure`, with its defaults applied. */
export interface AzureConfig {
  subscriptionId: string;
  /** Region for new resource groups; `westeurope` unless configured. */
  defaultLocation: string;
  /** The configured Bicep CLI command, if any (e.g. `/usr/local/bin/bicep` or `az bicep`). */
  bicepCommand?: string;
  /** `commerce.azure.requestTimeoutSeconds`: the deadline of every ARM request. */
  requestDeadline: OutboundDeadline;
}

/** The default of `commerce.azure.requestTimeoutSeconds`. */
export const DEFAULT_ARM_REQUEST_TIMEOUT_SECONDS = 60;

/**
 * Reads `commerce.azure`. Returns undefined when `commerce.azure.subscriptionId` is not set:
 * the actions then say "not configured" and end as skipped.
 */
export function readAzureConfig(config: Config): AzureConfig | undefined {
  const azure = config.getOptionalConfig('commerce.azure');
  const subscriptionId = azure?.getOptionalString('subscriptionId')?.trim();
  if (!azure || !subscriptionId) {
    return undefined;
  }
  return {
    subscriptionId,
    defaultLocation: azure.getOptionalString('defaultLocation') ?? 'westeurope',
    bicepCommand: azure.getOptionalString('bicepCommand')?.trim() || undefined,
    requestDeadline: readOutboundDeadline(config, {
      system: 'Azure Resource Manager',
      configKey: 'commerce.azure.requestTimeoutSeconds',
      defaultSeconds: DEFAULT_ARM_REQUEST_TIMEOUT_SECONDS,
    }),
  };
}

// Azure's rule: 1–90 letters or digits (Unicode, as .NET's Char.IsLetterOrDigit), underscores,
// parentheses, hyphens and periods; not ending with a period.
const resourceGroupNamePattern = /^[\p{L}\p{Nd}_().-]{1,90}$/u;

/** What is wrong with a resource group name and how to fix it; undefined when Azure accepts it. */
export function resourceGroupNameProblem(name: string): string | undefined {
  if (resourceGroupNamePattern.test(name) && !name.endsWith('.')) {
    return undefined;
  }
  return `Resource group name ${quotedValue(
    name,
  )}: use 1–90 letters, digits, underscores (_), hyphens (-), periods (.) or parentheses, and do not end with a period (e.g. rg-order-service).`;
}

/** The skip reason both actions report when `commerce.azure` is missing. */
export const AZURE_NOT_CONFIGURED_REASON =
  'not configured: commerce.azure.subscriptionId is not set';

/** The log line both actions write when `commerce.azure` is missing; `what` ends the sentence. */
export function azureNotConfiguredMessage(what: string): string {
  return `not configured: set commerce.azure.subscriptionId (and sign the backend in to Azure: workload identity in AKS, az login locally) to ${what}`;
}

/**
 * Overrides for the Azure clients. Production passes none: DefaultAzureCredential (workload
 * identity in AKS, `az login` locally) over the SDK's own transport. Tests pass a fixed-token
 * credential and an `httpClient` that answers like ARM.
 */
export interface AzureClientOverrides {
  credential?: TokenCredential;
  /** The SDK clients' transport (their own `httpClient` option). */
  httpClient?: HttpClient;
  /** ARM endpoint; default https://management.azure.com. The SDK refuses plain http with a token. */
  endpoint?: string;
  /** Poll interval for long-running operations; default the SDK's (2 s, or ARM's Retry-After). */
  pollIntervalMs?: number;
}

/** The ARM clients for the configured subscription. */
export interface AzureClients {
  subscriptionId: string;
  resources: ResourceManagementClient;
  deployments: DeploymentsClient;
  /** `updateIntervalInMs` to pass to long-running operations; undefined keeps the SDK default. */
  pollIntervalMs?: number;
}

/** Builds the ARM clients. No request is made until an operation is called. */
export function createAzureClients(
  azure: AzureConfig,
  overrides: AzureClientOverrides = {},
): AzureClients {
  const credential = overrides.credential ?? new DefaultAzureCredential();
  const options = {
    userAgentOptions: { userAgentPrefix: 'commerce-platform-portal' },
    ...(overrides.httpClient && { httpClient: overrides.httpClient }),
    ...(overrides.endpoint && { endpoint: overrides.endpoint }),
  };
  const resources = new ResourceManagementClient(
    credential,
    azure.subscriptionId,
    options,
  );
  const deployments = new DeploymentsClient(
    credential,
    azure.subscriptionId,
    options,
  );
  for (const { pipeline } of [resources, deployments]) {
    // Before the sign-in, so the deadline covers the token request and the SDK's retries
    // (the clients' `additionalPolicies` option would land after the token policy); every
    // poll of a long-running deployment is a request of its own.
    pipeline.addPolicy(armRequestDeadlinePolicy(azure.requestDeadline), {
      beforePolicies: [bearerTokenAuthenticationPolicyName],
    });
  }
  return {
    subscriptionId: azure.subscriptionId,
    resources,
    deployments,
    pollIntervalMs: overrides.pollIntervalMs,
  };
}

/**
 * Gives every ARM request a deadline: the request is aborted then (the SDK's transport honours
 * `abortSignal`), and the call rejects with an OutboundTimeoutError naming
 * `commerce.azure.requestTimeoutSeconds` even if the transport or DefaultAzureCredential never
 * settles. ARM answers a long operation with 201/202 and a status URL at once, so the deadline
 * bounds one answer, not the whole deployment.
 */
function armRequestDeadlinePolicy(deadline: OutboundDeadline): PipelinePolicy {
  return {
    name: 'commercePortalArmRequestDeadline',
    sendRequest: (request, next) =>
      withTimeout(
        deadline,
        `${request.method} ${new URL(request.url).pathname}`,
        signal => {
          request.abortSignal = signal;
          return next(request);
        },
        { signal: request.abortSignal as AbortSignal | undefined },
      ),
  };
}

/** An ARM error body (`{ error: { code, message, details } }`'s inner part). */
export interface ArmError {
  code?: string;
  message?: string;
  details?: ArmError[];
}

/**
 * Keeps the ARM error of a failed response. Pass `onResponse` in an operation's options: the
 * SDK's RestError keeps only the top-level code and message and drops `details`, which is where
 * ARM puts the real cause (InvalidTemplateDeployment → SkuNotAvailable).
 */
export function captureArmError(): {
  onResponse: (response: PipelineResponse & { parsedBody?: unknown }) => void;
  readonly error: ArmError | undefined;
} {
  let captured: ArmError | undefined;
  return {
    onResponse(response) {
      if (response.status >= 400) {
        captured = asArmError(response.parsedBody) ?? captured;
      }
    },
    get error() {
      return captured;
    },
  };
}

function asArmError(body: unknown): ArmError | undefined {
  if (!body || typeof body !== 'object') {
    return undefined;
  }
  const inner = (body as { error?: unknown }).error ?? body;
  if (!inner || typeof inner !== 'object') {
    return undefined;
  }
  const { code, message } = inner as ArmError;
  return code || message ? (inner as ArmError) : undefined;
}

/** The code and message of any thrown error (a RestError carries ARM's top-level code). */
export function armErrorOf(error: unknown): ArmError {
  if (error && typeof error === 'object') {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return {
      code: typeof code === 'string' ? code : undefined,
      message: typeof message === 'string' ? message : String(error),
    };
  }
  return { message: String(error) };
}

/**
 * `code: message`, then every nested detail indented below it, so the task log shows the
 * cause and not only "see inner errors for details".
 */
export function describeArmError(error: ArmError, depth = 0): string {
  const head = [error.code, error.message].filter(Boolean).join(': ');
  const lines = [head || 'no error message from Azure'];
  for (const detail of (error.details ?? []).slice(0, 20)) {
    lines.push(
      `${'  '.repeat(depth + 1)}- ${describeArmError(detail, depth + 1)}`,
    );
  }
  return lines.join('\n');
}

/**
 * Refuses to tag or deploy into a resource group another team owns. The form's owner is checked
 * by the permission policy against the person running the task, but the resource group is named
 * by the template (rg-<service>), so without this a run named like another team's service, or
 * like the platform's own group, would re-tag it and deploy into it. What decides is the group's
 * `owner` tag in Azure, which only an earlier run for that owner (or the platform team) set.
 *
 * @param ownerName - the owning team's group name the run acts for, e.g. checkout-team.
 * @throws NotAllowedError when the group is reserved for the platform or tagged for another team.
 */
export async function assertResourceGroupOwner(options: {
  clients: AzureClients;
  resourceGroup: string;
  ownerName: string;
  platformTeam: string;
  abortSignal?: AbortSignal;
}): Promise<void> {
  const { clients, resourceGroup, platformTeam } = options;
  const ownerName = options.ownerName.toLocaleLowerCase('en-US');
  const reserved = reservedResourceGroupReason(resourceGroup);
  if (reserved && ownerName !== platformTeam) {
    throw new NotAllowedError(
      `Resource group ${resourceGroup} is reserved for the platform (${reserved}); only ${platformTeam} may create or deploy to it. Choose another service name.`,
    );
  }
  const capture = captureArmError();
  let tags: Record<string, string> | undefined;
  try {
    const group = await clients.resources.resourceGroups.get(resourceGroup, {
      onResponse: capture.onResponse,
      abortSignal: options.abortSignal,
    });
    tags = group.tags;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) {
      // Not there yet: whoever creates it tags it with their own team.
      return;
    }
    throw new Error(
      `Reading resource group ${resourceGroup} (to check who owns it) in subscription ${
        clients.subscriptionId
      } failed: ${describeArmError(capture.error ?? armErrorOf(error))}`,
    );
  }
  // Azure compares tag names without case.
  const ownerTag = Object.entries(tags ?? {}).find(
    ([key]) => key.toLocaleLowerCase('en-US') === 'owner',
  )?.[1];
  const taggedOwner = ownerTag?.trim().toLocaleLowerCase('en-US');
  if (taggedOwner && taggedOwner !== ownerName) {
    throw new NotAllowedError(
      `Resource group ${resourceGroup} belongs to ${ownerTag} (its owner tag), not ${options.ownerName}: a run for ${options.ownerName} may not re-tag it or deploy into it. Choose another service name, or ask ${ownerTag} to hand the service over (they change the owner tag).`,
    );
  }
}
