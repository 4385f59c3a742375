/*
 * Writes the spec of every commerce-service template (templates/<kind>-service/template.yaml)
 * from the shared parts in templates/shared/, so the four templates cannot drift apart
 * (testing/serviceTemplates.ts says how, and why not a `$yaml` include).
 *
 *   yarn templates:generate          rewrite the stale templates
 *   yarn templates:generate --check  exit 1 when a template is not what the shared parts give
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { serviceTemplateFiles } from './testing/serviceTemplates';

function main() {
  const check = process.argv.includes('--check');
  // A repository tool run from its source (never bundled), so __dirname is packages/tools/src.
  // eslint-disable-next-line no-restricted-syntax
  const root = path.resolve(__dirname, '../../..');
  const stale = serviceTemplateFiles().filter(t => t.current !== t.expected);
  for (const { file, expected } of stale) {
    const name = path.relative(root, file);
    if (check) {
      process.stderr.write(`${name} is stale: run yarn templates:generate\n`);
    } else {
      writeFileSync(file, expected);
      process.stdout.write(`wrote ${name}\n`);
    }
  }
  if (check && stale.length > 0) process.exitCode = 1;
}

if (require.main === module) main();
