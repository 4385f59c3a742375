import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  isChildPath,
  type UrlReaderService,
  type UrlReaderServiceReadTreeOptions,
  type UrlReaderServiceReadTreeResponse,
  type UrlReaderServiceReadUrlOptions,
  type UrlReaderServiceReadUrlResponse,
  type UrlReaderServiceSearchOptions,
  type UrlReaderServiceSearchResponse,
} from '@backstage/backend-plugin-api';
import {
  ReadUrlResponseFactory,
  type ReadTreeResponseFactory,
} from '@backstage/backend-defaults/urlReader';
import {
  NotAllowedError,
  NotFoundError,
  NotModifiedError,
} from '@backstage/errors';

/**
 * Reads `file://` URLs inside one folder (the local repositories). Refuses everything else, so a
 * catalog location cannot read other files of the host.
 */
export class LocalRepositoryUrlReader implements UrlReaderService {
  constructor(
    private readonly root: string,
    private readonly treeResponseFactory: ReadTreeResponseFactory,
  ) {}

  /** Whether a URL is this reader's: a file:// URL inside the root. */
  handles(url: URL): boolean {
    if (url.protocol !== 'file:') return false;
    try {
      return isChildPath(this.root, fileURLToPath(url));
    } catch {
      return false;
    }
  }

  private pathOf(url: string): string {
    const parsed = new URL(url);
    if (!this.handles(parsed)) {
      throw new NotAllowedError(
        `${url} is outside the local repositories folder ${this.root}`,
      );
    }
    const file = fileURLToPath(parsed);
    // No escaping through a symlink either.
    if (fs.existsSync(file) && !isChildPath(this.root, fs.realpathSync(file))) {
      throw new NotAllowedError(`${url} leads outside ${this.root}`);
    }
    return file;
  }

  async readUrl(
    url: string,
    options?: UrlReaderServiceReadUrlOptions,
  ): Promise<UrlReaderServiceReadUrlResponse> {
    const file = this.pathOf(url);
    const stat = await fs.promises.stat(file).catch(() => undefined);
    if (!stat?.isFile()) {
      throw new NotFoundError(`${url} does not exist`);
    }
    const etag = `${stat.size}-${stat.mtimeMs}`;
    if (options?.etag === etag) {
      throw new NotModifiedError();
    }
    return ReadUrlResponseFactory.fromReadable(fs.createReadStream(file), {
      etag,
      lastModifiedAt: stat.mtime,
    });
  }

  async readTree(
    url: string,
    options?: UrlReaderServiceReadTreeOptions,
  ): Promise<UrlReaderServiceReadTreeResponse> {
    let dir = this.pathOf(url);
    const stat = await fs.promises.stat(dir).catch(() => undefined);
    if (!stat) {
      throw new NotFoundError(`${url} does not exist`);
    }
    if (stat.isFile()) dir = path.dirname(dir);

    const files: Array<{ full: string; relative: string; stat: fs.Stats }> = [];
    const walk = async (current: string) => {
      for (const entry of await fs.promises.readdir(current, {
        withFileTypes: true,
      })) {
        if (entry.name === '.git' || entry.name === 'node_modules') continue;
        const full = path.join(current, entry.name);
        if (entry.isDirectory()) {
          await walk(full);
        } else if (entry.isFile()) {
          const fileStat = await fs.promises.stat(full);
          const relative = path.relative(dir, full).split(path.sep).join('/');
          if (
            !options?.filter ||
            options.filter(relative, { size: fileStat.size })
          ) {
            files.push({ full, relative, stat: fileStat });
          }
        }
      }
    };
    await walk(dir);

    const etag = String(
      Math.max(0, ...files.map(f => Math.floor(f.stat.mtimeMs))),
    );
    if (options?.etag === etag) {
      throw new NotModifiedError();
    }
    const response = await this.treeResponseFactory.fromReadableArray(
      files.map(f => ({
        data: fs.createReadStream(f.full),
        path: f.relative,
        lastModifiedAt: f.stat.mtime,
      })),
    );
    // The factory's response has no etag of its own; keep its methods (it is a class instance).
    return {
      etag,
      files: () => response.files(),
      archive: () => response.archive(),
      dir: dirOptions => response.dir(dirOptions),
    };
  }

  /**
   * The catalog reads `url` locations through search (it allows globs). A local repository's
   * catalog-info.yaml is always named exactly, so one exact path is supported: its file, or none.
   */
  async search(
    url: string,
    options?: UrlReaderServiceSearchOptions,
  ): Promise<UrlReaderServiceSearchResponse> {
    if (/[*?[\]{}]/.test(decodeURIComponent(new URL(url).pathname))) {
      throw new NotAllowedError(
        `${url}: patterns are not supported for local repositories; name the file`,
      );
    }
    const file = this.pathOf(url);
    const stat = await fs.promises.stat(file).catch(() => undefined);
    if (!stat?.isFile()) {
      return { files: [], etag: '' };
    }
    const etag = `${stat.size}-${stat.mtimeMs}`;
    if (options?.etag === etag) {
      throw new NotModifiedError();
    }
    return {
      etag,
      files: [
        {
          url,
          content: () => fs.promises.readFile(file),
          lastModifiedAt: stat.mtime,
        },
      ],
    };
  }

  toString() {
    return `local-repositories{root=${this.root}}`;
  }
}
