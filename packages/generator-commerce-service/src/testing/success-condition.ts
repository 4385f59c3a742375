/**
 * An Argo Rollouts AnalysisTemplate's `successCondition`, evaluated the way Argo's Prometheus
 * provider does: `result` is the query's vector as a list of sample values. Only the forms the
 * blueprint renders are understood (`len(result) == 0 || result[0] >= 0.9995`); anything else
 * throws, so a template that grew a new form fails the test instead of passing unread.
 */

type Comparison = '==' | '!=' | '>=' | '<=' | '>' | '<';

function compare(left: number, op: Comparison, right: number): boolean {
  switch (op) {
    case '==':
      return left === right;
    case '!=':
      return left !== right;
    case '>=':
      return left >= right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    default:
      return left < right;
  }
}

const OPERATOR = '(==|!=|>=|<=|>|<)';
const NUMBER = '(-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)';
const LENGTH = new RegExp(`^len\\(result\\)\\s*${OPERATOR}\\s*${NUMBER}$`);
const ELEMENT = new RegExp(`^result\\[(\\d+)\\]\\s*${OPERATOR}\\s*${NUMBER}$`);

function evaluateTerm(term: string, result: number[]): boolean {
  const length = LENGTH.exec(term);
  if (length) {
    return compare(result.length, length[1] as Comparison, Number(length[2]));
  }
  const element = ELEMENT.exec(term);
  if (element) {
    const value = result[Number(element[1])];
    // Argo's expression fails on a missing element: the measurement is an error, not a pass.
    if (value === undefined) {
      throw new Error(`${term}: the query returned ${result.length} values`);
    }
    return compare(value, element[2] as Comparison, Number(element[3]));
  }
  throw new Error(
    `successCondition term "${term}" is not one this test understands (len(result) or result[i] compared with a number)`,
  );
}

/** True when `condition` holds for `result`; `||` binds looser than `&&`, as in Argo's expr. */
export function evaluateSuccessCondition(
  condition: string,
  result: number[],
): boolean {
  // Left to right with short-circuit, as expr evaluates: `len(result) == 0 || result[0] …`
  // never reads result[0] of an empty result.
  return condition
    .split('||')
    .some(alternative =>
      alternative.split('&&').every(term => evaluateTerm(term.trim(), result)),
    );
}
