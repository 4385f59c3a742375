import type { DecisionRecord } from '@internal/plugin-platform-review-common';
import { toCatalogIndex, type CatalogInput } from './catalogIndex';
import { compareText, displayRef, formatAvailability } from './refs';
import { readObjectives, type AvailabilityObjectives } from './slo';
import type { SpendOverviewInput } from './spend';

/**
 * What a revisit trigger can be checked against: counts, names, tags and annotation values of
 * the catalog, the declared availability objectives and the platform's spend.
 *
 * Each look-up is worked out on first use and kept: a review evaluates a few dozen clauses,
 * and collecting every name, tag and annotation of a large catalog up front would cost more
 * than the rest of the review.
 *
 * @public
 */
export interface CatalogFacts {
  /** How many entities of a (lower-case) kind. */
  countOfKind(kind: string): number;
  /** How many Components of a (lower-case) `spec.type`. */
  countOfComponentType(type: string): number;
  /** The ref of the first entity of that kind and name (lower case, any namespace). */
  named(kind: string, name: string): string | undefined;
  /** How many entities of that kind carry the (lower-case) tag, and the first of them. */
  tagged(
    kind: string,
    tag: string,
  ): { count: number; example: string } | undefined;
  /** The distinct values of an annotation across the catalog, each with how many carry it. */
  annotationValues(key: string): ReadonlyMap<string, number>;
  /** Declared availability objectives (ratios) by ref; undefined when none were given. */
  objectives?: ReadonlyMap<string, number>;
  /** The platform's monthly spend, when the cost overview was available. */
  platformSpend?: { monthlyUsd: number; kind: 'actual' | 'estimate' };
}

/** Memoises `compute` per key. */
function memo<T>(compute: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return key => {
    if (!cache.has(key)) cache.set(key, compute(key));
    return cache.get(key) as T;
  };
}

/**
 * The catalog and what else triggers may name.
 *
 * @public
 */
export interface CatalogFactsInput {
  entities: CatalogInput;
  /** Availability objectives (ratios) by ref; without them SLO clauses are not evaluable. */
  objectives?: AvailabilityObjectives | ReadonlyMap<string, number>;
  /** The cost overview; without it spend clauses are not evaluable. */
  costOverview?: SpendOverviewInput;
}

/**
 * Collects the facts revisit triggers are evaluated against, from the catalog (an entity list
 * or index) alone or with the objectives and the cost overview.
 *
 * @public
 */
export function catalogFacts(
  input: CatalogInput | CatalogFactsInput,
): CatalogFacts {
  // A bare entity list (or index) gives the catalog's own facts: triggers on SLO objectives or
  // spend are then "not evaluable now".
  const {
    entities,
    objectives: objectiveInput,
    costOverview,
  }: CatalogFactsInput = Array.isArray(input) || 'byRef' in input
    ? { entities: input as CatalogInput }
    : (input as CatalogFactsInput);
  const index = toCatalogIndex(entities);
  let counts:
    | { kinds: Map<string, number>; componentTypes: Map<string, number> }
    | undefined;
  const countKinds = () => {
    if (counts) return counts;
    counts = { kinds: new Map(), componentTypes: new Map() };
    for (const entity of index.entities) {
      counts.kinds.set(entity.kind, (counts.kinds.get(entity.kind) ?? 0) + 1);
      if (entity.kind === 'component' && entity.type) {
        counts.componentTypes.set(
          entity.type,
          (counts.componentTypes.get(entity.type) ?? 0) + 1,
        );
      }
    }
    return counts;
  };
  // Keys are `kind:name` and `kind:tag`: neither part may contain a colon.
  const named = memo(key => {
    const [kind, name] = key.split(':');
    return index.entities.find(e => e.kind === kind && e.name === name)?.ref;
  });
  const tagged = memo(key => {
    const [kind, tag] = key.split(':');
    let count = 0;
    let example: string | undefined;
    for (const entity of index.entities) {
      if (entity.kind === kind && entity.tags.includes(tag)) {
        count++;
        example ??= entity.ref;
      }
    }
    return example === undefined ? undefined : { count, example };
  });
  const annotationValues = memo(key => {
    const values = new Map<string, number>();
    for (const entity of index.entities) {
      const value = entity.annotations[key]?.trim();
      if (value) values.set(value, (values.get(value) ?? 0) + 1);
    }
    return values;
  });
  let objectives: ReadonlyMap<string, number> | undefined;
  if (objectiveInput instanceof Map) objectives = objectiveInput;
  else if (objectiveInput !== undefined) {
    objectives = readObjectives(objectiveInput as AvailabilityObjectives, []);
  }
  const total = costOverview?.platform?.totalUsd;
  return {
    countOfKind: kind => countKinds().kinds.get(kind.toLowerCase()) ?? 0,
    countOfComponentType: type =>
      countKinds().componentTypes.get(type.toLowerCase()) ?? 0,
    named: (kind, name) => named(`${kind.toLowerCase()}:${name.toLowerCase()}`),
    tagged: (kind, tag) => tagged(`${kind.toLowerCase()}:${tag.toLowerCase()}`),
    annotationValues,
    objectives,
    platformSpend:
      typeof total === 'number' && Number.isFinite(total)
        ? {
            monthlyUsd: total,
            kind:
              costOverview?.platform.kind === 'actual' ? 'actual' : 'estimate',
          }
        : undefined,
  };
}

