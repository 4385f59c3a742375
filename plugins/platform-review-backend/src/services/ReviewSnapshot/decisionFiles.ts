import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  isChildPath,
  type UrlReaderService,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  type Entity,
  parseLocationRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { isError, toError } from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import {
  asDirectoryUrl,
  entityFileUrl,
  mapConcurrently,
} from '@internal/plugin-catalog-files-node';
import { ADR_LOCATION_ANNOTATION } from '@internal/plugin-platform-review-common';

/** One decision record's file, not yet parsed (parsing depends on the day and the catalog). */
export interface DecisionFile {
  entityRef: string;
  /** The file name, e.g. `0009-defer-service-mesh.md`. */
  file: string;
  url: string;
  text: string;
}

/** A folder that could not be read, for the entity it belongs to. */
export interface DecisionFolderProblem {
  entityRef: string;
  message: string;
}

interface CachedTree {
  etag: string;
  files: { file: string; text: string }[];
}

/** How many ADR folders are read at once. */
const CONCURRENCY = 8;

/** `*.md` directly in the folder, except its README (MADR's index of the records). */
export function isDecisionFile(relativePath: string): boolean {
  return (
    !relativePath.includes('/') &&
    relativePath.toLowerCase().endsWith('.md') &&
    relativePath.toLowerCase() !== 'readme.md'
  );
}

class LocalFolderNotAllowed extends Error {
  constructor(readonly folder: string) {
    super(`${folder} is outside the configured catalog file locations`);
  }
}

/**
 * Reads the decision records of every entity with `backstage.io/adr-location`.
 *
 * - An entity read from a URL (a service's repository on GitHub, or a local repository's
 *   file:// URL) has its folder read as a tree through the UrlReader, with the tree's ETag kept,
 *   so an unchanged folder costs one "not modified" per refresh.
 * - An entity the catalog read from a `file` location (locally, the portal's own
 *   catalog-info.yaml, whose decisions are docs/decisions of this repository) is read from disk,
 *   but only inside the folder of one of the `catalog.locations` of type file the operator
 *   configured: the UrlReader has no reader for arbitrary local paths, on purpose, and an
 *   annotation such as `../../..` must not turn the review into a file browser.
 */
export class DecisionFileReader {
  private cache = new Map<string, CachedTree>();

  constructor(
    private readonly urlReader: UrlReaderService,
    private readonly integrations: ScmIntegrationRegistry,
    /** Folders of the configured file locations (absolute). */
    private readonly localCatalogFolders: readonly string[],
  ) {}

  async read(entities: readonly Entity[]): Promise<{
    files: DecisionFile[];
    problems: DecisionFolderProblem[];
  }> {
    const withDecisions = entities.filter(
      entity => entity.metadata.annotations?.[ADR_LOCATION_ANNOTATION],
    );
    const seen = new Map<string, CachedTree>();
    const results = await mapConcurrently(
      withDecisions,
      CONCURRENCY,
      async entity => {
        const entityRef = stringifyEntityRef(entity);
        try {
          const folder = this.folderOf(entity);
          const files =
            folder.type === 'url'
              ? await this.readUrlFolder(folder.url, seen)
              : await readLocalFolder(folder.path);
          return {
            files: files.map(f => ({ entityRef, ...f })),
            problems: [],
          };
        } catch (error) {
          return {
            files: [],
            problems: [{ entityRef, message: this.describe(entity, error) }],
          };
        }
      },
    );
    this.cache = seen;
    return {
      files: results.flatMap(r => r.files),
      problems: results.flatMap(r => r.problems),
    };
  }

  /** Where the folder is: a URL for the UrlReader, or a path under a configured file location. */
  private folderOf(
    entity: Entity,
  ): { type: 'url'; url: string } | { type: 'file'; path: string } {
    const value = entity.metadata.annotations![ADR_LOCATION_ANNOTATION]!;
    const local = localLocationFile(entity);
    if (local && !value.trim().startsWith('url:')) {
      const folder = path.resolve(path.dirname(local), value.trim());
      const allowed = this.localCatalogFolders.some(root =>
        isChildPath(root, folder),
      );
      if (!allowed || !staysInside(folder, this.localCatalogFolders)) {
        throw new LocalFolderNotAllowed(folder);
      }
      return { type: 'file', path: folder };
    }
    const url = entityFileUrl(
      entity,
      ADR_LOCATION_ANNOTATION,
      this.integrations,
    );
    return { type: 'url', url: asDirectoryUrl(url!) };
  }

