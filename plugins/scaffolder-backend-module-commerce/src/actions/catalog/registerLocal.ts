import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fs from 'fs-extra';
import {
  type AuthService,
  isChildPath,
  type UserInfoService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { parseAllDocuments } from 'yaml';
import { localRepositoriesDirectory } from '@internal/plugin-local-repositories-backend';
import { PUBLISHED_BY_FILE, readPublishedBy } from '../publish/publishLocal';
import { examples } from './registerLocal.examples';
import {
  assertMayRegister,
  entityRefsOf,
  mainEntity,
  registerOrRefresh,
  registrationCredentials,
} from './registration';
import { initiatorOf } from '../initiator';

/**
 * `commerce:catalog:register-local` — registers a locally published repository's
 * catalog-info.yaml in the catalog by its file:// URL, which the local repositories reader
 * (plugins/local-repositories-backend) serves, so relative placeholders and TechDocs work as on
 * GitHub. Idempotent: a location that exists is refreshed instead of added twice. Waits until
 * the main entity is in the catalog, so the task's links open a page that exists. Calls the
 * catalog with the scaffolder's own credentials (see registrationCredentials), so whichever
 * template calls it, it registers only a file of the repository commerce:publish:local
 * published in the same task (its record in .git names the task), and only entities of the
 * initiator's own team that no other location declares (assertMayRegister).
 */
export function createRegisterLocalAction(options: {
  config: Config;
  catalog: CatalogService;
  auth: AuthService;
  userInfo: UserInfoService;
}) {
  const { config, catalog, auth, userInfo } = options;
  return createTemplateAction({
    id: 'commerce:catalog:register-local',
    description:
      'Registers the catalog-info.yaml of a repository published by commerce:publish:local in the catalog (or refreshes it when registered).',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        catalogInfoPath: z =>
          z.string({
            description:
              'Absolute path of catalog-info.yaml, as output by commerce:publish:local; must be under commerce.publish.local.directory',
          }),
        waitSeconds: z =>
          z
            .number({
              description:
                'How long to wait for the main entity to appear in the catalog. Default: 30',
            })
            .min(0)
            .max(300)
            .default(30),
      },
      output: {
        entityRef: z =>
          z.string({
            description:
              'The main entity of the file (its first Component, else its first entity)',
          }),
        entityRefs: z =>
          z.array(z.string()).describe('Every entity the file declares'),
        registered: z =>
          z.boolean({
            description:
              'True when the location was added now, false when it existed and was refreshed',
          }),
      },
    },
    async handler(ctx) {
      // The scaffolder validates input against the schema but does not fill in its defaults.
      const { catalogInfoPath } = ctx.input;
      const waitSeconds = ctx.input.waitSeconds ?? 30;
      const directory = localRepositoriesDirectory(config);
      if (ctx.isDryRun && !(await fs.pathExists(catalogInfoPath ?? ''))) {
        // A dry run publishes nothing, so there is no file to read yet.
        ctx.logger.info(
          `Dry run: would register ${catalogInfoPath} in the catalog`,
        );
        ctx.output('entityRef', '');
        ctx.output('entityRefs', []);
        ctx.output('registered', false);
        return;
      }
      if (!catalogInfoPath || !isChildPath(directory, catalogInfoPath)) {
        throw new InputError(
          `catalogInfoPath "${catalogInfoPath}" is not inside the local repositories folder ${directory}; pass the catalogInfoPath output of commerce:publish:local.`,
        );
      }
      // The repository is the first folder under the repositories folder, as publish:local names it.
      const [repoName, ...inRepo] = path
        .relative(directory, catalogInfoPath)
        .split(path.sep);
      if (!repoName || inRepo.length === 0 || inRepo[0] === '.git') {
        throw new InputError(
          `catalogInfoPath "${catalogInfoPath}" is not a file of a repository in ${directory}; pass the catalogInfoPath output of commerce:publish:local.`,
        );
      }
      if (!(await fs.pathExists(catalogInfoPath))) {
        throw new InputError(
          `${catalogInfoPath} does not exist: the published repository has no catalog-info.yaml. Check that the template generated one.`,
        );
      }
      const repoDir = path.join(directory, repoName);
      if (!ctx.isDryRun) {
        const publishedBy = await readPublishedBy(repoDir);
        if (publishedBy?.taskId !== ctx.task.id) {
          throw new NotAllowedError(
            `${repoDir} was not published by this task (${
              publishedBy
                ? `its last publish was task ${publishedBy.taskId}`
                : `it has no ${PUBLISHED_BY_FILE}`
            }): commerce:catalog:register-local registers only the repository the same task published. Publish it with commerce:publish:local in this template first and pass that step's catalogInfoPath output.`,
          );
        }
      }
      const entities = parseEntities(
        await fs.readFile(catalogInfoPath, 'utf8'),
        catalogInfoPath,
      );
      const refs = entityRefsOf(entities);
      const entityRef = stringifyEntityRef(mainEntity(entities)!);
      ctx.output('entityRef', entityRef);
      ctx.output('entityRefs', refs);

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would register ${catalogInfoPath} (${refs.join(', ')})`,
        );
        ctx.output('registered', false);
        return;
      }

      const credentials = await registrationCredentials(auth);
      const target = pathToFileURL(catalogInfoPath).href;
      await assertMayRegister({
        catalog,
        credentials,
        entities,
        target,
        initiator: await initiatorOf({
          credentials: await ctx.getInitiatorCredentials(),
          auth,
          userInfo,
          config,
        }),
      });
      const registered = await registerOrRefresh({
        catalog,
        credentials,
        logger: ctx.logger,
        target,
        entityRef,
        refs,
        waitSeconds,
      });
      ctx.output('registered', registered);
    },
  });
}

function parseEntities(text: string, file: string): Entity[] {
  const problems: string[] = [];
  const entities: Entity[] = [];
  parseAllDocuments(text).forEach((doc, index) => {
    if (doc.errors.length > 0) {
      problems.push(`document ${index + 1}: ${doc.errors[0]!.message}`);
      return;
    }
    const entity = doc.toJS() as Entity | null;
    if (!entity) return;
    if (!entity.apiVersion || !entity.kind || !entity.metadata?.name) {
      problems.push(
        `document ${index + 1}: needs apiVersion, kind and metadata.name`,
      );
      return;
    }
    entities.push(entity);
  });
  if (problems.length > 0 || entities.length === 0) {
    throw new InputError(
      `${file} is not a valid catalog file: ${
        problems.length > 0 ? problems.join('; ') : 'it declares no entity'
      }`,
    );
  }
  return entities;
}
