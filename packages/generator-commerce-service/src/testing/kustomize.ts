import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';

/**
 * What kustomize builds from `dir`: kubectl's built-in kustomize, as Argo CD runs it. A JSON
 * patch `replace` of a path the base lacks, or a base folder holding its overlay, fails here as
 * it would in Argo CD.
 */
export function kustomizeBuild<T = any>(dir: string): T[] {
  const result = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new Error(
      `kubectl kustomize ${dir} failed: ${
        result.error?.message ?? result.stderr
      }. Install kubectl (it ships kustomize) to run this test.`,
    );
  }
  return parseAllDocuments(result.stdout).map(doc => doc.toJS() as T);
}