/**
 * One clause of a trigger and what the review made of it.
 *
 * @public
 */
export type TriggerClauseEvaluation =
  DecisionRecord['triggerEvaluation'][number];

/**
 * The detail of a clause the grammar does not cover.
 *
 * @public
 */
export const NOT_EVALUABLE = 'not evaluable: needs a person';

/**
 * A trigger's clauses: split on ", or " (so "email or SMS" inside a clause stays whole), each
 * trimmed, without a final full stop.
 *
 * @public
 */
export function splitTriggerClauses(trigger: string): string[] {
  return trigger
    .split(/,\s+or\s+/i)
    .map(clause => clause.trim().replace(/\.$/, '').trim())
    .filter(clause => clause.length > 0);
}

type Comparison = { test: (value: number) => boolean; words: string };

const NUMBER = String.raw`(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)`;
const COMPARATOR = String.raw`(more than|over|above|fewer than|less than|under|below|at least|at most)`;

function comparison(words: string, limit: number): Comparison {
  switch (words) {
    case 'fewer than':
    case 'less than':
    case 'under':
    case 'below':
      return { test: value => value < limit, words };
    case 'at least':
      return { test: value => value >= limit, words };
    case 'at most':
      return { test: value => value <= limit, words };
    default:
      return { test: value => value > limit, words };
  }
}

function parseNumber(text: string): number {
  return Number(text.replace(/,/g, ''));
}

/** Entity nouns a count clause may use, and how to count them. */
const COUNTED: Record<
  string,
  { label: string; count: (facts: CatalogFacts) => number }
> = {
  services: {
    label: 'Components of type service',
    count: facts => facts.countOfComponentType('service'),
  },
  components: {
    label: 'Components',
    count: facts => facts.countOfKind('component'),
  },
  resources: {
    label: 'Resources',
    count: facts => facts.countOfKind('resource'),
  },
  apis: { label: 'APIs', count: facts => facts.countOfKind('api') },
  systems: {
    label: 'Systems',
    count: facts => facts.countOfKind('system'),
  },
  groups: {
    label: 'Groups',
    count: facts => facts.countOfKind('group'),
  },
  teams: {
    label: 'Groups',
    count: facts => facts.countOfKind('group'),
  },
};

const KIND_WORDS = '(component|resource|api|system|domain|group|user)';

/** How a kind is written in a sentence. */
const KIND_LABELS: Record<string, string> = {
  component: 'Component',
  resource: 'Resource',
  api: 'API',
  system: 'System',
  domain: 'Domain',
  group: 'Group',
  user: 'User',
};

