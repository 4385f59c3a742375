/*
 * Writes each custom backend's src/schema/openapi.generated.ts from its src/schema/openapi.yaml:
 * the document as a TypeScript `as const` object, which the router is typed from and serves.
 * Upstream's `backstage-repo-tools package schema openapi generate` does this too, but
 * @backstage/repo-tools is not a dependency here; each backend's openapi.test.ts fails when the
 * YAML and the module differ, so an edit without a re-run is caught.
 *
 *   yarn openapi:generate
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

// A repository tool run from its source (never bundled), so __dirname is packages/tools/src.
// eslint-disable-next-line no-restricted-syntax
const root = path.resolve(__dirname, '../../..');
const BACKENDS = [
  'slo-backend',
  'rollout-backend',
  'cost-backend',
  'platform-review-backend',
];

for (const backend of BACKENDS) {
  const folder = path.join(root, 'plugins', backend, 'src/schema');
  const spec = parse(readFileSync(path.join(folder, 'openapi.yaml'), 'utf8'));
  writeFileSync(
    path.join(folder, 'openapi.generated.ts'),
    `// Generated from openapi.yaml by \`yarn openapi:generate\` (packages/tools/src/openapiGenerate.ts); do
// not edit: change the YAML and re-run it. openapi.test.ts fails when the two differ.

/**
 * The ${backend.replace(
   /-backend$/,
   '',
 )} backend's OpenAPI document: the router is typed from it and serves it at /openapi.json.
 *
 * @public
 */
export const spec = ${JSON.stringify(spec, null, 2)} as const;
`,
  );
  console.log(`wrote plugins/${backend}/src/schema/openapi.generated.ts`);
}
