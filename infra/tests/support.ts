import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** infra/ */
export const infraDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
);
export const repoRoot = path.resolve(infraDir, '..');

/** Files under `dir` (relative to the repository root) whose names match `pattern`. */
export function filesUnder(dir: string, pattern: RegExp): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(path.join(repoRoot, current)).sort()) {
      const relative = path.join(current, entry);
      if (entry === 'node_modules') continue;
      if (statSync(path.join(repoRoot, relative)).isDirectory()) walk(relative);
      else if (pattern.test(entry)) found.push(relative);
    }
  };
  walk(dir);
  return found;
}

export const read = (relative: string) =>
  readFileSync(path.join(repoRoot, relative), 'utf8');
