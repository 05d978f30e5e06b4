/**
 * docs/expressions.md, "The language" and "Decisions" — the trees the parser builds for calls and arrays, the limits
 * on length and nesting (exact message and position for each kind of nesting), the words that
 * cannot name a variable, and `match()` patterns checked at parse time.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  FUNCTION_NAMES,
  functionArity,
  MAX_EXPRESSION_LENGTH,
  MAX_NESTING_DEPTH,
  parseExpression,
} from '../../../core/expr/index.ts';
import { stringSourceOffset } from '../../../core/expr/tokenizer.ts';
import { assertSyntaxError } from './helpers.ts';

const LOOKAHEAD =
  'Invalid match() pattern: lookahead "(?=" at offset 1 is not supported: match() runs on a linear-time engine (RE2), which has no lookaround';

describe('input', () => {
  test('a source that is not a string is refused at position 0', () => {
    assertSyntaxError(
      42 as unknown as string,
      'Expression must be a string at position 0 (line 1, column 1)',
      0,
    );
  });

  test('a source of exactly the maximum length is accepted; one more character is refused', () => {
    const longest = `1${' '.repeat(MAX_EXPRESSION_LENGTH - 1)}`;
    assert.deepEqual(parseExpression(longest), { type: 'literal', value: 1 });
    assertSyntaxError(
      `${longest} `,
      'Expression is longer than 4096 characters at position 0 (line 1, column 1)',
      0,
    );
  });
});

/** The functions docs/expressions.md lists, in its order: Attune's, then `shell_quote` and `raw`. */
const DOCUMENTED_FUNCTIONS = `string number int bool type_of length keys values abs floor ceil round min max
  sum lower upper trim split join replace starts_with ends_with match contains reversed sort
  unique flat zip range slice index_of count merge chunks shell_quote raw`.split(/\s+/);

describe('calls and arrays', () => {
  test('every documented function, and no other name, can be called', () => {
    assert.deepEqual([...FUNCTION_NAMES], DOCUMENTED_FUNCTIONS);
    for (const name of DOCUMENTED_FUNCTIONS) {
      assert.deepEqual(parseExpression(`${name}(x)`), {
        type: 'call',
        name,
        args: [{ type: 'variable', name: 'x' }],
      });
      const { min, max } = functionArity(name as (typeof FUNCTION_NAMES)[number]);
      assert.ok(Number.isInteger(min) && min >= 0 && max >= min, name);
    }
    assertSyntaxError('strings(x)', 'Unknown function "strings" at position 0 (line 1, column 1)', 0);
  });

  test('a call holds its arguments in order', () => {
    assert.deepEqual(parseExpression('max(1, a, "b")'), {
      type: 'call',
      name: 'max',
      args: [
        { type: 'literal', value: 1 },
        { type: 'variable', name: 'a' },
        { type: 'literal', value: 'b' },
      ],
    });
    assert.deepEqual(parseExpression('range()'), { type: 'call', name: 'range', args: [] });
  });

  test('a call refuses a trailing comma and a missing parenthesis', () => {
    assertSyntaxError('max(1,)', 'Unexpected ")" at position 6 (line 1, column 7)', 6);
    assertSyntaxError(
      'max(1',
      'Expected ")" but found end of expression at position 5 (line 1, column 6)',
      5,
    );
    assertSyntaxError('max(1 2)', 'Expected ")" but found number 2 at position 6 (line 1, column 7)', 6);
  });

  test('an array holds its elements in order', () => {
    assert.deepEqual(parseExpression('[a, 2,]'), {
      type: 'array',
      elements: [
        { type: 'variable', name: 'a' },
        { type: 'literal', value: 2 },
      ],
    });
  });

  test('an array refuses an empty element', () => {
    assertSyntaxError('[,]', 'Unexpected "," at position 1 (line 1, column 2)', 1);
    assertSyntaxError('[1,,]', 'Unexpected "," at position 3 (line 1, column 4)', 3);
  });

  test('a closing bracket or other punctuation cannot start an operand', () => {
    assertSyntaxError(']', 'Unexpected "]" at position 0 (line 1, column 1)', 0);
    assertSyntaxError('1 * ,', 'Unexpected "," at position 4 (line 1, column 5)', 4);
    assertSyntaxError('a[]', 'Unexpected "]" at position 2 (line 1, column 3)', 2);
  });

  test('an index expression may use any operator', () => {
    assert.deepEqual(parseExpression('a[b or c]'), {
      type: 'index',
      object: { type: 'variable', name: 'a' },
      index: {
        type: 'binary',
        op: 'or',
        left: { type: 'variable', name: 'b' },
        right: { type: 'variable', name: 'c' },
      },
    });
  });
});

