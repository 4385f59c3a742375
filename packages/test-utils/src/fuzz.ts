// Seeded fuzz-style testing without a property-testing library: a small PRNG, families of bad
// values that have broken our readers before (wrong types, keys named like Object.prototype's,
// damaged YAML, hostile URL path segments), and checks that every answer to them is explained.
// What a feature's files and routes look like stays in that feature's *.fuzz.test.ts.

// ---- the seed -------------------------------------------------------------------------------

/**
 * The seed a fuzz test uses when FUZZ_SEED is not set, so CI runs the same cases every time.
 *
 * @public
 */
export const DEFAULT_FUZZ_SEED = 82_024;

/**
 * The seed for this run: FUZZ_SEED when set (to reproduce a failure, or to explore new cases),
 * otherwise {@link DEFAULT_FUZZ_SEED}. Put it in the describe() title, e.g.
 * `` `the SLO API under bad input (FUZZ_SEED=${SEED})` ``, so every failure report says how to
 * reproduce it.
 *
 * @throws Error when FUZZ_SEED is not a whole number: silently running seed 0 instead would
 *   make a "reproduction" that reproduces nothing.
 * @public
 */
export function fuzzSeed(
  env: Record<string, string | undefined> = process.env,
): number {
  const raw = env.FUZZ_SEED?.trim();
  if (!raw) {
    return DEFAULT_FUZZ_SEED;
  }
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) {
    throw new Error(
      `FUZZ_SEED is "${raw}"; set it to a whole number, such as the one a failing run printed`,
    );
  }
  return seed;
}

/**
 * A source of random choices that gives the same sequence for the same seed on every machine.
 *
 * @public
 */
export interface Random {
  /** A number in [0, 1). */
  next(): number;
  /** A whole number in [0, max). */
  int(max: number): number;
  /** One of `items`, which must not be empty. */
  pick<T>(items: readonly T[]): T;
}

/**
 * A {@link Random} from `seed` (mulberry32: small, fast, and plain integer arithmetic, so the
 * sequence does not depend on the platform; Math.random cannot be seeded).
 *
 * @public
 */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}

// ---- bad values -----------------------------------------------------------------------------

/**
 * Text that breaks naive code: empty, traversal, control and invisible characters, 10 000
 * characters, template and query syntax, names of Object.prototype's members, numbers as text.
 *
 * @public
 */
export const WEIRD_STRINGS: readonly string[] = [
  '',
  ' ',
  '..',
  '../../etc/passwd',
  '\u0000',
  'a\nb: c',
  '😀 ünïcödé',
  '\u202e\u200b',
  'a'.repeat(10_000),
  '${{ parameters.name }}',
  '{{.window}}',
  '<script>alert(1)</script>',
  "'; DROP TABLE entities; --",
  '__proto__',
  'toString',
  'NaN',
  '-1',
  '1e309',
  '{"a": 1}',
];

/**
 * A YAML-able value of an unexpected type or size; objects include own keys named like
 * Object.prototype's, which `String()` and template literals call.
 *
 * @public
 */
export function weirdValue(r: Random, depth = 0): unknown {
  switch (r.int(depth > 2 ? 4 : 7)) {
    case 0:
      return r.pick([null, true, false, undefined]);
    case 1:
      return r.pick([0, -1, 0.5, 1.5, 99.95, 1e308, -1e-308, NaN, Infinity]);
    case 2:
      return r.pick(WEIRD_STRINGS);
    case 3:
      return String.fromCodePoint(
        ...Array.from({ length: 1 + r.int(20) }, () => 1 + r.int(0x2ffff)),
      ).replace(/[\ud800-\udfff]/g, '?');
    case 4:
      return Array.from({ length: r.int(4) }, () => weirdValue(r, depth + 1));
    case 5:
      return JSON.parse(
        r.pick([
          '{"toString": 1}',
          '{"valueOf": "x", "toString": "y"}',
          '{"__proto__": {"polluted": true}}',
          '{"constructor": {"prototype": {}}}',
          '{}',
        ]),
      );
    default:
      return Object.fromEntries(
        Array.from({ length: 1 + r.int(3) }, () => [
          r.pick(['spec', 'query', 'name', 'duration', 'x', '']),
          weirdValue(r, depth + 1),
        ]),
      );
  }
}

/**
 * Every path to a value inside `value`, the empty path (the value itself) first, e.g.
 * `['spec', 'objectives', 0, 'target']`.
 *
 * @public
 */
export function pathsOf(
  value: unknown,
  prefix: (string | number)[] = [],
): (string | number)[][] {
  const paths: (string | number)[][] = [prefix];
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const k = Array.isArray(value) ? Number(key) : key;
      paths.push(...pathsOf(child, [...prefix, k]));
    }
  }
  return paths;
}

