import type { Entity } from '@backstage/catalog-model';
import type {
  DecisionRecord,
  FindingSeverity,
  OwnershipRow,
  PlatformReview,
  ReviewFinding,
} from '@internal/plugin-platform-review-common';
import { indexCatalog } from './catalogIndex';
import { scopeOf } from './findings';
import {
  decisionFindings,
  evaluateDecisionRecord,
  notYetList,
} from './decisions';
import { analyseDrift } from './drift';
import { analyseOwnership, type OwnershipOptions } from './ownership';
import {
  compareText,
  kindOfRef,
  normalizeEntityRef,
  uniqueSorted,
} from './refs';
import {
  analyseSloAchievability,
  readObjectives,
  type AvailabilityObjectives,
} from './slo';
import { analyseSpend, type SpendOverviewInput } from './spend';
import { catalogFacts } from './triggers';

/**
 * What the review is built from; the backend gathers it (and caches it).
 *
 * @public
 */
export interface PlatformReviewInput {
  /** Catalog entities with their `relations` (Component, Resource, API, System, Group, User). */
  entities: readonly Entity[];
  /** Availability objectives (ratios) by entity ref, from the services' OpenSLO files. */
  objectives: AvailabilityObjectives;
  /** The cost feature's overview; without it spend is not reviewed (a problem says so). */
  costOverview?: SpendOverviewInput;
  /** Decision records, already parsed (`parseDecisionRecord`); re-judged against `today`. */
  decisions: readonly DecisionRecord[];
  /** The blueprint version new services are generated from, e.g. `0.1.0`. */
  /** Undefined when it could not be read: drift is then not reviewed (a problem says so). */
  currentBlueprintVersion: string | undefined;
  /** A Date, or an ISO date (`2027-04-01`) or timestamp. */
  today: Date | string;
  /** What the caller could not gather (a service's SLO file unreadable…), passed on. */
  problems?: readonly string[];
  /** What counts as a data store and as the edge. */
  ownership?: OwnershipOptions;
}

const SEVERITY_ORDER: Record<FindingSeverity, number> = {
  error: 0,
  warning: 1,
  info: 2,
};

function compareFindings(a: ReviewFinding, b: ReviewFinding): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    compareText(a.rule, b.rule) ||
    compareText(a.entityRefs[0] ?? '', b.entityRefs[0] ?? '') ||
    compareText(a.message, b.message)
  );
}

/**
 * The whole review: the catalog indexed once, then ownership, SLO achievability, spend,
 * decisions ("not yet", re-evaluated against today and the catalog) and template drift. Findings
 * come errors first, then warnings, then info, each by rule and entity. Pure: same input, same
 * review; nothing here throws on odd input — it becomes findings or problems.
 *
 * @public
 */
export function buildPlatformReview(
  input: PlatformReviewInput,
): PlatformReview {
  const problems = [...(input.problems ?? [])];
  const today =
    input.today instanceof Date ? input.today : new Date(input.today);
  const generatedAt = Number.isNaN(today.getTime())
    ? String(input.today)
    : today.toISOString();
  if (Number.isNaN(today.getTime())) {
    problems.push(
      `today ${JSON.stringify(
        input.today,
      )} is not a date: no decision is judged overdue`,
    );
  }
  const index = indexCatalog(input.entities);
  const objectives = readObjectives(input.objectives, problems);

  const ownership = analyseOwnership(index, input.ownership);
  const slo = analyseSloAchievability(index, objectives);
  const spend = analyseSpend(input.costOverview);
  const drift = analyseDrift(index, input.currentBlueprintVersion);
  const facts = catalogFacts({
    entities: index,
    objectives,
    costOverview: input.costOverview,
  });
  const decisions = (input.decisions ?? []).map(record =>
    evaluateDecisionRecord(record, input.today, facts),
  );

  // Spend findings know their System or team; the catalog adds the other side (a System's owner).
  const spendFindings = spend.findings.map(finding => {
    const scope = scopeOf(finding.entityRefs, index);
    return {
      ...finding,
      systems: uniqueSorted([...finding.systems, ...scope.systems]),
      teams: uniqueSorted([...finding.teams, ...scope.teams]),
    };
  });

  const findings = [
    ...index.malformed,
    ...ownership.findings,
    ...slo.findings,
    ...spendFindings,
    ...decisionFindings(decisions, index),
    ...drift.findings,
  ].sort(compareFindings);

  const titled = (kind: string) =>
    index.entities
      .filter(entity => entity.kind === kind)
      .map(entity => ({ entityRef: entity.ref, title: entity.title }))
      .sort((a, b) => compareText(a.entityRef, b.entityRef));

  return {
    generatedAt,
    filters: {},
    ownership: ownership.rows,
    findings,
    slo: slo.rows,
    spend: spend.rows,
    notYet: notYetList(decisions),
    drift: drift.rows,
    systems: titled('system'),
    teams: titled('group'),
    problems: [
      ...problems,
      ...slo.problems,
      ...spend.problems,
      ...drift.problems,
    ],
  };
}