describe('quoted operators', () => {
  test('a string whose text is punctuation or an operator word is a string, not that operator', () => {
    assertSyntaxError('a "("', 'Unexpected string "(" at position 2 (line 1, column 3)', 2);
    assertSyntaxError('a "["', 'Unexpected string "[" at position 2 (line 1, column 3)', 2);
    assertSyntaxError('a "." b', 'Unexpected string "." at position 2 (line 1, column 3)', 2);
    assertSyntaxError('a "+" b', 'Unexpected string "+" at position 2 (line 1, column 3)', 2);
    assertSyntaxError('a "-" b', 'Unexpected string "-" at position 2 (line 1, column 3)', 2);
    assertSyntaxError('a "*" b', 'Unexpected string "*" at position 2 (line 1, column 3)', 2);
    assertSyntaxError('a "==" b', 'Unexpected string "==" at position 2 (line 1, column 3)', 2);
    assertSyntaxError('a "in" b', 'Unexpected string "in" at position 2 (line 1, column 3)', 2);
    assertSyntaxError('a "or" b', 'Unexpected string "or" at position 2 (line 1, column 3)', 2);
    assertSyntaxError('a "and" b', 'Unexpected string "and" at position 2 (line 1, column 3)', 2);
    assertSyntaxError('"not" a', 'Unexpected "a" at position 6 (line 1, column 7)', 6);
    assertSyntaxError('"-" 1', 'Unexpected number 1 at position 4 (line 1, column 5)', 4);
  });

  test('a quoted closing bracket or parenthesis does not close anything', () => {
    assertSyntaxError('(1 ")"', 'Expected ")" but found string ")" at position 3 (line 1, column 4)', 3);
    assertSyntaxError('[1 "]"', 'Expected "]" but found string "]" at position 3 (line 1, column 4)', 3);
    assertSyntaxError('a[1 "]"', 'Expected "]" but found string "]" at position 4 (line 1, column 5)', 4);
    assertSyntaxError('max(1 ")"', 'Expected ")" but found string ")" at position 6 (line 1, column 7)', 6);
    assertSyntaxError('[1 "," 2]', 'Expected "]" but found string "," at position 3 (line 1, column 4)', 3);
  });
});

describe('words', () => {
  test('no operator word can name a variable', () => {
    assertSyntaxError('1 + or', 'Unexpected "or" at position 4 (line 1, column 5)', 4);
    assertSyntaxError('1 + and', 'Unexpected "and" at position 4 (line 1, column 5)', 4);
    assertSyntaxError('1 + not', 'Unexpected "not" at position 4 (line 1, column 5)', 4);
    assertSyntaxError('in', 'Unexpected "in" at position 0 (line 1, column 1)', 0);
  });

  test('true, false and null read as literals wherever an operand may stand', () => {
    assert.deepEqual(parseExpression('[true, false, null]'), {
      type: 'array',
      elements: [
        { type: 'literal', value: true },
        { type: 'literal', value: false },
        { type: 'literal', value: null },
      ],
    });
  });

  test('a word that merely starts like a keyword is a variable', () => {
    for (const name of ['order', 'android', 'nothing', 'index', 'trueish', 'nullable']) {
      assert.deepEqual(parseExpression(name), { type: 'variable', name });
    }
  });
});

describe('nesting', () => {
  const nested = (count: number, open: string, inner: string, close: string): string =>
    `${open.repeat(count)}${inner}${close.repeat(count)}`;
  const tooDeep = (position: number): string =>
    `Expression is nested more than ${MAX_NESTING_DEPTH} levels deep at position ${position} (line 1, column ${position + 1})`;
  const limit = MAX_NESTING_DEPTH;

  test('each kind of nesting is allowed to the limit and refused past it, at the opening that goes too deep', () => {
    const kinds: Array<[string, string, string, number]> = [
      ['(', '1', ')', 1],
      ['[', '1', ']', 1],
      ['abs(', '1', ')', 4],
      ['not ', 'a', '', 4],
      ['-', '1', '', 1],
    ];
    for (const [open, inner, close, width] of kinds) {
      assert.doesNotThrow(() => parseExpression(nested(limit, open, inner, close)), open);
      assertSyntaxError(nested(limit + 1, open, inner, close), tooDeep(limit * width), limit * width);
    }
    assert.doesNotThrow(() => parseExpression(`a${'[a'.repeat(limit)}${']'.repeat(limit)}`));
    assertSyntaxError(
      `a${'[a'.repeat(limit + 1)}${']'.repeat(limit + 1)}`,
      tooDeep(1 + 2 * limit),
      1 + 2 * limit,
    );
  });

  test('kinds of nesting add up', () => {
    const half = limit / 2;
    assert.doesNotThrow(() => parseExpression(nested(half, '(', nested(half, '[', '1', ']'), ')')));
    assertSyntaxError(nested(half, '(', nested(half + 1, '-', '1', ''), ')'), tooDeep(limit), limit);
  });

  test('constructs side by side do not add up: only depth counts', () => {
    const siblings = Array.from({ length: limit + 10 }, () => '(1) + [1][0] + abs(1) + -1 + a[0]').join(
      ' + ',
    );
    assert.doesNotThrow(() => parseExpression(siblings));
    const nots = Array.from({ length: limit + 10 }, () => 'not a').join(' and ');
    assert.doesNotThrow(() => parseExpression(nots));
  });
});

