import { z } from 'zod';

/** Longest value quoted in a problem: a 10 000-character query would bury the message. */
const MAX_QUOTED = 80;

/**
 * A value as a problem quotes it: JSON, because `String()` on a YAML mapping gives
 * "[object Object]", or throws when the mapping has a key named toString; numbers as written
 * (JSON would write YAML's `.nan` and `.inf` as null). Cut at 80 characters.
 *
 * @public
 */
export function quoted(value: unknown): string {
  let text: string;
  try {
    text =
      typeof value === 'number'
        ? String(value)
        : JSON.stringify(value) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return shortened(text);
}

/**
 * Text cut at 80 characters, for names a problem repeats (a document's metadata.name).
 *
 * @public
 */
export function shortened(text: string): string {
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
}

/**
 * A YAML mapping (or JSON object): not null, not a list.
 *
 * @public
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A scalar where text belongs, as text: YAML reads `displayName: 2024` as a number and `.nan` as
 * NaN, and people mean the text they wrote. A mapping or a list is `error`.
 *
 * @public
 */
export function yamlText(error?: string) {
  return z
    .custom<string | number | boolean>(
      value => ['string', 'number', 'boolean'].includes(typeof value),
      { error },
    )
    .transform(String);
}

/**
 * How problems name their place, beyond the issue's own path.
 *
 * @public
 */
export interface ProblemOptions {
  /**
   * Where the checked value sits in its document, put before every issue's path: a reader that
   * checks one part at a time (a canary step) still names the full place
   * (`spec.strategy.canary.steps[2].setWeight`).
   */
  at?: readonly PropertyKey[];
  /**
   * A label written after a place, in parentheses, so a person finds the entry without counting:
   * `environments.prod[0] (redis.Premium.P1).quantity`. Called with each prefix of the path.
   */
  label?: (path: readonly PropertyKey[]) => string | undefined;
  /** The name of the whole document, for a problem about all of it, e.g. `(sheet)`. */
  root?: string;
}

/**
 * A place in a document as people write it: `spec.timeWindow[0].duration`.
 *
 * @public
 */
export function formatPath(
  path: readonly PropertyKey[],
  label?: ProblemOptions['label'],
): string {
  let text = '';
  path.forEach((key, i) => {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text ? `.${String(key)}` : String(key);
    const name = label?.(path.slice(0, i + 1));
    if (name) text += ` (${name})`;
  });
  return text;
}

const PLACEHOLDER = /\{(path|value)\}/g;

/**
 * The problems people read, one per zod issue. This is the one place the portal turns schema
 * issues into words, so every file format it reads reports the same way:
 *
 * - a message with `{path}` places the field itself (`{path} is {value}; write a ratio between
 *   0 and 1`); `{value}` is the value found there, quoted (the issue's input: parse with
 *   `reportInput`, as {@link parseWithProblems} does);
 * - any other message is said of its field: `environments.prod[0] (c).quantity: quantity must
 *   not be negative`; of the whole document it stands alone (or after `root`).
 *
 * @public
 */
export function formatIssues(
  issues: readonly z.core.$ZodIssue[],
  options: ProblemOptions = {},
): string[] {
  return issues.map(issue => {
    const path = [...(options.at ?? []), ...issue.path];
    const where = path.length
      ? formatPath(path, options.label)
      : options.root ?? '';
    PLACEHOLDER.lastIndex = 0;
    if (PLACEHOLDER.test(issue.message)) {
      return issue.message
        .replace(PLACEHOLDER, (_, token) =>
          token === 'path' ? where : quoted(issue.input),
        )
        .trim();
    }
    return where ? `${where}: ${issue.message}` : issue.message;
  });
}

/**
 * What checking a value against a schema gave: its parsed form, or every problem with it.
 *
 * @public
 */
export type ParseResult<T> =
  | { success: true; data: T; problems: [] }
  | { success: false; data?: undefined; problems: string[] };

/**
 * Checks `value` against `schema` and words every issue with {@link formatIssues}.
 *
 * @public
 */
export function parseWithProblems<S extends z.ZodType>(
  schema: S,
  value: unknown,
  options: ProblemOptions = {},
): ParseResult<z.output<S>> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return { success: true, data: result.data, problems: [] };
  return {
    success: false,
    problems: formatIssues(result.error.issues, options),
  };
}

/**
 * Reads one part of a document that is read part by part (one bad step of a canary does not hide
 * the others): its parsed form, or undefined with its problems pushed onto `problems`.
 *
 * @public
 */
export function readPart<S extends z.ZodType>(
  schema: S,
  value: unknown,
  problems: string[],
  options: ProblemOptions = {},
): z.output<S> | undefined {
  const result = parseWithProblems(schema, value, options);
  if (!result.success) problems.push(...result.problems);
  return result.data;
}
