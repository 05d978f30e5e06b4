/**
 * docs/security.md, "Regular expressions and evaluation budgets" — patterns known for
 * catastrophic backtracking (ReDoS) run in time linear in the input, because `match()` runs on
 * RE2 (no backtracking), and each run stays inside the step budget, which charges a match its
 * engine bound: (input length + 1) × program size. On a backtracking engine the first case
 * alone, on 43 characters, takes seconds; on 5,000 it would not finish.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileExpression, MAX_EVALUATION_STEPS, StepBudget } from '../../../core/expr/index.ts';
import { compilePattern } from '../../../core/expr/regex.ts';

/** [pattern, hostile input, whether it matches]. */
const CORPUS: ReadonlyArray<readonly [string, string, boolean]> = [
  ['^(a|aa)+$', `${'a'.repeat(42)}!`, false],
  ['^(a|aa)+$', `${'a'.repeat(5000)}!`, false],
  ['^(a|aa)+$', 'a'.repeat(5000), true],
  ['^(a+){10}$', `${'a'.repeat(5000)}!`, false],
  ['^a*a*a*a*a*a*b$', 'a'.repeat(5000), false],
  ['(x+x+)+y', 'x'.repeat(5000), false],
  ['^(([a-z])+.)+[A-Z]([a-z])+$', 'a'.repeat(5000), false],
  ['^(a+)+$', `${'a'.repeat(5000)}!`, false],
  ['^(a|a?)+$', `${'a'.repeat(5000)}!`, false],
  ['^(\\w+\\s?)*$', `${'word '.repeat(1000)}!`, false],
  ['^(\\d+)*$', `${'1'.repeat(5000)}x`, false],
  ['^(.*a){12}$', `${'a'.repeat(11)}${'b'.repeat(5000)}`, false],
  ['^(a|b|ab)*c$', 'ab'.repeat(2500), false],
  [
    '^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$',
    `${'a'.repeat(5000)}!`,
    false,
  ],
  ['(?i)^(\\p{L}+\\s?)+$', `${'é'.repeat(5000)}1`, false],
];

describe('the ReDoS corpus runs in linear time, inside the step budget', () => {
  for (const [pattern, input, expected] of CORPUS) {
    test(`${pattern} on ${input.length} characters`, { timeout: 60_000 }, () => {
      const condition = compileExpression('match(p, s)');
      const budget = new StepBudget();
      assert.equal(condition({ p: pattern, s: input }, budget), expected);
      const compiled = compilePattern(pattern);
      assert.ok(compiled.ok);
      // Nodes and argument sizes, then the engine bound of the match itself.
      const bound = 3 + pattern.length + input.length + 1 + (input.length + 1) * compiled.regex.programSize;
      assert.equal(budget.used, bound);
      assert.ok(budget.used < MAX_EVALUATION_STEPS);
    });
  }
});

test('the same pattern on twice the input is charged about twice the steps: linear, not exponential', () => {
  const condition = compileExpression('match("^(a|aa)+$", s)');
  const used = (n: number) => {
    const budget = new StepBudget();
    condition({ s: `${'a'.repeat(n)}!` }, budget);
    return budget.used;
  };
  const small = used(2000);
  const large = used(4000);
  assert.ok(large < 2.01 * small && large > 1.99 * small, `${small} → ${large}`);
});

test('the condition from the webhook finding answers false for every input length up to 200', {
  timeout: 60_000,
}, () => {
  const condition = compileExpression('match("^(a|aa)+$", event.payload.x)');
  for (let n = 1; n <= 200; n++) {
    assert.equal(condition({ event: { payload: { x: `${'a'.repeat(n)}!` } } }), false);
  }
});
