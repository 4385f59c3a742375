import {
  RELATION_CONSUMES_API,
  RELATION_DEPENDS_ON,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  RELATION_PROVIDES_API,
  type Entity,
} from '@backstage/catalog-model';
import {
  isRecord,
  parseWithProblems,
  readPart,
} from '@internal/schema-problems';
import { z } from 'zod';
import type {
  FindingSeverity,
  ReviewFinding,
} from '@internal/plugin-platform-review-common';
import {
  displayRef,
  kindOfRef,
  normalizeEntityRef,
  uniqueSorted,
} from './refs';

/**
 * The kinds the review knows. Anything else is reported (`malformed-entity`, info) and left
 * out: a custom kind is legal in Backstage, but the review cannot tell what it means.
 *
 * @public
 */
export const KNOWN_KINDS: readonly string[] = [
  'component',
  'resource',
  'api',
  'system',
  'domain',
  'group',
  'user',
  'location',
  'template',
];

/** Kinds whose spec the review reads; for them a missing spec is a finding. */
const KINDS_WITH_SPEC = new Set(['component', 'resource', 'api', 'system']);

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
  dependsOn: string[];
  consumesApis: string[];
  providesApis: string[];
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

/** The index of `catalog`, building it when given a plain list. */
export function toCatalogIndex(catalog: CatalogInput): CatalogIndex {
  return Array.isArray(catalog)
    ? indexCatalog(catalog as readonly Entity[])
    : (catalog as CatalogIndex);
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The Systems and owners of the entities named by `refs` (a System or Group counts as itself),
 * for a finding's filters.
 */
export function scopeOf(
  refs: readonly string[],
  index: CatalogIndex,
): { systems: string[]; teams: string[] } {
  const systems: (string | undefined)[] = [];
  const teams: (string | undefined)[] = [];
  for (const ref of refs) {
    const kind = kindOfRef(ref);
    if (kind === 'system') systems.push(ref);
    if (kind === 'group') teams.push(ref);
    const entity = index.byRef.get(ref);
    if (entity) {
      systems.push(entity.system);
      teams.push(entity.owner);
    }
  }
  return { systems: uniqueSorted(systems), teams: uniqueSorted(teams) };
}

/**
 * A finding about `entityRefs`, its systems and teams worked out from the index.
 */
export function makeFinding(
  index: CatalogIndex,
  finding: Omit<ReviewFinding, 'systems' | 'teams'>,
): ReviewFinding {
  return { ...finding, ...scopeOf(finding.entityRefs, index) };
}

function malformed(
  severity: FindingSeverity,
  entityRefs: string[],
  message: string,
  fix: string,
): ReviewFinding {
  return {
    rule: 'malformed-entity',
    severity,
    message,
    fix,
    entityRefs,
    systems: [],
    teams: [],
  };
}

/** A spec field that names an entity, and the kind a bare name in it stands for. */
function refField(defaultKind: string, error: string) {
  return {
    defaultKind,
    schema: z
      .string({ error })
      .refine(text => normalizeEntityRef(text, { defaultKind }) !== undefined, {
        error,
      }),
  };
}

/**
 * The spec fields the review reads, as the catalog's built-in processor reads them, each
 * checked on its own so one bad field never hides the others.
 */
const SPEC_REFS = {
  owner: refField('group', '{path} {value} is not an entity ref'),
  system: refField('system', '{path} {value} is not an entity ref'),
  // dependsOn has no default kind in the catalog; a bare name is most often a Component.
  dependsOn: refField('component', '{path} has {value}, not an entity ref'),
  consumesApis: refField('api', '{path} has {value}, not an entity ref'),
  providesApis: refField('api', '{path} has {value}, not an entity ref'),
};

/** `spec.owner` as relations-first reading needs it: any string (whether it resolves is asked only when the spec is read). */
const ownerText = z
  .string({ error: '{path} is {value}, not an entity ref' })
  .optional();

const refList = z
  .array(z.unknown(), { error: '{path} is not a list' })
  .optional();

/** One ref of `spec[field]`, checked, then resolved in the entity's namespace. */
function specRef(
  field: keyof typeof SPEC_REFS,
  value: unknown,
  defaultNamespace: string,
  problems: string[],
): string | undefined {
  const { schema, defaultKind } = SPEC_REFS[field];
  const text = readPart(schema, value, problems, { at: ['spec', field] });
  return text === undefined
    ? undefined
    : normalizeEntityRef(text, { defaultKind, defaultNamespace });
}

/** Refs of `spec[field]`, each resolved the way the catalog's processor resolves them. */
function specRefs(
  spec: Record<string, unknown>,
  field: 'dependsOn' | 'consumesApis' | 'providesApis',
  defaultNamespace: string,
  problems: string[],
): string[] {
  const items =
    readPart(refList, spec[field], problems, { at: ['spec', field] }) ?? [];
  const refs: string[] = [];
  for (const item of items) {
    const ref = specRef(field, item, defaultNamespace, problems);
    if (ref) refs.push(ref);
  }
  return refs;
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
  const list: readonly unknown[] = Array.isArray(entities) ? entities : [];
  for (let position = 0; position < list.length; position++) {
    const reviewed = readEntity(list[position], position, index);
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
    const missing = uniqueSorted(
      [
        entity.system,
        ...entity.dependsOn,
        ...entity.consumesApis,
        ...entity.providesApis,
      ].filter(ref => ref !== undefined && isMissing(ref)),
    );
    index.malformed.push(
      malformed(
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
      ),
    );
  }
  // Fill in what the entity-level pass could not know yet: the scope of its own findings.
  index.malformed = index.malformed.map(finding => ({
    ...finding,
    ...scopeOf(finding.entityRefs.slice(0, 1), index),
  }));
  return index;
}

/** The relations the review reads. */
const READ_RELATIONS = new Set<string>([
  RELATION_OWNED_BY,
  RELATION_DEPENDS_ON,
  RELATION_CONSUMES_API,
  RELATION_PROVIDES_API,
  RELATION_PART_OF,
]);

/**
 * The empty list most entities have for most relations, shared instead of allocated for each
 * (a snapshot holds tens of thousands of entities). Frozen: nothing may push to it.
 */
const NONE: string[] = Object.freeze([]) as unknown as string[];

const scratchProblems: string[] = [];

function readEntity(
  raw: unknown,
  position: number,
  index: CatalogIndex,
): ReviewedEntity | undefined {
  const metadata = isRecord(raw) ? raw.metadata : undefined;
  const kindText = isRecord(raw) ? raw.kind : undefined;
  const nameText = isRecord(metadata) ? metadata.name : undefined;
  if (
    typeof kindText !== 'string' ||
    kindText === '' ||
    typeof nameText !== 'string' ||
    nameText === ''
  ) {
    let what = 'an entry';
    if (typeof nameText === 'string' && nameText) what = `"${nameText}"`;
    else if (typeof kindText === 'string' && kindText) what = `a ${kindText}`;
    index.malformed.push(
      malformed(
        'warning',
        [],
        `entity #${position + 1} of the catalog snapshot (${what}) has no ${
          typeof kindText !== 'string' || kindText === ''
            ? 'kind'
            : 'metadata.name'
        }: it is left out of the review`,
        'give it apiVersion, kind and metadata.name (catalog entities always have them: look for the source that produced it)',
      ),
    );
    return undefined;
  }
  const entity = raw as Record<string, unknown> & {
    metadata: Record<string, unknown>;
  };
  const kind = kindText.toLowerCase();
  const namespaceText = entity.metadata.namespace;
  const namespace = (
    typeof namespaceText === 'string' && namespaceText
      ? namespaceText
      : 'default'
  ).toLowerCase();
  const name = nameText.toLowerCase();
  const ref = `${kind}:${namespace}/${name}`;
  if (index.byRef.has(ref)) {
    index.malformed.push(
      malformed(
        'warning',
        [ref],
        `${displayRef(
          ref,
        )} appears more than once in the catalog snapshot: only the first is reviewed`,
        'refs are unique in the catalog: look for the source that produced the copy',
      ),
    );
    return undefined;
  }
  if (!KNOWN_KINDS.includes(kind)) {
    index.malformed.push(
      malformed(
        'info',
        [ref],
        `${ref} is of kind ${kindText}, which the review does not know: it is left out`,
        `nothing to fix if ${kindText} is a deliberate custom kind; the review reads ${KNOWN_KINDS.join(
          ', ',
        )}`,
      ),
    );
  }

  // One list reused for every entity (nothing here is re-entered): most entities have no
  // problem, and an empty array each would be thousands of allocations per review.
  const problems = scratchProblems;
  problems.length = 0;
  const spec = isRecord(entity.spec) ? entity.spec : undefined;
  const hasSpec = spec !== undefined || !KINDS_WITH_SPEC.has(kind);
  if (!hasSpec) {
    problems.push(
      'it has no spec (type, owner, system and relations are unknown)',
    );
  }
  const annotations = readAnnotations(entity.metadata.annotations);
  const tags = readTags(entity.metadata.tags);
  const reviewed: ReviewedEntity = {
    ref,
    kind,
    namespace,
    name,
    title:
      typeof entity.metadata.title === 'string'
        ? entity.metadata.title
        : undefined,
    type:
      spec && typeof spec.type === 'string'
        ? spec.type.toLowerCase()
        : undefined,
    tags,
    annotations,
    ownerMalformed: false,
    dependsOn: NONE,
    consumesApis: NONE,
    providesApis: NONE,
    hasSpec,
  };
  if (spec) {
    const owner = parseWithProblems(ownerText, spec.owner, {
      at: ['spec', 'owner'],
    });
    if (!owner.success) {
      reviewed.ownerMalformed = true;
      problems.push(...owner.problems);
    }
  }

  if (Array.isArray(entity.relations)) {
    readRelations(entity.relations, reviewed, problems);
  } else {
    if (entity.relations !== undefined) {
      problems.push('relations is not a list (read from spec instead)');
    }
    if (spec) readSpec(spec, reviewed, problems);
  }
  reviewed.dependsOn = dedupe(reviewed.dependsOn, ref);
  reviewed.consumesApis = dedupe(reviewed.consumesApis, ref);
  reviewed.providesApis = dedupe(reviewed.providesApis, ref);

  if (problems.length > 0) {
    index.malformed.push(
      malformed(
        'warning',
        [ref],
        `${displayRef(ref)} cannot be fully read: ${problems.join('; ')}`,
        `fix ${displayRef(
          ref,
        )}'s catalog-info.yaml (the catalog's entity validation should reject it: look for the source that produced it)`,
      ),
    );
  }
  return reviewed;
}

const NO_ANNOTATIONS: Record<string, string> = Object.freeze({}) as Record<
  string,
  string
>;

/** The string-valued annotations; the entity's own object when they all are (the usual case). */
function readAnnotations(value: unknown): Record<string, string> {
  if (!isRecord(value)) return NO_ANNOTATIONS;
  for (const key in value) {
    if (typeof value[key] !== 'string') {
      const copy: Record<string, string> = {};
      for (const [k, v] of Object.entries(value)) {
        if (typeof v === 'string') copy[k] = v;
      }
      return copy;
    }
  }
  return value as Record<string, string>;
}

/** Lower-case string tags; the entity's own list when it already is one (the usual case). */
function readTags(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  if (
    value.every(tag => typeof tag === 'string' && tag === tag.toLowerCase())
  ) {
    return value as string[];
  }
  return value
    .filter((tag): tag is string => typeof tag === 'string')
    .map(tag => tag.toLowerCase());
}

/** Without duplicates and self-references; the same list when it has none (the usual case). */
function dedupe(refs: string[], self: string): string[] {
  if (refs.length === 0) return refs;
  if (refs.length === 1 && refs[0] !== self) return refs;
  return [...new Set(refs)].filter(ref => ref !== self);
}

function readRelations(
  relations: unknown[],
  reviewed: ReviewedEntity,
  problems: string[],
) {
  let unreadable = 0;
  for (const relation of relations) {
    if (!isRecord(relation) || typeof relation.type !== 'string') {
      unreadable++;
      continue;
    }
    const type = relation.type;
    // Most relations are the inverse ones (a Group's ownerOf, an API's apiConsumedBy…), which
    // the review does not read: decide on the type before touching the target.
    if (!READ_RELATIONS.has(type)) continue;
    if (
      typeof relation.targetRef !== 'string' ||
      !relation.targetRef.includes(':')
    ) {
      unreadable++;
      continue;
    }
    const target = relation.targetRef.toLowerCase();
    switch (type) {
      case RELATION_OWNED_BY:
        // One owner per entity in Backstage; a second ownedBy would come from another processor.
        reviewed.owner ??= target;
        break;
      case RELATION_DEPENDS_ON:
        (reviewed.dependsOn === NONE
          ? (reviewed.dependsOn = [])
          : reviewed.dependsOn
        ).push(target);
        break;
      case RELATION_CONSUMES_API:
        (reviewed.consumesApis === NONE
          ? (reviewed.consumesApis = [])
          : reviewed.consumesApis
        ).push(target);
        break;
      case RELATION_PROVIDES_API:
        (reviewed.providesApis === NONE
          ? (reviewed.providesApis = [])
          : reviewed.providesApis
        ).push(target);
        break;
      default:
        // partOf also links a sub-component to its parent, and a System to its Domain.
        if (target.startsWith('system:')) reviewed.system ??= target;
        break;
    }
  }
  if (unreadable > 0) {
    problems.push(
      `${unreadable} relation${
        unreadable === 1 ? ' is' : 's are'
      } not of the form {type, targetRef}`,
    );
  }
}

function readSpec(
  spec: Record<string, unknown>,
  reviewed: ReviewedEntity,
  problems: string[],
) {
  const namespace = reviewed.namespace;
  if (typeof spec.owner === 'string') {
    reviewed.owner = specRef('owner', spec.owner, namespace, problems);
  }
  if (spec.system !== undefined && reviewed.kind !== 'system') {
    reviewed.system = specRef('system', spec.system, namespace, problems);
  }
  reviewed.dependsOn = specRefs(spec, 'dependsOn', namespace, problems);
  reviewed.consumesApis = specRefs(spec, 'consumesApis', namespace, problems);
  reviewed.providesApis = specRefs(spec, 'providesApis', namespace, problems);
}
