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
  InputError,
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

  /**
   * The file a URL names, after every check; each refusal is typed and says what was wrong,
   * because the backend's other readers (and the catalog) show the message as it is.
   */
  private pathOf(url: string): string {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new InputError(
        `${JSON.stringify(url)} is not a URL; name a file:// URL inside ${
          this.root
        }`,
      );
    }
    if (parsed.protocol !== 'file:') {
      throw new NotAllowedError(
        `${url} is not a file:// URL; this reader reads only the local repositories folder ${this.root}`,
      );
    }
    let file: string;
    try {
      file = fileURLToPath(parsed);
    } catch (error) {
      // e.g. an encoded "/" (%2F), a malformed escape (%zz) or a host other than localhost
      throw new InputError(
        `${url} does not name a file on this machine: ${
          (error as Error).message
        }`,
      );
    }
    if (file.includes('\0')) {
      throw new InputError(
        `${url} contains a NUL character (%00), which no file name can`,
      );
    }
    // isChildPath resolves symlinks on disk, so it meets the file system's own refusals.
    let inside: boolean;
    try {
      inside = isChildPath(this.root, file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') {
        throw new NotFoundError(
          `${url} does not exist: a part of its path is a file`,
        );
      }
      throw new InputError(
        `${url} does not name a file on this machine: ${
          code === 'ENAMETOOLONG'
            ? 'the path is too long'
            : (error as Error).message
        }`,
      );
    }
    if (!inside) {
      throw new NotAllowedError(
        `${url} is outside the local repositories folder ${this.root}`,
      );
    }
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
    const file = this.pathOf(url);
    if (/[*?[\]{}]/.test(path.relative(this.root, file))) {
      throw new NotAllowedError(
        `${url}: patterns are not supported for local repositories; name the file`,
      );
    }
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
