/**
 * docs/packs.md, "StackStorm rules" — imported StackStorm criteria are converted to expressions. The reference semantics
 * (st2-reference.ts) are st2's operators.py and rules/filter.py written as plain functions: a
 * missing key is None; where Python raises (None < 1, 1 in "abc", 5.lower()) the filter answers
 * "no match".
 * Every listed operator and short alias is converted, evaluated with compileExpression over a
 * table of payloads, and must decide exactly as the reference does, without evaluation errors.
 *
 * Known difference, kept out of the table on purpose: Python's True == 1 (bool is an int);
 * Attune's language never equates a boolean and a number.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileExpression, isTruthy } from '../../../core/expr/index.ts';
import { convertCriteria, criterionExpression, ST2_OPERATORS } from '../../../core/packs/index.ts';
import { decide, lookup, type Py } from './st2-reference.ts';

const PAYLOADS: Array<Record<string, Py>> = [
  {
    name: 'Build Server',
    count: 5,
    ratio: 0.5,
    tags: ['red', 'green'],
    meta: { env: 'prod', region: 'eu' },
    flag: true,
    empty: '',
    nothing: null,
    headers: { 'X-Token': 'abc' },
    path: '/var/log/app.log',
    items: [{ id: 1 }],
    text: 'line1\nline2',
    code: 'E42',
  },
  { name: 'build server', count: 10, ratio: 2, tags: [], meta: {}, flag: false, path: 'app.log', code: '42' },
  { name: 42, count: '5', ratio: null, tags: 'red,green', meta: 'prod', path: 7, text: 3 },
  {},
  { name: null, count: -1, tags: ['Red', 5], meta: { env: 'dev' }, items: [], headers: {} },
  {
    name: 'Ünïcode Build Farm',
    count: 0,
    ratio: -0.25,
    path: 'C:/temp/x.LOG',
    tags: [['red']],
    text: 'LINE1\nline2',
  },
];

/** [key, operator, pattern]: every operator of operators.py and every short alias. */
const CRITERIA: Array<[string, string, Py]> = [
  ['trigger.name', 'equals', 'Build Server'],
  ['trigger.count', 'eq', 5],
  ['trigger.ratio', 'equals', 0.5],
  ['trigger.tags', 'equals', ['red', 'green']],
  ['trigger.flag', 'equals', true],
  ['trigger.nothing', 'equals', null],
  ['trigger.name', 'nequals', 'Build Server'],
  ['trigger.count', 'neq', 5],
  ['trigger.nothing', 'nequals', null],
  ['trigger.name', 'iequals', 'BUILD SERVER'],
  ['trigger.name', 'ieq', 'build server'],
  ['trigger.count', 'iequals', 5],
  ['trigger.count', 'lessthan', 6],
  ['trigger.ratio', 'lt', 1],
  ['trigger.name', 'lessthan', 'C'],
  ['trigger.count', 'greaterthan', 4],
  ['trigger.ratio', 'gt', 0],
  ['trigger.code', 'gt', 'E'],
  ['trigger.name', 'contains', 'Server'],
  ['trigger.tags', 'contains', 'red'],
  ['trigger.meta', 'contains', 'env'],
  ['trigger.tags', 'contains', 5],
  ['trigger.tags', 'contains', ['red']],
  ['trigger.name', 'ncontains', 'Server'],
  ['trigger.tags', 'ncontains', 'blue'],
  ['trigger.meta', 'ncontains', 'env'],
  ['trigger.name', 'icontains', 'SERVER'],
  ['trigger.name', 'incontains', 'server'],
  ['trigger.name', 'startswith', 'Build'],
  ['trigger.name', 'istartswith', 'build'],
  ['trigger.path', 'endswith', '.log'],
  ['trigger.path', 'iendswith', '.LOG'],
  ['trigger.path', 'matchwildcard', '*.log'],
  ['trigger.name', 'matchwildcard', 'B?ild*'],
  ['trigger.name', 'matchwildcard', '[bB]uild *'],
  ['trigger.path', 'matchwildcard', '[!/]*'],
  ['trigger.code', 'matchwildcard', '[A-Z][0-9]*'],
  ['trigger.name', 'matchwildcard', '*(1+1)*'],
  ['trigger.name', 'regex', 'Serv(er)?'],
  ['trigger.code', 'regex', '^\\d+$'],
  ['trigger.name', 'regex', 'i.d'],
  ['trigger.name', 'matchregex', 'Build'],
  ['trigger.name', 'matchregex', 'Server'],
  ['trigger.text', 'matchregex', 'line1.line2'],
  ['trigger.name', 'iregex', 'build\\s+SERVER'],
  ['trigger.text', 'iregex', '^line1'],
  ['trigger.meta.env', 'exists', null],
  ['trigger.nothing', 'exists', null],
  ['trigger.empty', 'exists', null],
  ['trigger.nothing', 'nexists', null],
  ['trigger.missing.deeper', 'nexists', null],
  ['trigger.name', 'inside', ['Build Server', 'x']],
  ['trigger.count', 'in', [1, 5, 10]],
  ['trigger.name', 'inside', 'My Build Server Farm'],
  ['trigger.code', 'in', { E42: 1, other: 2 }],
  ['trigger.name', 'ninside', ['x']],
  ['trigger.count', 'nin', [5]],
  ['trigger.count', 'ninside', 'abc'],
  ['trigger.name', 'nin', 'Build Server Farm'],
  ["trigger.headers['X-Token']", 'equals', 'abc'],
  ['trigger.items[0].id', 'eq', 1],
  ['trigger.name', 'equals', null],
  ['trigger.name', 'contains', null],
];

