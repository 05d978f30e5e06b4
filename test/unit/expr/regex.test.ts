/**
 * SPEC §3 — `match(pattern, s)`: a JavaScript regular expression test, guarded against
 * catastrophic backtracking by length caps on pattern and input and by refusing nested
 * quantifiers.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_MATCH_INPUT_LENGTH, MAX_PATTERN_LENGTH } from '../../../core/expr/index.ts';
import { compilePattern, findNestedQuantifier } from '../../../core/expr/regex.ts';
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

  test('patterns are Unicode-aware', () => {
    assert.equal(run('match("^.$", "😀")'), true);
    assert.equal(run('match("^\\p{Lu}", "Émile")'), true);
  });

  test('a pattern held in a variable is checked when evaluated', () => {
    assertEvalError('match(p, "x")', /^match\(\) Invalid regular expression/, { p: '(' });
    assertEvalError('match(p, "aaaa")', /^match\(\) pattern repeats a group/, { p: '(a+)+$' });
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

  test('the classic catastrophic pattern is refused before it can run', () => {
    assertEvalError('match(p, s)', /exponential time/, { p: '^(a+)+$', s: `${'a'.repeat(40)}!` });
    // Refused when compiled, so it never meets the input that would take minutes.
    const compiled = compilePattern('^(a+)+$');
    assert.equal(compiled.ok, false);
    assert.match(compiled.ok ? '' : compiled.reason, /exponential time/);
  });
});

describe('the nested-quantifier guard', () => {
  test('refuses a repeated group that contains a quantifier', () => {
    for (const p of ['(a+)+', '(a*)*', '(\\w+\\s?)*$', '(?:x+y?)+', '(a?){20}', '((ab)+)+', '([a-z]+\\.)+']) {
      assert.ok(findNestedQuantifier(p) >= 0, p);
      assert.equal(compilePattern(p).ok, false, p);
    }
  });

  test('accepts ordinary patterns, alternation and a short bounded repeat of a quantified group', () => {
    for (const p of [
      '^\\d+$',
      '(GET|POST)+',
      '(\\d{1,3}\\.){3}\\d{1,3}',
      'a+b*c?',
      '[(+*)]+',
      '\\(a+\\)+',
      '(?<year>\\d{4})-\\d{2}',
    ]) {
      assert.equal(findNestedQuantifier(p), -1, p);
      assert.equal(compilePattern(p).ok, true, p);
    }
  });
});
