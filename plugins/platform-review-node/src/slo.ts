import {
  type AvailabilityLink,
  type ReviewFinding,
  type SloAchievability,
  REVIEW_ANNOTATIONS,
} from '@internal/plugin-platform-review-common';
import {
  toCatalogIndex,
  type CatalogIndex,
  type CatalogInput,
  type ReviewedEntity,
} from './catalogIndex';
import { makeFinding } from './findings';
import {
  compareText,
  displayRef,
  rememberingAvailabilityFormat,
  kindOfRef,
  normalizeEntityRef,
} from './refs';

/**
 * Availability objectives by entity ref, as ratios (0.9995), from the services' OpenSLO files.
 *
 * @public
 */
export type AvailabilityObjectives = Readonly<Record<string, number>>;

/**
 * The SLO achievability of every service, the findings, and inputs the review could not use.
 *
 * @public
 */
export interface SloAnalysis {
  rows: SloAchievability[];
  findings: ReviewFinding[];
  problems: string[];
}

// Products of a handful of ratios drift in the 16th digit; a tolerance keeps 0.9999 ≥ 0.9999.
const EPSILON = 1e-12;

/**
 * A percentage annotation (`'99.99'`, `'99.99 %'`, `'99.99%'`) as a ratio, or undefined.
 *
 * @public
 */
export function parseAvailabilityPercent(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  if (!match) return undefined;
  const percent = Number(match[1]);
  // Rounded so that '99.99' is 0.9999 exactly as an objective of 0.9999 is, not 0.99989999….
  return percent > 0 && percent <= 100
    ? Number((percent / 100).toFixed(10))
    : undefined;
}

/** Objectives keyed by canonical ref; values that are not ratios in (0, 1] are reported. */
export function readObjectives(
  objectives: AvailabilityObjectives | undefined,
  problems: string[],
): Map<string, number> {
  const map = new Map<string, number>();
  for (const [key, value] of Object.entries(objectives ?? {})) {
    const ref = normalizeEntityRef(key, { defaultKind: 'component' });
    if (!ref) {
      problems.push(
        `availability objective for "${key}" ignored: it is not an entity ref`,
      );
    } else if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      value <= 0 ||
      value > 1
    ) {
      problems.push(
        `availability objective of ${displayRef(ref)} ignored: ${JSON.stringify(
          value,
        )} is not a ratio between 0 and 1 (99.95 % is 0.9995)`,
      );
    } else {
      map.set(ref, value);
    }
  }
  return map;
}

/**
 * A hard dependency: its availability (`link`, shared by every row that counts it), or why it
 * is unknown.
 */
type Link =
  | {
      known: true;
      entityRef: string;
      availability: number;
      link: AvailabilityLink;
      /** "declares" (an SLO) or "has an SLA of", for the explanation. */
      verb: string;
    }
  | { known: false; entityRef: string; reason: string };

/**
 * The soft dependencies a Component declares: refs in `commerce.platform/soft-dependencies`,
 * comma-separated. A token with a kind is a full ref; a bare name matches any dependency of that
 * name (what a person writing `payment-service` means).
 */
const NEVER = () => false;

function softDependencyMatcher(
  service: ReviewedEntity,
): (ref: string) => boolean {
  const text = service.annotations[REVIEW_ANNOTATIONS.softDependencies];
  if (!text) return NEVER;
  const refs = new Set<string>();
  const names = new Set<string>();
  for (const token of text.split(',')) {
    const trimmed = token.trim().toLowerCase();
    if (!trimmed) continue;
    if (trimmed.includes(':')) {
      const ref = normalizeEntityRef(trimmed, {
        defaultNamespace: service.namespace,
      });
      if (ref) refs.add(ref);
    } else {
      names.add(
        trimmed.includes('/') ? trimmed : `${service.namespace}/${trimmed}`,
      );
    }
  }
  return ref =>
    refs.has(ref) || names.has(ref.slice(kindOfRef(ref).length + 1));
}

