/**
 * Condition rows ↔ expression (renderer/src/domain/conditions/): rows compile to one expression
 * in the engine's language, and an expression rows can represent opens as the same rows.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { evaluateExpression, parseExpression, printExpression } from '../../../core/expr/index.ts';
import {
  type ConditionRow,
  expressionToRows,
  OPERATORS,
  parseValueText,
  rowProblems,
  rowsToExpression,
  valueText,
} from '../../../renderer/src/domain/conditions/rows.ts';

test('rows compile to one expression, joined by and (all) or or (any)', () => {
  const rows: ConditionRow[] = [
    { field: 'event.payload.age', op: '>=', value: '18' },
    { field: 'event.payload.email', op: 'ends_with', value: '@example.com' },
    { field: 'event.payload.plan', op: 'in', value: 'pro, team' },
  ];
  assert.equal(
    rowsToExpression(rows, 'all'),
    'event.payload.age >= 18 and ends_with(event.payload.email, "@example.com") and event.payload.plan in ["pro", "team"]',
  );
  assert.equal(rowsToExpression(rows.slice(0, 1), 'any'), 'event.payload.age >= 18');
  assert.equal(rowsToExpression([], 'all'), '');
});

test('every operator has its form in the language', () => {
  const f = 'event.payload.x';
  const src = (op: ConditionRow['op'], value: string) => rowsToExpression([{ field: f, op, value }], 'all');
  assert.equal(src('==', 'ada'), `${f} == "ada"`);
  assert.equal(src('!=', 'null'), `${f} != null`);
  assert.equal(src('<', '-2.5'), `${f} < -2.5`);
  assert.equal(src('contains', 'vip'), `contains(${f}, "vip")`);
  assert.equal(
    src('starts_with', '42'),
    `starts_with(${f}, "42")`,
    'text operators take the text as written',
  );
  assert.equal(src('matches', '^\\d+$'), `match("^\\\\d+$", ${f})`);
  assert.equal(src('in', '1, "two, three", true'), `${f} in [1, "two, three", true]`);
});

test('typed values keep their type; quotes make text of what looks like a number', () => {
  assert.equal(parseValueText('42'), 42);
  assert.equal(parseValueText('"42"'), '42');
  assert.equal(parseValueText('true'), true);
  assert.equal(parseValueText('ada lovelace'), 'ada lovelace');
  assert.equal(valueText('42'), '"42"');
  assert.equal(valueText('ada'), 'ada');
  assert.equal(valueText(42), '42');
});

test('an expression the rows can represent opens as rows', () => {
  assert.deepEqual(expressionToRows('event.payload.level == "error" or event.payload.count > 3'), {
    join: 'any',
    rows: [
      { field: 'event.payload.level', op: '==', value: 'error' },
      { field: 'event.payload.count', op: '>', value: '3' },
    ],
  });
  assert.deepEqual(expressionToRows('match("(?i)^urgent", event.payload.subject)'), {
    join: 'all',
    rows: [{ field: 'event.payload.subject', op: 'matches', value: '(?i)^urgent' }],
  });
  assert.deepEqual(expressionToRows('event.payload["user-id"] in [1, 2]'), {
    join: 'all',
    rows: [{ field: 'event.payload["user-id"]', op: 'in', value: '1, 2' }],
  });
  assert.deepEqual(expressionToRows('  '), { join: 'all', rows: [] });
});

test('what rows cannot say stays an expression', () => {
  for (const e of [
    'a == 1 and b == 2 or c == 3',
    'not event.payload.ok',
    'event.payload.a + 1 == 2',
    '(event.payload.a == 1)',
    'length(event.payload.items) > 2',
    'event.payload.a == event.payload.b',
    '1 == event.payload.a',
    'event.payload.a ==',
    'event.payload.a == "unterminated',
  ]) {
    assert.equal(expressionToRows(e), null, e);
  }
});

test('rows with no field, a field that is not a path, or an empty list are refused by row and part', () => {
  assert.deepEqual(
    rowProblems([
      { field: '', op: '==', value: '1' },
      { field: 'event.payload.a b', op: '==', value: '1' },
      { field: 'event.payload.tags', op: 'in', value: ' , ' },
    ]).map((p) => [p.row, p.part]),
    [
      [0, 'field'],
      [1, 'field'],
      [2, 'value'],
    ],
  );
});

const key = fc.oneof(
  fc.constantFrom('name', 'age', 'user_id', 'level'),
  fc.string({ minLength: 1, maxLength: 6 }),
);
const field = fc
  .array(key, { minLength: 1, maxLength: 3 })
  .map(
    (keys) =>
      `event.payload${keys.map((k) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) && !['and', 'or', 'not', 'in', 'true', 'false', 'null'].includes(k) ? `.${k}` : `[${JSON.stringify(k)}]`)).join('')}`,
  );
const scalar = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.constantFrom(true, false, null),
  fc.string({ maxLength: 8 }),
);
const row: fc.Arbitrary<ConditionRow> = fc.oneof(
  fc.record({
    field,
    op: fc.constantFrom(...OPERATORS.filter((o) => o.value === 'any').map((o) => o.id)),
    value: scalar.map(valueText),
  }),
  fc.record({
    field,
    op: fc.constantFrom('starts_with' as const, 'ends_with' as const, 'matches' as const),
    value: fc.string({ minLength: 1, maxLength: 8 }),
  }),
  fc.record({
    field,
    op: fc.constant('in' as const),
    value: fc
      .array(scalar, { minLength: 1, maxLength: 3 })
      .map((xs) =>
        xs
          .map((x) =>
            typeof x === 'string' && (x.includes(',') || x.trim() === '') ? JSON.stringify(x) : valueText(x),
          )
          .join(', '),
      ),
  }),
);

test('any rows survive the round trip through their expression', () => {
  fc.assert(
    fc.property(
      fc.array(row, { minLength: 1, maxLength: 4 }),
      fc.constantFrom('all' as const, 'any' as const),
      (rows, join) => {
        const expr = rowsToExpression(rows, join);
        const back = expressionToRows(expr);
        assert.ok(back, `reads back: ${expr}`);
        assert.equal(rowsToExpression(back.rows, back.join), expr);
        if (rows.length > 1) assert.equal(back.join, join);
      },
    ),
    { numRuns: 300 },
  );
});

test('the engine parses every compiled expression, and reads the fields and values the rows meant', () => {
  fc.assert(
    fc.property(
      fc.array(row, { minLength: 1, maxLength: 4 }),
      fc.constantFrom('all' as const, 'any' as const),
      (rows, join) => {
        // A literal regex is checked by the engine itself; the rows pass any pattern on.
        const plain = rows.map((r) =>
          r.op === 'matches' ? { ...r, value: r.value.replace(/[^a-z0-9]/gi, 'x') } : r,
        );
        const expr = rowsToExpression(plain, join);
        assert.doesNotThrow(() => parseExpression(expr), expr);
      },
    ),
    { numRuns: 300 },
  );
  // The engine's own printing of an expression the rows read opens as the same rows.
  const e = 'event.payload["user id"] == "ada" and starts_with(event.payload.mail, "x@")';
  assert.deepEqual(expressionToRows(printExpression(parseExpression(e))), expressionToRows(e));
  const ok = (src: string, payload: Record<string, unknown>) =>
    evaluateExpression(parseExpression(src), { event: { payload } });
  const compiled = rowsToExpression(
    [
      { field: 'event.payload.plan', op: 'in', value: 'pro, team' },
      { field: 'event.payload.age', op: '>=', value: '18' },
    ],
    'all',
  );
  assert.equal(ok(compiled, { plan: 'team', age: 30 }), true);
  assert.equal(ok(compiled, { plan: 'free', age: 30 }), false);
});