// The clauses of the grammar, compiled once (see evaluateClause).
const COUNT_CLAUSE = new RegExp(
  `^${COMPARATOR} ${NUMBER} (\\w+)(?: entities)? in the catalog$`,
);
const DISTINCT_CLAUSE = new RegExp(
  `^${COMPARATOR} ${NUMBER} distinct (\\S+) values? in the catalog$`,
);
const NAMED_CLAUSE = new RegExp(
  `^(?:a|an|one) ${KIND_WORDS}(?: entity)? named (\\S+) in the catalog$`,
);
const TAGGED_CLAUSE = new RegExp(
  `^(?:a|an|one) ${KIND_WORDS}(?: entity)?( in the catalog)? tagged (\\S+)( in the catalog)?$`,
);
const OBJECTIVE_CLAUSE = new RegExp(
  `^(?:a|an|one|any) (?:slo|availability) objective ${COMPARATOR} ${NUMBER} ?%$`,
);
const SPEND_CLAUSE = new RegExp(
  `^(?:monthly )?platform spend ${COMPARATOR} \\$${NUMBER}(?: a month| per month)?$`,
);

/**
 * The grammar, one clause at a time (case-insensitive; `N` may have thousands separators,
 * e.g. 20,000; a trailing gloss ", meaning …", ", i.e. …", ", that is …" is ignored):
 *
 * - `<cmp> N services|components|resources|APIs|systems|groups|teams in the catalog`
 *   (services = Components of type service)
 * - `<cmp> N distinct <annotation> value(s) in the catalog`
 * - `a|an <Kind> named <name> in the catalog`
 * - `a|an <Kind> [entity] [in the catalog] tagged <tag> [in the catalog]` ("in the catalog" once)
 * - `a|an SLO|availability objective <cmp> P %`
 * - `[monthly] platform spend <cmp> $N [a month]`
 *
 * where `<cmp>` is more than, over, above, fewer than, less than, under, below, at least or
 * at most. Anything else (orders a month, audits, latency SLOs…) is not evaluable: a person
 * decides.
 */
