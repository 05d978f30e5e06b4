/**
 * Secret redaction for everything a run produces (docs/runners.md, "Secrets in output"): stored output, live output, parsed
 * data and error messages. Values of the action's `secret: true` parameters are replaced by
 * `***` wherever they occur.
 */
import type { Action } from '../model/entities.ts';
import { secretFields } from '../model/param-schema.ts';
import { collectStrings, MIN_SECRET_LENGTH, REDACTED } from '../model/secret-values.ts';

function usable(secrets: readonly string[]): string[] {
  const unique = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH))];
  // Longest first, so a secret that contains another is replaced whole.
  return unique.sort((a, b) => b.length - a.length);
}

/**
 * Knuth–Morris–Pratt's failure table of a secret: entry k is the length of the longest proper
 * prefix of `sec[0..k]` that is also its suffix.
 */
function failureTable(sec: string): Int32Array {
  const fail = new Int32Array(sec.length);
  let k = 0;
  for (let i = 1; i < sec.length; i++) {
    while (k > 0 && sec.charCodeAt(i) !== sec.charCodeAt(k)) k = fail[k - 1] ?? 0;
    if (sec.charCodeAt(i) === sec.charCodeAt(k)) k++;
    fail[i] = k;
  }
  return fail;
}

/**
 * Adds to `out` each position p where `buf.slice(p)` is a proper prefix of `sec`. One pass over
 * the last `sec.length - 1` characters: comparing every tail with the secret instead costs the
 * square of the secret's length per chunk, and a long secret of one repeated character (a value
 * an event payload can choose) then blocked the engine for minutes.
 */
function addPartials(buf: string, sec: string, fail: Int32Array, out: Set<number>): void {
  let k = 0;
  // Fewer characters than the secret's: a whole occurrence (not a partial) cannot match here.
  for (let i = Math.max(0, buf.length - sec.length + 1); i < buf.length; i++) {
    const c = buf.charCodeAt(i);
    while (k > 0 && c !== sec.charCodeAt(k)) k = fail[k - 1] ?? 0;
    if (c === sec.charCodeAt(k)) k++;
  }
  for (; k > 0; k = fail[k - 1] ?? 0) out.add(buf.length - k);
}

/**
 * One left-to-right pass: at each position the longest secret that matches there is replaced
 * and skipped. With `final` false the pass stops where text still to come could change the
 * outcome (a tail that may be the start of a secret) and returns that position as `rest`.
 * Streamed and whole-text redaction both use it, so they agree by construction. `fails` are the
 * secrets' failure tables, needed only when `final` is false.
 */
function scan(
  buf: string,
  secrets: readonly string[],
  final: boolean,
  // Stryker disable next-line ArrayDeclaration: read only when final is false, and then always given
  fails: readonly Int32Array[] = [],
): { out: string; rest: number } {
  // Tail positions whose remaining text is a proper prefix of some secret (ascending).
  const found = new Set<number>();
  if (!final) {
    // Stryker disable next-line LogicalOperator: the stream passes every table; the fallback builds the same one
    for (const [k, sec] of secrets.entries()) addPartials(buf, sec, fails[k] ?? failureTable(sec), found);
  }
  const partials = [...found].sort((a, b) => a - b);
  const firstPartialFrom = (i: number): number => {
    let lo = 0;
    let hi = partials.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((partials[mid] ?? 0) < i) lo = mid + 1;
      else hi = mid;
    }
    return partials[lo] ?? buf.length;
  };
  // Next occurrence of each secret at or after the scan position, refreshed only when passed,
  // so a secret that is absent costs one search, not one per match.
  const nextAt: number[] = secrets.map(() => -2);
  const parts: string[] = [];
  let i = 0;
  for (;;) {
    let at = -1;
    let len = 0;
    secrets.forEach((sec, k) => {
      if (nextAt[k] !== -1 && (nextAt[k] ?? -2) < i) nextAt[k] = buf.indexOf(sec, i);
      const j = nextAt[k] ?? -1;
      // Secrets are sorted longest first, so on equal positions the first found is the longest.
      if (j !== -1 && (at === -1 || j < at)) {
        at = j;
        len = sec.length;
      }
    });
    if (at === -1 || (!final && firstPartialFrom(i) <= at)) break;
    parts.push(buf.slice(i, at), REDACTED);
    i = at + len;
  }
  const rest = final ? buf.length : Math.max(i, firstPartialFrom(i));
  parts.push(buf.slice(i, rest));
  return { out: parts.join(''), rest };
}

function redactString(text: string, secrets: readonly string[]): string {
  return secrets.length === 0 ? text : scan(text, secrets, true).out;
}

function redactDeep(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redactString(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, secrets);
    return out;
  }
  return value;
}

/**
 * Returns a copy of `value` in which every occurrence of each secret (≥ 4 characters) inside
 * any string, however deeply nested, reads `***`. Object keys are kept as they are.
 */
export function redactSecrets<T>(value: T, secretValues: readonly string[]): T {
  const secrets = usable(secretValues);
  if (secrets.length === 0) return value;
  return redactDeep(value, secrets) as T;
}

/**
 * The secret strings of one run: the values of the action's secret parameters plus `extra`.
 * Objects and arrays contribute their string and number leaves, so a secret object's fields
 * are hidden too.
 */
export function secretValuesOf(
  action: Pick<Action, 'parameters'>,
  params: Record<string, unknown>,
  extra: readonly string[] = [],
): string[] {
  const out: string[] = [...extra];
  for (const name of secretFields(action.parameters)) collectStrings(params[name], out);
  return usable(out);
}

/** Incremental redaction of a text stream; see `createStreamRedactor`. */
export interface StreamRedactor {
  /** Feeds text and returns what can be released safely (possibly ''). */
  push(text: string): string;
  /** Releases whatever was held back at the end of the stream. */
  flush(): string;
}

/**
 * Redacts a stream that arrives in chunks. A secret split across two chunks must not leak into
 * live output, so a tail that could be the start of a secret (at most the longest secret's
 * length) is held back until the next chunk or the end of the stream decides it.
 */
export function createStreamRedactor(secretValues: readonly string[]): StreamRedactor {
  const secrets = usable(secretValues);
  if (secrets.length === 0) return { push: (text) => text, flush: () => '' };
  const fails = secrets.map(failureTable);
  let pending = '';
  return {
    push(text) {
      const buf = pending + text;
      const { out, rest } = scan(buf, secrets, false, fails);
      pending = buf.slice(rest);
      return out;
    },
    flush() {
      const { out } = scan(pending, secrets, true);
      pending = '';
      return out;
    },
  };
}
