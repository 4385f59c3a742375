import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './startPortalBackend';

/** The commerce-service templates in the repository: templates/<kind>-service/template.yaml. */
export const serviceTemplates = fs
  .readdirSync(path.join(repoRoot, 'templates'))
  .filter(dir => dir.endsWith('-service'))
  .map(dir => ({
    dir,
    kind: dir.replace(/-service$/, ''),
    file: path.join(repoRoot, 'templates', dir, 'template.yaml'),
  }));
