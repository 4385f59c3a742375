import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateSuccessCondition } from './success-condition.ts';

describe('evaluateSuccessCondition', () => {
  const availability = 'len(result) == 0 || result[0] >= 0.9995';
  const latency = 'len(result) == 0 || result[0] <= 0.12';

  it('holds the first value to the bound, in the direction written', () => {
    assert.equal(evaluateSuccessCondition(availability, [1]), true);
    assert.equal(evaluateSuccessCondition(availability, [0.9995]), true);
    assert.equal(evaluateSuccessCondition(availability, [0.99]), false);
    assert.equal(evaluateSuccessCondition(latency, [0.05]), true);
    assert.equal(evaluateSuccessCondition(latency, [0.3]), false);
  });

  it('passes an empty result without reading result[0], and fails NaN', () => {
    assert.equal(evaluateSuccessCondition(availability, []), true);
    assert.equal(evaluateSuccessCondition(availability, [Number.NaN]), false);
  });

  it('treats && as binding tighter than ||', () => {
    assert.equal(
      evaluateSuccessCondition(
        'result[0] > 1 && result[1] > 1 || len(result) == 3',
        [2, 0, 0],
      ),
      true,
    );
    assert.equal(
      evaluateSuccessCondition(
        'result[0] > 1 && result[1] > 1 || len(result) == 3',
        [2, 0],
      ),
      false,
    );
  });

  it('refuses a form it does not understand, and a missing element', () => {
    assert.throws(
      () => evaluateSuccessCondition('all(result, {# > 0.9})', [1]),
      /not one this test understands/,
    );
    assert.throws(
      () => evaluateSuccessCondition('result[1] >= 0.9', [1]),
      /returned 1 values/,
    );
  });
});