/** Availability per dependency ref: thousands of services share a few platform dependencies. */
type LinkCache = Map<string, Link>;

interface Caches {
  links: LinkCache;
  /** API ref → the links it stands for. */
  apis: Map<string, Link[]>;
  /** Resource ref → the links of the platform chain it stands for (see `chainOf`). */
  chains: Map<string, Link[]>;
  /** Resource ref → the `dependsOn` cycle it is part of, as "a → b → a" (see `chainOf`). */
  cycles: Map<string, string>;
  /** formatAvailability, remembered for this analysis. */
  formatAvailability: (ratio: number) => string;
}

function availabilityOf(
  ref: string,
  index: CatalogIndex,
  objectives: Map<string, number>,
  cache: LinkCache,
): Link {
  let link = cache.get(ref);
  if (!link) {
    link = readAvailability(ref, index, objectives);
    cache.set(ref, link);
  }
  return link;
}

function knownLink(
  entityRef: string,
  availability: number,
  source: string,
  verb: string,
): Link {
  return {
    known: true,
    entityRef,
    availability,
    link: { entityRef, availability, source },
    verb,
  };
}

function readAvailability(
  ref: string,
  index: CatalogIndex,
  objectives: Map<string, number>,
): Link {
  const entity = index.byRef.get(ref);
  if (!entity) {
    return {
      known: false,
      entityRef: ref,
      reason: `${displayRef(ref)} is not in the catalog`,
    };
  }
  const objective = objectives.get(ref);
  if (objective !== undefined) {
    return knownLink(ref, objective, 'SLO (openslo.yaml)', 'declares');
  }
  if (entity.kind === 'resource') {
    const text = entity.annotations[REVIEW_ANNOTATIONS.availabilitySla];
    const sla = text === undefined ? undefined : parseAvailabilityPercent(text);
    if (sla !== undefined) {
      return knownLink(
        ref,
        sla,
        `SLA annotation ${REVIEW_ANNOTATIONS.availabilitySla}`,
        'has an SLA of',
      );
    }
    return {
      known: false,
      entityRef: ref,
      reason:
        text === undefined
          ? `${displayRef(ref)} has no ${
              REVIEW_ANNOTATIONS.availabilitySla
            } annotation`
          : `${displayRef(ref)}'s ${
              REVIEW_ANNOTATIONS.availabilitySla
            } "${text}" is not a percentage`,
    };
  }
  return {
    known: false,
    entityRef: ref,
    reason: `${displayRef(ref)} declares no availability SLO`,
  };
}

/**
 * Whether each service's declared availability objective is supported by its hard
 * dependencies in series.
 *
 * - Services: Components of type `service`, and any Component with an objective.
 * - A service's objective is `objectives[ref]`; without one the row says so and is not OK.
 * - Hard dependencies: its direct `dependsOn` targets and the providers of the APIs it
 *   `consumesApis` (an API with an objective of its own counts with that), minus those listed in
 *   `commerce.platform/soft-dependencies` (comma-separated refs; excluding an API excludes its
 *   providers, and a bare name matches a dependency of that name). A provider reached both ways
 *   counts once.
 * - Availability of a Component (or API): its objective; of a Resource: its objective if given,
 *   else the annotation `commerce.platform/availability-sla` (percent). Anything else is
 *   unknown: the row lists it (`unknownDependencies`), says why, and is never called achievable.
 * - Achievable = the product of the known hard dependencies' availabilities (1 with none);
 *   OK when the service declares an objective, no dependency is unknown and achievable ≥ objective.
 *
 * Components and APIs do not recurse: each one's own objective is its promise, which already
 * accounts for its dependencies (recursing would count a shared dependency twice and make a
 * service answerable for links it cannot see). Resources do (`chainOf`): a provider's SLA covers
 * that provider only, so the runtime platform a service declares it runs behind (the edge, by
 * `dependsOn`) counts with every hop the platform's Resources declare below it. A `slo-not-achievable` finding (warning) names the
 * weakest link and the availability it would need; one with unknown dependencies is info.
 *
 * @public
 */
