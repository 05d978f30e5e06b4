/**
 * Patterns for `match(pattern, s)` (docs/expressions.md). They run on re2js, a JavaScript port
 * of RE2: an automaton without backtracking, so matching takes time linear in the input
 * whatever the pattern — `^(a|aa)+$` or `(a+)+$` on hostile input included. Its syntax is
 * RE2's, as in Go and in Rust's regex crate (which Attune's Rust implementation uses):
 * flags `(?i)` `(?m)` `(?s)` `(?U)` anywhere, `\A` `\z`, `\p{Greek}`, `(?P<name>…)` and
 * `(?<name>…)`; no backreferences and no lookaround (refused with their offset, see
 * regex-syntax.ts).
 *
 * A pattern is at most MAX_PATTERN_LENGTH characters and compiles to at most
 * MAX_PATTERN_PROGRAM_SIZE instructions; the input of one match is at most
 * MAX_MATCH_INPUT_LENGTH characters (checked by `match()`).
 */
import { RE2JS, RE2JSException, RE2JSSyntaxException } from 're2js';
import { LruCache } from '../util/lru.ts';
import { MAX_PATTERN_LENGTH, MAX_PATTERN_PROGRAM_SIZE, REGEX_CACHE_SIZE } from './limits.ts';
import { scanPattern } from './regex-syntax.ts';

/** A compiled pattern. */
export interface SafePattern {
  /** Whether the pattern matches anywhere in `text` (it anchors only with `^`, `$`, `\A`, `\z`). */
  test(text: string): boolean;
  /** Instructions of the compiled program: one match costs at most (length + 1) × this. */
  readonly programSize: number;
}

export type PatternResult =
  | { readonly ok: true; readonly regex: SafePattern }
  | {
      readonly ok: false;
      readonly reason: string;
      /** UTF-16 offset in the pattern of what was refused, when one place is to blame. */
      readonly offset?: number;
    };

const cache = new LruCache<string, PatternResult>(REGEX_CACHE_SIZE);

/** Compiles a `match()` pattern; results (failures too) are cached by pattern. */
export function compilePattern(pattern: string): PatternResult {
  const cached = cache.get(pattern);
  if (cached !== undefined) return cached;
  const result = compileUncached(pattern);
  cache.set(pattern, result);
  return result;
}

function tooLarge(size: number): PatternResult {
  return {
    ok: false,
    reason:
      `pattern is too large: it compiles to about ${size} instructions (repeats counted out); ` +
      `the limit is ${MAX_PATTERN_PROGRAM_SIZE}`,
  };
}

function compileUncached(pattern: string): PatternResult {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return { ok: false, reason: `pattern is longer than ${MAX_PATTERN_LENGTH} characters` };
  }
  const scan = scanPattern(pattern);
  if (!scan.ok) return { ok: false, reason: scan.problem.reason, offset: scan.problem.offset };
  // Checked before compiling, as compiling a pattern of many large repeats takes long.
  if (scan.size > MAX_PATTERN_PROGRAM_SIZE) return tooLarge(scan.size);
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (err) {
    return syntaxProblem(pattern, err);
  }
  const programSize = re.programSize();
  if (programSize > MAX_PATTERN_PROGRAM_SIZE) return tooLarge(programSize);
  return { ok: true, regex: { test: (text) => re.test(text), programSize } };
}

/**
 * A refusal from what compiling `pattern` threw: the engine's own message, e.g. `invalid escape
 * sequence: "\c" at offset 3`, with the offset when the fragment it names occurs once. Anything
 * that is not the engine's error is thrown on.
 */
export function syntaxProblem(pattern: string, err: unknown): PatternResult {
  if (err instanceof RE2JSSyntaxException) {
    const fragment = err.getPattern();
    const description = err.getDescription();
    if (fragment === null || fragment === '') return { ok: false, reason: description };
    const at = pattern.indexOf(fragment);
    // Only a fragment found once is pinned to an offset.
    if (at >= 0 && at === pattern.lastIndexOf(fragment)) {
      return { ok: false, reason: `${description}: "${fragment}" at offset ${at}`, offset: at };
    }
    return { ok: false, reason: `${description}: "${fragment}"` };
  }
  if (err instanceof RE2JSException) return { ok: false, reason: err.message };
  throw err;
}
