/**
 * The text built-ins decide exactly their definition (docs/expressions.md "Functions"): a suffix
 * is a suffix, not a substring; a prefix is a prefix. Each function is checked against a
 * one-line reference on strings over a two-letter alphabet, where "contained but not at the
 * end" happens all the time, and on the cases that tell near-miss implementations apart.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { run } from './helpers.ts';

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
