/**
 * The text built-ins decide exactly their definition (docs/expressions.md "Functions"): a suffix
 * is a suffix, not a substring; a prefix is a prefix. Each function is checked against a
 * one-line reference on strings over a two-letter alphabet, where "contained but not at the
 * end" happens all the time, and on the cases that tell near-miss implementations apart.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { MAX_MATCH_INPUT_LENGTH, MAX_RESULT_LENGTH } from '../../../core/expr/limits.ts';
import { assertEvalError, run } from './helpers.ts';

/** Short strings over {a, b}: substrings that are not prefixes or suffixes are common. */
const ab = fc.string({ unit: fc.constantFrom('a', 'b'), maxLength: 6 });

describe('ends_with', () => {
  test('is true only when the text ends with the suffix', () => {
    assert.equal(run('ends_with("hello", "llo")'), true);
    assert.equal(run('ends_with("hello", "hello")'), true);
    assert.equal(run('ends_with("hello", "")'), true);
    assert.equal(run('ends_with("", "")'), true);
  });

  test('is false for a substring that is not at the end', () => {
    assert.equal(run('ends_with("hello", "ell")'), false);
    assert.equal(run('ends_with("hello", "he")'), false);
    assert.equal(run('ends_with("report.txt.bak", ".txt")'), false);
  });

  test('is false when the suffix is longer than the text, and is case-sensitive', () => {
    assert.equal(run('ends_with("lo", "hello")'), false);
    assert.equal(run('ends_with("", "a")'), false);
    assert.equal(run('ends_with("hello", "LLO")'), false);
  });

  test('agrees with "the last len(suffix) characters equal the suffix" (property)', () => {
    fc.assert(
      fc.property(ab, ab, (s, suffix) => {
        const expected = s.length >= suffix.length && s.slice(s.length - suffix.length) === suffix;
        return run('ends_with(s, x)', { s, x: suffix }) === expected;
      }),
      { numRuns: 500 },
    );
  });
});

describe('starts_with', () => {
  test('is true only when the text starts with the prefix', () => {
    assert.equal(run('starts_with("hello", "hel")'), true);
    assert.equal(run('starts_with("hello", "")'), true);
    assert.equal(run('starts_with("hello", "ell")'), false);
    assert.equal(run('starts_with("hello", "llo")'), false);
    assert.equal(run('starts_with("he", "hello")'), false);
    assert.equal(run('starts_with("hello", "HEL")'), false);
  });

  test('agrees with "the first len(prefix) characters equal the prefix" (property)', () => {
    fc.assert(
      fc.property(
        ab,
        ab,
        (s, prefix) => run('starts_with(s, x)', { s, x: prefix }) === (s.slice(0, prefix.length) === prefix),
      ),
      { numRuns: 500 },
    );
  });
});

describe('lower, upper, trim', () => {
  test('change case and strip surrounding whitespace only', () => {
    assert.equal(run('lower("MiXeD Case")'), 'mixed case');
    assert.equal(run('upper("MiXeD Case")'), 'MIXED CASE');
    assert.equal(run('trim("  a b \\n")'), 'a b');
    assert.equal(run('trim("a")'), 'a');
  });
});

describe('split', () => {
  test('splits on every separator, keeping empty pieces', () => {
    assert.deepEqual(run('split("a,b,,c", ",")'), ['a', 'b', '', 'c']);
    assert.deepEqual(run('split("abc", ",")'), ['abc']);
    assert.deepEqual(run('split("a--b", "--")'), ['a', 'b']);
  });

  test('an empty separator splits into code points, so an emoji stays whole', () => {
    assert.deepEqual(run('split("a😀b", "")'), ['a', '😀', 'b']);
    assert.deepEqual(run('split("", "")'), []);
  });

  test('joining what split cut gives the text back (property)', () => {
    fc.assert(
      fc.property(
        ab,
        fc.constantFrom('a', 'b', 'ab'),
        (s, sep) => run('join(split(s, x), x)', { s, x: sep }) === s,
      ),
      { numRuns: 300 },
    );
  });
});

describe('join', () => {
  test('puts the separator between elements only', () => {
    assert.equal(run('join(["a"], ", ")'), 'a');
    assert.equal(run('join(["a", "b"], ", ")'), 'a, b');
    assert.equal(run('join(["a", "", "b"], "")'), 'ab');
  });
});

