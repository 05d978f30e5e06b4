/**
 * docs/expressions.md, "The language" — expression syntax: literals, operator precedence (low to high: or, and, not,
 * comparisons, + -, * / %, unary -, postfix), and syntax errors that state their position.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ExprSyntaxError,
  MAX_EXPRESSION_LENGTH,
  MAX_NESTING_DEPTH,
  parseExpression,
  printExpression,
  printString,
} from '../../../core/expr/index.ts';
import { AttuneError } from '../../../core/model/errors.ts';
import { assertSyntaxError, run } from './helpers.ts';

/** Two sources parse to the same tree: the way to state precedence. */
function sameTree(source: string, explicit: string): void {
  assert.deepEqual(parseExpression(source), parseExpression(explicit), `${source} should mean ${explicit}`);
}

describe('literals', () => {
  test('integers, decimals and exponents are numbers', () => {
    assert.equal(run('42'), 42);
    assert.equal(run('3.25'), 3.25);
    assert.equal(run('1e3'), 1000);
    assert.equal(run('2.5E-1'), 0.25);
    assert.equal(run('007'), 7);
  });

  test('a number followed by a dot and a name is a member access, not a decimal', () => {
    assert.deepEqual(parseExpression('42.field'), {
      type: 'member',
      object: { type: 'literal', value: 42 },
      name: 'field',
    });
  });

  test('strings take double or single quotes', () => {
    assert.equal(run('"hello"'), 'hello');
    assert.equal(run("'hello'"), 'hello');
    assert.equal(run('""'), '');
  });

  test('strings understand the escapes \\" \\\' \\\\ \\n \\t \\r and \\uXXXX', () => {
    assert.equal(run('"a\\"b"'), 'a"b');
    assert.equal(run("'it\\'s'"), "it's");
    assert.equal(run('"it\\\'s"'), "it's");
    assert.equal(run('"back\\\\slash"'), 'back\\slash');
    assert.equal(run('"line\\nbreak\\ttab\\rreturn"'), 'line\nbreak\ttab\rreturn');
    assert.equal(run('"\\u00e9\\u263A"'), 'é☺');
    assert.equal(run('"\\ud83d\\ude00"'), '😀');
  });

  test('other backslash pairs are kept as written so regular expressions read naturally', () => {
    assert.equal(run('"\\d+\\.\\w"'), '\\d+\\.\\w');
  });

  test('true, false and null are literals', () => {
    assert.equal(run('true'), true);
    assert.equal(run('false'), false);
    assert.equal(run('null'), null);
  });

  test('array literals hold any expressions and allow a trailing comma', () => {
    assert.deepEqual(run('[]'), []);
    assert.deepEqual(run('[1, "a", [true, null], 1 + 1]'), [1, 'a', [true, null], 2]);
    assert.deepEqual(run('[1, 2, 3,]'), [1, 2, 3]);
  });

  test('whitespace, tabs and newlines between tokens are ignored', () => {
    assert.equal(run(' \t1\n+\r\n2 '), 3);
  });
});

describe('precedence', () => {
  test('and binds tighter than or', () => {
    sameTree('a or b and c', 'a or (b and c)');
    assert.equal(run('true or false and false'), true);
    assert.equal(run('(true or false) and false'), false);
  });

  test('not binds looser than comparisons and tighter than and', () => {
    sameTree('not a == b', 'not (a == b)');
    sameTree('not a and b', '(not a) and b');
    sameTree('not not a', 'not (not a)');
  });

  test('comparisons bind looser than arithmetic', () => {
    sameTree('a + 1 > b * 2', '(a + 1) > (b * 2)');
    sameTree('x in a + b', 'x in (a + b)');
  });

  test('comparisons are left-associative', () => {
    sameTree('a == b == c', '(a == b) == c');
    assert.equal(run('1 == 1 == true'), true);
  });

  test('* / % bind tighter than + -', () => {
    sameTree('a + b * c - d % e', '(a + (b * c)) - (d % e)');
    assert.equal(run('2 + 3 * 4'), 14);
    assert.equal(run('(2 + 3) * 4'), 20);
    assert.equal(run('10 - 2 * 3 + 1'), 5);
  });

  test('+ - and * / % are left-associative', () => {
    assert.equal(run('10 - 4 - 3'), 3);
    assert.equal(run('100 / 10 / 5'), 2);
  });

  test('unary minus binds tighter than * and looser than member access', () => {
    sameTree('-a * b', '(-a) * b');
    sameTree('-a.b', '-(a.b)');
    assert.equal(run('-2 + 3'), 1);
    assert.equal(run('-(2 + 3)'), -5);
    assert.equal(run('--5'), 5);
  });

  test('member access, indexing and calls chain left to right', () => {
    sameTree('a.b[0].c', '((a.b)[0]).c');
    sameTree('length(a)[0]', '(length(a))[0]');
  });

  test('keywords may follow a dot as member names', () => {
    assert.equal(run('p.in + p.not + p.null', { p: { in: 1, not: 2, null: 3 } }), 6);
  });
});

