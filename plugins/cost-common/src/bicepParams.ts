import { InvalidBicepParamsError } from './errors';

/**
 * A parameter whose value is read from the deployment's environment
 * (`readEnvironmentVariable('NAME')`): known only when the deployment runs.
 *
 * @public
 */
export interface EnvironmentValue {
  environmentVariable: string;
}

/** @public */
export type BicepParamValue =
  | string
  | number
  | boolean
  | null
  | EnvironmentValue
  | BicepParamValue[]
  | { [key: string]: BicepParamValue };

class ParseProblem extends Error {}

/** A cursor over the text with the small grammar of literal values. */
class Reader {
  private position = 0;

  constructor(private readonly text: string) {}

  done(): boolean {
    return this.position >= this.text.length;
  }

  line(): number {
    return this.text.slice(0, this.position).split('\n').length;
  }

  peekLine(): string {
    const end = this.text.indexOf('\n', this.position);
    return this.text
      .slice(this.position, end === -1 ? undefined : end)
      .trim()
      .slice(0, 60);
  }

  problem(message: string): ParseProblem {
    return new ParseProblem(`line ${this.line()}: ${message}`);
  }

  skipToLineAfter(line: number) {
    while (!this.done() && this.line() <= line) {
      this.position += 1;
    }
  }

  /** Skips whitespace and comments. */
  skipSpace() {
    for (;;) {
      const rest = this.text.slice(this.position);
      const match = /^(\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)/.exec(rest);
      if (!match) {
        return;
      }
      this.position += match[0].length;
    }
  }

  word(): string {
    this.skipSpace();
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(
      this.text.slice(this.position),
    );
    if (!match) {
      return '';
    }
    this.position += match[0].length;
    return match[0];
  }

  expect(token: string) {
    this.skipSpace();
    if (!this.text.startsWith(token, this.position)) {
      throw this.problem(`expected "${token}"`);
    }
    this.position += token.length;
  }

  value(): BicepParamValue {
    this.skipSpace();
    const char = this.text[this.position];
    if (char === "'") {
      return this.string();
    }
    if (char === '[') {
      return this.array();
    }
    if (char === '{') {
      return this.object();
    }
    const number = /^-?\d+(?![\w.])/.exec(this.text.slice(this.position));
    if (number) {
      this.position += number[0].length;
      return Number(number[0]);
    }
    const start = this.position;
    const word = this.word();
    if (word === 'true' || word === 'false') {
      return word === 'true';
    }
    if (word === 'null') {
      return null;
    }
    if (word === 'readEnvironmentVariable') {
      this.expect('(');
      const variable = this.value();
      if (typeof variable !== 'string') {
        throw this.problem(
          'readEnvironmentVariable takes the variable name as a string',
        );
      }
      this.skipSpace();
      if (this.text[this.position] === ',') {
        this.position += 1;
        this.value();
      }
      this.expect(')');
      return { environmentVariable: variable };
    }
    this.position = start;
    throw this.problem(
      `"${this.peekLine()}" is not a literal value; write the value itself (a string, integer, ` +
        'boolean, array or object) or readEnvironmentVariable(...)',
    );
  }

  private string(): string {
    let out = '';
    this.position += 1;
    while (!this.done()) {
      const char = this.text[this.position]!;
      if (char === '\\') {
        const next = this.text[this.position + 1] ?? '';
        out +=
          ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[next] ??
          next;
        this.position += 2;
        continue;
      }
      if (char === "'") {
        this.position += 1;
        return out;
      }
      if (char === '$' && this.text[this.position + 1] === '{') {
        throw this.problem(
          'string interpolation is not a literal value; write the value itself',
        );
      }
      out += char;
      this.position += 1;
    }
    throw this.problem('a string is not closed with a quote');
  }

  private array(): BicepParamValue[] {
    const items: BicepParamValue[] = [];
    this.position += 1;
    for (;;) {
      this.skipSpace();
      if (this.text[this.position] === ']') {
        this.position += 1;
        return items;
      }
      if (this.done()) {
        throw this.problem('an array is not closed with "]"');
      }
      items.push(this.value());
      this.skipSpace();
      if (this.text[this.position] === ',') {
        this.position += 1;
      }
    }
  }

  private object(): { [key: string]: BicepParamValue } {
    const entries: { [key: string]: BicepParamValue } = {};
    this.position += 1;
    for (;;) {
      this.skipSpace();
      if (this.text[this.position] === '}') {
        this.position += 1;
        return entries;
      }
      if (this.done()) {
        throw this.problem('an object is not closed with "}"');
      }
      const key =
        this.text[this.position] === "'" ? this.string() : this.word();
      if (!key) {
        throw this.problem('expected a property name');
      }
      this.expect(':');
      entries[key] = this.value();
      this.skipSpace();
      if (this.text[this.position] === ',') {
        this.position += 1;
      }
    }
  }
}

/**
 * Reads the `param name = value` assignments of a `.bicepparam` file whose values are literals
 * (strings, integers, booleans, arrays, objects) or `readEnvironmentVariable(...)`. Anything else
 * is reported, with its line, rather than guessed: an estimate must not price a value it did not
 * understand.
 *
 * @param text - the file's content
 * @param source - the file's name, used in error messages
 * @public
 */
export function parseBicepParams(
  text: string,
  source: string,
): Record<string, BicepParamValue> {
  const reader = new Reader(text);
  const params: Record<string, BicepParamValue> = {};
  const problems: string[] = [];
  reader.skipSpace();
  while (!reader.done()) {
    const line = reader.line();
    const keyword = reader.word();
    try {
      if (keyword === 'using') {
        reader.value();
      } else if (keyword === 'param') {
        const name = reader.word();
        if (!name) {
          throw reader.problem('expected a parameter name after "param"');
        }
        reader.expect('=');
        if (name in params) {
          throw reader.problem(`parameter "${name}" is assigned twice`);
        }
        params[name] = reader.value();
      } else {
        throw reader.problem(
          `expected "using" or "param", found "${
            keyword || reader.peekLine()
          }"`,
        );
      }
    } catch (error) {
      if (!(error instanceof ParseProblem)) {
        throw error;
      }
      problems.push(error.message);
      reader.skipToLineAfter(line);
    }
    reader.skipSpace();
  }
  if (problems.length > 0) {
    throw new InvalidBicepParamsError(source, problems);
  }
  return params;
}
