import path from 'node:path';
import fs from 'fs-extra';
import {
  resolveSafeChildPath,
  type UrlReaderService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { resolveWorkspacePath } from '../workspacePath';
import { examples } from './fetchInfra.examples';

/** What a platform deployment needs from infra/: the Bicep, its parameters and linter config. */
const isDeploymentFile = (file: string) =>
  /\.(bicep|bicepparam)$/.test(file) ||
  ['bicepconfig.json', 'main.json'].includes(path.basename(file));
const skippedFolders = new Set(['node_modules', 'tests', '.git']);

/**
 * `commerce:platform:fetch-infra` — copies the shared platform's Bicep (this repository's
 * `infra/`) into the workspace for commerce:azure:deploy: from `commerce.platform.infraDirectory`
 * (local) or `commerce.platform.infraUrl` (read with the backend's URL readers, e.g. GitHub).
 * fetch:plain cannot do this locally: it refuses paths outside the template's own folder.
 */
export function createFetchInfraAction(options: {
  config: Config;
  reader: UrlReaderService;
}) {
  const { config, reader } = options;
  return createTemplateAction({
    id: 'commerce:platform:fetch-infra',
    description:
      "Copies the shared platform's Bicep into the workspace (from commerce.platform.infraDirectory or infraUrl).",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        targetPath: z =>
          z
            .string({
              description:
                'Workspace folder to copy into. Default: platform-infra',
            })
            .default('platform-infra'),
      },
      output: {
        templatePath: z =>
          z.string({
            description: 'Workspace path of the platform main.bicep',
          }),
        files: z => z.number({ description: 'How many files were copied' }),
        skipped: z =>
          z.boolean({ description: 'True when no source is configured' }),
      },
    },
    async handler(ctx) {
      // The scaffolder validates input against the schema but does not fill in its defaults.
      const targetPath = ctx.input.targetPath ?? 'platform-infra';
      const target = resolveWorkspacePath(ctx.workspacePath, targetPath, {
        field: 'targetPath',
        example: 'platform-infra',
      });
      const directory = config.getOptionalString(
        'commerce.platform.infraDirectory',
      );
      const url = config.getOptionalString('commerce.platform.infraUrl');
      ctx.output('templatePath', path.posix.join(targetPath, 'main.bicep'));
      if (directory) {
        const source = path.resolve(directory);
        if (!(await fs.pathExists(path.join(source, 'main.bicep')))) {
          throw new Error(
            `commerce.platform.infraDirectory is ${source}, which has no main.bicep; point it at the portal repository's infra/ folder`,
          );
        }
        let files = 0;
        const copyFolder = async (from: string, to: string) => {
          for (const entry of await fs.readdir(from, { withFileTypes: true })) {
            const src = path.join(from, entry.name);
            if (entry.isDirectory() && !skippedFolders.has(entry.name)) {
              await copyFolder(src, path.join(to, entry.name));
            } else if (entry.isFile() && isDeploymentFile(entry.name)) {
              await fs.copy(src, path.join(to, entry.name));
              files += 1;
            }
          }
        };
        await copyFolder(source, target);
        ctx.logger.info(
          `Copied ${files} files of the platform Bicep from ${source}`,
        );
        ctx.output('files', files);
        ctx.output('skipped', false);
        return;
      }
      if (url) {
        const tree = await reader.readTree(url, {
          filter: file =>
            !file.split('/').some(part => skippedFolders.has(part)) &&
            isDeploymentFile(file),
        });
        // A tree response can be read once: take the files and write them ourselves.
        const files = await tree.files();
        for (const file of files) {
          await fs.outputFile(
            resolveSafeChildPath(target, file.path),
            await file.content(),
          );
        }
        ctx.logger.info(
          `Copied ${files.length} files of the platform Bicep from ${url}`,
        );
        ctx.output('files', files.length);
        ctx.output('skipped', false);
        return;
      }
      ctx.logger.info(
        "not configured: set commerce.platform.infraDirectory (a local infra/ folder) or commerce.platform.infraUrl (the portal repository's infra/ URL) — the platform deployment is skipped",
      );
      ctx.output('files', 0);
      ctx.output('skipped', true);
    },
  });
}
