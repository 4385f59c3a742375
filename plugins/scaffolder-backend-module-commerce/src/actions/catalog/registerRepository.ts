import path from 'node:path';
import fs from 'fs-extra';
import {
  type AuthService,
  resolveSafeChildPath,
  type UrlReaderService,
  type UserInfoService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './registerRepository.examples';
import {
  assertMayRegister,
  entityRefsOf,
  mainEntity,
  registerOrRefresh,
  registrationCredentials,
} from './registration';
import { initiatorOf } from '../initiator';

/**
 * `commerce:catalog:register` — registers the catalog-info.yaml of a repository the run has just
 * published (GitHub in production) in the catalog, with the scaffolder's own credentials.
 *
 * Why not the stock `catalog:register`: it registers as the person running the template, whom
 * the permission policy does not let register (the platform team's); and its `optional` mode
 * would swallow that refusal, leaving a repository nobody sees in the portal. The stock action
 * stays as Backstage made it — for the platform team; a template meant for everyone (ours, and
 * stock ones the platform team adds) registers with this one, whose inputs are the stock
 * action's `repoContentsUrl` and `catalogInfoPath` (plus `sourcePath` when only a folder of the
 * workspace was published).
 *
 * Because it registers with the scaffolder's rights, it checks what it registers, whichever
 * template calls it and whatever the form said (issue #14), before anything is stored:
 * - the URL is in a repository of the organization services are published to
 *   (commerce.publish.github), named like the file's main Component (one repository per
 *   service, as publish:github creates it);
 * - the file at the URL is, byte for byte, the file this task generated in its workspace — so
 *   what is registered is what this task published, not a URL someone typed;
 * - every entity is a Component, API or Resource of the initiator's own team (any team for the
 *   platform team and the platform-run token), and none is in the catalog from another location
 *   (assertMayRegister).
 * It then reads the file through the catalog (a dry run, so a broken file fails the step with the
 * catalog's message), refreshes instead of registering twice on a re-run, and waits for the main
 * entity.
 */
export function createRegisterRepositoryAction(options: {
  catalog: CatalogService;
  auth: AuthService;
  integrations: ScmIntegrationRegistry;
  config: Config;
  /** Reads the published file with the integration's credentials (coreServices.urlReader). */
  reader: UrlReaderService;
  userInfo: UserInfoService;
}) {
  const { catalog, auth, integrations, config, reader, userInfo } = options;
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
        sourcePath: z =>
          z
            .string({
              description:
                'The folder of the workspace the publish step published (its sourcePath); the file at catalogInfoPath there must equal the published one. Default: the whole workspace',
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
        // From the repository root: relative to a blob URL, "catalog-info.yaml" would replace
        // the branch name.
        url: `/${catalogInfoPath.replace(/^\/+/, '')}`,
      });
      // Checked on the resolved URL, so a catalogInfoPath with ../ cannot leave the organization.
      const repository = publishedRepository(config, target);
      ctx.output('catalogInfoUrl', target);
      if (ctx.isDryRun) {
        // A dry run publishes nothing, so there is no file to read.
        ctx.logger.info(`Dry run: would register ${target} in the catalog`);
        ctx.output('entityRef', '');
        ctx.output('entityRefs', []);
        ctx.output('registered', false);
        return;
      }

      await assertPublishedByThisTask({
        reader,
        target,
        workspaceFile: workspaceFileOf(
          ctx.workspacePath,
          ctx.input.sourcePath,
          catalogInfoPath,
        ),
      });

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
      if (main.metadata.name.toLocaleLowerCase('en-US') !== repository.repo) {
        throw new NotAllowedError(
          `${target} declares ${stringifyEntityRef(
            main,
          )}, but the repository is ${repository.owner}/${
            repository.repo
          }: a service is registered from its own repository, named like its Component. Publish ${
            main.metadata.name
          } to ${repository.owner}/${
            main.metadata.name
          }, or name the Component ${repository.repo}.`,
        );
      }
      await assertMayRegister({
        catalog,
        credentials,
        entities: declared,
        target,
        initiator: await initiatorOf({
          credentials: await ctx.getInitiatorCredentials(),
          auth,
          userInfo,
          config,
        }),
      });
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

/**
 * The repository `target` is in, refused unless it is in the organization services are
 * published to (commerce.publish.github): the scaffolder's GitHub App can read far more than
 * the services' organization.
 */
function publishedRepository(
  config: Config,
  target: string,
): { host: string; owner: string; repo: string } {
  const owner = config.getOptionalString('commerce.publish.github.owner');
  const host =
    config.getOptionalString('commerce.publish.github.host') ?? 'github.com';
  if (!owner) {
    throw new InputError(
      `commerce:catalog:register registers only repositories of the organization services are published to, and commerce.publish.github.owner is not set: set it (e.g. commerce) in app-config, or register local repositories with commerce:catalog:register-local.`,
    );
  }
  let url: URL | undefined;
  try {
    url = new URL(target);
  } catch {
    url = undefined;
  }
  const [urlOwner, urlRepo] = (url?.pathname ?? '').split('/').filter(Boolean);
  if (
    !url ||
    url.host.toLocaleLowerCase('en-US') !== host.toLocaleLowerCase('en-US') ||
    urlOwner?.toLocaleLowerCase('en-US') !== owner.toLocaleLowerCase('en-US') ||
    !urlRepo
  ) {
    throw new NotAllowedError(
      `${target} is not in a repository of ${host}/${owner}, where services are published: commerce:catalog:register registers only the repository the same task published there. Pass the repoContentsUrl output of the task's publish:github step.`,
    );
  }
  return {
    host,
    owner: urlOwner,
    repo: urlRepo.replace(/\.git$/, '').toLocaleLowerCase('en-US'),
  };
}

/** The workspace file the task generated for `catalogInfoPath`, inside the published folder. */
function workspaceFileOf(
  workspacePath: string,
  sourcePath: string | undefined,
  catalogInfoPath: string,
): string {
  const relative = path.join(
    sourcePath ?? '.',
    catalogInfoPath.replace(/^\/+/, ''),
  );
  try {
    return resolveSafeChildPath(workspacePath, relative);
  } catch {
    throw new InputError(
      `sourcePath "${
        sourcePath ?? ''
      }" and catalogInfoPath "${catalogInfoPath}" point outside the task workspace: give the folder publish:github published (its sourcePath) and the catalog file's path in the repository.`,
    );
  }
}

/**
 * Refuses unless the published file is, byte for byte, the one this task generated. The
 * publish step pushes the workspace as it is, so the two are equal for the repository this task
 * published; a URL from a form, or another repository, holds some other file.
 */
async function assertPublishedByThisTask(options: {
  reader: UrlReaderService;
  target: string;
  workspaceFile: string;
}): Promise<void> {
  const { reader, target, workspaceFile } = options;
  if (!(await fs.pathExists(workspaceFile))) {
    throw new NotAllowedError(
      `This task generated no ${path.basename(
        workspaceFile,
      )} at ${workspaceFile}, so ${target} is not a file it published: commerce:catalog:register registers only the catalog file of the repository the same task published. Generate it (fetch:template) and publish it (publish:github) in this task, and pass sourcePath when only a folder of the workspace was published.`,
    );
  }
  let published: Buffer;
  try {
    published = await (await reader.readUrl(target)).buffer();
  } catch (error) {
    throw new InputError(
      `Cannot read ${target} (${
        (error as Error).message
      }): check that the publish step succeeded and that the GitHub integration may read the repository.`,
    );
  }
  const generated = await fs.readFile(workspaceFile);
  if (!published.equals(generated)) {
    throw new NotAllowedError(
      `${target} is not the file this task generated (${workspaceFile}): commerce:catalog:register registers only the repository the same task published. Pass the repoContentsUrl output of this task's publish:github step (and its sourcePath), not a URL of another repository.`,
    );
  }
}
