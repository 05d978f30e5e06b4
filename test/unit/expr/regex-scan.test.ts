/**
 * docs/expressions.md, "`match(pattern, s)`" — the pass over a pattern before the regex engine
 * compiles it (core/expr/regex-syntax.ts): the program size it estimates, with repeats counted
 * out, and what it refuses with an offset. The estimate is exact (RE2's own program size) for
 * the ordinary forms, and counts `|` and `{n,}` one or two instructions high; where the engine
 * would refuse a pattern anyway, the estimate only has to stop at the right place.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RE2JS } from 're2js';
import { scanPattern } from '../../../core/expr/regex-syntax.ts';

function sizeOf(pattern: string): number {
  const scan = scanPattern(pattern);
  assert.ok(scan.ok, `${pattern} was refused`);
  return scan.size;
}

function problemOf(pattern: string): { reason: string; offset: number } {
  const scan = scanPattern(pattern);
  assert.ok(!scan.ok, `${pattern} was not refused`);
  return scan.problem;
}

/** [pattern, estimated size]: all valid RE2, and the estimate is RE2's program size. */
const EXACT: ReadonlyArray<readonly [string, number]> = [
  // A program holds a fail and a match instruction, then one per character.
  ['a', 3],
  ['ab', 4],
  ['ab|cd', 7],
  // A capturing group adds two instructions, a non-capturing one none.
  ['(a)', 5],
  ['((a))', 7],
  ['(ab)', 6],
  ['(?:ab)', 4],
  ['(?i:ab)', 4],
  ['(?i-s:ab)', 4],
  ['(?P<n>ab)', 6],
  ['(?<n>ab)', 6],
  ['(?P<name>ab)', 6],
  ['a(?P<n>b)', 6],
  ['(?P<n>(?:a))', 5],
  // Flags alone cost nothing, wherever they sit.
  ['(?i)ab', 4],
  ['a(?i)b', 4],
  ['(?U)a', 3],
  ['(a(?i)b){3}c', 15],
  // Quantifiers: one instruction each, lazy or not.
  ['a*', 4],
  ['a+', 4],
  ['a?', 4],
  ['a*?', 4],
  ['a+?', 4],
  ['a??', 4],
  ['a*b', 5],
  // Counted repeats are written out: max copies, plus one per optional copy.
  ['a{3}', 5],
  ['a{3}?', 5],
  ['a{2,4}', 8],
  ['a{0,3}', 8],
  ['(ab){3}', 14],
  ['(ab){2,4}', 20],
  ['a{3}b', 6],
  ['a{1,12}', 25],
  // A `{` that starts no repeat is a literal.
  ['a{x', 5],
  ['a{', 4],
  ['a{1', 5],
  ['a{1,2', 7],
  ['a{x}b{2}', 8],
  ['\\d{2}', 4],
  ['a{2}\\x{41}', 5],
  // A class is one instruction, however it is written.
  ['[abc]', 3],
  ['[^abc]', 3],
  ['[]a]', 3],
  ['[^]a]', 3],
  ['[\\]a]', 3],
  ['[[:alpha:]_]', 3],
  ['[a-z]*', 4],
  ['[\\x{5d}]b', 4],
  ['[\\p{Greek}]', 3],
  ['[\\pL]]', 4],
  ['[\\pL]}', 4],
  ['[\\d{]x}', 5],
  ['[ab:]c]', 5],
  ['[[:alpha:][:digit:]]', 3],
  // Escapes: one instruction, the whole escape consumed.
  ['\\d', 3],
  ['\\db', 4],
  ['\\\\', 3],
  ['\\.', 3],
  ['\\0', 3],
  ['\\x41', 3],
  ['\\x41b', 4],
  ['\\x{e9}', 3],
  ['\\pL', 3],
  ['\\pLb', 4],
  ['\\PLb', 4],
  ['\\p{Greek}', 3],
  ['\\P{Greek}b', 4],
  // \Q…\E: one instruction per quoted character, to the end when \E is missing.
  ['\\Qa+b\\E', 5],
  ['\\Qabc', 5],
  ['\\Qab\\Ec', 5],
  ['\\Q\\E', 3],
];

