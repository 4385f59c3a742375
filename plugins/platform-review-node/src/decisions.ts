import { isRecord, readPart } from '@internal/schema-problems';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type {
  DecisionRecord,
  ReviewFinding,
} from '@internal/plugin-platform-review-common';
import type { CatalogIndex } from './catalogIndex';
import { scopeOf } from './findings';
import {
  compareText,
  displayRef,
  normalizeEntityRef,
  uniqueSorted,
} from './refs';
import { evaluateRevisitTrigger, type CatalogFacts } from './triggers';

/**
 * The statuses a record may have: MADR 4's, plus `deferred` (the "not yet" list). `superseded`
 * may be written `superseded by 0012`.
 *
 * @public
 */
export const DECISION_STATUSES: readonly string[] = [
  'proposed',
  'accepted',
  'rejected',
  'deprecated',
  'superseded',
  'deferred',
];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The day of `date` in UTC, `YYYY-MM-DD`: the form front-matter dates are compared in. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Today as `YYYY-MM-DD` (UTC) from a Date or an ISO date or timestamp; undefined when it is
 * neither (then nothing is judged overdue).
 */
export function todayDay(today: Date | string): string | undefined {
  const date = today instanceof Date ? today : new Date(today);
  return Number.isNaN(date.getTime()) ? undefined : isoDay(date);
}

/** A `YYYY-MM-DD` that is a day of the calendar (not 2027-02-30). */
function isCalendarDay(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && isoDay(date) === text;
}

/**
 * A front-matter date as text: YAML 1.1 readers turn `2027-03-31` into a Date, and `20270331`
 * is a number.
 */
function dayText(error?: z.core.$ZodErrorMap | string) {
  return z.union(
    [
      z.date().transform(isoDay),
      z.string().trim(),
      // Any number, NaN too: `.nan` is reported as the text "NaN", not as a missing date.
      z.custom<number>(value => typeof value === 'number').transform(String),
    ],
    { error },
  );
}

const notADay = '{path} {value} is not a YYYY-MM-DD day';

/** A `YYYY-MM-DD` that is a day of the calendar. */
const calendarDay = z.string().refine(isCalendarDay, { error: notADay });

const statusList = DECISION_STATUSES.join(', ');

/** `Accepted`, `superseded by 0012` → `accepted`, `superseded`; '' when there is no status. */
function normalizeStatus(value: unknown): string {
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  return /^superseded\b/.test(text) ? 'superseded' : text;
}

const noStatus = `no {path}: add status: one of ${statusList}`;

/** The front matter's fields, each checked on its own: a bad one never hides the others. */
const frontMatterFields = {
  status: z
    .string({ error: noStatus })
    .refine(raw => normalizeStatus(raw) !== '', {
      error: noStatus,
      abort: true,
    })
    .refine(raw => DECISION_STATUSES.includes(normalizeStatus(raw)), {
      error: `{path} {value} is not one of ${statusList}`,
    }),
  date: dayText(issue =>
    issue.input === undefined
      ? 'no {path}: add date: YYYY-MM-DD, the day the status last changed'
      : notADay,
  ).pipe(calendarDay),
  'decision-makers': z
    .array(z.unknown(), {
      error: issue =>
        typeof issue.input === 'string'
          ? '{path} is not a YAML list: write it as [platform-team, engineering-leads]'
          : 'no {path}: add decision-makers: [<group>, …] with the catalog Groups that decided',
    })
    .refine(makers => makers.every(maker => typeof maker === 'string'), {
      error: '{path} has entries that are not Group names',
    }),
  'revisit-by': dayText(notADay).pipe(calendarDay),
};

/** The Groups as written: a list's strings, or a comma-separated line (reported above). */
function decisionMakersOf(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.filter((m): m is string => typeof m === 'string');
  }
  if (typeof value === 'string') {
    return value
      .split(',')
      .map(m => m.trim())
      .filter(Boolean);
  }
  return [];
}

