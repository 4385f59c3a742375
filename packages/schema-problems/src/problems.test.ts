import { z } from 'zod';
import {
  formatIssues,
  formatPath,
  isRecord,
  parseWithProblems,
  quoted,
  readPart,
  yamlText,
} from './problems';

describe('quoted', () => {
  it('quotes values as JSON, numbers as written, and never throws', () => {
    expect(quoted('28d')).toBe('"28d"');
    expect(quoted({ toString: 1 })).toBe('{"toString":1}');
    expect(quoted(Number.NaN)).toBe('NaN');
    expect(quoted(undefined)).toBe('undefined');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(quoted(cyclic)).toBe('[object Object]');
  });

  it('cuts a long value at 80 characters', () => {
    expect(quoted('x'.repeat(400))).toBe(`"${'x'.repeat(79)}…`);
  });
});

describe('isRecord', () => {
  it('is a mapping: not null, not a list', () => {
    expect([{}, { a: 1 }].every(isRecord)).toBe(true);
    expect([null, [], 'a', 1, undefined].some(isRecord)).toBe(false);
  });
});

describe('yamlText', () => {
  it('reads every YAML scalar as the text written, and nothing else', () => {
    const text = yamlText('{path} is {value}; write text');
    expect([2024, true, 'x', Number.NaN].map(v => text.parse(v))).toEqual([
      '2024',
      'true',
      'x',
      'NaN',
    ]);
    expect(parseWithProblems(text, { toString: 1 }, { at: ['name'] })).toEqual({
      success: false,
      problems: ['name is {"toString":1}; write text'],
    });
  });
});

describe('formatPath', () => {
  it('writes keys dotted and list indexes in brackets, with labels', () => {
    expect(formatPath(['spec', 'timeWindow', 0, 'duration'])).toBe(
      'spec.timeWindow[0].duration',
    );
    expect(
      formatPath(['prices', 3, 'usd'], path =>
        path.length === 2 ? 'vm.D4' : undefined,
      ),
    ).toBe('prices[3] (vm.D4).usd');
  });
});

describe('formatIssues', () => {
  const schema = z.object(
    {
      target: z.number({
        error: '{path} is {value}; write a ratio between 0 and 1',
      }),
      quantity: z
        .number()
        .nonnegative({ error: 'quantity must not be negative' })
        .optional(),
    },
    { error: 'a document is a YAML map' },
  );

  it('places the field and its value where a message says, and before any other message', () => {
    expect(
      parseWithProblems(schema, { target: '99.9', quantity: -1 }).problems,
    ).toEqual([
      'target is "99.9"; write a ratio between 0 and 1',
      'quantity: quantity must not be negative',
    ]);
  });

  it('states a problem with the whole document alone, or after its name', () => {
    expect(parseWithProblems(schema, 'x').problems).toEqual([
      'a document is a YAML map',
    ]);
    expect(
      parseWithProblems(schema, 'x', { root: '(sheet)' }).problems,
    ).toEqual(['(sheet): a document is a YAML map']);
  });

  it('names the full place of a part checked on its own', () => {
    const problems: string[] = [];
    expect(
      readPart(schema.shape.target, 'x', problems, {
        at: ['spec', 'objectives', 0, 'target'],
      }),
    ).toBeUndefined();
    expect(readPart(schema.shape.target, 0.5, problems)).toBe(0.5);
    expect(problems).toEqual([
      'spec.objectives[0].target is "x"; write a ratio between 0 and 1',
    ]);
  });

  it('does not read placeholders in the value it quotes', () => {
    const result = z
      .string()
      .min(10, { error: '{path} is {value}; write more' })
      .safeParse('{path}', { reportInput: true });
    expect(formatIssues(result.error!.issues, { at: ['name'] })).toEqual([
      'name is "{path}"; write more',
    ]);
  });
});
