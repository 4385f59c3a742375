import type { UrlReaderService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  parseLocationRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';

/**
 * Where a file named by `annotation` lives: the annotation's value resolved against the
 * entity's source location (or, without one, the location its catalog-info.yaml was read from).
 * An absolute `url:` value is used as it is.
 *
 * @returns undefined when the entity does not carry the annotation.
 * @throws InputError when the entity has no location to resolve a relative path against.
 * @public
 */
export function entityFileUrl(
  entity: Entity,
  annotation: string,
  integrations: ScmIntegrationRegistry,
): string | undefined {
  const value = entity.metadata.annotations?.[annotation]?.trim();
  if (!value) {
    return undefined;
  }
  if (value.startsWith('url:')) {
    return value.slice('url:'.length);
  }
  const base = baseLocation(entity);
  if (!base) {
    throw new InputError(
      `${stringifyEntityRef(
        entity,
      )}: ${annotation} is the relative path "${value}", but the entity has no ${ANNOTATION_SOURCE_LOCATION} or ${ANNOTATION_LOCATION} annotation of type url to resolve it against; use an absolute url:… value`,
    );
  }
  return integrations.resolveUrl({ url: value, base });
}

function baseLocation(entity: Entity): string | undefined {
  for (const key of [ANNOTATION_SOURCE_LOCATION, ANNOTATION_LOCATION]) {
    const ref = entity.metadata.annotations?.[key];
    if (!ref) continue;
    try {
      const { type, target } = parseLocationRef(ref);
      if (type === 'url') {
        return target;
      }
    } catch {
      // A malformed location annotation is the catalog's concern; try the next one.
    }
  }
  return undefined;
}

/**
 * A file an entity's annotation names, read as text.
 *
 * @public
 */
export interface EntityFile {
  /** The URL it was read from, for messages and links. */
  url: string;
  text: string;
}

/**
 * Reads the file `annotation` names through the UrlReader (so GitHub, Azure DevOps and the
 * local repositories folder all work the same way).
 *
 * @returns undefined when the entity does not carry the annotation.
 * @throws NotFoundError when the file is not there, with the URL that was tried.
 * @public
 */
export async function readEntityFile(options: {
  entity: Entity;
  annotation: string;
  integrations: ScmIntegrationRegistry;
  urlReader: UrlReaderService;
}): Promise<EntityFile | undefined> {
  const { entity, annotation, integrations, urlReader } = options;
  const url = entityFileUrl(entity, annotation, integrations);
  if (!url) {
    return undefined;
  }
  try {
    const response = await urlReader.readUrl(url);
    return { url, text: (await response.buffer()).toString('utf8') };
  } catch (error) {
    if ((error as Error)?.name === 'NotFoundError') {
      throw new NotFoundError(
        `${stringifyEntityRef(
          entity,
        )}: ${annotation} names ${url}, which does not exist; fix the annotation or add the file`,
      );
    }
    throw error;
  }
}

/**
 * `url` as a directory URL, so that relative file names resolve inside it rather than beside it
 * (`…/deploy` + `rollout.yaml` would give `…/rollout.yaml`). Azure DevOps keeps the path in its
 * `path` query parameter, every other host in the URL's path.
 *
 * @public
 */
export function asDirectoryUrl(url: string): string {
  const parsed = new URL(url);
  const pathParam = parsed.searchParams.get('path');
  if (pathParam !== null) {
    if (!pathParam.endsWith('/')) {
      parsed.searchParams.set('path', `${pathParam}/`);
    }
  } else if (!parsed.pathname.endsWith('/')) {
    parsed.pathname = `${parsed.pathname}/`;
  }
  return parsed.toString();
}
