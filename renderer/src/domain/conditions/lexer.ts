/**
 * Tokens of the expression language (docs/expressions.md), enough for the condition builder to
 * read an expression back into rows. It never decides validity: the engine parses at save and
 * names the position of any error; here anything unexpected just means "not representable as
 * rows".
 */

export type TokenKind = 'name' | 'number' | 'string' | 'op' | 'punct' | 'keyword';

export interface Token {
  kind: TokenKind;
  /** The source text. */
  text: string;
  /** Numbers and strings: their value; keywords true/false/null: theirs. */
  value?: string | number | boolean | null;
  start: number;
}

export const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'true', 'false', 'null']);
const OPS = ['==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%'];
const PUNCT = new Set(['(', ')', '[', ']', ',', '.']);
const ESCAPES: Record<string, string> = { '"': '"', "'": "'", '\\': '\\', n: '\n', t: '\t', r: '\r' };

function readString(src: string, start: number): { value: string; end: number } | null {
  const quote = src[start];
  let value = '';
  let i = start + 1;
  while (i < src.length) {
    const ch = src[i] as string;
    if (ch === quote) return { value, end: i + 1 };
    if (ch === '\\') {
      const next = src[i + 1];
      if (next === undefined) return null;
      if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) {
        value += String.fromCharCode(Number.parseInt(src.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
      // Other backslash pairs stay as written (`"^\d+"` means backslash-d).
      value += ESCAPES[next] ?? `\\${next}`;
      i += 2;
      continue;
    }
    value += ch;
    i++;
  }
  return null;
}

/** The tokens of `src`, or null when it holds something the expression language does not. */
export function tokenize(src: string): Token[] | null {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const s = readString(src, i);
      if (!s) return null;
      out.push({ kind: 'string', text: src.slice(i, s.end), value: s.value, start: i });
      i = s.end;
      continue;
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i));
    if (num && /\d/.test(ch)) {
      out.push({ kind: 'number', text: num[0], value: Number(num[0]), start: i });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (name) {
      const text = name[0];
      if (KEYWORDS.has(text)) {
        const value = text === 'true' ? true : text === 'false' ? false : text === 'null' ? null : undefined;
        out.push({ kind: 'keyword', text, ...(value !== undefined ? { value } : {}), start: i });
      } else out.push({ kind: 'name', text, start: i });
      i += text.length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      out.push({ kind: 'op', text: op, start: i });
      i += op.length;
      continue;
    }
    if (PUNCT.has(ch)) {
      out.push({ kind: 'punct', text: ch, start: i });
      i++;
      continue;
    }
    return null;
  }
  return out;
}

/** A double-quoted literal that reads back to exactly `value`. */
export function quoteString(value: string): string {
  let out = '"';
  for (const ch of value) {
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch.charCodeAt(0) < 0x20) out += `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A member access in source form: `.name` when it is a name, else `["…"]`. */
export function memberText(key: string | number): string {
  if (typeof key === 'number') return `[${key}]`;
  return NAME.test(key) && !KEYWORDS.has(key) ? `.${key}` : `[${quoteString(key)}]`;
}