describe('match() patterns at parse time', () => {
  test('a refused literal pattern points at the offending character, after escapes that stand for one character', () => {
    assertSyntaxError('match("a(?=b)", s)', `${LOOKAHEAD} at position 8 (line 1, column 9)`, 8);
    assertSyntaxError("match('a(?=b)', s)", `${LOOKAHEAD} at position 8 (line 1, column 9)`, 8);
    assertSyntaxError('match("\\u0041(?=b)", s)', `${LOOKAHEAD} at position 13 (line 1, column 14)`, 13);
    assertSyntaxError('match("\\n(?=b)", s)', `${LOOKAHEAD} at position 9 (line 1, column 10)`, 9);
  });

  test('a parenthesised pattern is pointed at where its operand starts', () => {
    assertSyntaxError('match(("a(?=b)"), s)', `${LOOKAHEAD} at position 6 (line 1, column 7)`, 6);
  });

  test('a pattern refused as a whole is pointed at its opening quote', () => {
    assertSyntaxError(
      `match("${'a'.repeat(257)}", s)`,
      'Invalid match() pattern: pattern is longer than 256 characters at position 6 (line 1, column 7)',
      6,
    );
  });

  test('a literal pattern the engine accepts parses to an ordinary call', () => {
    assert.deepEqual(parseExpression('match("^\\d+$", s)'), {
      type: 'call',
      name: 'match',
      args: [
        { type: 'literal', value: '^\\d+$' },
        { type: 'variable', name: 's' },
      ],
    });
  });

  test('only a literal string first argument of match() is checked', () => {
    assert.deepEqual(parseExpression('match()'), { type: 'call', name: 'match', args: [] });
    assert.doesNotThrow(() => parseExpression('match(p, "(")'));
    assert.doesNotThrow(() => parseExpression('match(1, s)'));
    assert.doesNotThrow(() => parseExpression('match("a" + "(", s)'));
    assert.doesNotThrow(() => parseExpression('contains("(?=", s)'));
    assert.doesNotThrow(() => parseExpression('replace(s, "(?=", "")'));
  });
});

describe('stringSourceOffset', () => {
  test('maps an offset in a literal value to the source, stepping over escapes', () => {
    // Source `x"a\nb"`: the literal opens at 1; value offset 2 ("b") is written at 5.
    assert.equal(stringSourceOffset('x"a\\nb"', 1, 0), 2);
    assert.equal(stringSourceOffset('x"a\\nb"', 1, 2), 5);
    assert.equal(stringSourceOffset('"\\u0041b"', 0, 1), 7);
    assert.equal(stringSourceOffset('"\\"b"', 0, 1), 3);
    assert.equal(stringSourceOffset("'\\'b'", 0, 1), 3);
    assert.equal(stringSourceOffset('"\\\\b"', 0, 1), 3);
    assert.equal(stringSourceOffset('"\\tb"', 0, 1), 3);
    assert.equal(stringSourceOffset('"\\rb"', 0, 1), 3);
  });

  test('a backslash pair kept as written is two characters of the value, and either may be pointed at', () => {
    // Source `"\d(?=x)"` spells the value `\d(?=x)`.
    assert.equal(stringSourceOffset('"\\d(?=x)"', 0, 0), 1);
    assert.equal(stringSourceOffset('"\\d(?=x)"', 0, 1), 2);
    assert.equal(stringSourceOffset('"\\d(?=x)"', 0, 2), 3);
    // Source `"a\d"`: after `a`, value offset 2 is the `d`, one character into the pair.
    assert.equal(stringSourceOffset('"a\\d"', 0, 2), 3);
    assert.equal(stringSourceOffset('"a\\d"', 0, 3), 4);
  });
});