export function analyseSloAchievability(
  catalog: CatalogInput,
  objectives: AvailabilityObjectives | Map<string, number>,
): SloAnalysis {
  const index = toCatalogIndex(catalog);
  const problems: string[] = [];
  const objectiveMap =
    objectives instanceof Map
      ? objectives
      : readObjectives(objectives, problems);
  const rows: SloAchievability[] = [];
  const findings: ReviewFinding[] = [];
  const caches: Caches = {
    links: new Map(),
    apis: new Map(),
    chains: new Map(),
    cycles: new Map(),
    formatAvailability: rememberingAvailabilityFormat(),
  };
  for (const service of index.entities) {
    if (service.kind !== 'component') continue;
    if (service.type !== 'service' && !objectiveMap.has(service.ref)) continue;
    const { row, finding } = achievability(
      service,
      index,
      objectiveMap,
      caches,
    );
    rows.push(row);
    if (finding) findings.push(makeFinding(index, finding));
  }
  rows.sort((a, b) => compareText(a.service, b.service));
  return { rows, findings, problems };
}

/**
 * The links an API stands for: each provider's availability (through that API), or, with no
 * provider in the catalog, one unknown link. Kept per API: many services consume the same API.
 */
function apiLinks(
  api: string,
  index: CatalogIndex,
  objectives: Map<string, number>,
  caches: Caches,
): Link[] {
  let links = caches.apis.get(api);
  if (!links) {
    const providers = index.apiProviders.get(api) ?? [];
    links =
      providers.length === 0
        ? [
            {
              known: false,
              entityRef: api,
              reason: `${displayRef(
                api,
              )} has no provider in the catalog and no objective`,
            },
          ]
        : providers.map(provider =>
            availabilityOf(provider.ref, index, objectives, caches.links),
          );
    caches.apis.set(api, links);
  }
  return links;
}

/**
 * The links a dependency stands for. A Component or API: itself (its objective is its promise).
 * A Resource: itself, when it has a figure (an objective or an SLA), followed by the chain of its
 * own hard `dependsOn` (minus its `commerce.platform/soft-dependencies`), because a provider's
 * SLA covers only that provider: the edge a service's traffic enters through is Front Door,
 * which forwards over Private Link to the load balancer, the gateway and the node pool, each
 * declared by its Resource's `dependsOn` (catalog/platform-resources.yaml). A Resource with no
 * figure of its own but with hard dependencies (our own software on the cluster, such as the
 * gateway) counts by what it runs on; one with neither is unknown.
 *
 * A `dependsOn` cycle among Resources cannot be composed in series: each Resource on it becomes
 * an unknown link whose reason names the cycle, so no service behind it is called achievable and
 * its row says what to fix in the catalog.
 */
function chainOf(
  ref: string,
  index: CatalogIndex,
  objectives: Map<string, number>,
  caches: Caches,
  visiting: Set<string> = new Set(),
): Link[] {
  const entity = index.byRef.get(ref);
  if (entity?.kind !== 'resource') {
    return [availabilityOf(ref, index, objectives, caches.links)];
  }
  const cached = caches.chains.get(ref);
  if (cached) return cached;
  if (visiting.has(ref)) {
    const path = [...visiting];
    const cycle = path.slice(path.indexOf(ref));
    const text = [...cycle, ref].map(displayRef).join(' → ');
    for (const member of cycle) {
      if (!caches.cycles.has(member)) caches.cycles.set(member, text);
    }
    return [];
  }
  visiting.add(ref);
  const isSoft = softDependencyMatcher(entity);
  const below: Link[] = [];
  for (const dependency of entity.dependsOn) {
    if (dependency === ref || isSoft(dependency)) continue;
    for (const link of chainOf(
      dependency,
      index,
      objectives,
      caches,
      visiting,
    )) {
      if (!below.some(added => added.entityRef === link.entityRef)) {
        below.push(link);
      }
    }
  }
  visiting.delete(ref);
  const cycle = caches.cycles.get(ref);
  const own: Link = cycle
    ? {
        known: false,
        entityRef: ref,
        reason: `${displayRef(
          ref,
        )} is on a dependsOn cycle (${cycle}), which cannot be counted in series: remove one of those dependsOn entries`,
      }
    : availabilityOf(ref, index, objectives, caches.links);
  const chain =
    own.known || cycle || below.length === 0 ? [own, ...below] : below;
  // Inside a cycle, a member reached from another member sees only part of the cycle below it:
  // only the chain of the member a traversal started from is whole, and kept.
  if (!cycle || visiting.size === 0) caches.chains.set(ref, chain);
  return chain;
}

