import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  AZURE_NOT_CONFIGURED_REASON,
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
import { examples } from './createResourceGroup.examples';

const requiredTags = [
  'owner',
  'service',
  'cost-center',
  'environment',
] as const;

/**
 * `commerce:azure:resource-group` — creates or updates a service's resource group with the
 * tags cost reporting relies on. A PUT: a re-run converges to the same group and tags.
 */
export function createAzureResourceGroupAction(options: {
  config: Config;
  /** Test seam: the SDK transport and credential. Production passes none. */
  clients?: AzureClientOverrides;
}) {
  const azure = readAzureConfig(options.config);
  const platformTeam = platformTeamName(options.config);
  let clients: AzureClients | undefined;
  const getClients = (cfg: AzureConfig) =>
    (clients ??= createAzureClients(cfg, options.clients));

  return createTemplateAction({
    id: 'commerce:azure:resource-group',
    description:
      'Creates or updates an Azure resource group with the owner, service, cost-center and environment tags. Idempotent; skipped when commerce.azure is not configured.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string({
              description:
                'Resource group name, e.g. rg-order-service (1–90 letters, digits, _ - . ( ), not ending with a period)',
            })
            .min(1)
            .max(90),
        location: z =>
          z
            .string({
              description:
                'Azure region, e.g. westeurope. Default: commerce.azure.defaultLocation (westeurope)',
            })
            .optional(),
        tags: z =>
          z.object(
            {
              owner: z
                .string({ description: 'Owning team, e.g. checkout-team' })
                .min(1),
              service: z
                .string({ description: 'Service name, e.g. order-service' })
                .min(1),
              'cost-center': z
                .string({
                  description:
                    'Cost center the spend is reported to, e.g. cc-4711',
                })
                .min(1),
              environment: z
                .string({ description: 'Environment, e.g. dev or prod' })
                .min(1),
            },
            {
              description:
                'Tags every commerce resource group carries; cost reports group spend by them',
            },
          ),
      },
      output: {
        resourceGroupId: z =>
          z
            .string({
              description:
                'ARM id of the resource group, /subscriptions/<id>/resourceGroups/<name>',
            })
            .optional(),
        provisioningState: z =>
          z
            .string({ description: 'ARM provisioning state, e.g. Succeeded' })
            .optional(),
        skipped: z =>
          z.boolean({
            description:
              'True when nothing was created: Azure not configured, or a dry run',
          }),
        skipReason: z =>
          z
            .string({ description: 'Why the step was skipped, when it was' })
            .optional(),
      },
    },
    async handler(ctx) {
      const { name, tags } = ctx.input;

      const problems: string[] = [];
      const nameProblem = resourceGroupNameProblem(name);
      if (nameProblem) {
        problems.push(nameProblem);
      }
      const missingTags = requiredTags.filter(
        key => typeof tags?.[key] !== 'string' || !tags[key].trim(),
      );
      if (missingTags.length > 0) {
        problems.push(
          `Tags: give a non-empty value for ${missingTags.join(
            ', ',
          )} (every commerce resource group carries owner, service, cost-center and environment).`,
        );
      }
      if (problems.length > 0) {
        throw new InputError(
          `The resource group cannot be created:\n- ${problems.join('\n- ')}`,
        );
      }

      if (!azure) {
        ctx.logger.info(
          azureNotConfiguredMessage(`create resource group ${name}`),
        );
        ctx.output('skipped', true);
        ctx.output('skipReason', AZURE_NOT_CONFIGURED_REASON);
        return;
      }

      const location = ctx.input.location || azure.defaultLocation;
      const tagValues = Object.fromEntries(
        requiredTags.map(key => [key, tags[key]]),
      );
      const tagText = requiredTags.map(key => `${key}=${tags[key]}`).join(', ');

      // Before anything is changed, and in a dry run too (a read), so the dry run says what the
      // real run would: the group's owner tag decides, not the owner typed in the form.
      await assertResourceGroupOwner({
        clients: getClients(azure),
        resourceGroup: name,
        ownerName: tags.owner,
        platformTeam,
        abortSignal: ctx.signal,
      });

      if (ctx.isDryRun) {
        ctx.logger.info(
          `dry run: would create or update resource group ${name} in ${location} (subscription ${azure.subscriptionId}) with tags ${tagText}`,
        );
        ctx.output(
          'resourceGroupId',
          `/subscriptions/${azure.subscriptionId}/resourceGroups/${name}`,
        );
        ctx.output('skipped', true);
        ctx.output('skipReason', 'dry run: nothing was created');
        return;
      }

      ctx.logger.info(
        `Creating or updating resource group ${name} in ${location} with tags ${tagText}`,
      );
      const capture = captureArmError();
      let group;
      try {
        // PUT replaces the tags with exactly these: the desired state, the same on every run.
        group = await getClients(azure).resources.resourceGroups.createOrUpdate(
          name,
          { location, tags: tagValues },
          { onResponse: capture.onResponse, abortSignal: ctx.signal },
        );
      } catch (error) {
        throw new Error(
          `Creating resource group ${name} in subscription ${
            azure.subscriptionId
          } failed: ${describeArmError(capture.error ?? armErrorOf(error))}`,
        );
      }

      const provisioningState = group.properties?.provisioningState;
      ctx.logger.info(
        `Resource group ${name} is ${provisioningState ?? 'ready'}: ${
          group.id
        }`,
      );
      if (group.id) {
        ctx.output('resourceGroupId', group.id);
      }
      if (provisioningState) {
        ctx.output('provisioningState', provisioningState);
      }
      ctx.output('skipped', false);
    },
  });
}
