/**
 * Writing expression source safely (SPEC §3 literals): converted StackStorm criteria embed
 * user strings, so every value goes through these quoting functions and never through string
 * concatenation of raw text.
 */

/** A double-quoted string literal that reads back as exactly `s`. */
export function quoteString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f || c === 0x2028 || c === 0x2029) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

/**
 * A literal for a JSON value: null, booleans, finite numbers, strings, arrays of those. Objects
 * have no literal in the language, so they (and non-finite numbers) answer null.
 */
export function literal(value: unknown): string | null {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? numberLiteral(value) : null;
  if (typeof value === 'string') return quoteString(value);
  if (Array.isArray(value)) {
    const items = value.map(literal);
    return items.every((i) => i !== null) ? `[${items.join(', ')}]` : null;
  }
  return null;
}

/** Numbers as the tokenizer reads them: no leading sign (a unary minus instead), no `Infinity`. */
function numberLiteral(n: number): string {
  if (n < 0 || Object.is(n, -0)) return `-${numberLiteral(-n)}`;
  return String(n).replace(/^(\d+)e\+?/, '$1e');
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `event.payload` followed by `.name` or `["odd key"]` / `[3]` for each segment. */
export function payloadPath(segments: ReadonlyArray<string | number>): string {
  let out = 'event.payload';
  for (const seg of segments) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENTIFIER.test(seg)) out += `.${seg}`;
    else out += `[${quoteString(seg)}]`;
  }
  return out;
}
