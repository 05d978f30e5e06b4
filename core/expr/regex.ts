/**
 * Patterns for `match(pattern, s)` (SPEC §3). JavaScript's backtracking RegExp can take
 * exponential time on patterns such as `(a+)+$`, and the engine is one process, so a pattern
 * is only compiled when it passes three guards:
 *
 * - it is at most MAX_PATTERN_LENGTH (256) characters, and the input at most
 *   MAX_MATCH_INPUT_LENGTH (10 000) characters (checked by `match()`);
 * - no repeated group contains a quantifier: `(a+)+`, `(\w+\s?)*`, `(x?){20}` are refused,
 *   `(\d{1,3}\.){3}` (repeated at most 10 times) and `(GET|POST)+` are accepted;
 * - it compiles with the `u` flag (code points, `\p{…}` classes, strict escapes like Rust's).
 *
 * A leading `(?i)`, `(?m)`, `(?s)` (or a combination such as `(?is)`), as Attune's Rust
 * patterns write flags, becomes the JavaScript flag. Overlapping alternatives under a
 * repetition (`(a|aa)+`) are not detected; the input cap bounds how long they can run.
 */
import { MAX_PATTERN_LENGTH, REGEX_CACHE_SIZE } from './limits.ts';
import { LruCache } from './lru.ts';

export type PatternResult =
  | { readonly ok: true; readonly regex: RegExp }
  | { readonly ok: false; readonly reason: string };

const cache = new LruCache<string, PatternResult>(REGEX_CACHE_SIZE);

/** Compiles a `match()` pattern through the guards; results (also failures) are cached. */
export function compilePattern(pattern: string): PatternResult {
  const cached = cache.get(pattern);
  if (cached !== undefined) return cached;
  const result = compileUncached(pattern);
  cache.set(pattern, result);
  return result;
}

function compileUncached(pattern: string): PatternResult {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return { ok: false, reason: `pattern is longer than ${MAX_PATTERN_LENGTH} characters` };
  }
  let body = pattern;
  let flags = 'u';
  const inline = /^\(\?([ims]+)\)/.exec(pattern);
  if (inline !== null) {
    body = pattern.slice(inline[0].length);
    for (const f of new Set(inline[1])) flags += f;
  }
  let regex: RegExp;
  try {
    regex = new RegExp(body, flags);
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : 'invalid regular expression' };
  }
  const nested = findNestedQuantifier(body);
  if (nested >= 0) {
    return {
      ok: false,
      reason:
        `pattern repeats a group that itself contains a quantifier (offset ${nested} in the pattern), ` +
        'which can take exponential time',
    };
  }
  return { ok: true, regex };
}

interface Quantifier {
  end: number;
  /** `*`, `+`, `{n,}` or a maximum above 10: enough repetitions for backtracking to explode. */
  repeating: boolean;
}

function readQuantifier(p: string, i: number): Quantifier | null {
  const ch = p[i];
  let end: number;
  let repeating: boolean;
  if (ch === '*' || ch === '+') {
    end = i + 1;
    repeating = true;
  } else if (ch === '?') {
    end = i + 1;
    repeating = false;
  } else if (ch === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i, i + 24));
    if (m === null) return null;
    end = i + m[0].length;
    const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3]);
    repeating = max > 10;
  } else {
    return null;
  }
  if (p[end] === '?') end++;
  return { end, repeating };
}

/**
 * Offset of the first repeated group whose body holds a quantifier, or -1. Works on a pattern
 * that already compiled, so brackets and escapes are well formed.
 */
export function findNestedQuantifier(p: string): number {
  const stack: boolean[] = [false];
  let i = 0;
  while (i < p.length) {
    const ch = p[i];
    if (ch === '(') {
      stack.push(false);
      i++;
      if (p[i] === '?') {
        if (p[i + 1] === '<' && p[i + 2] !== '=' && p[i + 2] !== '!') {
          i = p.indexOf('>', i) + 1;
        } else {
          i += p[i + 1] === '<' ? 3 : 2;
        }
      }
      continue;
    }
    if (ch === ')') {
      const inner = stack.length > 1 ? stack.pop()! : false;
      const q = readQuantifier(p, i + 1);
      if (q?.repeating && inner) return i + 1;
      if (q !== null || inner) stack[stack.length - 1] = true;
      i = q === null ? i + 1 : q.end;
      continue;
    }
    if (ch === '\\') {
      i += 2;
    } else if (ch === '[') {
      i++;
      while (i < p.length && p[i] !== ']') i += p[i] === '\\' ? 2 : 1;
      i++;
    } else {
      i++;
    }
    const q = readQuantifier(p, i);
    if (q !== null) {
      stack[stack.length - 1] = true;
      i = q.end;
    }
  }
  return -1;
}