/**
 * Values of every type a YAML field can hold instead of the one expected.
 *
 * @public
 */
export const TYPE_SWAPS: readonly unknown[] = [
  null,
  42,
  -1,
  NaN,
  Infinity,
  true,
  '',
  'x'.repeat(10_000),
  '${{ parameters.name }}',
  [],
  [1, 2],
  {},
  JSON.parse('{"toString": 1}'),
];

/**
 * `document` with one value (a leaf or a whole branch) replaced by one of {@link TYPE_SWAPS},
 * for every place and every such value. Exhaustive rather than random, because a field read
 * with `String()` or iterated with `for…of` breaks only for some types.
 *
 * @public
 */
export function typeSwaps(document: object): unknown[] {
  return pathsOf(document)
    .filter(keys => keys.length > 0)
    .flatMap(keys =>
      TYPE_SWAPS.map(value => {
        const copy: any = structuredClone(document);
        let parent = copy;
        for (const key of keys.slice(0, -1)) parent = parent[key];
        parent[keys[keys.length - 1]!] = value;
        return copy;
      }),
    );
}

/**
 * A copy of `document` with 1–3 values replaced by {@link weirdValue}s, or removed; `document`
 * itself is left as it is.
 *
 * @public
 */
export function mutate(r: Random, document: object): unknown {
  let copy: any = structuredClone(document);
  for (let n = 1 + r.int(3); n > 0; n--) {
    const keys = r.pick(pathsOf(copy));
    if (keys.length === 0) {
      copy = weirdValue(r);
      continue;
    }
    let parent: any = copy;
    for (const key of keys.slice(0, -1)) parent = parent?.[key];
    if (!parent || typeof parent !== 'object') continue;
    const last = keys[keys.length - 1]!;
    if (r.int(4) === 0) delete parent[last];
    else parent[last] = weirdValue(r);
  }
  return copy;
}

/**
 * Insertions YAML may reject or read differently: tabs, unclosed flow collections and quotes,
 * aliases to nothing, unknown tags and directives, document markers, BOM, NUL.
 *
 * @public
 */
export const TEXT_DAMAGE: readonly string[] = [
  '\t',
  ': :',
  '{',
  '"unterminated',
  '&a [*a]',
  '*nowhere',
  '!!binary ?',
  '!!js/function "x"',
  '? [complex, key]\n',
  '%YAML 9.9\n',
  '\ufeff',
  '\r',
  '\n---\n',
  '\n...\n',
  '\u0000',
  '@',
];

/**
 * `text` damaged at a random place: cut short there, or given one of {@link TEXT_DAMAGE}.
 *
 * @public
 */
export function damage(r: Random, text: string): string {
  const at = r.int(text.length + 1);
  return r.int(3) === 0
    ? text.slice(0, at)
    : `${text.slice(0, at)}${r.pick(TEXT_DAMAGE)}${text.slice(at)}`;
}

/**
 * YAML whose aliases expand to 9^9 strings: a reader that follows them exhausts memory.
 *
 * @public
 */
export const BILLION_LAUGHS = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'
    .split('')
    .map(
      (c, i) =>
        `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`,
    ),
].join('\n');

/**
 * YAML nested 5 000 levels deep: the `yaml` package recurses per level and reports the
 * JavaScript stack overflow ("Maximum call stack size exceeded") as its error.
 *
 * @public
 */
export const DEEPLY_NESTED_YAML = `a: ${'['.repeat(5000)}${']'.repeat(5000)}`;

/**
 * Every byte value once, as text: what a binary file read as a text file looks like.
 *
 * @public
 */
export const ALL_BYTES = Buffer.from(
  Array.from({ length: 256 }, (_, i) => i),
).toString('latin1');

// ---- bad URLs -------------------------------------------------------------------------------

/**
 * URL path segments a router or URL parser may choke on: lone and malformed percent escapes,
 * overlong UTF-8, encoded dots and slashes, NUL, and characters with meaning elsewhere.
 *
 * @public
 */
export const RAW_SEGMENTS: readonly string[] = [
  '%',
  '%zz',
  '%E0%A4%A',
  '%C0%AF',
  '..',
  '.',
  '%2e%2e',
  '%2F',
  '%00',
  '%25',
  ';',
  '*',
  "'",
  '"',
];

/**
 * A path segment: one of `texts` percent-encoded (two times in three), or one of
 * {@link RAW_SEGMENTS} as it is.
 *
 * @public
 */
export function pathSegment(
  r: Random,
  texts: readonly string[] = [...WEIRD_STRINGS, 'component'],
): string {
  return r.int(3) === 0
    ? r.pick(RAW_SEGMENTS)
    : encodeURIComponent(String(r.pick(texts)));
}

