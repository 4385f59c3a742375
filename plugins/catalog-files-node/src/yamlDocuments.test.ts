import { parse } from 'yaml';
import { parseYamlDocuments, yamlProblemMessage } from './yamlDocuments';

// The parser, able to fail as it does when the stack runs out outside the part of it that
// catches that (which real input reaches only sometimes, depending on the stack left).
let mockParserFailure: Error | undefined;
jest.mock('yaml', () => {
  const actual = jest.requireActual('yaml');
  return {
    ...actual,
    parseAllDocuments: (...args: unknown[]) => {
      if (mockParserFailure) throw mockParserFailure;
      return actual.parseAllDocuments(...args);
    },
  };
});

// Far beyond the few hundred levels the yaml package's recursion reaches before the stack ends.
const DEPTH = 10_000;

describe('parseYamlDocuments', () => {
  it('reads every document and reports the broken ones by number and line', () => {
    const { documents, problems } = parseYamlDocuments(
      'kind: A\n---\nkind: [B\n---\nkind: C\n',
      'deploy/rollout.yaml',
    );
    expect(documents).toEqual([{ kind: 'A' }, { kind: 'C' }]);
    expect(problems).toEqual([
      expect.stringMatching(
        /^deploy\/rollout\.yaml: document 2 is not valid YAML: .* at line \d+, column \d+$/,
      ),
    ]);
  });

  it('gives nothing for an empty file', () => {
    expect(parseYamlDocuments('', 'x.yaml')).toEqual({
      documents: [],
      problems: [],
    });
  });

  it.each([
    ['flow sequences', `a: ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`],
    ['flow maps', `a: ${'{a: '.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`],
  ])(
    'says that a document nested thousands of levels deep in %s is nested too deeply, and where',
    (_kind, deep) => {
      const { documents, problems } = parseYamlDocuments(
        `kind: A\n---\n${deep}\n---\nkind: C\n`,
        'openslo.yaml',
      );
      expect(documents).toEqual([{ kind: 'A' }, { kind: 'C' }]);
      expect(problems).toEqual([
        expect.stringMatching(
          /^openslo\.yaml: document 2 is not valid YAML: nested too deeply to read \(hundreds of lists or maps inside each other\) at line \d+, column \d+$/,
        ),
      ]);
    },
  );

  it('never throws for a file nested thousands of levels deep by indentation, and says why', () => {
    const deep = Array.from(
      { length: DEPTH },
      (_, i) => `${' '.repeat(i)}k:`,
    ).join('\n');
    const { problems } = parseYamlDocuments(
      `kind: A\n---\n${deep}\n`,
      'openslo.yaml',
    );
    // Whether the parser catches its own stack overflow (and blames document 2) or not (and the
    // whole file is lost) depends on how much stack is left when it overflows.
    expect(problems).toEqual([
      expect.stringMatching(
        /^openslo\.yaml(: document 2)? is not valid YAML: nested too deeply to read \(hundreds of lists or maps inside each other\)( at line \d+, column \d+)?$/,
      ),
    ]);
  });

  it('reports a file the parser cannot split into documents, instead of throwing', () => {
    mockParserFailure = new RangeError('Maximum call stack size exceeded');
    try {
      expect(parseYamlDocuments('kind: A\n', 'openslo.yaml')).toEqual({
        documents: [],
        problems: [
          'openslo.yaml is not valid YAML: nested too deeply to read (hundreds of lists or maps inside each other)',
        ],
      });
    } finally {
      mockParserFailure = undefined;
    }
  });
});

describe('yamlProblemMessage', () => {
  it("gives the parser's first line, without its code frame", () => {
    let error: unknown;
    try {
      parse('a: [b\nc: d\n');
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).toContain('\n');
    expect(yamlProblemMessage(error)).toMatch(
      /^[^\n]* at line \d+, column \d+$/,
    );
  });

  it('says deep nesting in words, from the parser or from the JavaScript engine', () => {
    let error: unknown;
    try {
      parse(`a: ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`);
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).toMatch(
      /^Maximum call stack size exceeded/,
    );
    expect(yamlProblemMessage(error)).toMatch(
      /^nested too deeply to read \(hundreds of lists or maps inside each other\) at line 1, column \d+$/,
    );
    expect(
      yamlProblemMessage(new RangeError('Maximum call stack size exceeded')),
    ).toBe(
      'nested too deeply to read (hundreds of lists or maps inside each other)',
    );
  });

  it("keeps other errors' messages whole", () => {
    expect(yamlProblemMessage(new Error('line one\nline two'))).toBe(
      'line one\nline two',
    );
    expect(yamlProblemMessage('just text')).toBe('just text');
  });
});
