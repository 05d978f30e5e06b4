/**
 * docs/expressions.md, "Budget" — every condition evaluation and every rendering of one rule's
 * action_params counts its work in steps; past MAX_EVALUATION_STEPS it fails with an evaluation
 * error (recorded as the rule's `error` outcome). Steps are counted, not timed, so these tests
 * assert exact numbers.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  compileExpression,
  ExprEvalError,
  evaluateExpression,
  MAX_EVALUATION_STEPS,
  parseExpression,
  renderValue,
  StepBudget,
} from '../../../core/expr/index.ts';

const EXCEEDED = `Evaluation exceeded ${MAX_EVALUATION_STEPS} steps`;

function stepsOf(source: string, context: Record<string, unknown> = {}): number {
  const budget = new StepBudget();
  evaluateExpression(parseExpression(source), context, budget);
  return budget.used;
}

function assertExceeds(source: string, context: Record<string, unknown> = {}): void {
  assert.throws(
    () => compileExpression(source)(context),
    (err: unknown) => err instanceof ExprEvalError && err.message === EXCEEDED,
  );
}

describe('what a step is', () => {
  test('an ordinary condition takes a few steps: one per node, plus the sizes its functions see', () => {
    const event = { payload: { level: 'error', count: 7, host: 'db-1' } };
    // 11 nodes; `==` on two five-character strings compares five characters.
    assert.equal(stepsOf('event.payload.level == "error" and event.payload.count > 3', { event }), 16);
    // 4 nodes, the argument (4 characters) and the result (4).
    assert.equal(stepsOf('lower(event.payload.host)', { event }), 12);
  });

  test('the same expression on the same values always takes the same steps', () => {
    const source = 'length(sort(split(join(range(0, 2000), ","), "")))';
    assert.equal(stepsOf(source), stepsOf(source));
  });

  test('sort is charged per comparison, so its cost grows as n log n', () => {
    // Numbers as text, in numeric order: far from sorted as strings.
    const few = stepsOf('sort(split(join(range(0, 1000), ","), ","))');
    const many = stepsOf('sort(split(join(range(0, 8000), ","), ","))');
    assert.ok(many > 8 * few, `${few} → ${many}`);
  });

  test('a short-circuit skips the work of the other side; its nodes are charged up front', () => {
    const heavy = 'length(sort(reversed(range(0, 50000)))) > 0';
    assert.ok(stepsOf(heavy) > 200_000);
    // `and`, `false` and the 8 nodes of the right side.
    assert.equal(stepsOf(`false and ${heavy}`), 10);
  });
});

describe('an evaluation past the budget fails with an evaluation error', () => {
  test('nested sort/split/join on a large generated input', () => {
    assertExceeds('length(sort(split(join(range(0, 100000), ","), ""))) > 0');
  });

  test('many references to one large payload value, walked by unique()', () => {
    const payload = { blob: 'x'.repeat(200_000) };
    assertExceeds(`length(unique([${Array(30).fill('event.payload').join(', ')}]))`, { event: { payload } });
  });

  test('a large object tested for truth again and again', () => {
    const payload = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]));
    assertExceeds(`${Array(20).fill('not event.payload').join(' or ')}`, { event: { payload } });
  });

  test('a match whose engine bound exceeds the budget is refused before it runs', () => {
    // About 880 instructions × 9,001 positions ≈ 7.9 million steps.
    assertExceeds('match("(?i)\\\\pL*a\\\\pL{870}x", s)', { s: 'ab'.repeat(4500) });
  });

  test('a smaller budget can be given, and a failure leaves it spent', () => {
    const budget = new StepBudget(100);
    assert.throws(() => evaluateExpression(parseExpression('length(range(0, 1000))'), {}, budget), {
      message: 'Evaluation exceeded 100 steps',
    });
    assert.ok(budget.used > 100);
    assert.throws(() => budget.charge(0), { message: 'Evaluation exceeded 100 steps' });
  });

  test('the next evaluation has a fresh budget', () => {
    const condition = compileExpression('length(sort(split(join(range(0, 100000), ","), ""))) > 0');
    assert.throws(() => condition({}), { message: EXCEEDED });
    assert.equal(compileExpression('1 + 1 == 2')({}), true);
    assert.throws(() => condition({}), { message: EXCEEDED });
  });
});

describe('templates', () => {
  test('all the action_params of one rendering share one budget', () => {
    const half = 'x'.repeat(Math.ceil(MAX_EVALUATION_STEPS * 0.6));
    const one = renderValue({ a: '{{ event.payload.s }}!' }, { event: { payload: { s: half } } });
    assert.deepEqual(one, { a: `${half}!` });
    assert.throws(
      () =>
        renderValue(
          { a: '{{ event.payload.s }}!', b: '{{ event.payload.s }}!' },
          { event: { payload: { s: half } } },
        ),
      { name: 'ExprEvalError', message: EXCEEDED },
    );
  });

  test('an object rendered into text is charged before it is serialised', () => {
    const payload = { blob: 'y'.repeat(100_000) };
    const refs = Array(60).fill('event.payload').join(', ');
    assert.throws(() => renderValue({ body: `data: {{ [${refs}] }}` }, { event: { payload } }), {
      message: EXCEEDED,
    });
  });
});
