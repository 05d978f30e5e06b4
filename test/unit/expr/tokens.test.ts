/**
 * docs/expressions.md, "The language" and "Decisions" — how expression source splits into tokens: which characters
 * make names and numbers, what counts as whitespace, how string escapes read, and the exact
 * error, with its position, for everything else.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseExpression } from '../../../core/expr/index.ts';
import { assertSyntaxError, run } from './helpers.ts';

/** `source` parses to the variable `name`. */
function isVariable(source: string, name: string): void {
  assert.deepEqual(parseExpression(source), { type: 'variable', name }, source);
}

describe('names', () => {
  test('a name starts with an ASCII letter or underscore, at both ends of each range', () => {
    for (const name of ['A', 'Z', 'a', 'z', '_', 'Ab', 'Zb', 'ab', 'zb', '_b']) isVariable(name, name);
  });

  test('a name continues with letters, digits and underscores, at both ends of each range', () => {
    for (const name of ['x0', 'x9', 'xA', 'xZ', 'xa', 'xz', 'x_', 'a0b9_Z']) isVariable(name, name);
  });

  test('the characters just outside the letter ranges are not name characters', () => {
    assertSyntaxError('@a', 'Unexpected character "@" at position 0 (line 1, column 1)', 0);
    assertSyntaxError('`a', 'Unexpected character "`" at position 0 (line 1, column 1)', 0);
    assertSyntaxError('{a', 'Unexpected character "{" at position 0 (line 1, column 1)', 0);
    assertSyntaxError('a@', 'Unexpected character "@" at position 1 (line 1, column 2)', 1);
    assertSyntaxError('a`', 'Unexpected character "`" at position 1 (line 1, column 2)', 1);
    assertSyntaxError('a{', 'Unexpected character "{" at position 1 (line 1, column 2)', 1);
  });

  test('the characters just outside the digit range end a name', () => {
    assertSyntaxError('a:', 'Unexpected character ":" at position 1 (line 1, column 2)', 1);
    assert.deepEqual(parseExpression('a/b'), {
      type: 'binary',
      op: '/',
      left: { type: 'variable', name: 'a' },
      right: { type: 'variable', name: 'b' },
    });
  });

  test('a letter outside ASCII is not a name character', () => {
    assertSyntaxError('é', 'Unexpected character "é" at position 0 (line 1, column 1)', 0);
    assertSyntaxError('aé', 'Unexpected character "é" at position 1 (line 1, column 2)', 1);
  });
});

describe('numbers', () => {
  test('every digit, first or later, is part of a number', () => {
    assert.equal(run('0'), 0);
    assert.equal(run('9'), 9);
    assert.equal(run('90'), 90);
    assert.equal(run('1234567890'), 1234567890);
    assert.equal(run('0.9'), 0.9);
    assert.equal(run('9.0'), 9);
  });

  test('a digit must follow the decimal point, otherwise the dot is a member access', () => {
    assert.deepEqual(parseExpression('1.e'), {
      type: 'member',
      object: { type: 'literal', value: 1 },
      name: 'e',
    });
    assertSyntaxError(
      '1.',
      'Expected a member name after "." but found end of expression at position 2 (line 1, column 3)',
      2,
    );
  });

  test('an exponent may carry a sign', () => {
    assert.equal(run('1e+3'), 1000);
    assert.equal(run('1E+3'), 1000);
    assert.equal(run('25e-1'), 2.5);
    assert.equal(run('1e0'), 1);
    assert.equal(run('1e09'), 1e9);
  });

  test('an e without exponent digits is not part of the number', () => {
    assertSyntaxError('1e', 'Unexpected "e" at position 1 (line 1, column 2)', 1);
    assertSyntaxError('1E', 'Unexpected "E" at position 1 (line 1, column 2)', 1);
    assertSyntaxError('2e+', 'Unexpected "e" at position 1 (line 1, column 2)', 1);
    assertSyntaxError('2e-x', 'Unexpected "e" at position 1 (line 1, column 2)', 1);
  });

  test('a number out of range is reported with its text and start', () => {
    assertSyntaxError('1 + 2e308', 'Number 2e308 is out of range at position 4 (line 1, column 5)', 4);
    assertSyntaxError('1.5E+999', 'Number 1.5E+999 is out of range at position 0 (line 1, column 1)', 0);
  });
});