function evaluateClause(
  clause: string,
  facts: CatalogFacts | undefined,
): TriggerClauseEvaluation {
  const text = clause
    .toLowerCase()
    .replace(/,\s+(?:meaning|i\.e\.|that is|e\.g\.)\s.*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  const notEvaluable = (detail = NOT_EVALUABLE): TriggerClauseEvaluation => ({
    clause,
    evaluable: false,
    detail,
  });
  const result = (fired: boolean, detail: string): TriggerClauseEvaluation => ({
    clause,
    evaluable: true,
    fired,
    detail,
  });
  const needsCatalog = () =>
    notEvaluable('not evaluable now: no catalog facts were given');

  let match = COUNT_CLAUSE.exec(text);
  if (match && COUNTED[match[3]]) {
    if (!facts) return needsCatalog();
    const noun = COUNTED[match[3]];
    const limit = parseNumber(match[2]);
    const { test, words } = comparison(match[1], limit);
    const count = noun.count(facts);
    const fired = test(count);
    return result(
      fired,
      `${count} ${noun.label} in the catalog: ${fired ? '' : 'not '}${words} ${
        match[2]
      }`,
    );
  }

  match = DISTINCT_CLAUSE.exec(text);
  if (match) {
    if (!facts) return needsCatalog();
    const key = match[3];
    // Annotation keys are case-sensitive in Backstage; ours are lower case, as the text now is.
    const values = [...facts.annotationValues(key).keys()].sort();
    const { test, words } = comparison(match[1], parseNumber(match[2]));
    const fired = test(values.length);
    const shown =
      values.length === 0
        ? ''
        : ` (${values.slice(0, 5).join(', ')}${
            values.length > 5 ? ', …' : ''
          })`;
    return result(
      fired,
      `${values.length} distinct ${key} value${
        values.length === 1 ? '' : 's'
      }${shown}: ${fired ? '' : 'not '}${words} ${match[2]}`,
    );
  }

  match = NAMED_CLAUSE.exec(text);
  if (match) {
    if (!facts) return needsCatalog();
    const found = facts.named(match[1], match[2]);
    return result(
      found !== undefined,
      found
        ? `${displayRef(found)} is in the catalog`
        : `no ${KIND_LABELS[match[1]]} named ${match[2]} in the catalog`,
    );
  }

  match = TAGGED_CLAUSE.exec(text);
  if (match && (match[2] || match[4]) && !(match[2] && match[4])) {
    if (!facts) return needsCatalog();
    const tagged = facts.tagged(match[1], match[3]);
    return result(
      tagged !== undefined,
      tagged
        ? `${displayRef(tagged.example)} is tagged ${match[3]}${
            tagged.count > 1 ? ` (and ${tagged.count - 1} more)` : ''
          }`
        : `no ${KIND_LABELS[match[1]]} tagged ${match[3]} in the catalog`,
    );
  }

  match = OBJECTIVE_CLAUSE.exec(text);
  if (match) {
    if (!facts?.objectives) {
      return notEvaluable(
        'not evaluable now: the services\u2019 availability objectives were not given',
      );
    }
    // In percent with six decimals, so that 0.9999 (99.99000000000001 %) is not "above 99.99 %".
    const { test, words } = comparison(match[1], parseNumber(match[2]));
    const hits: [string, number][] = [];
    let highest: [string, number] | undefined;
    for (const [ref, ratio] of facts.objectives) {
      const percent = Number((ratio * 100).toFixed(6));
      if (test(percent)) hits.push([ref, ratio]);
      if (!highest || ratio > highest[1]) highest = [ref, ratio];
    }
    hits.sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]));
    if (hits.length > 0) {
      return result(
        true,
        `${hits
          .slice(0, 3)
          .map(
            ([ref, ratio]) =>
              `${displayRef(ref)} declares ${formatAvailability(ratio)}`,
          )
          .join(', ')}${
          hits.length > 3 ? ` (and ${hits.length - 3} more)` : ''
        }: ${words} ${match[2]} %`,
      );
    }
    return result(
      false,
      highest
        ? `no objective ${words} ${match[2]} % (the highest: ${displayRef(
            highest[0],
          )} ${formatAvailability(highest[1])})`
        : 'no availability objective is declared in the catalog',
    );
  }

  match = SPEND_CLAUSE.exec(text);
  if (match) {
    if (!facts?.platformSpend) {
      return notEvaluable(
        'not evaluable now: no cost overview (the cost feature is unreachable or not configured)',
      );
    }
    const { monthlyUsd, kind } = facts.platformSpend;
    const { test, words } = comparison(match[1], parseNumber(match[2]));
    const fired = test(monthlyUsd);
    return result(
      fired,
      `platform spend $${Math.round(monthlyUsd).toLocaleString(
        'en-US',
      )} a month (${kind === 'actual' ? 'actual' : 'estimate'}): ${
        fired ? '' : 'not '
      }${words} $${match[2]}`,
    );
  }
  return notEvaluable();
}

/**
 * Evaluates a `revisit-trigger` clause by clause (see `splitTriggerClauses`) against the
 * catalog facts: each clause is evaluable (fired or not, with the facts in `detail`) or
 * "not evaluable: needs a person". The trigger fires when any evaluable clause fires.
 *
 * Grammar (case-insensitive; N may be written 20,000; a trailing ", meaning …" is a gloss):
 * `<cmp> N services|components|resources|APIs|systems|groups|teams in the catalog`
 * (services = Components of type service); `<cmp> N distinct <annotation> value(s) in the
 * catalog`; `a|an <Kind> named <name> in the catalog`; `a|an <Kind> [entity] tagged <tag>`
 * with "in the catalog" before or after the tag; `an SLO objective <cmp> P %`;
 * `[monthly] platform spend <cmp> $N`. `<cmp>` is more than, over, above, fewer than,
 * less than, under, below, at least or at most.
 *
 * @public
 */
export function evaluateRevisitTrigger(
  trigger: string | undefined,
  facts: CatalogFacts | undefined,
): TriggerClauseEvaluation[] {
  if (typeof trigger !== 'string') return [];
  return splitTriggerClauses(trigger).map(clause =>
    evaluateClause(clause, facts),
  );
}
