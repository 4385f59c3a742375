import type {
  UrlReaderService,
  UrlReaderServiceReadTreeOptions,
  UrlReaderServiceReadTreeResponse,
  UrlReaderServiceReadUrlOptions,
  UrlReaderServiceReadUrlResponse,
  UrlReaderServiceSearchOptions,
  UrlReaderServiceSearchResponse,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { Readable } from 'node:stream';
import {
  type OutboundDeadline,
  readOutboundDeadline,
  withTimeout,
} from './outboundTimeout';

/** The config key of the repository read timeout. @public */
export const READ_TIMEOUT_CONFIG_KEY = 'commerce.reading.timeoutSeconds';

/** The default of `commerce.reading.timeoutSeconds`. @public */
export const DEFAULT_READ_TIMEOUT_SECONDS = 30;

/**
 * The backend's UrlReader with a deadline on every read (`commerce.reading.timeoutSeconds`),
 * for the portal's own reads of repository files: SLO files, cost models, rollout policies,
 * decision records, the platform's Bicep. A read that does not finish in time rejects with an
 * OutboundTimeoutError naming the host, the timeout and the key.
 *
 * Each read gets the readers' own `signal` (GitHub's reader hands it to its fetch) and a race
 * against the deadline, because not every step honours the signal: GitHub's readTree resolves
 * the commit and the App's installation token without it. `readUrl` reads the body inside the
 * deadline too (a stalled body would otherwise hang `buffer()`), so its answer is held in
 * memory, as every caller here does anyway; a tree's `files()`, `dir()` and `archive()` and a
 * search hit's `content()` each get their own deadline.
 *
 * @public
 */
export function timeBoundUrlReader(
  urlReader: UrlReaderService,
  config: Config,
): UrlReaderService {
  const { timeoutMs } = readOutboundDeadline(config, {
    system: 'the repository host',
    configKey: READ_TIMEOUT_CONFIG_KEY,
    defaultSeconds: DEFAULT_READ_TIMEOUT_SECONDS,
  });
  const deadlineFor = (url: string): OutboundDeadline => ({
    system: hostOf(url),
    timeoutMs,
    configKey: READ_TIMEOUT_CONFIG_KEY,
  });

  return {
    async readUrl(
      url: string,
      options?: UrlReaderServiceReadUrlOptions,
    ): Promise<UrlReaderServiceReadUrlResponse> {
      return withTimeout(
        deadlineFor(url),
        `reading ${url}`,
        async signal => {
          const response = await urlReader.readUrl(url, {
            ...options,
            signal,
          });
          const buffer = await response.buffer();
          return {
            buffer: async () => buffer,
            stream: () => Readable.from(buffer),
            etag: response.etag,
            lastModifiedAt: response.lastModifiedAt,
          };
        },
        { signal: options?.signal },
      );
    },

    async readTree(
      url: string,
      options?: UrlReaderServiceReadTreeOptions,
    ): Promise<UrlReaderServiceReadTreeResponse> {
      const deadline = deadlineFor(url);
      const subject = `reading the folder ${url}`;
      const tree = await withTimeout(
        deadline,
        subject,
        signal => urlReader.readTree(url, { ...options, signal }),
        { signal: options?.signal },
      );
      return {
        etag: tree.etag,
        files: () => withTimeout(deadline, subject, () => tree.files()),
        archive: () => withTimeout(deadline, subject, () => tree.archive()),
        dir: dirOptions =>
          withTimeout(deadline, subject, () => tree.dir(dirOptions)),
      };
    },

    async search(
      url: string,
      options?: UrlReaderServiceSearchOptions,
    ): Promise<UrlReaderServiceSearchResponse> {
      const deadline = deadlineFor(url);
      const found = await withTimeout(
        deadline,
        `searching ${url}`,
        signal => urlReader.search(url, { ...options, signal }),
        { signal: options?.signal },
      );
      return {
        etag: found.etag,
        files: found.files.map(file => ({
          ...file,
          content: () =>
            withTimeout(deadline, `reading ${file.url}`, () => file.content()),
        })),
      };
    },
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || 'the repository host';
  } catch {
    return 'the repository host';
  }
}
