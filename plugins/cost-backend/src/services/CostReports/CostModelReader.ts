import type { UrlReaderService } from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { isError, toError } from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import {
  entityFileUrl,
  yamlProblemMessage,
} from '@internal/plugin-catalog-files-node';
import {
  COST_MODEL_ANNOTATION,
  type CostModel,
  parseCostModel,
} from '@internal/plugin-cost-common';
import { parse } from 'yaml';

/** A service's cost model, or why it cannot be used; `none` without the annotation. */
export type CostModelResult =
  | { status: 'none' }
  | { status: 'read'; url: string; model: CostModel }
  | { status: 'failed'; url?: string; problem: string };

/**
 * Reads and parses the cost model a service's `commerce.platform/cost-model` annotation names,
 * keeping each file's result with its ETag: the next read asks the git host "changed since?"
 * and, for the thousands of files that have not, gets a 304 and reuses the parsed model. It is
 * readEntityFile (@internal/plugin-catalog-files-node) with an ETag, which that has no option for.
 */
export class CostModelReader {
  readonly #cache = new Map<
    string,
    { etag: string; result: CostModelResult }
  >();

  constructor(
    private readonly urlReader: UrlReaderService,
    private readonly integrations: ScmIntegrationRegistry,
  ) {}

  /** Never throws: a missing or broken file is a `failed` result that says what to fix. */
  async read(entity: Entity): Promise<CostModelResult> {
    let url: string | undefined;
    try {
      url = entityFileUrl(entity, COST_MODEL_ANNOTATION, this.integrations);
    } catch (error) {
      return { status: 'failed', problem: toError(error).message };
    }
    if (!url) {
      return { status: 'none' };
    }
    const cached = this.#cache.get(url);
    let text: string;
    let etag: string | undefined;
    try {
      const response = await this.urlReader.readUrl(
        url,
        cached && { etag: cached.etag },
      );
      text = (await response.buffer()).toString('utf8');
      etag = response.etag;
    } catch (error) {
      if (cached && isError(error) && error.name === 'NotModifiedError') {
        return cached.result;
      }
      this.#cache.delete(url);
      return {
        status: 'failed',
        problem:
          isError(error) && error.name === 'NotFoundError'
            ? `${stringifyEntityRef(
                entity,
              )}: ${COST_MODEL_ANNOTATION} names ${url}, which does not exist; fix the annotation or add the file`
            : toError(error).message,
      };
    }
    const result = parseModel(text, url);
    if (etag) {
      this.#cache.set(url, { etag, result });
    } else {
      this.#cache.delete(url);
    }
    return result;
  }

  /** Forgets the files no service names any more, so the cache follows the catalog. */
  retainOnly(urls: ReadonlySet<string>): void {
    for (const url of this.#cache.keys()) {
      if (!urls.has(url)) this.#cache.delete(url);
    }
  }
}

function parseModel(text: string, url: string): CostModelResult {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    return {
      status: 'failed',
      url,
      problem: `${url} is not valid YAML: ${yamlProblemMessage(error)}`,
    };
  }
  try {
    return { status: 'read', url, model: parseCostModel(document, url) };
  } catch (error) {
    return { status: 'failed', url, problem: toError(error).message };
  }
}
