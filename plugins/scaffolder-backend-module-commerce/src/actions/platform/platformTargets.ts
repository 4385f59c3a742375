import type { Config } from '@backstage/config';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { localRepositoriesDirectory } from '@internal/plugin-local-repositories-backend';
import { readAzureConfig } from '../azure/azureClients';
import { examples } from './platformTargets.examples';

/**
 * `commerce:platform:targets` — what this portal is configured to publish to and deploy to, so a
 * template picks its steps by configuration (`if:` on these outputs) rather than by a form field
 * the engineer would have to know about. Logs, in one place, what the run will skip and why.
 */
export function createPlatformTargetsAction(options: { config: Config }) {
  const { config } = options;
  return createTemplateAction({
    id: 'commerce:platform:targets',
    description:
      'Reports where templates publish (local git or GitHub) and whether Azure and GitOps are configured.',
    examples,
    supportsDryRun: true,
    schema: {
      output: {
        publishTarget: z =>
          z
            .enum(['local', 'github'])
            .describe('Where repositories are published'),
        githubOwner: z =>
          z.string({
            description:
              'GitHub organization for publish:github (empty unless publishTarget is github)',
          }),
        githubHost: z =>
          z.string({ description: 'GitHub host for publish:github' }),
        azureConfigured: z =>
          z.boolean({
            description:
              'True when resource groups and deployments will really be created',
          }),
        gitopsConfigured: z =>
          z.boolean({
            description:
              'True when Argo CD Applications will really be registered',
          }),
      },
    },
    async handler(ctx) {
      const target =
        config.getOptionalString('commerce.publish.target') ?? 'local';
      const githubOwner =
        config.getOptionalString('commerce.publish.github.owner') ?? '';
      const githubHost =
        config.getOptionalString('commerce.publish.github.host') ??
        'github.com';
      const publishTarget =
        target === 'github' && githubOwner ? 'github' : 'local';
      if (target === 'github' && !githubOwner) {
        ctx.logger.warn(
          'commerce.publish.target is github but commerce.publish.github.owner is not set: publishing locally instead',
        );
      }
      // The Azure actions' own reading of the config, so this says what they will do.
      const azureConfigured = readAzureConfig(config) !== undefined;
      const gitopsConfigured = Boolean(
        config.getOptionalString('commerce.gitops.github.repoUrl'),
      );

      ctx.logger.info(
        publishTarget === 'github'
          ? `Publish: GitHub repositories in ${githubHost}/${githubOwner}`
          : `Publish: local git repositories under ${localRepositoriesDirectory(
              config,
            )}`,
      );
      ctx.logger.info(
        azureConfigured
          ? 'Azure: configured; resource groups and deployments will be created'
          : 'Azure: not configured (set commerce.azure.subscriptionId); resource groups and deployments will be skipped',
      );
      ctx.logger.info(
        gitopsConfigured
          ? 'GitOps: configured; Argo CD Applications will be registered'
          : 'GitOps: not configured (set commerce.gitops.github.repoUrl); Argo CD registration will be skipped',
      );
      ctx.output('publishTarget', publishTarget);
      ctx.output('githubOwner', publishTarget === 'github' ? githubOwner : '');
      ctx.output('githubHost', githubHost);
      ctx.output('azureConfigured', azureConfigured);
      ctx.output('gitopsConfigured', gitopsConfigured);
    },
  });
}
