/** The record's number from its MADR file name: `0009-defer-service-mesh.md` → `0009`. */
export function decisionNumber(file: string): string | undefined {
  return /^(\d+)[-_]/.exec(file.split('/').pop() ?? '')?.[1];
}