test('every st2 operator and alias is in the table', () => {
  const used = new Set(CRITERIA.map(([, op]) => op));
  const convertible = Object.keys(ST2_OPERATORS).filter(
    (op) => !['timediff_lt', 'timediff_gt', 'search'].includes(ST2_OPERATORS[op]!),
  );
  assert.deepEqual(
    convertible.filter((op) => !used.has(op)),
    [],
  );
});

test('converted criteria decide exactly as st2 operators.py over the sample payloads', () => {
  const mismatches: string[] = [];
  const outcomes = { true: 0, false: 0 };
  for (const [key, op, pattern] of CRITERIA) {
    const converted = convertCriteria({ [key]: { type: op, pattern } });
    if (converted.problems.length > 0 || converted.expression === null) {
      // An object pattern has no literal: only `inside` with a dict may be reported.
      assert.ok(
        typeof pattern === 'object' && pattern !== null && !Array.isArray(pattern),
        `${key} ${op}: ${JSON.stringify(converted.problems)}`,
      );
      continue;
    }
    const evaluate = compileExpression(converted.expression);
    const path = key
      .replace(/^trigger\.?/, '')
      .split(/\.|\[|\]/)
      .filter((s) => s !== '')
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/^'|'$/g, '')));
    for (const payload of PAYLOADS) {
      const expected = decide(op, lookup(payload, path), pattern);
      outcomes[expected ? 'true' : 'false']++;
      let actual: boolean;
      try {
        actual = isTruthy(evaluate({ event: { payload } }));
      } catch (err) {
        mismatches.push(
          `${key} ${op} ${JSON.stringify(pattern)} on ${JSON.stringify(payload)}: threw ${(err as Error).message}`,
        );
        continue;
      }
      if (actual !== expected) {
        mismatches.push(
          `${key} ${op} ${JSON.stringify(pattern)} on ${JSON.stringify(payload)}: st2 ${expected}, converted ${actual} (${converted.expression})`,
        );
      }
    }
  }
  assert.deepEqual(mismatches, []);
  // The table is only worth something if both answers occur often.
  assert.ok(outcomes.true > 80 && outcomes.false > 80, JSON.stringify(outcomes));
});

test('criteria are AND-ed into one expression', () => {
  const { expression, problems } = convertCriteria({
    'trigger.status': { type: 'equals', pattern: 'failed' },
    'trigger.duration': { type: 'gt', pattern: 1000 },
  });
  assert.deepEqual(problems, []);
  assert.equal(
    expression,
    '(event.payload.status == "failed") and (type_of(event.payload.duration) == "number" and event.payload.duration > 1000)',
  );
  const f = compileExpression(expression!);
  assert.equal(f({ event: { payload: { status: 'failed', duration: 1500 } } }), true);
  assert.equal(f({ event: { payload: { status: 'failed', duration: 10 } } }), false);
});

test('operators with no equivalent are reported, one problem per criterion', () => {
  const { expression, problems } = convertCriteria({
    'trigger.created': { type: 'timediff_lt', pattern: 600 },
    'trigger.updated': { type: 'td_gt', pattern: 600 },
    'trigger.fields': { type: 'search', condition: 'any', pattern: {} },
    'trigger.x': { type: 'sounds_like', pattern: 'a' },
    'trigger.ok': { type: 'equals', pattern: true },
  });
  assert.equal(expression, 'event.payload.ok == true');
  assert.deepEqual(
    problems.map((p) => p.key),
    ['trigger.created', 'trigger.updated', 'trigger.fields', 'trigger.x'],
  );
  assert.match(problems[0]!.message, /operator "timediff_lt" has no equivalent/);
  assert.match(problems[3]!.message, /unknown operator "sounds_like"/);
});

