/**
 * docs/expressions.md — `match(pattern, s)`: RE2 syntax on a linear-time engine, with caps on
 * pattern length, compiled program size and input length; what RE2 cannot do is refused with
 * its offset.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  MAX_MATCH_INPUT_LENGTH,
  MAX_PATTERN_LENGTH,
  MAX_PATTERN_PROGRAM_SIZE,
} from '../../../core/expr/index.ts';
import { compilePattern } from '../../../core/expr/regex.ts';
import { assertEvalError, run } from './helpers.ts';

describe('match()', () => {
  test('finds a match anywhere unless anchored', () => {
    assert.equal(run('match("ell", "hello")'), true);
    assert.equal(run('match("^ell", "hello")'), false);
  });

  test('a leading (?i) makes the pattern case-insensitive, as in Attune patterns', () => {
    assert.equal(run('match("(?i)^HELLO", "hello")'), true);
    assert.equal(run('match("^HELLO", "hello")'), false);
  });

  test('flags may also sit inside the pattern or scope a group, as in RE2', () => {
    assert.equal(run('match("^a(?i)BC$", "abc")'), true);
    assert.equal(run('match("^(?i:A)b$", "ab")'), true);
    assert.equal(run('match("^(?i:A)b$", "aB")'), false);
    assert.equal(run('match("(?s)^a.b$", s)', { s: 'a\nb' }), true);
    assert.equal(run('match("^a.b$", s)', { s: 'a\nb' }), false);
    assert.equal(run('match("(?m)^b$", s)', { s: 'a\nb\nc' }), true);
  });

  test('patterns are Unicode-aware', () => {
    assert.equal(run('match("^.$", "😀")'), true);
    assert.equal(run('match("^\\p{Lu}", "Émile")'), true);
    assert.equal(run('match("^\\p{Greek}+$", "αβγ")'), true);
    assert.equal(run('match("^\\x{e9}$", "é")'), true);
  });

  test('RE2 syntax: \\A and \\z anchors, named groups both ways, POSIX classes, \\Q…\\E', () => {
    assert.equal(run('match("\\Aab\\z", "ab")'), true);
    assert.equal(run('match("\\Aab\\z", s)', { s: 'ab\n' }), false);
    assert.equal(run('match("(?P<y>\\d{4})-(?<m>\\d{2})", "2024-05")'), true);
    assert.equal(run('match("^[[:alpha:]]+$", "abc")'), true);
    assert.equal(run('match("^\\Q1+1\\E$", "1+1")'), true);
  });

  test('a pattern held in a variable is checked when evaluated', () => {
    assertEvalError('match(p, "x")', /^match\(\) missing closing \)/, { p: '(' });
    assertEvalError('match(p, "ab")', /^match\(\) lookahead "\(\?=" at offset 1 is not supported/, {
      p: 'a(?=b)',
    });
  });

  test('a pattern longer than the cap is refused', () => {
    const p = 'a'.repeat(MAX_PATTERN_LENGTH + 1);
    assertEvalError('match(p, "a")', `match() pattern is longer than ${MAX_PATTERN_LENGTH} characters`, {
      p,
    });
    assert.equal(run('match(p, p)', { p: 'a'.repeat(MAX_PATTERN_LENGTH) }), true);
  });

  test('an input longer than the cap is refused rather than truncated', () => {
    const s = 'a'.repeat(MAX_MATCH_INPUT_LENGTH + 1);
    assertEvalError('match("a", s)', `match() input is longer than ${MAX_MATCH_INPUT_LENGTH} characters`, {
      s,
    });
    assert.equal(run('match("a$", s)', { s: 'a'.repeat(MAX_MATCH_INPUT_LENGTH) }), true);
  });

  test('a pattern whose repeats compile to more than the program limit is refused before compiling', () => {
    const refused = compilePattern('.{0,999}');
    assert.equal(refused.ok, false);
    assert.match(
      refused.ok ? '' : refused.reason,
      new RegExp(`about 2000 instructions .*the limit is ${MAX_PATTERN_PROGRAM_SIZE}`),
    );
    const accepted = compilePattern('^(\\d{1,3}\\.){3}\\d{1,3}$');
    assert.ok(accepted.ok);
    assert.ok(accepted.regex.programSize <= MAX_PATTERN_PROGRAM_SIZE);
  });
});

describe('what the linear-time engine cannot do is refused with its offset', () => {
  const cases: Array<[string, RegExp, number]> = [
    ['(a)\\1', /^backreference "\\1" at offset 3 is not supported: .*no backreferences$/, 3],
    ['(?<w>a)\\k<w>', /^backreference "\\k<" at offset 7/, 7],
    ['(?P<w>a)(?P=w)', /^backreference "\(\?P=" at offset 8/, 8],
    ['a(?=b)', /^lookahead "\(\?=" at offset 1 is not supported: .*no lookaround$/, 1],
    ['a(?!b)', /^negative lookahead "\(\?!" at offset 1/, 1],
    ['(?<=a)b', /^lookbehind "\(\?<=" at offset 0/, 0],
    ['x(?<!a)b', /^negative lookbehind "\(\?<!" at offset 1/, 1],
    ['(?>a+)b', /^atomic group "\(\?>" at offset 0/, 0],
    ['done\\Z', /^the escape "\\Z" at offset 4 is not supported: write \\z/, 4],
    [
      'caf\\u00e9',
      /^the escape "\\u" at offset 3 is not supported: write a character code as \\x\{hhhh\}/,
      3,
    ],
  ];
  for (const [pattern, reason, offset] of cases) {
    test(pattern, () => {
      const result = compilePattern(pattern);
      assert.equal(result.ok, false);
      assert.match(result.ok ? '' : result.reason, reason);
      assert.equal(result.ok ? -1 : result.offset, offset);
    });
  }

  test('an escaped backslash before a digit is a literal, not a backreference', () => {
    assert.equal(run('match(p, s)', { p: '^\\\\1$', s: '\\1' }), true);
    assert.equal(run('match(p, s)', { p: '^[(?=]+$', s: '(?=' }), true);
  });
});