/**
 * Works out what depends on today and on the catalog: `overdue`, the trigger's evaluation and
 * `triggerFired`. `parseDecisionRecord` calls it; the review calls it again on records parsed
 * earlier (and cached), so they are judged against today's catalog.
 *
 * @public
 */
export function evaluateDecisionRecord(
  record: DecisionRecord,
  today: Date | string,
  facts: CatalogFacts | undefined,
): DecisionRecord {
  const deferred = record.status === 'deferred';
  const day = todayDay(today);
  const triggerEvaluation = evaluateRevisitTrigger(
    record.revisitTrigger,
    facts,
  );
  return {
    ...record,
    overdue:
      deferred &&
      day !== undefined &&
      record.revisitBy !== undefined &&
      isCalendarDay(record.revisitBy) &&
      record.revisitBy < day,
    triggerEvaluation,
    triggerFired:
      deferred && triggerEvaluation.some(clause => clause.fired === true),
  };
}

/**
 * Reads one MADR file: YAML front matter between `---` lines (README of docs/decisions:
 * `status`, `date`, `decision-makers`, and for `deferred` records `revisit-trigger` and
 * `revisit-by`), and the title from the first `# ` heading.
 *
 * Never throws: missing or unreadable front matter, an unknown status, a date that is not
 * `YYYY-MM-DD`, decision-makers that are not a list, a deferred record without trigger or
 * revisit-by, a missing title — each is a problem on the record, which is still listed (title
 * from the file name when there is none). `overdue`: deferred and `revisit-by` before today (UTC).
 *
 * @public
 */
