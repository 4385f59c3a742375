/**
 * Lets tests import @actions/workflow-parser, GitHub's own workflow parser: it imports its JSON
 * schema without `with { type: 'json' }`, which Node refuses (ERR_IMPORT_ATTRIBUTE_MISSING).
 * This hook serves such JSON files as ES modules exporting the parsed document instead.
 * Registered with `node --import @internal/iac-checks/json-modules`.
 */
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
import { readFile } from 'node:fs/promises';
export async function load(url, context, nextLoad) {
  if (url.endsWith('.json') && !context.importAttributes?.type) {
    const text = await readFile(new URL(url), 'utf8');
    return { format: 'module', source: 'export default ' + text + ';', shortCircuit: true };
  }
  return nextLoad(url, context);
}`)}`,
);
