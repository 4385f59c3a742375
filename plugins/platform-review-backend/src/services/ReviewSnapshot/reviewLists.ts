import {
  type DecisionRecord,
  type DecisionsPage,
  type DriftRow,
  FINDING_RULES,
  type OwnershipRow,
  type PlatformReview,
  type ReviewFinding,
  type ReviewListName,
  type ReviewPage,
  type ReviewPageQuery,
  reviewSummaryOf,
  type ReviewSummary,
  type SloAchievability,
} from '@internal/plugin-platform-review-common';
import {
  filterReview,
  type ReviewServices,
} from '@internal/plugin-platform-review-node';

/** How many sorted lists (per filters, list and order) one snapshot keeps. */
const MAX_ENTRIES = 64;

export const DEFAULT_LIMIT = 20;

type Filters = { system?: string; team?: string };

interface Row<T> {
  item: T;
  /** Every column's text, lower-cased, for the search. */
  text: string;
}

const lower = (value: string | undefined) =>
  (value ?? '').toLocaleLowerCase('en-US');

const SEVERITY_RANK: Record<string, number> = { error: 0, warning: 1, info: 2 };
const ruleRank = (rule: string) => {
  const i = FINDING_RULES.indexOf(rule as ReviewFinding['rule']);
  return i === -1 ? FINDING_RULES.length : i;
};

/** Each list's sort keys: a column's value to compare (strings ignoring case, or numbers). */
const SORT_KEYS = {
  ownership: {
    service: (row: OwnershipRow) => lower(row.service),
    owner: (row: OwnershipRow) => lower(row.owner),
    system: (row: OwnershipRow) => lower(row.system),
  },
  findings: {
    // The page's order: by rule, errors first within one.
    rule: (f: ReviewFinding) =>
      ruleRank(f.rule) * 10 + SEVERITY_RANK[f.severity]!,
    severity: (f: ReviewFinding) => SEVERITY_RANK[f.severity] ?? 3,
    message: (f: ReviewFinding) => lower(f.message),
  },
  decisions: {
    title: (d: DecisionRecord) => lower(d.title),
    status: (d: DecisionRecord) => lower(d.status),
    date: (d: DecisionRecord) => d.date ?? '',
    entityRef: (d: DecisionRecord) => `${lower(d.entityRef)} ${lower(d.file)}`,
  },
  slo: {
    service: (row: SloAchievability) => lower(row.service),
    // No objective sorts below every declared one.
    declared: (row: SloAchievability) => row.declared ?? -1,
    achievable: (row: SloAchievability) => row.achievable,
  },
  drift: {
    service: (row: DriftRow) => lower(row.service),
    // Versions compared part by part as numbers (1.10.0 after 1.9.0); none sorts first.
    blueprintVersion: (row: DriftRow) => versionKey(row.blueprintVersion),
  },
} as const;

/** A version as a string that sorts like it: each numeric part zero-padded. */
function versionKey(version: string | undefined): string {
  if (!version) return '';
  return lower(version)
    .split('.')
    .map(part => (/^\d+$/.test(part) ? part.padStart(10, '0') : part))
    .join('.');
}

const DEFAULT_ORDER_BY: Record<ReviewListName, string> = {
  ownership: 'service',
  findings: 'rule',
  decisions: 'entityRef',
  slo: 'service',
  drift: 'service',
};

const textOf = {
  ownership: (row: OwnershipRow) =>
    lower(
      [
        row.service,
        row.owner,
        row.system,
        ...row.dataStores.flatMap(s => [s.entityRef, s.owner, s.type]),
        ...row.providesApis,
        ...row.consumesApis,
      ].join('\n'),
    ),
  findings: (f: ReviewFinding) =>
    lower([f.rule, f.severity, f.message, f.fix, ...f.entityRefs].join('\n')),
  decisions: (d: DecisionRecord) =>
    lower(
      [
        d.title,
        d.status,
        d.entityRef,
        d.file,
        d.date,
        ...d.decisionMakers,
      ].join('\n'),
    ),
  slo: (row: SloAchievability) =>
    lower(
      [
        row.service,
        row.explanation,
        ...row.chain.map(link => link.entityRef),
        ...row.softDependencies,
        ...(row.unknownDependencies ?? []),
      ].join('\n'),
    ),
  drift: (row: DriftRow) =>
    lower([row.service, row.blueprintVersion, row.currentVersion].join('\n')),
};

/**
 * A stable sort by `key`, ties in the list's own order (the review's), so that consecutive
 * pages never repeat or skip a row.
 */
function sortRows<T>(
  rows: Row<T>[],
  key: (item: T) => string | number,
  descending: boolean,
): Row<T>[] {
  const keyed = rows.map((row, index) => ({ row, index, key: key(row.item) }));
  keyed.sort((a, b) => {
    let c = 0;
    if (a.key < b.key) c = -1;
    else if (a.key > b.key) c = 1;
    if (descending) c = -c;
    return c || a.index - b.index;
  });
  return keyed.map(k => k.row);
}

/**
 * The paged lists of one snapshot: each filtered list (per System and team) with its search
 * text worked out once, and each sorted order kept, most recently used last, until the snapshot
 * is replaced (a new instance per snapshot). A request then only scans for its search and
 * slices its page.
 */
export class ReviewLists {
  private readonly filtered = new Map<string, PlatformReview>();
  private readonly sorted = new Map<string, Row<unknown>[]>();