describe('replace', () => {
  test('replaces every occurrence, not only the first', () => {
    assert.equal(run('replace("aXbXc", "X", "")'), 'abc');
    assert.equal(run('replace("aaa", "a", "bb")'), 'bbbbbb');
    assert.equal(run('replace("abc", "z", "y")'), 'abc');
  });

  test('an empty search inserts around each code point', () => {
    assert.equal(run('replace("a😀", "", ".")'), '.a.😀.');
    assert.equal(run('replace("", "", ".")'), '.');
  });
});

describe('match', () => {
  test('is a search, not a whole-string match, and is case-sensitive', () => {
    assert.equal(run('match("b", "abc")'), true);
    assert.equal(run('match("B", "abc")'), false);
    assert.equal(run('match("^b", "abc")'), false);
  });
});

describe('errors name the function and the argument', () => {
  test('a wrong type in any argument says which function and which argument', () => {
    assertEvalError('replace(1, "a", "b")', 'replace() expects a string as argument 1, got number');
    assertEvalError('replace("a", 1, "b")', 'replace() expects a string as argument 2, got number');
    assertEvalError('starts_with("a", 1)', 'starts_with() expects a string as argument 2, got number');
    assertEvalError('ends_with(1, "a")', 'ends_with() expects a string as argument 1, got number');
  });
});

describe('result length limits', () => {
  const tooLong = (what: string) => `Result of ${what} is longer than ${MAX_RESULT_LENGTH} elements`;

  test('replace may produce exactly the longest result, and not one character more', () => {
    const half = MAX_RESULT_LENGTH / 2;
    const exact = run('replace(s, "a", "bb")', { s: 'a'.repeat(half) }) as string;
    assert.equal(exact.length, MAX_RESULT_LENGTH);
    assertEvalError('replace(s, "a", "bb")', tooLong('replace()'), { s: 'a'.repeat(half + 1) });
    const shrunk = run('replace(s, "aa", "b")', { s: 'a'.repeat(MAX_RESULT_LENGTH) }) as string;
    assert.equal(shrunk.length, half, 'a shorter replacement never trips the limit');
  });

  test('join counts its separators: exactly the longest result passes, one more character does not', () => {
    const piece = 'a'.repeat(MAX_RESULT_LENGTH / 2 - 1);
    const exact = run('join(items, "--")', { items: [piece, piece] }) as string;
    assert.equal(exact.length, MAX_RESULT_LENGTH);
    assertEvalError('join(items, "---")', tooLong('join()'), { items: [piece, piece] });
    assertEvalError('join(items, ",")', tooLong('join()'), { items: [piece, piece, 'aaa'] });
  });
});

describe('match limits', () => {
  test('input up to the longest allowed is searched; one character more is refused', () => {
    assert.equal(run('match("b$", s)', { s: `${'a'.repeat(MAX_MATCH_INPUT_LENGTH - 1)}b` }), true);
    assertEvalError('match("b$", s)', `match() input is longer than ${MAX_MATCH_INPUT_LENGTH} characters`, {
      s: 'a'.repeat(MAX_MATCH_INPUT_LENGTH + 1),
    });
  });

  test('a pattern from the data that cannot be compiled is an evaluation error from match()', () => {
    // A literal pattern is checked when the expression is parsed; one from the context only now.
    assertEvalError('match(p, "x")', /^match\(\) ./, { p: '(' });
  });
});

describe('index_of and count on text', () => {
  test('index_of counts code points and finds a match at the very start', () => {
    assert.equal(run('index_of("hello", "he")'), 0);
    assert.equal(run('index_of("hello", "llo")'), 2);
    assert.equal(run('index_of("😀x", "x")'), 1);
    assert.equal(run('index_of("hello", "z")'), -1);
    assert.equal(run('index_of("hello", "")'), 0);
  });

  test('count counts non-overlapping occurrences; an empty needle matches between characters', () => {
    assert.equal(run('count("aaaa", "aa")'), 2);
    assert.equal(run('count("abc", "z")'), 0);
    assert.equal(run('count("a😀b", "")'), 4);
  });
});
