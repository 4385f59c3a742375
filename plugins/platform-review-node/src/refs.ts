import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/** `kind:namespace/name` in lower case: the form relations carry. */
const CANONICAL_REF = /^[a-z0-9][^:/\sA-Z]*:[a-z0-9][^:/\sA-Z]*\/[^:/\sA-Z]+$/;

/**
 * An entity reference in the catalog's canonical form (`kind:namespace/name`, lower case, as
 * `stringifyEntityRef` writes it and relations carry it), or undefined when `text` cannot be one.
 * A reference without a kind takes `defaultKind`; without one either, it is not a reference.
 *
 * @public
 */
export function normalizeEntityRef(
  text: unknown,
  context: { defaultKind?: string; defaultNamespace?: string } = {},
): string | undefined {
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  // Already canonical (what relations and the backend hand over): no parsing, no new string.
  if (CANONICAL_REF.test(text)) return text;
  try {
    return stringifyEntityRef(parseEntityRef(text.trim(), context));
  } catch {
    // parseEntityRef throws on "", "kind:" and missing kinds: the caller reports it.
    return undefined;
  }
}

/** The kind part of a canonical ref: `resource:default/x` → `resource`. */
export function kindOfRef(ref: string): string {
  const colon = ref.indexOf(':');
  return colon === -1 ? '' : ref.slice(0, colon);
}

/**
 * A ref as people read it in a sentence: a Component in the default namespace by its name
 * (`order-service`), anything else with its kind (`resource:order-service-db`), and the
 * namespace only when it is not the default one.
 */
export function displayRef(ref: string): string {
  const kind = kindOfRef(ref);
  const slash = ref.indexOf('/');
  const namespace = ref.slice(kind.length + 1, slash);
  const name = ref.slice(slash + 1);
  if (namespace !== 'default') return ref;
  return kind === 'component' ? name : `${kind}:${name}`;
}

/**
 * A ratio as a percentage for people: 0.9995 → "99.95 %", 0.99940005 → "99.94 %".
 *
 * @public
 */
export function formatAvailability(ratio: number): string {
  // Four decimals of a percent tell 99.995 % from 99.99 %; toFixed first because
  // 0.9995 * 100 is 99.94999999999999 in floating point.
  return `${Number((ratio * 100).toFixed(4))} %`;
}

/**
 * `formatAvailability` remembering what it wrote, for one analysis: a catalog has a handful of
 * distinct objectives and SLAs, repeated over thousands of rows. Its memory goes with it.
 */
export function rememberingAvailabilityFormat(): (ratio: number) => string {
  const texts = new Map<number, string>();
  return ratio => {
    let text = texts.get(ratio);
    if (text === undefined) {
      text = formatAvailability(ratio);
      texts.set(ratio, text);
    }
    return text;
  };
}

/**
 * Code-unit order. Refs are lower-case ASCII, so it is the order people expect, and unlike
 * `localeCompare` it costs nothing when sorting tens of thousands of rows and findings.
 */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Sorted unique strings, for the findings' systems and teams. */
export function uniqueSorted(
  values: readonly (string | undefined)[],
): string[] {
  const result: string[] = [];
  for (const value of values) {
    if (value && !result.includes(value)) result.push(value);
  }
  return result.sort(compareText);
}
