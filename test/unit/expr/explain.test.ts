/**
 * docs/explain.md, "Reading an explanation" — a condition that came out false or failed is
 * explained by its smallest failing parts, each with its operands' actual values, bounded in
 * size, with secret values replaced by `***`.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_EXPLAINED_FAILURES, MAX_EXPLAINED_TEXT } from '../../../core/expr/explain.ts';
import { explainCondition, explainTemplate, parseTemplate } from '../../../core/expr/index.ts';
import type { Explanation } from '../../../core/model/explanation.ts';
import { run } from './helpers.ts';

/** Explains `source` on `payload` the way the engine does: evaluated first, explained after. */
function explain(source: string, payload: Record<string, unknown>, secrets: string[] = []): Explanation {
  const context = { event: { payload } };
  let error: string | undefined;
  try {
    assert.ok(!run(source, context), `${source} must not hold for the test to mean anything`);
  } catch (err) {
    if (err instanceof assert.AssertionError) throw err;
    error = (err as Error).message;
  }
  return explainCondition(source, context, error, secrets);
}

describe('explaining a false condition', () => {
  test('a function call shows the call, its result and the actual value of each operand', () => {
    const x = explain('ends_with(event.payload.email, "@example.com")', { email: 'bob@other.org' });
    assert.deepEqual(x, {
      failures: [
        {
          expression: 'ends_with(event.payload.email, "@example.com")',
          value: 'false',
          operands: [{ expression: 'event.payload.email', value: '"bob@other.org"' }],
        },
      ],
      truncated: false,
    });
  });

  test('for "and", only the conjunct that failed is shown', () => {
    const x = explain('event.payload.level == "error" and event.payload.count > 3', {
      level: 'error',
      count: 2,
    });
    assert.equal(x.failures.length, 1);
    assert.equal(x.failures[0]?.expression, 'event.payload.count > 3');
    assert.equal(x.failures[0]?.value, 'false');
    assert.deepEqual(x.failures[0]?.operands, [{ expression: 'event.payload.count', value: '2' }]);
  });

  test('for "or", every disjunct is shown with its value', () => {
    const x = explain('event.payload.a == 1 or event.payload.b == 2 or contains(event.payload.tags, "x")', {
      a: 5,
      b: 6,
      tags: ['y'],
    });
    assert.deepEqual(
      x.failures.map((f) => [f.expression, f.operands.map((o) => `${o.expression}=${o.value}`)]),
      [
        ['event.payload.a == 1', ['event.payload.a=5']],
        ['event.payload.b == 2', ['event.payload.b=6']],
        ['contains(event.payload.tags, "x")', ['event.payload.tags=["y"]']],
      ],
    );
  });

  test('"not" shows the operand that held', () => {
    const x = explain('not (event.payload.user in ["root", "admin"])', { user: 'root' });
    assert.equal(x.failures.length, 1);
    assert.equal(x.failures[0]?.expression, 'not event.payload.user in ["root", "admin"]');
    assert.deepEqual(x.failures[0]?.operands, [
      { expression: 'event.payload.user in ["root", "admin"]', value: 'true' },
    ]);
  });

  test('"in" shows the needle and the haystack', () => {
    const x = explain('event.payload.user in event.payload.allowed', {
      user: 'eve',
      allowed: ['bob', 'ann'],
    });
    assert.deepEqual(x.failures[0]?.operands, [
      { expression: 'event.payload.user', value: '"eve"' },
      { expression: 'event.payload.allowed', value: '["bob","ann"]' },
    ]);
  });

  test('a missing field is marked missing, not just null', () => {
    const x = explain('event.payload.level == "error"', { other: 1 });
    assert.deepEqual(x.failures[0]?.operands, [
      { expression: 'event.payload.level', value: 'null', missing: true },
    ]);
    const present = explain('event.payload.level == "error"', { level: null });
    assert.deepEqual(present.failures[0]?.operands, [{ expression: 'event.payload.level', value: 'null' }]);
  });

  test('a bare field that is false or missing is its own operand', () => {
    const x = explain('event.payload.enabled', {});
    assert.deepEqual(x.failures, [
      {
        expression: 'event.payload.enabled',
        value: 'null',
        operands: [{ expression: 'event.payload.enabled', value: 'null', missing: true }],
      },
    ]);
  });
});