describe('the estimated program size', () => {
  for (const [pattern, size] of EXACT) {
    test(`${pattern} is about ${size} instructions, as RE2 compiles it`, () => {
      assert.equal(sizeOf(pattern), size);
      assert.equal(RE2JS.compile(pattern).programSize(), size);
    });
  }

  test('alternatives and open repeats are counted an instruction high', () => {
    // RE2 makes `a|b` a class and `a{2,}` `aa+`; the estimate does neither.
    assert.equal(sizeOf('a|b'), 5);
    assert.equal(sizeOf('(a|b)'), 7);
    assert.equal(sizeOf('a||b'), 6);
    assert.equal(sizeOf('a{2,}'), 6);
    assert.equal(sizeOf('a{0}'), 2);
    assert.equal(sizeOf(''), 2);
  });

  test('a pattern the engine refuses is still scanned to its end without hanging', () => {
    const cases: ReadonlyArray<readonly [string, number]> = [
      ['a\\', 4],
      ['\\k', 3],
      ['a\\k', 4],
      ['\\kx', 4],
      ['(a', 5],
      ['a)', 3],
      [')', 2],
      ['[ab', 3],
      ['[[:a]', 3],
      ['[\\x{]', 3],
      ['\\x{e9', 3],
      ['\\p{Greek', 3],
      ['(?Pa)', 2],
      ['(?#x)', 6],
      ['(?#x)(?<n>a)', 9],
      ['(ab', 6],
      ['a|{2}', 7],
      ['\\E\\Qab\\E', 5],
      ['[[:a:]]', 3],
      ['[[:]]', 4],
      ['a{3}{2}', 8],
    ];
    for (const [pattern, size] of cases) assert.equal(sizeOf(pattern), size, pattern);
  });

  test('a "]" inside \\x{…} or \\p{…} in a class does not end the class', () => {
    assert.equal(sizeOf('[\\x{]}]'), 3);
    assert.equal(sizeOf('[\\p{]}]'), 3);
    assert.equal(sizeOf('[\\P{]}]'), 3);
  });

  test('a repeat count is read as a whole number, however large', () => {
    assert.equal(sizeOf('a{12345678901234}'), 12_345_678_901_236);
    assert.equal(sizeOf('(?:a{10}){10}'), 102);
  });
});

describe('what the engine cannot do is refused with its offset and a hint', () => {
  const lookaround = 'match() runs on a linear-time engine (RE2), which has no lookaround';
  const backreferences = 'match() runs on a linear-time engine (RE2), which has no backreferences';
  const cases: ReadonlyArray<readonly [string, string, number]> = [
    ['a(?=b)', `lookahead "(?=" at offset 1 is not supported: ${lookaround}`, 1],
    ['a(?!b)', `negative lookahead "(?!" at offset 1 is not supported: ${lookaround}`, 1],
    ['(?<=a)b', `lookbehind "(?<=" at offset 0 is not supported: ${lookaround}`, 0],
    ['x(?<!a)b', `negative lookbehind "(?<!" at offset 1 is not supported: ${lookaround}`, 1],
    ['(?>a+)b', 'atomic group "(?>" at offset 0 is not supported: RE2 never backtracks, so it needs none', 0],
    ['(?P<w>a)(?P=w)', `backreference "(?P=" at offset 8 is not supported: ${backreferences}`, 8],
    ['(a)\\1', `backreference "\\1" at offset 3 is not supported: ${backreferences}`, 3],
    ['(a)\\9', `backreference "\\9" at offset 3 is not supported: ${backreferences}`, 3],
    ['(?<w>a)\\k<w>', `backreference "\\k<" at offset 7 is not supported: ${backreferences}`, 7],
    ['(?<w>a)\\k{w}', `backreference "\\k{" at offset 7 is not supported: ${backreferences}`, 7],
    ["(?<w>a)\\k'w'", `backreference "\\k'" at offset 7 is not supported: ${backreferences}`, 7],
    ['done\\Z', 'the escape "\\Z" at offset 4 is not supported: write \\z for the end of the text', 4],
    ['caf\\u00e9', 'the escape "\\u" at offset 3 is not supported: write a character code as \\x{hhhh}', 3],
  ];
  for (const [pattern, reason, offset] of cases) {
    test(pattern, () => assert.deepEqual(problemOf(pattern), { reason, offset }));
  }

  test('deep inside groups and after other escapes, the offset is still the refused one', () => {
    assert.equal(problemOf('((\\d)(?:x\\1))').offset, 9);
    assert.equal(problemOf('[(?=]\\x41(?=a)').offset, 9);
    assert.equal(problemOf('\\Q(?=\\E(?!a)').offset, 7);
  });

  test('\\k without a bracket, \\0 and a quoted (?= are not backreferences or lookaround', () => {
    for (const pattern of ['a\\k', '\\kx', '\\0', '\\Q(?=\\1\\E', '[(?=]', '(?:a)', '(?i:a)']) {
      assert.ok(scanPattern(pattern).ok, pattern);
    }
  });
});

test('an error other than a refusal is not swallowed: nesting deeper than the stack throws', () => {
  // compilePattern never gets here: a pattern is at most 256 characters long.
  assert.throws(() => scanPattern('('.repeat(100_000)), RangeError);
});
