import path from 'node:path';
import type { Config } from '@backstage/config';

/**
 * The folder local repositories are published under: `commerce.publish.local.directory`, else
 * `<PORTAL_DATA_DIR or .data>/repositories`, resolved against the working directory.
 */
export function localRepositoriesDirectory(config: Config): string {
  const configured = config.getOptionalString(
    'commerce.publish.local.directory',
  );
  return path.resolve(
    configured ??
      path.join(process.env.PORTAL_DATA_DIR ?? '.data', 'repositories'),
  );
}

/** True when the portal publishes new services locally (the default). */
export function publishesLocally(config: Config): boolean {
  return (
    (config.getOptionalString('commerce.publish.target') ?? 'local') === 'local'
  );
}