  constructor(
    private readonly deps: {
      filterable: () => Promise<{
        review: PlatformReview;
        services: ReviewServices;
      }>;
      /** The review narrowed to the filters (with a problem for a filter naming nothing). */
      reviewOf: (filters: Filters) => Promise<PlatformReview>;
      decisions: DecisionRecord[];
      decisionProblems: () => string[];
    },
  ) {}

  /**
   * Prepares what the review page asks for first: the unfiltered review parsed, and each list
   * sorted in its default order (the summary and the first pages then read from memory).
   */
  async warm(): Promise<void> {
    await this.summary({});
    await this.ownership({});
    await this.findings({});
    await this.slo({});
    await this.drift({});
    await this.decisions({});
  }

  async summary(filters: Filters): Promise<ReviewSummary> {
    return reviewSummaryOf(await this.review(filters));
  }

  async slo(
    query: ReviewPageQuery<'slo'>,
  ): Promise<ReviewPage<SloAchievability>> {
    const review = await this.review(query);
    return this.page('slo', query, review, () => review.slo);
  }

  async drift(query: ReviewPageQuery<'drift'>): Promise<ReviewPage<DriftRow>> {
    const review = await this.review(query);
    const { behind } = query;
    return this.page(
      'drift',
      query,
      review,
      () => review.drift,
      behind === undefined
        ? undefined
        : (row: DriftRow) => row.behind === behind,
    );
  }

  async ownership(
    query: ReviewPageQuery<'ownership'>,
  ): Promise<ReviewPage<OwnershipRow>> {
    const review = await this.review(query);
    return this.page('ownership', query, review, () => review.ownership);
  }

  async findings(
    query: ReviewPageQuery<'findings'>,
  ): Promise<ReviewPage<ReviewFinding>> {
    const review = await this.review(query);
    return this.page('findings', query, review, () => review.findings);
  }

  async decisions(query: ReviewPageQuery<'decisions'>): Promise<DecisionsPage> {
    const review = await this.review(query);
    const all = await this.filteredDecisions(query);
    const statuses = [...new Set(all.map(d => d.status))].sort();
    const status = query.status && lower(query.status);
    const page = this.page(
      'decisions',
      query,
      review,
      () => all,
      status ? (d: DecisionRecord) => lower(d.status) === status : undefined,
    );
    return { ...page, statuses, problems: this.deps.decisionProblems() };
  }

  /** The review narrowed to the filters, kept per filters. */
  private async review(filters: Filters): Promise<PlatformReview> {
    if (!filters.system && !filters.team) {
      return (await this.deps.filterable()).review;
    }
    const key = `${filters.system ?? ''} ${filters.team ?? ''}`;
    let filtered = this.filtered.get(key);
    if (!filtered) {
      filtered = await this.deps.reviewOf({
        system: filters.system,
        team: filters.team,
      });
      this.remember(this.filtered, key, filtered);
    }
    return filtered;
  }

  /** Every decision record, narrowed the way the "not yet" list is. */
  private async filteredDecisions(filters: Filters): Promise<DecisionRecord[]> {
    if (!filters.system && !filters.team) return this.deps.decisions;
    const { review, services } = await this.deps.filterable();
    return filterReview(
      { ...review, notYet: this.deps.decisions },
      filters,
      services,
    ).notYet;
  }

  private page<T>(
    list: ReviewListName,
    query: ReviewPageQuery,
    review: PlatformReview,
    items: () => T[],
    keep?: (item: T) => boolean,
  ): ReviewPage<T> {
    const orderBy = query.orderBy ?? DEFAULT_ORDER_BY[list];
    const descending = query.order === 'desc';
    const key = [
      list,
      query.system ?? '',
      query.team ?? '',
      orderBy,
      descending ? 'desc' : 'asc',
    ].join(' ');
    let rows = this.sorted.get(key) as Row<T>[] | undefined;
    if (!rows) {
      const text = textOf[list] as (item: T) => string;
      const sortKey = (
        SORT_KEYS[list] as Record<string, (item: T) => string | number>
      )[orderBy];
      if (!sortKey) {
        // The OpenAPI document lets only these through; a caller of this class may not.
        throw new Error(`${list} cannot be sorted by ${orderBy}`);
      }
      rows = sortRows(
        items().map(item => ({ item, text: text(item) })),
        sortKey,
        descending,
      );
      this.remember(this.sorted, key, rows as Row<unknown>[]);
    } else {
      // Most recently used last.
      this.sorted.delete(key);
      this.sorted.set(key, rows as Row<unknown>[]);
    }
    const search = lower(query.search?.trim());
    const matching =
      search || keep
        ? rows.filter(
            row =>
              (!search || row.text.includes(search)) &&
              (!keep || keep(row.item)),
          )
        : rows;
    const offset = query.offset ?? 0;
    const limit = query.limit ?? DEFAULT_LIMIT;
    return {
      generatedAt: review.generatedAt,
      items: matching.slice(offset, offset + limit).map(row => row.item),
      totalCount: matching.length,
      offset,
      limit,
    };
  }

  private remember<V>(map: Map<string, V>, key: string, value: V) {
    map.set(key, value);
    for (const oldest of map.keys()) {
      if (map.size <= MAX_ENTRIES) break;
      map.delete(oldest);
    }
  }
}