export function parseDecisionRecord(input: {
  entityRef: string;
  file: string;
  url?: string;
  text: string;
  /** A Date, or an ISO date (`2027-04-01`) or timestamp. */
  today: Date | string;
  facts?: CatalogFacts;
}): DecisionRecord {
  const problems: string[] = [];
  const text =
    typeof input.text === 'string' ? input.text.replace(/^\uFEFF/, '') : '';
  const lines = text.split(/\r?\n/);
  let frontMatter: Record<string, unknown> = {};
  let bodyStart = 0;
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((line, i) => i > 0 && line.trim() === '---');
    if (end === -1) {
      problems.push(
        'the front matter is never closed: end it with a line of three dashes (---)',
      );
    } else {
      bodyStart = end + 1;
      try {
        const parsed = parseYaml(lines.slice(1, end).join('\n'));
        if (isRecord(parsed)) frontMatter = parsed;
        else if (parsed !== null && parsed !== undefined) {
          problems.push(
            'the front matter is not a YAML mapping (key: value lines)',
          );
        }
      } catch (error) {
        problems.push(
          `the front matter is not valid YAML: ${
            error instanceof Error
              ? error.message.split('\n')[0]
              : String(error)
          }`,
        );
      }
    }
  } else {
    problems.push(
      'no front matter: start the file with --- , status, date and decision-makers, then ---',
    );
  }

  const title = lines
    .slice(bodyStart)
    .map(line => /^#\s+(.+?)\s*#*\s*$/.exec(line)?.[1])
    .find((heading): heading is string => heading !== undefined);
  if (!title)
    problems.push('no title: add a "# Title" line after the front matter');

  const field = (key: keyof typeof frontMatterFields) =>
    readPart(frontMatterFields[key], frontMatter[key], problems, { at: [key] });

  field('status');
  const status = normalizeStatus(frontMatter.status);
  const date = field('date') as string | undefined;
  field('decision-makers');
  const decisionMakers = decisionMakersOf(frontMatter['decision-makers']);

  const trigger = frontMatter['revisit-trigger'];
  const revisitTrigger =
    typeof trigger === 'string' && trigger.trim() ? trigger.trim() : undefined;
  // Kept as written even when it is no day, so the page shows what the file says.
  const revisitBy = readPart(dayText(), frontMatter['revisit-by'], []);
  if (status === 'deferred') {
    if (!revisitTrigger) {
      problems.push(
        'deferred without revisit-trigger: add one line naming a catalog fact where possible, e.g. "more than 10 services in the catalog"',
      );
    }
    if (!revisitBy) {
      problems.push(
        'deferred without revisit-by: add revisit-by: YYYY-MM-DD, or it can never be overdue',
      );
    }
  }
  if (revisitBy !== undefined) field('revisit-by');

  const record: DecisionRecord = {
    entityRef: normalizeEntityRef(input.entityRef) ?? String(input.entityRef),
    file: input.file,
    url: input.url,
    title: title ?? input.file.replace(/^.*\//, '').replace(/\.md$/i, ''),
    status: status || 'unknown',
    date,
    decisionMakers,
    revisitTrigger,
    revisitBy,
    overdue: false,
    triggerEvaluation: [],
    triggerFired: false,
    problems,
  };
  return evaluateDecisionRecord(record, input.today, input.facts);
}

/**
 * The "not yet" list: deferred records only; those overdue or whose trigger fired first, then
 * by `revisit-by` (soonest first, none last), then by file.
 *
 * @public
 */
export function notYetList(
  records: readonly DecisionRecord[],
): DecisionRecord[] {
  const due = (record: DecisionRecord) =>
    record.overdue || record.triggerFired ? 0 : 1;
  return records
    .filter(record => record.status === 'deferred')
    .sort(
      (a, b) =>
        due(a) - due(b) ||
        compareText(a.revisitBy ?? '9999', b.revisitBy ?? '9999') ||
        compareText(a.file, b.file),
    );
}

/** The Groups that decided, as refs. */
function decisionMakerRefs(record: DecisionRecord): string[] {
  return record.decisionMakers
    .map(name => normalizeEntityRef(name, { defaultKind: 'group' }))
    .filter((ref): ref is string => ref !== undefined);
}

/**
 * The Systems and teams of a decision, for the page's filters: the System of the entity it was
 * found under and that entity's owner, plus the decision makers.
 */
export function decisionScope(
  record: DecisionRecord,
  index: CatalogIndex,
): { systems: string[]; teams: string[] } {
  const scope = scopeOf([record.entityRef], index);
  return {
    systems: scope.systems,
    teams: uniqueSorted([...scope.teams, ...decisionMakerRefs(record)]),
  };
}

/**
 * `decision-due` findings (warning): a deferred record past its `revisit-by`, or whose trigger
 * fired (naming the clauses that did).
 *
 * @public
 */
export function decisionFindings(
  records: readonly DecisionRecord[],
  index: CatalogIndex,
): ReviewFinding[] {
  const findings: ReviewFinding[] = [];
  for (const record of records) {
    if (record.status !== 'deferred') continue;
    if (!record.overdue && !record.triggerFired) continue;
    const fired = record.triggerEvaluation.filter(clause => clause.fired);
    const reasons = [
      ...(record.overdue
        ? [`it was to be revisited by ${record.revisitBy}`]
        : []),
      ...fired.map(
        clause => `its trigger fired: "${clause.clause}" (${clause.detail})`,
      ),
    ];
    findings.push({
      rule: 'decision-due',
      severity: 'warning',
      message: `"${record.title}" (${
        record.file
      }, deferred) is due: ${reasons.join('; ')}`,
      fix: `${
        record.decisionMakers.length > 0
          ? record.decisionMakers.join(', ')
          : 'its decision makers'
      }: revisit it — decide, or defer again with a new revisit-by and trigger (front matter of ${
        record.file
      }, under ${displayRef(record.entityRef)})`,
      entityRefs: [record.entityRef],
      ...decisionScope(record, index),
    });
  }
  return findings;
}

/**
 * A record's Markdown without its YAML front matter (the lines between the opening and closing
 * `---`), for rendering: the front matter's fields are shown from the parsed record instead. A
 * file whose front matter is never closed is returned whole, so nothing it says is hidden.
 *
 * @public
 */
export function decisionMarkdownBody(text: string): string {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') return lines.join('\n').trim();
  const end = lines.findIndex((line, i) => i > 0 && line.trim() === '---');
  return (end === -1 ? lines : lines.slice(end + 1)).join('\n').trim();
}
