import type { Entity } from '@backstage/catalog-model';
import type { ReviewFinding } from '@internal/plugin-platform-review-common';
import { malformedFinding, scopeOf } from './findings';
import { readEntity } from './readEntity';
import { displayRef, kindOfRef, uniqueSorted } from './refs';

/**
 * One entity as the analyses read it: references canonical (lower case), lists never undefined.
 *
 * @public
 */
export interface ReviewedEntity {
  ref: string;
  /** Lower-case kind. */
  kind: string;
  namespace: string;
  name: string;
  title?: string;
  /** `spec.type` when it is a string. */
  type?: string;
  tags: string[];
  /** The string-valued annotations. */
  annotations: Record<string, string>;
  /** The owner's ref (the `ownedBy` relation, else `spec.owner` read as a Group by default). */
  owner?: string;
  /** `spec.owner` is there but not a string: reported as malformed, not as missing. */
  ownerMalformed: boolean;
  /** The System it is part of (`partOf` a System, else `spec.system`). */
  system?: string;
  /** Read-only: entities without a relation share one empty list. */
  dependsOn: readonly string[];
  consumesApis: readonly string[];
  providesApis: readonly string[];
  /** False for a Component, Resource, API or System without a spec object. */
  hasSpec: boolean;
}

/**
 * The entity list indexed once, so every analysis looks things up in Maps instead of scanning
 * the list (the review runs over tens of thousands of entities).
 *
 * @public
 */
export interface CatalogIndex {
  /** The readable entities, in input order. */
  entities: ReviewedEntity[];
  byRef: Map<string, ReviewedEntity>;
  /** Target ref → the entities that `dependsOn` it. */
  dependents: Map<string, ReviewedEntity[]>;
  /** API ref → the entities that provide it. */
  apiProviders: Map<string, ReviewedEntity[]>;
  /** `malformed-entity` findings met while indexing. */
  malformed: ReviewFinding[];
}

/**
 * An entity list or an index already built from one: the analyses accept both, so that
 * `buildPlatformReview` indexes once and a caller of one analysis need not.
 *
 * @public
 */
export type CatalogInput = readonly Entity[] | CatalogIndex;

function isCatalogIndex(catalog: CatalogInput): catalog is CatalogIndex {
  return !Array.isArray(catalog);
}

/** The index of `catalog`, building it when given a plain list. */
export function toCatalogIndex(catalog: CatalogInput): CatalogIndex {
  return isCatalogIndex(catalog) ? catalog : indexCatalog(catalog);
}

/**
 * Relation targets of these kinds must be in the entity list. Others (a Domain, a Location) are
 * not necessarily part of the snapshot the review runs on, so their absence proves nothing.
 */
const KINDS_EXPECTED_IN_LIST = new Set([
  'component',
  'resource',
  'api',
  'system',
]);

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Indexes an entity list for the analyses.
 *
 * Relations are the truth when an entity carries a `relations` array (as the catalog returns
 * it: that includes what other processors add); an entity without one (hand-written, or read
 * with a field filter that left them out) is read from its `spec` the way the catalog's
 * built-in processor would (`spec.owner` a Group by default, `consumesApis` APIs…).
 *
 * Nothing here throws: an entry without a kind or name, a duplicate, a missing spec, a
 * non-string owner, an unreadable relation or one to a Component, Resource, API or System that
 * is not in the list becomes a `malformed-entity` finding naming the entity; an unknown kind
 * an info one.
 *
 * @public
 */
export function indexCatalog(entities: readonly Entity[]): CatalogIndex {
  const index: CatalogIndex = {
    entities: [],
    byRef: new Map(),
    dependents: new Map(),
    apiProviders: new Map(),
    malformed: [],
  };
  const context = {
    has: (ref: string) => index.byRef.has(ref),
    malformed: index.malformed,
    problems: [],
  };
  // The entities come from outside (a catalog response, a snapshot): not even sure to be a list.
  const list: readonly unknown[] = Array.isArray(entities) ? entities : [];
  for (let position = 0; position < list.length; position++) {
    const reviewed = readEntity(list[position], position, context);
    if (reviewed) {
      index.entities.push(reviewed);
      index.byRef.set(reviewed.ref, reviewed);
    }
  }
  for (const entity of index.entities) {
    for (const target of entity.dependsOn) {
      pushTo(index.dependents, target, entity);
    }
    for (const api of entity.providesApis) {
      pushTo(index.apiProviders, api, entity);
    }
  }
  const isMissing = (ref: string) =>
    !index.byRef.has(ref) && KINDS_EXPECTED_IN_LIST.has(kindOfRef(ref));
  for (const entity of index.entities) {
    // No allocation unless something is missing: this runs once per entity of the catalog.
    if (
      !(entity.system !== undefined && isMissing(entity.system)) &&
      !entity.dependsOn.some(isMissing) &&
      !entity.consumesApis.some(isMissing) &&
      !entity.providesApis.some(isMissing)
    ) {
      continue;
    }
    index.malformed.push(missingTargetsFinding(entity, isMissing));
  }
  // Fill in what the entity-level pass could not know yet: the scope of its own findings.
  index.malformed = index.malformed.map(finding => ({
    ...finding,
    ...scopeOf(finding.entityRefs.slice(0, 1), index),
  }));
  return index;
}

/** `entity` refers to Components, Resources, APIs or Systems that are not in the list. */
function missingTargetsFinding(
  entity: ReviewedEntity,
  isMissing: (ref: string) => boolean,
): ReviewFinding {
  const missing = uniqueSorted(
    [
      entity.system,
      ...entity.dependsOn,
      ...entity.consumesApis,
      ...entity.providesApis,
    ].filter(ref => ref !== undefined && isMissing(ref)),
  );
  return malformedFinding(
    'warning',
    [entity.ref, ...missing],
    `${displayRef(entity.ref)} refers to ${missing
      .map(displayRef)
      .join(', ')}, which ${
      missing.length === 1 ? 'is' : 'are'
    } not in the catalog: the review cannot follow ${
      missing.length === 1 ? 'that relation' : 'those relations'
    }`,
    `register the missing ${
      missing.length === 1 ? 'entity' : 'entities'
    } in the catalog, or correct the refs in ${displayRef(
      entity.ref,
    )}'s spec (a typo, or an entity that was renamed or removed)`,
  );
}
