import type { AuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './registerRepository.examples';
import {
  entityRefsOf,
  mainEntity,
  registerOrRefresh,
  registrationCredentials,
} from './registration';

/**
 * `commerce:catalog:register` — registers the catalog-info.yaml of a repository the run has just
 * published (GitHub in production) in the catalog, with the scaffolder's own credentials.
 *
 * Why not the stock `catalog:register`: it registers as the person running the template, whom
 * the permission policy does not let register (the platform team's); and its `optional` mode
 * would swallow that refusal, leaving a repository nobody sees in the portal. This one reads the
 * file first (a dry run through the catalog, so a broken file fails the step with the catalog's
 * message), refreshes instead of registering twice on a re-run, and waits for the main entity.
 */
export function createRegisterRepositoryAction(options: {
  catalog: CatalogService;
  auth: AuthService;
  integrations: ScmIntegrationRegistry;
}) {
  const { catalog, auth, integrations } = options;
  return createTemplateAction({
    id: 'commerce:catalog:register',
    description:
      'Registers the catalog-info.yaml of a just-published repository in the catalog with the scaffolder’s credentials (or refreshes it when registered).',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoContentsUrl: z =>
          z.string({
            description:
              'The repository’s contents URL, as output by publish:github (repoContentsUrl)',
          }),
        catalogInfoPath: z =>
          z
            .string({
              description:
                'Path of the catalog file from the repository root. Default: /catalog-info.yaml',
            })
            .optional(),
        waitSeconds: z =>
          z
            .number({
              description:
                'How long to wait for the main entity to appear in the catalog. Default: 30',
            })
            .min(0)
            .max(300)
            .optional(),
      },
      output: {
        entityRef: z =>
          z.string({
            description:
              'The main entity of the file (its first Component, else its first entity)',
          }),
        entityRefs: z =>
          z.array(z.string()).describe('Every entity the file declares'),
        catalogInfoUrl: z =>
          z.string({ description: 'The URL that was registered' }),
        registered: z =>
          z.boolean({
            description:
              'True when the location was added now, false when it existed and was refreshed',
          }),
      },
    },
    async handler(ctx) {
      const { repoContentsUrl } = ctx.input;
      const catalogInfoPath = ctx.input.catalogInfoPath ?? '/catalog-info.yaml';
      const waitSeconds = ctx.input.waitSeconds ?? 30;

      const integration = integrations.byUrl(repoContentsUrl);
      if (!integration) {
        throw new InputError(
          `No integration is configured for ${repoContentsUrl}: add its host under integrations in app-config (e.g. integrations.github), or pass the repoContentsUrl output of publish:github.`,
        );
      }
      const target = integration.resolveUrl({
        base: repoContentsUrl,
        url: catalogInfoPath,
      });
      ctx.output('catalogInfoUrl', target);
      if (ctx.isDryRun) {
        // A dry run publishes nothing, so there is no file to read.
        ctx.logger.info(`Dry run: would register ${target} in the catalog`);
        ctx.output('entityRef', '');
        ctx.output('entityRefs', []);
        ctx.output('registered', false);
        return;
      }

      const credentials = await registrationCredentials(auth);
      // Reads and validates the file without storing anything: a broken catalog-info.yaml stops
      // the step here with the catalog's own message, before a location is stored.
      const { entities } = await catalog.addLocation(
        { type: 'url', target, dryRun: true },
        { credentials },
      );
      // The dry run also returns the Location entity it wraps the file in.
      const declared = entities.filter(
        e =>
          !(e.kind === 'Location' && e.metadata.name.startsWith('generated-')),
      );
      const main = mainEntity(declared);
      if (!main) {
        throw new InputError(
          `${target} declares no entity: the published repository's catalog-info.yaml must declare at least the service's Component.`,
        );
      }
      const refs = entityRefsOf(declared);
      const entityRef = stringifyEntityRef(main);
      ctx.output('entityRef', entityRef);
      ctx.output('entityRefs', refs);
      ctx.output(
        'registered',
        await registerOrRefresh({
          catalog,
          credentials,
          logger: ctx.logger,
          target,
          entityRef,
          refs,
          waitSeconds,
        }),
      );
    },
  });
}
