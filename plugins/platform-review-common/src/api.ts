/**
 * The platform review's data, shared by the pure analyses (this package), the backend
 * (`/api/platform-review/v1/...`) and the review page.
 */

/**
 * Which check a finding comes from.
 *
 * @public
 */
export type FindingRule =
  /** A data-store Resource used by Components of more than one owner. */
  | 'shared-data-store'
  /** A Component depends directly on another service's data store instead of its API. */
  | 'foreign-data-store'
  /** The API gateway or an edge component owns (depends on) a durable data store. */
  | 'gateway-owns-data'
  /** A Component or Resource without an owner. */
  | 'missing-owner'
  /** An owner that is not a Group in the catalog. */
  | 'owner-not-a-group'
  /** A service uses a service of another system without declaring consumesApis. */
  | 'undeclared-api-consumption'
  /** An entity the review cannot read (malformed, unknown reference…). */
  | 'malformed-entity'
  /** A declared SLO its hard dependencies cannot support. */
  | 'slo-not-achievable'
  /** Spend over budget (team, system or platform). */
  | 'over-budget'
  /** A deferred decision past its revisit-by date, or whose trigger fired. */
  | 'decision-due'
  /** A service generated from an older blueprint than the current one. */
  | 'template-drift';

/** @public */
export type FindingSeverity = 'error' | 'warning' | 'info';

/**
 * One thing a lead should look at, with the entities involved and how to fix it.
 *
 * @public
 */
export interface ReviewFinding {
  rule: FindingRule;
  severity: FindingSeverity;
  /** What is wrong, naming the entities. */
  message: string;
  /** What to do about it. */
  fix: string;
  /** Entity refs involved (e.g. the service and the database it should not read). */
  entityRefs: string[];
  /** The Systems and owner Groups involved, for the page's filters. */
  systems: string[];
  teams: string[];
}

/**
 * A row of the ownership map: one service, its owner and its data stores.
 *
 * @public
 */
export interface OwnershipRow {
  service: string;
  owner?: string;
  system?: string;
  /** The data-store Resources the service depends on, each with its owner. */
  dataStores: { entityRef: string; owner?: string; type?: string }[];
  /** APIs it provides and consumes (read-only: the analyses share the entity's own list). */
  providesApis: readonly string[];
  consumesApis: readonly string[];
}

/**
 * One link of the chain that limits a service's availability.
 *
 * @public
 */
export interface AvailabilityLink {
  entityRef: string;
  /** The availability this dependency is counted with (its SLO, or its provider's SLA). */
  availability: number;
  /** Where that number comes from: "SLO (openslo.yaml)", "SLA annotation", … */
  source: string;
}

/**
 * Whether a service's declared availability objective can be met by its hard dependencies
 * in series (soft dependencies, `commerce.platform/soft-dependencies`, excluded).
 *
 * @public
 */
export interface SloAchievability {
  service: string;
  declared?: number;
  /** The product of the hard dependencies' availabilities (1 with none). */
  achievable: number;
  achievableOk: boolean;
  /** The hard dependencies, weakest first. */
  chain: AvailabilityLink[];
  softDependencies: string[];
  /**
   * Hard dependencies whose availability is unknown (no SLO, no SLA annotation, not in the
   * catalog): while there is one, `achievableOk` is false and `achievable` counts only the others.
   */
  unknownDependencies?: string[];
  /** In words, e.g. "order-service declares 99.99 % but needs payment-service ≥ 99.99 %, which declares 99.95 %". */
  explanation: string;
}

/**
 * Spend against budget for a team, a system or the platform.
 *
 * @public
 */
export interface SpendRow {
  entityRef: string;
  title?: string;
  scope: 'platform' | 'system' | 'team';
  kind: 'actual' | 'estimate';
  monthlyUsd: number;
  budgetUsd?: number;
  overBudget: boolean;
}

/**
 * One architecture decision record (MADR) and where it came from.
 *
 * @public
 */
export interface DecisionRecord {
  /** The entity whose `backstage.io/adr-location` it was found under. */
  entityRef: string;
  /** The file, e.g. `0009-defer-service-mesh.md`, and its URL. */
  file: string;
  url?: string;
  title: string;
  status:
    | 'proposed'
    | 'accepted'
    | 'superseded'
    | 'rejected'
    | 'deferred'
    | 'deprecated'
    | string;
  date?: string;
  decisionMakers: string[];
  revisitTrigger?: string;
  revisitBy?: string;
  /** Deferred and past `revisitBy`. */
  overdue: boolean;
  /** The trigger's clauses the review could evaluate against the catalog, and their result. */
  triggerEvaluation: {
    clause: string;
    evaluable: boolean;
    fired?: boolean;
    detail?: string;
  }[];
  /** Deferred and at least one clause fired. */
  triggerFired: boolean;
  /** Problems reading it (bad front matter…): the record is still listed. */
  problems: string[];
}

/**
 * A service generated from a blueprint version other than the current one.
 *
 * @public
 */
export interface DriftRow {
  service: string;
  blueprintVersion?: string;
  currentVersion: string;
  behind: boolean;
}

/**
 * `GET /api/platform-review/v1/review?system=<ref>&team=<ref>`: everything the review page shows.
 *
 * @public
 */
