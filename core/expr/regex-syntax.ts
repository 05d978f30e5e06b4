/**
 * A pass over a `match()` pattern before the regex engine compiles it (regex.ts). It does not
 * decide whether a pattern is slow — the engine is linear-time whatever the pattern — but
 * finds what that engine cannot do, with its offset, and how large the compiled program will
 * be:
 *
 * - backreferences (`\1`, `\k<name>`, Python's `(?P=name)`), lookahead `(?=` `(?!`, lookbehind
 *   `(?<=` `(?<!`, atomic groups `(?>`, and the JavaScript-only `\Z` and `\u` escapes are
 *   refused with their offset and a hint;
 * - the size is estimated with repeats counted out (`(ab){3}` is about 3 × 4 instructions),
 *   so a pattern such as `.{0,999}.{0,999}…` is refused before compiling it would take long.
 *
 * Everything else (unbalanced brackets, bad escapes, bad ranges) is left to the engine's parser.
 */

/** Something the linear-time engine cannot do, at a UTF-16 offset in the pattern. */
export interface PatternProblem {
  readonly reason: string;
  readonly offset: number;
}

export type PatternScan =
  | { readonly ok: true /** Estimated program size in instructions. */; readonly size: number }
  | { readonly ok: false; readonly problem: PatternProblem };

const NO_LOOKAROUND = 'match() runs on a linear-time engine (RE2), which has no lookaround';
const NO_BACKREFERENCES = 'match() runs on a linear-time engine (RE2), which has no backreferences';

const GROUP_PROBLEMS: ReadonlyArray<readonly [string, string, string]> = [
  ['(?=', 'lookahead', NO_LOOKAROUND],
  ['(?!', 'negative lookahead', NO_LOOKAROUND],
  ['(?<=', 'lookbehind', NO_LOOKAROUND],
  ['(?<!', 'negative lookbehind', NO_LOOKAROUND],
  ['(?>', 'atomic group', 'RE2 never backtracks, so it needs none'],
  ['(?P=', 'backreference', NO_BACKREFERENCES],
];

class Refusal extends Error {
  constructor(readonly problem: PatternProblem) {
    super(problem.reason);
  }
}

function refuse(what: string, text: string, offset: number, why: string): never {
  throw new Refusal({ reason: `${what} "${text}" at offset ${offset} is not supported: ${why}`, offset });
}

/** Scans `pattern`; see the module comment. */
export function scanPattern(pattern: string): PatternScan {
  try {
    const scanner = new Scanner(pattern);
    // A program also holds a fail and a match instruction.
    return { ok: true, size: scanner.alternation() + 2 };
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, problem: err.problem };
    throw err;
  }
}

class Scanner {
  readonly #p: string;
  #i = 0;

  constructor(pattern: string) {
    this.#p = pattern;
  }

  /** Alternatives up to an unmatched `)` or the end; RE2 adds one instruction per `|`. */
  alternation(): number {
    const p = this.#p;
    let total = 0;
    while (this.#i < p.length && p[this.#i] !== ')') {
      if (p[this.#i] === '|') {
        total += 1;
        this.#i++;
        continue;
      }
      total += this.#repeat(this.#atom());
    }
    return total;
  }

  #atom(): number {
    const p = this.#p;
    const c = p[this.#i];
    if (c === '(') return this.#group();
    if (c === '[') {
      this.#skipClass();
      return 1;
    }
    if (c === '\\') return this.#escape();
    this.#i++;
    return 1;
  }

  #group(): number {
    const p = this.#p;
    const start = this.#i;
    let capture = true;
    if (p[start + 1] === '?') {
      const rest = p.slice(start, start + 4);
      for (const [prefix, what, why] of GROUP_PROBLEMS) {
        if (rest.startsWith(prefix)) refuse(what, prefix, start, why);
      }
      const flags = /^\(\?[A-Za-z-]*(\)|:)/.exec(p.slice(start, start + 16));
      const named = /^\(\?P?<[^>]*>/.exec(p.slice(start));
      if (flags?.[1] === ')') {
        // `(?i)` only sets flags: nothing to repeat.
        this.#i = start + flags[0].length;
        return 0;
      }
      if (flags !== null) {
        this.#i = start + flags[0].length;
        capture = false;
      } else if (named !== null) {
        this.#i = start + named[0].length;
      } else {
        // Unknown `(?…`: the engine's parser names it.
        this.#i = start + 2;
      }
    } else {
      this.#i = start + 1;
    }
    const inner = this.alternation();
    // Past the group's `)`, or past the end when it has none (the engine refuses that).
    this.#i++;
    return inner + (capture ? 2 : 0);
  }

  #escape(): number {
    const p = this.#p;
    const at = this.#i;
    // '' past the end: a trailing `\` is one instruction, and the engine refuses it.
    const n = p.charAt(at + 1);
    if (n >= '1' && n <= '9') refuse('backreference', `\\${n}`, at, NO_BACKREFERENCES);
    // `\k` alone (or past the end) is no backreference: the engine's parser names it.
    const after = p.charAt(at + 2);
    if (n === 'k' && /[<{']/.test(after)) refuse('backreference', `\\k${after}`, at, NO_BACKREFERENCES);
    if (n === 'Z') refuse('the escape', '\\Z', at, 'write \\z for the end of the text');
    if (n === 'u') refuse('the escape', '\\u', at, 'write a character code as \\x{hhhh}');
    if (n === 'Q') {
      const end = p.indexOf('\\E', at + 2);
      const stop = end === -1 ? p.length : end;
      this.#i = end === -1 ? p.length : end + 2;
      return Math.max(1, stop - (at + 2));
    }
    this.#i = at + 2;
    if ((n === 'x' || n === 'p' || n === 'P') && p[at + 2] === '{') {
      const close = p.indexOf('}', at + 3);
      this.#i = close === -1 ? p.length : close + 1;
    } else if (n === 'x') {
      this.#i = at + 4;
    } else if (n === 'p' || n === 'P') {
      this.#i = at + 3;
    }
    return 1;
  }

  /** Moves past a bracketed class: `[^]x]`, `[\]a]`, `[[:alpha:]_]`. */
  #skipClass(): void {
    const p = this.#p;
    let i = this.#i + 1;
    if (p[i] === '^') i++;
    if (p[i] === ']') i++;
    while (i < p.length && p[i] !== ']') {
      if (p[i] === '\\') {
        i +=
          (p[i + 1] === 'x' || p[i + 1] === 'p' || p[i + 1] === 'P') && p[i + 2] === '{'
            ? Math.max(2, p.indexOf('}', i) + 1 - i)
            : 2;
      } else if (p.startsWith('[:', i)) {
        const close = p.indexOf(':]', i + 2);
        i = close === -1 ? i + 1 : close + 2;
      } else {
        i++;
      }
    }
    this.#i = i + 1;
  }

  /** Applies the quantifiers after an atom of `size` instructions. */
  #repeat(size: number): number {
    const p = this.#p;
    let total = size;
    for (;;) {
      const c = p[this.#i];
      if (c === '*' || c === '+' || c === '?') {
        total += 1;
        this.#i++;
      } else {
        // Anything but a `{n}`, `{n,}` or `{n,m}` ends the quantifiers.
        const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(this.#i, this.#i + 16));
        if (m === null) return total;
        const min = Number(m[1]);
        const max = m[2] === undefined ? min : m[3] === '' ? min + 1 : Number(m[3]);
        total = Math.max(min, max) * total + Math.max(0, max - min);
        this.#i += m[0].length;
      }
      if (p[this.#i] === '?') this.#i++;
    }
  }
}
