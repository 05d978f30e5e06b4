/**
 * docs/expressions.md, "The language" — the exact text `printExpression` and `printString` write: which characters a
 * string literal escapes (controls, line and paragraph separators, lone surrogates) and which it
 * keeps, how member names and operators are written, and that the text reads back to the tree.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ExprNode } from '../../../core/expr/index.ts';
import { parseExpression, printExpression, printString } from '../../../core/expr/index.ts';

/** `value` prints as `printed` and reads back to itself. */
function printsAs(value: string, printed: string): void {
  assert.equal(printString(value), printed, JSON.stringify(value));
  assert.deepEqual(parseExpression(printed), { type: 'literal', value }, printed);
}

const p: ExprNode = { type: 'variable', name: 'p' };

describe('printString', () => {
  test('quotes and backslashes are escaped; the single quote is not', () => {
    printsAs('say "hi"', '"say \\"hi\\""');
    printsAs('a\\d', '"a\\\\d"');
    printsAs("it's", '"it\'s"');
  });

  test('line feed, tab and carriage return use their short escapes', () => {
    printsAs('a\nb\tc\rd', '"a\\nb\\tc\\rd"');
  });

  test('other control characters and DEL are written as four-digit \\u escapes', () => {
    printsAs('\u0000', '"\\u0000"');
    printsAs('\u0001x', '"\\u0001x"');
    printsAs('\u001f', '"\\u001f"');
    printsAs('\u007f', '"\\u007f"');
    printsAs('\u000b\u000c', '"\\u000b\\u000c"');
  });

  test('space, printable ASCII and text outside ASCII are kept as they are', () => {
    printsAs(' ', '" "');
    printsAs('~!', '"~!"');
    printsAs('\u0080é\u2027\u202a', '"\u0080é\u2027\u202a"');
  });

  test('a surrogate pair is kept; a lone surrogate is escaped, at both ends of each range', () => {
    printsAs('😀', '"😀"');
    printsAs('\ud800\udc00', '"\ud800\udc00"');
    printsAs('\udbff\udfff', '"\udbff\udfff"');
    printsAs('\ud800', '"\\ud800"');
    printsAs('\udbff', '"\\udbff"');
    printsAs('\udc00', '"\\udc00"');
    printsAs('\udfff', '"\\udfff"');
    printsAs('\ud800x', '"\\ud800x"');
    printsAs('x\udc00', '"x\\udc00"');
    printsAs('\ude00\ud83d', '"\\ude00\\ud83d"');
    printsAs('\ud800\udbff', '"\\ud800\\udbff"');
    printsAs('\ud800\ue000', '"\\ud800\ue000"');
    printsAs('\ud7ff\udc00', '"\ud7ff\\udc00"');
    printsAs('\ud7ff\ue000', '"\ud7ff\ue000"');
    printsAs('\udc00\udc00', '"\\udc00\\udc00"');
    printsAs('\ue000\udc00', '"\ue000\\udc00"');
  });
});

describe('printExpression', () => {
  test('literals print as the source that reads them', () => {
    const cases: Array<[ExprNode, string]> = [
      [{ type: 'literal', value: null }, 'null'],
      [{ type: 'literal', value: true }, 'true'],
      [{ type: 'literal', value: false }, 'false'],
      [{ type: 'literal', value: 2.5 }, '2.5'],
      [{ type: 'literal', value: 'x' }, '"x"'],
      [{ type: 'array', elements: [] }, '[]'],
    ];
    for (const [node, printed] of cases) assert.equal(printExpression(node), printed);
  });

  test('a member name is written after a dot only when it is a whole identifier', () => {
    const member = (name: string): string => printExpression({ type: 'member', object: p, name });
    assert.equal(member('ok_1'), 'p.ok_1');
    assert.equal(member('_'), 'p._');
    assert.equal(member('in'), 'p.in');
    assert.equal(member('1a'), 'p["1a"]');
    assert.equal(member('a-b'), 'p["a-b"]');
    assert.equal(member('-a'), 'p["-a"]');
    assert.equal(member('a b'), 'p["a b"]');
    assert.equal(member(''), 'p[""]');
  });

  test('postfix operators on a literal or a call need no parentheses', () => {
    const cases: Array<[string, string]> = [
      ['"a".b', '"a".b'],
      ['[1][0]', '[1][0]'],
      ['length(x).y', 'length(x).y'],
      ['(a[0])[1].c', 'a[0][1].c'],
      ['1 .x', '1.x'],
    ];
    for (const [source, printed] of cases) {
      assert.equal(printExpression(parseExpression(source)), printed, source);
      assert.deepEqual(parseExpression(printed), parseExpression(source), printed);
    }
  });

  test('an operand of a postfix operator that binds looser is parenthesised', () => {
    assert.equal(printExpression(parseExpression('(-a).b')), '(-a).b');
    assert.equal(printExpression(parseExpression('(a + b)[0]')), '(a + b)[0]');
    assert.equal(printExpression(parseExpression('(not a).b')), '(not a).b');
  });

  test('calls print their arguments separated by ", " without extra parentheses', () => {
    assert.equal(printExpression(parseExpression('slice(a or b, 1 + 2, -3)')), 'slice(a or b, 1 + 2, -3)');
    assert.equal(printExpression(parseExpression('range()')), 'range()');
  });

  test('each binary operator prints with spaces and its own precedence', () => {
    const cases: Array<[string, string]> = [
      ['a or (b or c)', 'a or (b or c)'],
      ['(a or b) or c', 'a or b or c'],
      ['(a and b) or c', 'a and b or c'],
      ['a and (b or c)', 'a and (b or c)'],
      ['(a == b) != c', 'a == b != c'],
      ['a < (b > c)', 'a < (b > c)'],
      ['(a <= b) in c', 'a <= b in c'],
      ['a >= b + c', 'a >= b + c'],
      ['(a + b) * c', '(a + b) * c'],
      ['a * (b / c)', 'a * (b / c)'],
      ['(a % b) / c', 'a % b / c'],
      ['a + b % c', 'a + b % c'],
      ['(a - b) + c', 'a - b + c'],
      ['a + (b - c)', 'a + (b - c)'],
      ['(a - b) * c', '(a - b) * c'],
      ['a == b - c', 'a == b - c'],
      ['(a + b) - c', 'a + b - c'],
      ['a * b - c / d', 'a * b - c / d'],
      ['(a in b) and c', 'a in b and c'],
      ['not (a or b)', 'not (a or b)'],
      ['not (a and b)', 'not (a and b)'],
      ['not a in b', 'not a in b'],
      ['-(a * b)', '-(a * b)'],
      ['-a * b', '-a * b'],
      ['- -a', '--a'],
      ['-(not a)', '-(not a)'],
    ];
    for (const [source, printed] of cases) {
      assert.equal(printExpression(parseExpression(source)), printed, source);
      assert.deepEqual(parseExpression(printed), parseExpression(source), printed);
    }
  });
});