export interface PlatformReview {
  generatedAt: string;
  /** The filters applied (entity refs), if any. */
  filters: { system?: string; team?: string };
  ownership: OwnershipRow[];
  findings: ReviewFinding[];
  slo: SloAchievability[];
  spend: SpendRow[];
  /** Deferred decisions ("not yet"), overdue and fired first. */
  notYet: DecisionRecord[];
  drift: DriftRow[];
  /** Systems and teams present, for the filter menus. */
  systems: { entityRef: string; title?: string }[];
  teams: { entityRef: string; title?: string }[];
  /** Parts the review could not compute (e.g. cost backend unreachable), each with why. */
  problems: string[];
}

/**
 * `GET /api/platform-review/v1/decisions` (all) and
 * `GET /api/platform-review/v1/entities/:kind/:namespace/:name/decisions` (one entity's).
 *
 * @public
 */
export interface DecisionList {
  decisions: DecisionRecord[];
  problems: string[];
}

/**
 * `GET /api/platform-review/v1/entities/:kind/:namespace/:name/decisions/:file`: one decision
 * record and its Markdown, for the portal to render (a `file://` link is blocked by browsers).
 *
 * @public
 */
export interface DecisionRecordContent {
  record: DecisionRecord;
  /** The record's Markdown without its front matter (which `record` carries, parsed). */
  markdown: string;
}

/**
 * `GET /api/platform-review/v1/entities/:kind/:namespace/:name/findings`: the review's findings
 * that name one entity, for its "Platform checks" card.
 *
 * @public
 */
export interface EntityFindings {
  /** When the snapshot the findings come from was built. */
  generatedAt: string;
  findings: ReviewFinding[];
}

/**
 * `GET /api/platform-review/v1/review/summary?system=<ref>&team=<ref>`: the review without its
 * per-service lists (ownership rows, findings, SLO achievability and template drift), which the
 * page reads a page at a time; in their place how many there are. A few KiB at any size.
 *
 * @public
 */
export interface ReviewSummary
  extends Omit<PlatformReview, 'ownership' | 'findings' | 'slo' | 'drift'> {
  /** How many ownership rows the filters leave. */
  ownershipCount: number;
  /** How many findings the filters leave, by rule (rules with none are left out). */
  findingCounts: Partial<Record<FindingRule, number>>;
  /** How many SLO achievability rows (services) the filters leave. */
  sloCount: number;
  /** How many of those declare an objective their hard dependencies cannot give. */
  sloNotAchievableCount: number;
  /** How many generated services (with a blueprint version) the filters leave. */
  driftCount: number;
  /** How many of those are behind the current blueprint. */
  driftBehindCount: number;
  /** The blueprint's current version, when there is a generated service to compare. */
  currentBlueprintVersion?: string;
}

/**
 * The lists of the review the backend pages, and the columns each sorts by.
 *
 * @public
 */
export const REVIEW_LIST_ORDERS = {
  ownership: ['service', 'owner', 'system'],
  findings: ['rule', 'severity', 'message'],
  decisions: ['title', 'status', 'date', 'entityRef'],
  slo: ['service', 'declared', 'achievable'],
  drift: ['service', 'blueprintVersion'],
} as const;

/** @public */
export type ReviewListName = keyof typeof REVIEW_LIST_ORDERS;

/**
 * One page of a review list: filtered by System and team, searched (any column, ignoring case)
 * and sorted on the server; `GET /api/platform-review/v1/review/<list>`.
 *
 * @public
 */
export interface ReviewPageQuery<L extends ReviewListName = ReviewListName> {
  system?: string;
  team?: string;
  /** Rows to skip (default 0). */
  offset?: number;
  /** Rows at most, 1–500 (default 20). */
  limit?: number;
  orderBy?: (typeof REVIEW_LIST_ORDERS)[L][number];
  order?: 'asc' | 'desc';
  search?: string;
  /** Decisions only: one status. */
  status?: string;
  /** Drift only: true for the services behind the current blueprint, false for the others. */
  behind?: boolean;
}

/**
 * One page of a review list and how many rows there are across all pages.
 *
 * @public
 */
export interface ReviewPage<T> {
  /** The snapshot the page comes from. */
  generatedAt: string;
  items: T[];
  /** How many rows the filters and search leave, across all pages. */
  totalCount: number;
  offset: number;
  limit: number;
}

/**
 * `GET /api/platform-review/v1/review/decisions`: a page of every decision record.
 *
 * @public
 */
export interface DecisionsPage extends ReviewPage<DecisionRecord> {
  /** The statuses present (before the status filter), for its menu. */
  statuses: string[];
  /** The decision folders that could not be read. */
  problems: string[];
}

/**
 * Every finding rule, in the order a lead reads them (boundaries first): the findings list's
 * default order.
 *
 * @public
 */
export const FINDING_RULES: readonly FindingRule[] = [
  'shared-data-store',
  'foreign-data-store',
  'gateway-owns-data',
  'missing-owner',
  'owner-not-a-group',
  'undeclared-api-consumption',
  'malformed-entity',
  'slo-not-achievable',
  'over-budget',
  'decision-due',
  'template-drift',
];