describe('printing', () => {
  test('printExpression writes the fewest parentheses that precedence needs', () => {
    const cases: Array<[string, string]> = [
      ['(a or b) and not (c == d)', '(a or b) and not c == d'],
      ['a - (b - c)', 'a - (b - c)'],
      ['(a - b) - c', 'a - b - c'],
      ['-(a + 1) * b.c[0]', '-(a + 1) * b.c[0]'],
      ['(not a) == b', '(not a) == b'],
      ["[1, 'it\\'s', null,]", '[1, "it\'s", null]'],
      ['length(x) in [1e21, 0.5]', 'length(x) in [1e+21, 0.5]'],
    ];
    for (const [source, printed] of cases) assert.equal(printExpression(parseExpression(source)), printed);
  });

  test('a member name that is not an identifier prints as a bracket access', () => {
    assert.equal(
      printExpression({ type: 'member', object: { type: 'variable', name: 'p' }, name: 'x-id' }),
      'p["x-id"]',
    );
  });

  test('strings print with line and paragraph separators escaped, and read back the same', () => {
    const value = 'a\u2028b\u2029c';
    const printed = printString(value);
    assert.equal(printed, '"a\\u2028b\\u2029c"', 'no raw separator for a YAML 1.1 reader to break on');
    assert.deepEqual(parseExpression(printed), { type: 'literal', value });
  });
});