/**
 * `prefix/kind/namespace/name` for an entity route, each part a {@link pathSegment} or (kind
 * and namespace half of the time) `component` and `default`, so some requests get past the
 * first checks.
 *
 * Kept under Node's 16 KiB header limit: beyond it the server answers 431 before any plugin
 * sees the request (and the client may miss the answer).
 *
 * @param options.suffix - appended after the name, e.g. `/history?slo=x`
 * @param options.texts - the texts a segment is made of (see {@link pathSegment})
 * @param options.knownName - when given, the name one time in five, e.g. an entity the test
 *   registered, so that requests also reach past the entity lookup
 * @public
 */
export function entityPath(
  r: Random,
  prefix: string,
  options: {
    suffix?: string;
    texts?: readonly string[];
    knownName?: string;
  } = {},
): string {
  const { suffix = '', texts, knownName } = options;
  const segment = () => pathSegment(r, texts);
  for (;;) {
    const parts = [
      r.int(2) ? segment() : 'component',
      r.int(2) ? segment() : 'default',
      knownName === undefined || r.int(5) ? segment() : knownName,
    ];
    const route = `${prefix}/${parts.join('/')}${suffix}`;
    if (route.length < 15_000) return route;
  }
}

// ---- checks ---------------------------------------------------------------------------------
// Checks return what is wrong as text, so one assertion per test lists every failing case.

/**
 * Phrases of the JavaScript engine rather than ours: a message containing one says how the
 * code failed, not what was wrong with the input.
 *
 * @public
 */
export const JAVASCRIPT_WORDS =
  /Cannot (read|convert|set)|is not (a function|iterable|defined)|\[object Object\]|undefined is not|Unexpected token|Maximum call stack/;

/**
 * Why `message` does not help the person reading it (none, a stack trace, or `words`), or
 * undefined when it does.
 *
 * @public
 */
export function unclearMessage(
  message: unknown,
  words: RegExp = JAVASCRIPT_WORDS,
): string | undefined {
  if (typeof message !== 'string' || !message.trim()) {
    return `no message (${JSON.stringify(message)})`;
  }
  if (/\n\s+at /.test(message)) {
    return `a stack trace: ${message.slice(0, 300)}`;
  }
  const internal = words.exec(message);
  return internal
    ? `JavaScript's words, not ours (${internal[0]}): ${message.slice(0, 300)}`
    : undefined;
}

/**
 * The unclear ones among `messages` (see {@link unclearMessage}), each saying where it was found.
 *
 * @public
 */
export function unclearMessages(
  where: string,
  messages: readonly unknown[],
  words?: RegExp,
): string[] {
  return messages.flatMap(message => {
    const problem = unclearMessage(message, words);
    return problem ? [`${where}: ${problem}`] : [];
  });
}

/**
 * What is wrong with the answer to a bad request (a supertest response or anything with a
 * status and a parsed body): it must be a 4xx whose Backstage error body says why.
 *
 * @public
 */
export function refusalProblems(response: {
  status: number;
  body?: any;
}): string[] {
  const { status, body } = response;
  if (status < 400 || status >= 500) {
    return [`HTTP ${status}: ${JSON.stringify(body).slice(0, 500)}`];
  }
  // The backend answers a route that does not exist with a bare 404.
  if (status === 404 && !body?.error) return [];
  return unclearMessages(`HTTP ${status}`, [body?.error?.message]);
}

/**
 * Runs `check` on every case, one after the other; each problem found names its case. A check
 * that throws is a problem of its case, not the end of the run.
 *
 * @public
 */
export async function problemsOfCases<T>(
  cases: readonly T[],
  describeCase: (c: T) => string,
  check: (c: T) => Promise<string[]>,
): Promise<string[]> {
  const problems: string[] = [];
  for (const [i, c] of cases.entries()) {
    let found: string[];
    try {
      found = await check(c);
    } catch (error) {
      found = [`the check threw ${String(error)}`];
    }
    problems.push(
      ...found.map(
        p => `case ${i} (${describeCase(c).slice(0, 300)}): ${p.slice(0, 800)}`,
      ),
    );
  }
  return problems;
}

/**
 * `problems` shortened for one assertion, whose failure shows how many cases failed and the
 * first of them: `expect(failureSummary(problems)).toEqual(NO_FAILURES)`.
 *
 * @public
 */
export function failureSummary(problems: readonly string[]): {
  failing: number;
  first: string[];
} {
  return { failing: problems.length, first: problems.slice(0, 8) };
}

/**
 * What {@link failureSummary} gives when nothing failed.
 *
 * @public
 */
export const NO_FAILURES: { failing: number; first: string[] } = {
  failing: 0,
  first: [],
};
