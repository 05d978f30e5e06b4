/**
 * docs/expressions.md, "`match(pattern, s)`" — compiling a pattern (core/expr/regex.ts): the
 * limits on its length and its program size, each exactly at its edge, the engine's own syntax
 * errors with the offset of the fragment it names, and the cache of compiled patterns.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RE2JSCompileException, RE2JSSyntaxException } from 're2js';
import { MAX_PATTERN_LENGTH, MAX_PATTERN_PROGRAM_SIZE } from '../../../core/expr/index.ts';
import { compilePattern, syntaxProblem } from '../../../core/expr/regex.ts';

function refusal(pattern: string): { reason: string; offset?: number } {
  const result = compilePattern(pattern);
  assert.ok(!result.ok, `${pattern} compiled`);
  return 'offset' in result ? { reason: result.reason, offset: result.offset } : { reason: result.reason };
}

const tooLarge = (size: number): string =>
  `pattern is too large: it compiles to about ${size} instructions (repeats counted out); ` +
  `the limit is ${MAX_PATTERN_PROGRAM_SIZE}`;

describe('the program size limit', () => {
  test('a program of exactly the limit compiles; one instruction more is refused before compiling', () => {
    const at = compilePattern('a{998}');
    assert.ok(at.ok);
    assert.equal(at.regex.programSize, MAX_PATTERN_PROGRAM_SIZE);
    assert.equal(at.regex.test('a'.repeat(998)), true);
    assert.equal(at.regex.test('a'.repeat(997)), false);
    assert.deepEqual(refusal('a{999}'), { reason: tooLarge(1001) });
  });

  test('a program the estimate undercounts is refused by the size the engine compiled', () => {
    // Each empty group is two instructions to the estimate (802 in all) but three to RE2.
    assert.deepEqual(refusal('((?i)){400}'), { reason: tooLarge(1202) });
  });

  test('the estimate is what refuses: a pattern it counts too high is refused though RE2 would fit it', () => {
    // RE2 makes the alternatives one class (202 instructions); the estimate counts each.
    assert.deepEqual(refusal('(?:a|b|c){200}'), { reason: tooLarge(1002) });
  });

  test('a pattern of exactly the length limit is compiled; one character more is refused', () => {
    assert.ok(compilePattern('b'.repeat(MAX_PATTERN_LENGTH)).ok);
    assert.deepEqual(refusal('b'.repeat(MAX_PATTERN_LENGTH + 1)), {
      reason: `pattern is longer than ${MAX_PATTERN_LENGTH} characters`,
    });
  });
});

describe("the engine's syntax errors", () => {
  test('name the fragment and its offset when the fragment occurs once', () => {
    assert.deepEqual(refusal('x*x**'), {
      reason: 'invalid nested repetition operator: "**" at offset 3',
      offset: 3,
    });
    assert.deepEqual(refusal('ab[z-a]'), {
      reason: 'invalid character class range: "z-a" at offset 3',
      offset: 3,
    });
    assert.deepEqual(refusal('(?#x)'), {
      reason: 'invalid or unsupported Perl syntax: "(?#" at offset 0',
      offset: 0,
    });
    assert.deepEqual(refusal('a\\k'), { reason: 'invalid escape sequence: "\\k" at offset 1', offset: 1 });
  });

  test('name the fragment without an offset when it occurs more than once', () => {
    assert.deepEqual(refusal('\\c\\c'), { reason: 'invalid escape sequence: "\\c"' });
    assert.deepEqual(refusal('(?P<n>a)(?P<n>b)'), { reason: 'duplicate capture group name: "n"' });
  });

  test('are the description alone when the engine names no fragment', () => {
    assert.deepEqual(refusal('a\\'), { reason: 'trailing backslash at end of expression' });
  });
});

describe('the cache of compiled patterns', () => {
  test('compiling the same pattern again returns the same compiled pattern, or the same refusal', () => {
    const first = compilePattern('^cached-[0-9]+$');
    assert.equal(compilePattern('^cached-[0-9]+$'), first);
    const refused = compilePattern('cached(?=x)');
    assert.equal(compilePattern('cached(?=x)'), refused);
    assert.notEqual(compilePattern('^cached-[0-9]*$'), first);
  });

  test('a cached pattern still answers for each text', () => {
    const pattern = compilePattern('^re-used$');
    assert.ok(pattern.ok);
    const again = compilePattern('^re-used$');
    assert.ok(again.ok);
    assert.equal(again.regex.test('re-used'), true);
    assert.equal(again.regex.test('re-used!'), false);
  });
});

describe('what compiling threw, as a refusal', () => {
  test("the engine's syntax error without a fragment, or with an empty one, is its description", () => {
    assert.deepEqual(syntaxProblem('a', new RE2JSSyntaxException('bad thing')), {
      ok: false,
      reason: 'bad thing',
    });
    assert.deepEqual(syntaxProblem('a', new RE2JSSyntaxException('bad thing', '')), {
      ok: false,
      reason: 'bad thing',
    });
  });

  test('a fragment that is not in the pattern is named without an offset', () => {
    assert.deepEqual(syntaxProblem('abc', new RE2JSSyntaxException('bad thing', 'zz')), {
      ok: false,
      reason: 'bad thing: "zz"',
    });
    assert.deepEqual(syntaxProblem('abzz', new RE2JSSyntaxException('bad thing', 'zz')), {
      ok: false,
      reason: 'bad thing: "zz" at offset 2',
      offset: 2,
    });
  });

  test("the engine's other errors are their message; anything else is thrown on", () => {
    assert.deepEqual(syntaxProblem('a', new RE2JSCompileException('regexp: unhandled case in compile')), {
      ok: false,
      reason: 'regexp: unhandled case in compile',
    });
    const other = new TypeError('not the engine');
    assert.throws(
      () => syntaxProblem('a', other),
      (err: unknown) => err === other,
    );
  });
});
