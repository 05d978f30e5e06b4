/**
 * docs/expressions.md, "Budget" — what each operator and built-in charges, in exact steps: every
 * node once, then the characters, elements and members (MEMBER_STEPS = 20 each) the operation
 * walks. Exact numbers, because a charge that is dropped or miscounted lets an expression run
 * past the budget unnoticed.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  evaluateExpression,
  MAX_EVALUATION_STEPS,
  parseExpression,
  StepBudget,
} from '../../../core/expr/index.ts';

const context = {
  ab: 'ab',
  cde: 'cde',
  cdf: 'cdf',
  hello: 'hello',
  help: 'help',
  a2: [1, 2],
  a3: [1, 2, 3],
  p: ['ab', 'cd'],
  q: ['ab', 'cd'],
  r: ['ab', 'ce'],
  o: { k: 'abc', m: [1] },
  o2: { m: [1], k: 'abc' },
  xy: { x: 1, y: 2 },
  xy3: { x: 1, y: 3 },
  x1: { x: 1 },
  empty: {},
  nested: { ab: [{}, 'xy', null] },
};

/** [expression, value, steps] */
type Case = [string, unknown, number];

function check(cases: readonly Case[]): void {
  for (const [source, value, steps] of cases) {
    const budget = new StepBudget();
    assert.deepEqual(evaluateExpression(parseExpression(source), context, budget), value, source);
    assert.equal(budget.used, steps, source);
  }
}

describe('operators charge what they walk', () => {
  test('+ on strings or arrays charges the length of the result', () => {
    check([
      ['ab + cde', 'abcde', 3 + 5],
      ['a2 + a3', [1, 2, 1, 2, 3], 3 + 5],
      ['1 + 2', 3, 3],
    ]);
  });

  test('== on strings charges their length only when the lengths match', () => {
    check([
      ['cde == cdf', false, 3 + 3],
      ['ab == cde', false, 3],
      ['cde != cdf', true, 3 + 3],
    ]);
  });

  test('== on arrays charges the elements and what comparing them walks', () => {
    check([
      // Two elements, then 2 + 2 characters.
      ['p == q', true, 3 + 2 + 4],
      ['p == r', false, 3 + 2 + 4],
      ['p != q', false, 3 + 2 + 4],
      // Different lengths stop before any element is compared.
      ['a2 == a3', false, 3],
    ]);
  });

  test('== on objects charges both key lists up front, then the values compared', () => {
    check([
      // 2 × 2 keys × 20, then "abc" (3) and [1] (1).
      ['o == o2', true, 3 + 80 + 3 + 1],
      ['xy == xy3', false, 3 + 80],
      ['xy == x1', false, 3 + 80],
    ]);
  });

  test('ordering strings charges the length of the shorter; arrays, their common elements', () => {
    check([
      ['hello < help', true, 3 + 4],
      ['hello > help', false, 3 + 4],
      ['hello <= help', true, 3 + 4],
      ['hello >= help', false, 3 + 4],
      // Two common elements, then "ab"/"ab" (2) and "cd"/"ce" (2).
      ['p < r', true, 3 + 2 + 4],
      ['p >= r', false, 3 + 2 + 4],
    ]);
  });

  test('in charges the array length, the string length, or nothing for an object key', () => {
    check([
      ['9 in a3', false, 3 + 3],
      ['2 in a3', true, 3 + 3],
      ['"cd" in p', true, 3 + 2 + 2 + 2],
      ['"zz" in p', false, 3 + 2 + 2 + 2],
      ['"el" in hello', true, 3 + 5],
      ['"x" in xy', true, 3],
      ['q in [p]', true, 4 + 1 + 2 + 4],
    ]);
  });
});

describe('evaluation charges every node once, and what reading walks', () => {
  test('indexing a string charges its length; an array or object index, nothing more', () => {
    check([
      ['ab[0]', 'a', 3 + 2],
      ['a3[0]', 1, 3],
      ['a3[-1]', 3, 4],
      ['xy["x"]', 1, 3],
    ]);
  });

  test('unary operators, nested array literals and chained + are one step per node', () => {
    check([
      ['-1', -1, 2],
      ['not true', false, 2],
      ['[1, [2, 3]]', [1, [2, 3]], 5],
      // 5 nodes, then "abab" (4) and "ababab" (6).
      ['ab + ab + ab', 'ababab', 5 + 4 + 6],
    ]);
  });

  test('and/or charge a truth test of an object by its members', () => {
    check([
      ['true or false', true, 3],
      ['true and false', false, 3],
      ['xy and true', true, 3 + 40],
      ['false or xy', true, 3 + 40],
    ]);
  });

  test('a call charges the size of each argument and of its result', () => {
    check([
      // 2 nodes, the array (3), the result "array" (5).
      ['type_of(a3)', 'array', 2 + 3 + 5],
      ['reversed(cde)', 'edc', 2 + 3 + 3],
      // 3 nodes, the array (3) and 1, the result (2).
      ['slice(a3, 1)', [2, 3], 3 + 3 + 1 + 2],
      ['slice(cde, 0, 2)', 'cd', 4 + 3 + 1 + 1 + 2],
    ]);
  });
});

