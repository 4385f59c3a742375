import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { PlatformReview } from '@internal/plugin-platform-review-common';
import type { SerializedReview } from './types';

const gzipAsync = promisify(gzip);

/**
 * How many filtered answers one snapshot keeps. Each is a System's or a team's slice (a few
 * hundred KiB for the largest catalogs benchmarked); the unfiltered one is always kept.
 */
const MAX_ENTRIES = 64;

/**
 * The answers of one snapshot, serialized on first request and kept, most recently used last,
 * until the snapshot is replaced (a new instance per refresh, so nothing is ever stale).
 */
export class SerializedReviews {
  private readonly entries = new Map<string, Promise<SerializedReview>>();

  constructor(private readonly generation: string) {}

  get(
    filters: { system?: string; team?: string },
    review: () => Promise<PlatformReview>,
  ): Promise<SerializedReview> {
    const key = `${filters.system ?? ''} ${filters.team ?? ''}`;
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
      if (oldest !== ' ') this.entries.delete(oldest);
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
    etag: `"${createHash('sha1')
      .update(`${generation} ${key}`)
      .digest('base64url')}"`,
    json,
    gzip: () => (gzipped ??= gzipAsync(json)),
  };
}
