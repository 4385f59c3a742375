import {
  RELATION_CONSUMES_API,
  RELATION_DEPENDS_ON,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  RELATION_PROVIDES_API,
} from '@backstage/catalog-model';
import { formatIssues, isRecord, readPart } from '@internal/schema-problems';
import { z } from 'zod';
import type { ReviewedEntity } from './catalogIndex';
import { normalizeEntityRef } from './refs';

/*
 * An entity's owner, System and relations, resolved to canonical refs: from its `relations`
 * when it carries them, else from its `spec` the way the catalog's built-in processor would.
 */

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
 * (a snapshot holds tens of thousands of entities). Frozen and read-only: nothing may push to it.
 */
export const NO_REFS: readonly string[] = Object.freeze([]);

/** Reads `relations` into `reviewed`: its owner, System and the three lists of refs. */
export function readRelations(
  relations: readonly unknown[],
  reviewed: ReviewedEntity,
  problems: string[],
) {
  let unreadable = 0;
  // Allocated only for an entity that has the relation.
  let dependsOn: string[] | undefined;
  let consumesApis: string[] | undefined;
  let providesApis: string[] | undefined;
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
        (dependsOn ??= []).push(target);
        break;
      case RELATION_CONSUMES_API:
        (consumesApis ??= []).push(target);
        break;
      case RELATION_PROVIDES_API:
        (providesApis ??= []).push(target);
        break;
      default:
        // partOf also links a sub-component to its parent, and a System to its Domain.
        if (target.startsWith('system:')) reviewed.system ??= target;
        break;
    }
  }
  if (dependsOn) reviewed.dependsOn = dependsOn;
  if (consumesApis) reviewed.consumesApis = consumesApis;
  if (providesApis) reviewed.providesApis = providesApis;
  if (unreadable > 0) {
    problems.push(
      `${unreadable} relation${
        unreadable === 1 ? ' is' : 's are'
      } not of the form {type, targetRef}`,
    );
  }
}

/** A spec field that names entities: the kind a bare name in it stands for, and its problem. */
interface RefField {
  defaultKind: string;
  error: string;
  schema: z.ZodType<string>;
}

function refField(defaultKind: string, error: string): RefField {
  return { defaultKind, error, schema: z.string({ error }) };
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

const refList = z
  .array(z.unknown(), { error: '{path} is not a list' })
  .optional();

/**
 * One ref of `spec[field]`, resolved in the entity's namespace: a string that is not a ref
 * gets the same problem as a value that is not a string. Resolved once, here.
 */
function specRef(
  field: keyof typeof SPEC_REFS,
  value: unknown,
  defaultNamespace: string,
  problems: string[],
): string | undefined {
  const { schema, defaultKind, error } = SPEC_REFS[field];
  const at = ['spec', field];
  const text = readPart(schema, value, problems, { at });
  if (text === undefined) return undefined;
  const ref = normalizeEntityRef(text, { defaultKind, defaultNamespace });
  if (ref === undefined) {
    problems.push(
      ...formatIssues(
        [{ code: 'custom', message: error, input: text, path: [] }],
        { at },
      ),
    );
  }
  return ref;
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

/** Reads `spec` into `reviewed`, for an entity without `relations`. */
export function readSpec(
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

/** Without duplicates and self-references; the same list when it has none (the usual case). */
export function dedupe(
  refs: readonly string[],
  self: string,
): readonly string[] {
  if (refs.length === 0) return refs;
  if (refs.length === 1 && refs[0] !== self) return refs;
  return [...new Set(refs)].filter(ref => ref !== self);
}
