import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { PlatformReview } from '@internal/plugin-platform-review-common';
import type { SerializedReview } from './types';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * How many filtered answers one snapshot keeps. Each is a System's or a team's slice (a few
 * hundred KiB for the largest catalogs benchmarked); the unfiltered one is always kept.
 */
const MAX_ENTRIES = 64;

const UNFILTERED = ' ';

const keyOf = (filters: { system?: string; team?: string }) =>
  `${filters.system ?? ''} ${filters.team ?? ''}`;

/**
 * A strong validator that depends only on the snapshot and the filters, so every replica
 * serving the same snapshot gives the same ETag for the same answer.
 */
function etagOf(generation: string, key: string): string {
  return `"${createHash('sha1')
    .update(`${generation} ${key}`)
    .digest('base64url')}"`;
}

/**
 * The answers of one snapshot, serialized on first request and kept, most recently used last,
 * until the snapshot is replaced (a new instance per snapshot, so nothing is ever stale). The
 * unfiltered answer comes compressed from the store and is served as it is.
 */
export class SerializedReviews {
  private readonly entries = new Map<string, Promise<SerializedReview>>();

  constructor(private readonly generation: string, unfilteredGzip: Buffer) {
    let json: Promise<Buffer> | undefined;
    this.entries.set(
      UNFILTERED,
      Promise.resolve({
        etag: etagOf(generation, UNFILTERED),
        // Only for the rare client that does not accept gzip; inflated off the event loop.
        json: () => (json ??= gunzipAsync(unfilteredGzip)),
        gzip: async () => unfilteredGzip,
      }),
    );
  }

  get(
    filters: { system?: string; team?: string },
    review: () => Promise<PlatformReview>,
  ): Promise<SerializedReview> {
    const key = keyOf(filters);
    let entry = this.entries.get(key);
    if (entry) {
      // Map order is insertion order: re-inserting marks it most recently used.
      this.entries.delete(key);
    } else {
      entry = review().then(value => serialize(value, this.generation, key));
      // A failed serialization is not kept.
      entry.catch(() => this.entries.delete(key));
    }
    this.entries.set(key, entry);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= MAX_ENTRIES) break;
      if (oldest !== UNFILTERED) this.entries.delete(oldest);
    }
    return entry;
  }
}

function serialize(
  review: PlatformReview,
  generation: string,
  key: string,
): SerializedReview {
  const json = Buffer.from(JSON.stringify(review), 'utf8');
  let gzipped: Promise<Buffer> | undefined;
  return {
    etag: etagOf(generation, key),
    json: async () => json,
    gzip: () => (gzipped ??= gzipAsync(json)),
  };
}