describe('syntax errors', () => {
  test('an unexpected token is reported with its offset, line and column', () => {
    assertSyntaxError('event.id == )', 'Unexpected ")" at position 12 (line 1, column 13)', 12);
  });

  test('line and column count from the last newline', () => {
    assertSyntaxError('event.id ==\n  )', 'Unexpected ")" at position 14 (line 2, column 3)', 14);
  });

  test('an unknown function name is refused at parse time', () => {
    assertSyntaxError('foo(1)', 'Unknown function "foo" at position 0 (line 1, column 1)', 0);
    assertSyntaxError('1 + lenght(x)', 'Unknown function "lenght" at position 4 (line 1, column 5)', 4);
  });

  test('a name that is not called is a variable even when it matches a function', () => {
    assert.equal(run('count + 1', { count: 2 }), 3);
  });

  test('only built-in function names can be called', () => {
    assertSyntaxError('a.b(1)', 'Only built-in functions can be called at position 3 (line 1, column 4)', 3);
  });

  test('an expression that ends early says so', () => {
    assertSyntaxError('1 +', 'Unexpected end of expression at position 3 (line 1, column 4)', 3);
    assertSyntaxError('', 'Unexpected end of expression at position 0 (line 1, column 1)', 0);
  });

  test('an unclosed parenthesis or bracket names what was expected', () => {
    assertSyntaxError(
      '(1 + 2',
      'Expected ")" but found end of expression at position 6 (line 1, column 7)',
      6,
    );
    assertSyntaxError(
      '[1, 2',
      'Expected "]" but found end of expression at position 5 (line 1, column 6)',
      5,
    );
    assertSyntaxError('a[1 2]', 'Expected "]" but found number 2 at position 4 (line 1, column 5)', 4);
  });

  test('two operands in a row are refused at the second', () => {
    assertSyntaxError('a b', 'Unexpected "b" at position 2 (line 1, column 3)', 2);
  });

  test('a dot must be followed by a member name', () => {
    assertSyntaxError(
      'a.',
      'Expected a member name after "." but found end of expression at position 2 (line 1, column 3)',
      2,
    );
    assertSyntaxError(
      'a.1',
      'Expected a member name after "." but found number 1 at position 2 (line 1, column 3)',
      2,
    );
  });

  test('keywords cannot be used as variables', () => {
    assertSyntaxError('and', 'Unexpected "and" at position 0 (line 1, column 1)', 0);
    assertSyntaxError('1 + in', 'Unexpected "in" at position 4 (line 1, column 5)', 4);
  });

  test('operators from other languages are refused with the Attune word', () => {
    assertSyntaxError('a && b', 'Unexpected "&&" (use "and") at position 2 (line 1, column 3)', 2);
    assertSyntaxError('a || b', 'Unexpected "||" (use "or") at position 2 (line 1, column 3)', 2);
    assertSyntaxError('!a', 'Unexpected "!" (use "not") at position 0 (line 1, column 1)', 0);
    assertSyntaxError('a = 1', 'Unexpected "=" (use "==") at position 2 (line 1, column 3)', 2);
  });

  test('an unknown character is reported', () => {
    assertSyntaxError('a # b', 'Unexpected character "#" at position 2 (line 1, column 3)', 2);
  });

  test('an unterminated string is reported at its opening quote', () => {
    assertSyntaxError('x == "abc', 'Unterminated string at position 5 (line 1, column 6)', 5);
  });

  test('a \\u escape needs four hex digits', () => {
    assertSyntaxError(
      '"a\\u12"',
      'Invalid \\u escape (expected four hex digits) at position 2 (line 1, column 3)',
      2,
    );
  });

  test('a number too large for a double is refused', () => {
    assertSyntaxError('1e999', 'Number 1e999 is out of range at position 0 (line 1, column 1)', 0);
  });

  test('a literal match() pattern that would be refused at run time is refused at parse time, at the offending character', () => {
    assert.throws(() => parseExpression('match("(", s)'), { name: 'ExprSyntaxError', position: 7 });
    assert.throws(() => parseExpression('match("a(?=b)", s)'), {
      name: 'ExprSyntaxError',
      position: 8,
      message: /lookahead "\(\?=" at offset 1 is not supported/,
    });
    assert.throws(() => parseExpression('match("(\\w)\\1", s)'), {
      name: 'ExprSyntaxError',
      position: 11,
      message: /backreference "\\1" at offset 4/,
    });
    // Escapes in the string literal are accounted for: `\"` in the source is one character.
    assert.throws(() => parseExpression('match("a\\"(?=b)", s)'), { name: 'ExprSyntaxError', position: 10 });
  });

  test('nesting deeper than the limit is refused instead of exhausting the stack', () => {
    const deep = `${'('.repeat(MAX_NESTING_DEPTH + 1)}1${')'.repeat(MAX_NESTING_DEPTH + 1)}`;
    assert.throws(() => parseExpression(deep), { name: 'ExprSyntaxError', message: /nested more than 64/ });
    const ok = `${'('.repeat(MAX_NESTING_DEPTH)}1${')'.repeat(MAX_NESTING_DEPTH)}`;
    assert.equal(run(ok), 1);
    assert.throws(() => parseExpression('-'.repeat(10_000)), { name: 'ExprSyntaxError' });
  });

  test('an expression longer than the limit is refused', () => {
    assert.throws(() => parseExpression(`"${'x'.repeat(MAX_EXPRESSION_LENGTH)}"`), {
      name: 'ExprSyntaxError',
      message: /longer than 4096 characters/,
    });
  });

  test('a syntax error is a VALIDATION_ERROR AttuneError that carries its position as data', () => {
    try {
      parseExpression('1 +\n )');
      assert.fail('expected a syntax error');
    } catch (err) {
      assert.ok(err instanceof ExprSyntaxError);
      assert.ok(err instanceof AttuneError);
      assert.equal(err.code, 'VALIDATION_ERROR');
      assert.equal(err.line, 2);
      assert.equal(err.column, 2);
      assert.equal(err.reason, 'Unexpected ")"');
      assert.deepEqual(err.toData(), {
        code: 'VALIDATION_ERROR',
        message: 'Unexpected ")" at position 5 (line 2, column 2)',
        details: { position: 5, line: 2, column: 2 },
      });
    }
  });
});
