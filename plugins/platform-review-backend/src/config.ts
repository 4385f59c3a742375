import path from 'node:path';
import { type Config, readDurationFromConfig } from '@backstage/config';

/** A duration as the scheduler takes it, e.g. `{ minutes: 5 }`. */
export type Duration = ReturnType<typeof readDurationFromConfig>;

/** The review's settings (config.d.ts), with their defaults. */
export interface PlatformReviewConfig {
  refreshInterval: Duration;
  /** How long after the backend starts the scheduled refresh first runs. */
  initialDelay: Duration;
  /** Folders of `catalog.locations` of type file, where local decision records may be read. */
  localCatalogFolders: string[];
}

/**
 * Reads `platformReview.*`. A malformed duration fails the backend's start with the key and
 * the value in the message (readDurationFromConfig's own error), rather than a silent default.
 */
export function readPlatformReviewConfig(config: Config): PlatformReviewConfig {
  const refreshInterval = config.has('platformReview.refreshInterval')
    ? readDurationFromConfig(config, { key: 'platformReview.refreshInterval' })
    : { minutes: 5 };
  // Gives a fresh portal's catalog its first processing pass before the first snapshot; a
  // request before then waits for it (the scheduler's workers start polling after it).
  const initialDelay = config.has('platformReview.initialDelay')
    ? readDurationFromConfig(config, { key: 'platformReview.initialDelay' })
    : { seconds: 30 };
  // The catalog resolves file targets against the backend's working directory; so does this.
  const localCatalogFolders = (
    config.getOptionalConfigArray('catalog.locations') ?? []
  )
    .filter(location => location.getString('type') === 'file')
    .map(location => path.dirname(path.resolve(location.getString('target'))));
  return { refreshInterval, initialDelay, localCatalogFolders };
}