test('patterns with quotes, backslashes and newlines are quoted safely', () => {
  const tricky = 'say "hi"\\ and \'bye\'\nthen } or { not }\t\u0001 é 😀';
  const expr = criterionExpression('event.payload.msg', 'equals', tricky);
  assert.ok(expr.ok);
  const f = compileExpression(expr.expression);
  assert.equal(f({ event: { payload: { msg: tricky } } }), true);
  assert.equal(f({ event: { payload: { msg: 'say "hi"' } } }), false);
});

test('Python regular expressions are translated where RE2 differs', () => {
  const cases: Array<[string, string, string, boolean]> = [
    // Python's `$` also matches before a final newline.
    ['regex', 'done$', 'all done\n', true],
    ['regex', 'done$', 'all done\n\n', false],
    ['regex', '(done$|start)', 'all done\n', true],
    ['regex', '(?m)^done$', 'all done\ndone\nx', true],
    ['regex', 'done\\Z', 'all done\n', false],
    ['regex', 'done\\Z', 'all done', true],
    ['regex', '(?P<word>ab)c', 'xxabc', true],
    ['regex', '\\Aab', 'xab', false],
    ['regex', '(?m)\\Aab', 'x\nab', false],
    ['regex', 'caf\\u00e9 \\U0001F600', 'café 😀', true],
    ['regex', '(?:ab)+(?#a comment)c', 'ababc', true],
    ['matchregex', '(?m)b', 'a\nb', false],
    ['regex', 'a{,2}c', 'aac', true],
    ['regex', 'a\\-b\\#c', 'a-b#c', true],
    ['regex', '[]x]+', ']]x', true],
    ['matchregex', '(?i)build', 'BUILD server', true],
    ['matchregex', 'server', 'build server', false],
    ['iregex', '^ÜNÏ', 'ünïcode', true],
    ['matchwildcard', 'report-??.[ct]sv', 'report-07.csv', true],
    ['matchwildcard', 'a*b', 'a\nb', true],
  ];
  for (const [op, pattern, input, want] of cases) {
    const expr = criterionExpression('event.payload.s', op, pattern);
    assert.ok(expr.ok, `${op} ${pattern}: ${expr.ok ? '' : expr.reason}`);
    assert.equal(
      compileExpression(expr.expression)({ event: { payload: { s: input } } }),
      want,
      `${op} ${pattern} on ${JSON.stringify(input)}`,
    );
  }
});

test('regex features RE2 lacks are reported instead of approximated', () => {
  for (const pattern of ['(?x) a b', '(?(1)a|b)', 'a(?i)b', '\\N{BULLET}']) {
    const expr = criterionExpression('event.payload.s', 'regex', pattern);
    assert.equal(expr.ok, false, pattern);
  }
});

test('backreferences and lookaround have no linear-time equivalent and are reported', () => {
  const cases: Array<[string, RegExp]> = [
    ['(?P<word>ab)(?P=word)', /backreference \(\?P=…\) has no linear-time equivalent/],
    ['(a)\\1', /backreference \\1 has no linear-time equivalent/],
    ['a(?=b)', /lookaround "\(\?=" has no linear-time equivalent/],
    ['a(?!b)', /lookaround "\(\?!"/],
    ['(?<=a)b', /lookaround "\(\?<="/],
    ['(?<!a)b', /lookaround "\(\?<!"/],
  ];
  for (const [pattern, reason] of cases) {
    const expr = criterionExpression('event.payload.s', 'regex', pattern);
    assert.equal(expr.ok, false, pattern);
    assert.match(expr.ok ? '' : expr.reason, reason);
  }
});

test('a converted pattern that backtracks catastrophically in Python runs in linear time', {
  timeout: 60_000,
}, () => {
  const expr = criterionExpression('event.payload.s', 'regex', '^(a|aa)+$');
  assert.ok(expr.ok);
  const condition = compileExpression(expr.expression);
  assert.equal(condition({ event: { payload: { s: `${'a'.repeat(5000)}!` } } }), false);
  assert.equal(condition({ event: { payload: { s: 'a'.repeat(5000) } } }), true);
});
