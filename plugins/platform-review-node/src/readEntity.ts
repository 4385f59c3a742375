import type { ReviewFinding } from '@internal/plugin-platform-review-common';
import { isRecord, parseWithProblems } from '@internal/schema-problems';
import { z } from 'zod';
import type { ReviewedEntity } from './catalogIndex';
import { NO_REFS, dedupe, readRelations, readSpec } from './entityRelations';
import { malformedFinding } from './findings';
import { displayRef } from './refs';

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

/** `spec.owner` as relations-first reading needs it: any string (whether it resolves is asked only when the spec is read). */
const ownerText = z
  .string({ error: '{path} is {value}, not an entity ref' })
  .optional();

const NO_ANNOTATIONS: Record<string, string> = Object.freeze({});

/** What reading one entity needs from the index being built. */
export interface ReadEntityContext {
  /** Whether an entity of this ref was already read (a duplicate is left out). */
  has(ref: string): boolean;
  /** Where its `malformed-entity` findings go. */
  malformed: ReviewFinding[];
  /**
   * A list the reading empties and reuses for each entity (nothing here is re-entered): most
   * entities have no problem, and an empty array each would be thousands of allocations per
   * review. One per index, so two indexes never share it.
   */
  problems: string[];
}

/**
 * One entry of the entity list as the analyses read it, or undefined when it cannot be one (no
 * kind or name, a duplicate): findings about it go to `context.malformed`.
 */
export function readEntity(
  raw: unknown,
  position: number,
  context: ReadEntityContext,
): ReviewedEntity | undefined {
  const metadata = isRecord(raw) ? raw.metadata : undefined;
  const kindText = isRecord(raw) ? raw.kind : undefined;
  const nameText = isRecord(metadata) ? metadata.name : undefined;
  if (
    !isRecord(raw) ||
    !isRecord(metadata) ||
    typeof kindText !== 'string' ||
    kindText === '' ||
    typeof nameText !== 'string' ||
    nameText === ''
  ) {
    let what = 'an entry';
    if (typeof nameText === 'string' && nameText) what = `"${nameText}"`;
    else if (typeof kindText === 'string' && kindText) what = `a ${kindText}`;
    context.malformed.push(
      malformedFinding(
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
  const kind = kindText.toLowerCase();
  const namespaceText = metadata.namespace;
  const namespace = (
    typeof namespaceText === 'string' && namespaceText
      ? namespaceText
      : 'default'
  ).toLowerCase();
  const name = nameText.toLowerCase();
  const ref = `${kind}:${namespace}/${name}`;
  if (context.has(ref)) {
    context.malformed.push(
      malformedFinding(
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
    context.malformed.push(
      malformedFinding(
        'info',
        [ref],
        `${ref} is of kind ${kindText}, which the review does not know: it is left out`,
        `nothing to fix if ${kindText} is a deliberate custom kind; the review reads ${KNOWN_KINDS.join(
          ', ',
        )}`,
      ),
    );
  }

  const problems = context.problems;
  problems.length = 0;
  const spec = isRecord(raw.spec) ? raw.spec : undefined;
  const hasSpec = spec !== undefined || !KINDS_WITH_SPEC.has(kind);
  if (!hasSpec) {
    problems.push(
      'it has no spec (type, owner, system and relations are unknown)',
    );
  }
  const reviewed: ReviewedEntity = {
    ref,
    kind,
    namespace,
    name,
    title: typeof metadata.title === 'string' ? metadata.title : undefined,
    type:
      spec && typeof spec.type === 'string'
        ? spec.type.toLowerCase()
        : undefined,
    tags: readTags(metadata.tags),
    annotations: readAnnotations(metadata.annotations),
    ownerMalformed: false,
    dependsOn: NO_REFS,
    consumesApis: NO_REFS,
    providesApis: NO_REFS,
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

  if (Array.isArray(raw.relations)) {
    readRelations(raw.relations, reviewed, problems);
  } else {
    if (raw.relations !== undefined) {
      problems.push('relations is not a list (read from spec instead)');
    }
    if (spec) readSpec(spec, reviewed, problems);
  }
  reviewed.dependsOn = dedupe(reviewed.dependsOn, ref);
  reviewed.consumesApis = dedupe(reviewed.consumesApis, ref);
  reviewed.providesApis = dedupe(reviewed.providesApis, ref);

  if (problems.length > 0) {
    context.malformed.push(
      malformedFinding(
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