/**
 * Service ref → its ownership row: what `filterReview` looks services up in.
 *
 * @public
 */
export type ReviewServices = ReadonlyMap<string, OwnershipRow>;

/**
 * The ownership rows of `review` by service, for {@link filterReview}. A cached review is
 * filtered on every request, and rebuilding a Map of ten thousand rows each time would be most
 * of the cost: whoever keeps the review keeps this beside it.
 *
 * @public
 */
export function indexReviewServices(review: PlatformReview): ReviewServices {
  return new Map(review.ownership.map(row => [row.service, row]));
}

/**
 * The review narrowed to a System and/or a team (entity refs; a bare name is read as
 * `system:default/<name>` or `group:default/<name>`). Both given: both must match.
 *
 * - Ownership rows, SLO rows and drift rows: the service's System and owner.
 * - Findings: their `systems` and `teams`.
 * - Spend: the System's row and the team's row (the platform total only unfiltered).
 * - Not yet: the System of the entity the record was found under; the team among its decision
 *   makers or owning that entity.
 *
 * Linear in the size of the review: one pass per list, given `services`
 * ({@link indexReviewServices} of the same review; built here when not given).
 *
 * @public
 */
export function filterReview(
  review: PlatformReview,
  filters: { system?: string; team?: string },
  services: ReviewServices = indexReviewServices(review),
): PlatformReview {
  const system = filters.system
    ? normalizeEntityRef(filters.system, { defaultKind: 'system' }) ??
      filters.system.toLowerCase()
    : undefined;
  const team = filters.team
    ? normalizeEntityRef(filters.team, { defaultKind: 'group' }) ??
      filters.team.toLowerCase()
    : undefined;
  if (!system && !team) return { ...review, filters: {} };

  const matches = (
    systems: readonly (string | undefined)[],
    teams: readonly (string | undefined)[],
  ) => (!system || systems.includes(system)) && (!team || teams.includes(team));
  // Rows have one System and one owner: compared directly, no list per row.
  const rowMatches = (row: OwnershipRow) =>
    (!system || row.system === system) && (!team || row.owner === team);
  const serviceMatches = (ref: string) => {
    const row = services.get(ref);
    return row !== undefined && rowMatches(row);
  };
  // The ownership rows are the only index of entities the review keeps; a record found under a
  // System (not a Component) is that System's.
  const recordMatches = (record: DecisionRecord) => {
    const row = services.get(record.entityRef);
    return matches(
      [
        row?.system,
        kindOfRef(record.entityRef) === 'system' ? record.entityRef : undefined,
      ],
      [
        row?.owner,
        ...record.decisionMakers.map(name =>
          normalizeEntityRef(name, { defaultKind: 'group' }),
        ),
      ],
    );
  };

  return {
    ...review,
    filters: {
      ...(system ? { system } : {}),
      ...(team ? { team } : {}),
    },
    ownership: review.ownership.filter(rowMatches),
    findings: review.findings.filter(finding =>
      matches(finding.systems, finding.teams),
    ),
    slo: review.slo.filter(row => serviceMatches(row.service)),
    spend: review.spend.filter(
      row =>
        (row.scope === 'system' && row.entityRef === system) ||
        (row.scope === 'team' && row.entityRef === team),
    ),
    notYet: review.notYet.filter(recordMatches),
    drift: review.drift.filter(row => serviceMatches(row.service)),
  };
}
