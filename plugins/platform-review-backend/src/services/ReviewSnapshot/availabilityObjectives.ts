import type { UrlReaderService } from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { isError, toError } from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import {
  entityFileUrl,
  mapConcurrently,
  parseYamlDocuments,
} from '@internal/plugin-catalog-files-node';
import { sloTargetsFromOpenSlo } from '@internal/plugin-rollout-common';
import { readOpenSlo, SLO_FILE_ANNOTATION } from '@internal/plugin-slo-common';

/**
 * A service's declared availability, from its OpenSLO file.
 *
 * @public
 */
export interface AvailabilityObjective {
  entityRef: string;
  /** The strictest objective counting requests without a server error, e.g. 0.9999. */
  availability?: number;
  /** The OpenSLO file it was read from. */
  url: string;
  /** Why there is no availability (file missing, broken YAML, no such SLO…). */
  problems: string[];
}

interface CachedFile {
  etag?: string;
  objective: Omit<AvailabilityObjective, 'entityRef'>;
}

/** How many SLO files are read at once. */
const CONCURRENCY = 16;

/**
 * Reads each service's OpenSLO file (`commerce.platform/slo-file`) and keeps what it found per
 * file URL with the file's ETag: the next refresh asks the git host "changed since?" and, for
 * the thousands of files that have not, gets a 304 instead of the file. It is the same reading
 * as readEntityFile (@internal/plugin-catalog-files-node), which has no ETag option.
 */
export class AvailabilityObjectiveReader {
  private cache = new Map<string, CachedFile>();

  constructor(
    private readonly urlReader: UrlReaderService,
    private readonly integrations: ScmIntegrationRegistry,
  ) {}

  /** The objective of every entity that names an SLO file; unreadable files are problems. */
  async read(entities: readonly Entity[]): Promise<AvailabilityObjective[]> {
    const withFile = entities.filter(
      entity => entity.metadata.annotations?.[SLO_FILE_ANNOTATION],
    );
    const seen = new Map<string, CachedFile>();
    const objectives = await mapConcurrently(
      withFile,
      CONCURRENCY,
      async (entity): Promise<AvailabilityObjective> => {
        const entityRef = stringifyEntityRef(entity);
        let url: string | undefined;
        try {
          url = entityFileUrl(entity, SLO_FILE_ANNOTATION, this.integrations);
        } catch (error) {
          return { entityRef, url: '', problems: [toError(error).message] };
        }
        if (!url) {
          return { entityRef, url: '', problems: [] };
        }
        const file = await this.readFile(entity, url);
        seen.set(url, file);
        return { entityRef, ...file.objective };
      },
    );
    // Files no entity names any more are forgotten, so the cache follows the catalog.
    this.cache = seen;
    return objectives;
  }

  private async readFile(entity: Entity, url: string): Promise<CachedFile> {
    const cached = this.cache.get(url);
    const label = `${stringifyEntityRef(entity)}: ${
      entity.metadata.annotations![SLO_FILE_ANNOTATION]
    }`;
    let text: string;
    let etag: string | undefined;
    try {
      const response = await this.urlReader.readUrl(url, {
        etag: cached?.etag,
      });
      text = (await response.buffer()).toString('utf8');
      etag = response.etag;
    } catch (error) {
      if (cached && isError(error) && error.name === 'NotModifiedError') {
        return cached;
      }
      const problem =
        isError(error) && error.name === 'NotFoundError'
          ? `${stringifyEntityRef(
              entity,
            )}: ${SLO_FILE_ANNOTATION} names ${url}, which does not exist; fix the annotation or add the file`
          : `${stringifyEntityRef(
              entity,
            )}: its SLO file ${url} could not be read: ${
              toError(error).message
            }`;
      // Not cached: the next refresh tries again.
      return { objective: { url, problems: [problem] } };
    }
    return { etag, objective: { url, ...availabilityFrom(text, label) } };
  }
}

/** The availability objective an OpenSLO file declares, or why there is none. */
export function availabilityFrom(
  text: string,
  label: string,
): { availability?: number; problems: string[] } {
  const { documents, problems } = parseYamlDocuments(text, label);
  const openSlo = readOpenSlo(documents);
  const derived = sloTargetsFromOpenSlo(openSlo.slos);
  problems.push(...openSlo.problems.map(p => `${label}: ${p}`));
  if (derived.targets.availability === undefined) {
    problems.push(
      `${label}: no availability objective (an SLO whose good query excludes 5xx responses); add the one the blueprint generates`,
    );
  }
  return { availability: derived.targets.availability, problems };
}