function hardLinks(
  service: ReviewedEntity,
  index: CatalogIndex,
  objectives: Map<string, number>,
  caches: Caches,
): { links: Link[]; soft: string[] } {
  const isSoft = softDependencyMatcher(service);
  const soft: string[] = [];
  const links: Link[] = [];
  // A handful of links per service: a linear check beats a Set per service.
  const addLink = (link: Link) => {
    if (link.entityRef === service.ref) return;
    if (links.some(added => added.entityRef === link.entityRef)) return;
    links.push(link);
  };
  for (const ref of service.dependsOn) {
    if (isSoft(ref)) soft.push(ref);
    else {
      for (const link of chainOf(ref, index, objectives, caches)) {
        if (isSoft(link.entityRef)) soft.push(link.entityRef);
        else addLink(link);
      }
    }
  }
  for (const api of service.consumesApis) {
    if (isSoft(api)) {
      soft.push(api);
    } else if (objectives.has(api)) {
      addLink(availabilityOf(api, index, objectives, caches.links));
    } else {
      // A provider that is the service itself adds nothing outside it (addLink skips it).
      for (const link of apiLinks(api, index, objectives, caches)) {
        if (isSoft(link.entityRef)) soft.push(link.entityRef);
        else addLink(link);
      }
    }
  }
  if (soft.length === 0) return { links, soft };
  // A provider excluded as soft through one path stays excluded when reached through another.
  return {
    links: links.filter(link => !soft.includes(link.entityRef)),
    soft: [...new Set(soft)],
  };
}