describe('built-ins charge their arguments, their result and the work in between', () => {
  test('unique charges each element it writes into its canonical key', () => {
    check([
      // Argument (2) and result (2); each string: 1 + 2 characters.
      ['unique(p)', ['ab', 'cd'], 2 + 2 + 2 + 3 + 3],
      // Two objects: 1 + 2 keys × 20 + key names (1 + 1) + "abc" (1 + 3) + [1] (1 + 1 + 1) each.
      ['unique([o, o2])', [{ k: 'abc', m: [1] }], 107],
      ['unique([null, true, false, 1])', [null, true, false, 1], 18],
    ]);
  });

  test('contains, index_of and count charge like in and ==', () => {
    check([
      ['contains(a3, 9)', false, 11],
      ['contains(hello, "el")', true, 16],
      ['index_of(a3, 3)', 2, 8],
      ['count(a3, 3)', 1, 8],
    ]);
  });

  test('object built-ins and truth tests charge 20 steps per member', () => {
    check([
      ['length(xy)', 2, 2 + 1 + 40 + 1],
      ['not xy', false, 2 + 40],
      ['keys(xy)', ['x', 'y'], 2 + 1 + 40 + 2],
      ['merge(xy, x1)', { x: 1, y: 2 }, 3 + 1 + 1 + 60 + 1],
    ]);
  });

  test('string() of an array or object charges every member before serialising', () => {
    check([
      ['string(o)', '{"k":"abc","m":[1]}', 71],
      ['string(p)', '["ab","cd"]', 22],
    ]);
  });
});

describe('the charges of the remaining built-ins', () => {
  test('values charges 20 steps per member; zip and chunks 8 per small array they build', () => {
    check([
      // 2 nodes, the object (1), 2 members × 20, the result (2).
      ['values(xy)', [1, 2], 2 + 1 + 40 + 2],
      // 3 nodes, the arguments (2 + 3), 2 pairs × 8, the result (2).
      [
        'zip(a2, a3)',
        [
          [1, 1],
          [2, 2],
        ],
        3 + 5 + 16 + 2,
      ],
      // 3 nodes, the arguments (3 + 1), 2 chunks × 8, the result (2).
      ['chunks(a3, 2)', [[1, 2], [3]], 3 + 4 + 16 + 2],
      ['chunks(a3, 3)', [[1, 2, 3]], 3 + 4 + 8 + 1],
    ]);
  });

  test('sort charges one step per comparison on top of what comparing walks', () => {
    // 2 nodes, the argument (2), one comparison, the result (2).
    check([['sort(a2)', [1, 2], 2 + 2 + 1 + 2]]);
  });

  test('string() charges members, elements and characters of nested values, and nothing extra for null', () => {
    check([
      // 2 nodes, the argument (1), then the object (1), its member (20 + 2), the array (1), {} (1),
      // "xy" (1 + 2), null (1), and the 21 characters of the result.
      ['string(nested)', '{"ab":[{},"xy",null]}', 2 + 1 + 29 + 21],
      ['string(null)', 'null', 2 + 1 + 4],
      ['string(ab)', 'ab', 2 + 2 + 2],
    ]);
  });

  test('an empty object is false and costs nothing to test; length of an array lists no members', () => {
    check([
      ['not empty', true, 2],
      // Only objects list their members to be tested for truth.
      ['not ab', false, 2],
      ['a2 and true', true, 3],
      ['empty or false', false, 3],
      ['length(a3)', 3, 2 + 3 + 1],
    ]);
  });
});

describe('the budget itself', () => {
  test('spending exactly the limit is allowed; one step more fails and is counted', () => {
    const budget = new StepBudget(10);
    budget.charge(10);
    assert.equal(budget.used, 10);
    assert.throws(() => budget.charge(1), { name: 'ExprEvalError', message: 'Evaluation exceeded 10 steps' });
    assert.equal(budget.used, 11);
  });

  test('the default limit is MAX_EVALUATION_STEPS', () => {
    const budget = new StepBudget();
    assert.equal(budget.limit, MAX_EVALUATION_STEPS);
    assert.equal(budget.used, 0);
    budget.charge(MAX_EVALUATION_STEPS);
    assert.throws(() => budget.charge(1), { message: `Evaluation exceeded ${MAX_EVALUATION_STEPS} steps` });
  });
});