describe('explaining a condition that failed', () => {
  test('a type error names the smallest failing part and the values that caused it', () => {
    const x = explain('event.payload.ok == true and event.payload.level + 1 == 2', { ok: true, level: 'x' });
    assert.equal(x.failures.length, 1);
    const f = x.failures[0];
    assert.equal(f?.expression, 'event.payload.level + 1');
    assert.match(f?.error ?? '', /string and number/);
    assert.equal(f?.value, undefined);
    assert.deepEqual(f?.operands, [{ expression: 'event.payload.level', value: '"x"' }]);
  });

  test('a function given a missing field shows the field as missing', () => {
    const x = explain('ends_with(event.payload.email, "@example.com")', {});
    assert.match(x.failures[0]?.error ?? '', /ends_with/);
    assert.deepEqual(x.failures[0]?.operands, [
      { expression: 'event.payload.email', value: 'null', missing: true },
    ]);
  });

  test('a failing "or" is explained by the disjunct that failed', () => {
    const x = explain('event.payload.a == 1 or event.payload.b < 2', { a: 0, b: 'two' });
    assert.equal(x.failures.length, 1);
    assert.equal(x.failures[0]?.expression, 'event.payload.b < 2');
    assert.ok(x.failures[0]?.error);
  });
});

describe('bounds and secrets', () => {
  test('a secret value never appears, in values, keys or messages, whole or cut', () => {
    const secret = 'hunter2-very-secret-token';
    const x = explain(
      `event.payload.token == "nope" or event.payload.meta.note > 1 or event.payload.bad + 1 == 0`,
      { token: secret, meta: { note: `prefix ${secret} suffix`, [secret]: 1 }, bad: secret },
      [secret],
    );
    const text = JSON.stringify(x);
    assert.ok(!text.includes('hunter2'), text);
    assert.match(text, /\*\*\*/);
  });

  test('long values are cut and the number of parts is capped', () => {
    const long = 'y'.repeat(10_000);
    const x = explain('event.payload.s == "x"', { s: long });
    assert.ok((x.failures[0]?.operands[0]?.value ?? '').length <= MAX_EXPLAINED_TEXT);
    const many = Array.from({ length: 30 }, (_, i) => `event.payload.n == ${i}`).join(' or ');
    const y = explain(many, { n: -1 });
    assert.equal(y.failures.length, MAX_EXPLAINED_FAILURES);
    assert.equal(y.truncated, true);
  });

  test('a large payload value is printed only up to the cap', () => {
    const big = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]));
    const x = explain('event.payload.big == 1', { big });
    assert.ok((x.failures[0]?.operands[0]?.value ?? '').length <= MAX_EXPLAINED_TEXT);
    assert.match(x.failures[0]?.operands[0]?.value ?? '', /…$/);
  });
});

describe('explaining a template that failed to render', () => {
  test('names the parameter, the placeholder, the failing part and its values', () => {
    const template = 'Hello {{ event.payload.name }}, you are {{ event.payload.age + 1 }}';
    const placeholders = parseTemplate(template).flatMap((p) => (p.type === 'expression' ? [p] : []));
    const x = explainTemplate(
      'message',
      placeholders,
      { event: { payload: { name: 'Ann', age: 'old' } } },
      'Cannot apply "+" to string and number',
    );
    assert.equal(x.failures.length, 1);
    const f = x.failures[0];
    assert.equal(f?.param, 'message');
    assert.equal(f?.expression, 'event.payload.age + 1');
    assert.match(f?.error ?? '', /string and number/);
    assert.deepEqual(f?.operands, [{ expression: 'event.payload.age', value: '"old"' }]);
  });
});

test('a template explanation redacts secret values too', () => {
  const secret = 'sk-live-123456789';
  const template = '{{ pack.config.token + 1 }}';
  const placeholders = parseTemplate(template).flatMap((p) => (p.type === 'expression' ? [p] : []));
  const x = explainTemplate(
    'auth',
    placeholders,
    { pack: { config: { token: secret } } },
    `Cannot apply "+" to string and number (${secret})`,
    [secret],
  );
  const text = JSON.stringify(x);
  assert.ok(!text.includes('sk-live'), text);
  assert.deepEqual(x.failures[0]?.operands, [{ expression: 'pack.config.token', value: '"***"' }]);
});