describe('whitespace', () => {
  test('space, tab, line feed and carriage return separate tokens', () => {
    for (const space of [' ', '\t', '\n', '\r'])
      assert.equal(run(`1${space}+${space}2`), 3, JSON.stringify(space));
  });

  test('Unicode whitespace outside ASCII separates tokens too', () => {
    for (const space of ['\u00a0', '\u2003', '\u3000', '\ufeff']) {
      assert.equal(run(`1${space}+${space}2`), 3, JSON.stringify(space));
    }
  });

  test('vertical tab and form feed are not whitespace', () => {
    assertSyntaxError('1\v+ 2', 'Unexpected character "\v" at position 1 (line 1, column 2)', 1);
    assertSyntaxError('1\f+ 2', 'Unexpected character "\f" at position 1 (line 1, column 2)', 1);
  });

  test('a character outside ASCII that is not whitespace is refused', () => {
    assertSyntaxError('1 \u0085 2', 'Unexpected character "\u0085" at position 2 (line 1, column 3)', 2);
    assertSyntaxError('1 \u200b 2', 'Unexpected character "\u200b" at position 2 (line 1, column 3)', 2);
  });

  test('a character outside the basic plane is reported whole, not as half a surrogate pair', () => {
    assertSyntaxError('a 😀', 'Unexpected character "😀" at position 2 (line 1, column 3)', 2);
  });
});

describe('punctuation', () => {
  test('each comparison operator is one token', () => {
    const ops = ['==', '!=', '<', '>', '<=', '>='] as const;
    for (const op of ops) {
      assert.deepEqual(parseExpression(`a ${op} b`), {
        type: 'binary',
        op,
        left: { type: 'variable', name: 'a' },
        right: { type: 'variable', name: 'b' },
      });
    }
  });

  test('an operator from another language is refused even where its first character is valid', () => {
    assertSyntaxError('a =< b', 'Unexpected "=" (use "==") at position 2 (line 1, column 3)', 2);
    assertSyntaxError('a !b', 'Unexpected "!" (use "not") at position 2 (line 1, column 3)', 2);
    assertSyntaxError('a &b', 'Unexpected character "&" at position 2 (line 1, column 3)', 2);
    assertSyntaxError('a |b', 'Unexpected character "|" at position 2 (line 1, column 3)', 2);
  });
});

describe('strings', () => {
  test('a string may hold the other quote unescaped', () => {
    assert.equal(run(`"it's"`), "it's");
    assert.equal(run(`'say "hi"'`), 'say "hi"');
  });

  test('text before, between and after escapes is kept', () => {
    assert.equal(run('"ab\\ncd\\tef"'), 'ab\ncd\tef');
    assert.equal(run('"\\n\\n"'), '\n\n');
    assert.equal(run('"x\\u0041y"'), 'xAy');
  });

  test('\\u takes hex digits in either case, at both ends of each range', () => {
    assert.equal(run('"\\u0030\\u0039"'), '09');
    assert.equal(run('"\\u00AF\\u00af"'), '\u00af\u00af');
    assert.equal(run('"\\uFFFF"'), '\uffff');
    assert.equal(run('"\\uaBcD"'), '\uabcd');
  });

  test('\\u with a character just outside the hex ranges is refused at the backslash', () => {
    for (const bad of ['@', 'G', '`', 'g', '/', ':']) {
      assertSyntaxError(
        `"ab\\u00${bad}0"`,
        'Invalid \\u escape (expected four hex digits) at position 3 (line 1, column 4)',
        3,
      );
    }
    assertSyntaxError(
      '"\\u',
      'Invalid \\u escape (expected four hex digits) at position 1 (line 1, column 2)',
      1,
    );
    assertSyntaxError(
      '"\\uabc',
      'Invalid \\u escape (expected four hex digits) at position 1 (line 1, column 2)',
      1,
    );
  });

  test('a backslash as the last character leaves the string unterminated', () => {
    assertSyntaxError('x + "ab\\', 'Unterminated string at position 4 (line 1, column 5)', 4);
    assertSyntaxError("'\\'", 'Unterminated string at position 0 (line 1, column 1)', 0);
  });

  test('a string token may be followed by more source', () => {
    assert.equal(run('"a" + "b"'), 'ab');
    assert.equal(run("'a\\'' + 'b'"), "a'b");
  });

  test('an unexpected string is named with its value', () => {
    assertSyntaxError('a "b\\n"', 'Unexpected string "b\\n" at position 2 (line 1, column 3)', 2);
    assertSyntaxError('(1 "x"', 'Expected ")" but found string "x" at position 3 (line 1, column 4)', 3);
    assertSyntaxError('a 1.5', 'Unexpected number 1.5 at position 2 (line 1, column 3)', 2);
    assertSyntaxError('(1 ,', 'Expected ")" but found "," at position 3 (line 1, column 4)', 3);
  });
});