  private async readUrlFolder(
    url: string,
    seen: Map<string, CachedTree>,
  ): Promise<{ file: string; url: string; text: string }[]> {
    const cached = this.cache.get(url);
    let tree: CachedTree;
    try {
      const response = await this.urlReader.readTree(url, {
        etag: cached?.etag,
        filter: relativePath => isDecisionFile(relativePath),
      });
      const files = await response.files();
      tree = {
        etag: response.etag,
        files: await Promise.all(
          files
            // Readers that cannot filter (or filter by directory only) still give only records.
            .filter(f => isDecisionFile(f.path))
            .map(async f => ({
              file: f.path,
              text: (await f.content()).toString('utf8'),
            })),
        ),
      };
    } catch (error) {
      if (!(cached && isError(error) && error.name === 'NotModifiedError')) {
        throw error;
      }
      tree = cached;
    }
    seen.set(url, tree);
    return tree.files
      .map(f => ({
        ...f,
        url: this.integrations.resolveUrl({ url: f.file, base: url }),
      }))
      .sort((a, b) => a.file.localeCompare(b.file));
  }

  private describe(entity: Entity, error: unknown): string {
    const entityRef = stringifyEntityRef(entity);
    const value = entity.metadata.annotations![ADR_LOCATION_ANNOTATION];
    if (error instanceof LocalFolderNotAllowed) {
      return `${entityRef}: ${ADR_LOCATION_ANNOTATION} "${value}" leads to ${error.folder}, outside the folders of the catalog's configured file locations; keep the decisions beside its catalog-info.yaml`;
    }
    if (isError(error) && error.name === 'NotFoundError') {
      return `${entityRef}: ${ADR_LOCATION_ANNOTATION} names "${value}", which does not exist; fix the annotation or add the folder`;
    }
    return `${entityRef}: its decision records ("${value}") could not be read: ${
      toError(error).message
    }`;
  }
}

/** No escaping through a symlink either: the real folder must be inside a real root. */
function staysInside(folder: string, roots: readonly string[]): boolean {
  let real: string;
  try {
    real = fs.realpathSync(folder);
  } catch {
    return true; // it does not exist; reading it says so
  }
  return roots.some(root => {
    try {
      return isChildPath(fs.realpathSync(root), real);
    } catch {
      return false;
    }
  });
}

/** The file an entity was read from, when the catalog read it from a `file` location. */
function localLocationFile(entity: Entity): string | undefined {
  // A source location of type url wins: that is where the files are.
  for (const key of [ANNOTATION_SOURCE_LOCATION, ANNOTATION_LOCATION]) {
    const ref = entity.metadata.annotations?.[key];
    if (!ref) continue;
    try {
      const { type, target } = parseLocationRef(ref);
      if (type === 'url') return undefined;
      if (type === 'file') {
        return target.startsWith('file:') ? fileURLToPath(target) : target;
      }
    } catch {
      // A malformed location annotation is the catalog's concern.
    }
  }
  return undefined;
}

async function readLocalFolder(
  folder: string,
): Promise<{ file: string; url: string; text: string }[]> {
  let names: string[];
  try {
    names = await fs.promises.readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      const notFound = new Error(`${folder} does not exist`);
      notFound.name = 'NotFoundError';
      throw notFound;
    }
    throw error;
  }
  const files = await Promise.all(
    names.filter(isDecisionFile).map(async file => {
      const full = path.join(folder, file);
      // lstat: a symlinked record could point anywhere on the host.
      const stat = await fs.promises.lstat(full);
      if (!stat.isFile()) return undefined;
      return {
        file,
        url: pathToFileURL(full).href,
        text: await fs.promises.readFile(full, 'utf8'),
      };
    }),
  );
  return files
    .filter((f): f is NonNullable<typeof f> => f !== undefined)
    .sort((a, b) => a.file.localeCompare(b.file));
}