function achievability(
  service: ReviewedEntity,
  index: CatalogIndex,
  objectives: Map<string, number>,
  caches: Caches,
): {
  row: SloAchievability;
  finding?: Omit<ReviewFinding, 'systems' | 'teams'>;
} {
  const { formatAvailability } = caches;
  const { links, soft } = hardLinks(service, index, objectives, caches);
  const known: Extract<Link, { known: true }>[] = [];
  const unknown: Extract<Link, { known: false }>[] = [];
  let achievable = 1;
  for (const link of links) {
    if (link.known) {
      known.push(link);
      achievable *= link.availability;
    } else {
      unknown.push(link);
    }
  }
  if (known.length > 1) {
    known.sort(
      (a, b) =>
        a.availability - b.availability ||
        compareText(a.entityRef, b.entityRef),
    );
  }
  const declared = objectives.get(service.ref);
  const name = displayRef(service.ref);
  const chain = known.map(link => link.link);
  const row: SloAchievability = {
    service: service.ref,
    declared,
    achievable,
    achievableOk: false,
    chain,
    softDependencies: soft,
    unknownDependencies: unknown.map(link => link.entityRef),
    explanation: '',
  };
  const composed = `its hard dependencies compose to ${formatAvailability(
    achievable,
  )}`;
  const listed = (items: typeof known) =>
    items
      .map(
        link =>
          `${displayRef(link.entityRef)} ${formatAvailability(
            link.availability,
          )}`,
      )
      .join(', ');
  const softNote =
    soft.length > 0
      ? ` (soft, not counted: ${soft.map(displayRef).join(', ')})`
      : '';

  if (declared === undefined) {
    row.explanation = `${name} declares no availability objective (no SLO in its openslo.yaml), so there is nothing to check; ${
      links.length === 0 ? 'it has no hard dependencies' : composed
    }${softNote}.`;
    return { row };
  }
  const target = formatAvailability(declared);
  if (unknown.length > 0) {
    row.explanation = `${name} declares ${target}, but the availability of ${unknown
      .map(link => displayRef(link.entityRef))
      .join(', ')} is unknown (${unknown
      .map(link => link.reason)
      .join('; ')}), so the review cannot confirm it${
      known.length > 0
        ? `; the known hard dependencies compose to ${formatAvailability(
            achievable,
          )}`
        : ''
    }${softNote}.`;
    return {
      row,
      finding: {
        rule: 'slo-not-achievable',
        severity: 'info',
        message: row.explanation,
        fix: `declare the availability of ${unknown
          .map(link => displayRef(link.entityRef))
          .join(', ')}: an SLO in the service's openslo.yaml, or ${
          REVIEW_ANNOTATIONS.availabilitySla
        } (percent) on a Resource; or, if ${name} works without it, list it in ${
          REVIEW_ANNOTATIONS.softDependencies
        }`,
        entityRefs: [service.ref, ...unknown.map(link => link.entityRef)],
      },
    };
  }
  if (known.length === 0) {
    row.achievableOk = true;
    row.explanation = `${name} declares ${target} and has no hard dependencies in the catalog: nothing below it limits it${softNote}.`;
    return { row };
  }
  if (achievable + EPSILON >= declared) {
    row.achievableOk = true;
    row.explanation = `${name} declares ${target}; ${composed} (${listed(
      known,
    )}), which supports it${softNote}.`;
    return { row };
  }

  const weakest = known[0];
  const ties = known.filter(
    link => link !== weakest && link.availability === weakest.availability,
  );
  const others = known.slice(1);
  const othersProduct = achievable / weakest.availability;
  const needed = declared / othersProduct;
  const weakestName = displayRef(weakest.entityRef);
  const tieNote =
    ties.length > 0
      ? ` (as ${ties.map(link => displayRef(link.entityRef)).join(', ')} ${
          ties.length === 1 ? 'does' : 'do'
        })`
      : '';
  const othersNote =
    others.length > 0
      ? `; the other hard dependencies (${listed(
          others,
        )}) compose to ${formatAvailability(othersProduct)}`
      : '';
  row.explanation =
    needed <= 1 + EPSILON
      ? `${name} declares ${target} but ${composed}: it needs ${weakestName} ≥ ${formatAvailability(
          Math.min(needed, 1),
        )}, which ${weakest.verb} ${formatAvailability(
          weakest.availability,
        )}${tieNote}${othersNote}${softNote}.`
      : `${name} declares ${target} but ${composed}: even ${weakestName} at 100 % would not be enough, because the other hard dependencies (${listed(
          others,
        )}) compose to ${formatAvailability(othersProduct)}${softNote}.`;
  return {
    row,
    finding: {
      rule: 'slo-not-achievable',
      severity: 'warning',
      message: row.explanation,
      fix:
        needed <= 1 + EPSILON
          ? `raise ${weakestName}'s objective to ≥ ${formatAvailability(
              Math.min(needed, 1),
            )} (or choose a configuration whose SLA is), make the dependency soft (async, with a fallback) and list it in ${
              REVIEW_ANNOTATIONS.softDependencies
            }, or lower ${name}'s objective to ≤ ${formatAvailability(
              achievable,
            )}`
          : `remove hard dependencies from ${name}'s request path (async, with a fallback, listed in ${
              REVIEW_ANNOTATIONS.softDependencies
            }) or lower its objective to ≤ ${formatAvailability(achievable)}`,
      entityRefs: [service.ref, ...known.map(link => link.entityRef)],
    },
  };
}
