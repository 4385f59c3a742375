import {
  NoOperationTraceWriter,
  parseWorkflow,
} from '@actions/workflow-parser';

/**
 * What GitHub's own workflow parser reports about a workflow (empty when it is valid). Needs
 * `node --import @internal/iac-checks/json-modules` (see json-modules.ts).
 */
export function workflowProblems(name: string, content: string): string[] {
  return parseWorkflow({ name, content }, new NoOperationTraceWriter())
    .context.errors.getErrors()
    .map(e => e.message);
}

/**
 * `uses:` references that are not pinned to a full commit SHA with its version in a comment
 * (`owner/repo@<40 hex> # v1.2.3`). Local actions (`./…`) are the repository's own.
 */
export function unpinnedActions(content: string): string[] {
  return [...content.matchAll(/^\s*(?:-\s+)?uses:\s*([^\n]+)$/gm)]
    .map(m => m[1]!.trim())
    .filter(ref => !ref.startsWith('./'))
    .filter(
      ref => !/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}\s+#\s*v?\d[\w.-]*$/.test(ref),
    );
}
