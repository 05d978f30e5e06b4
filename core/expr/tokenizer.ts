/**
 * Splits expression source into tokens (docs/expressions.md, "The language"). Positions are 0-based offsets in UTF-16
 * code units, the unit JavaScript strings and editors' selection APIs use.
 */
import { ExprSyntaxError } from './errors.ts';

export type Punctuator =
  | '('
  | ')'
  | '['
  | ']'
  | ','
  | '.'
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '=='
  | '!='
  | '<'
  | '>'
  | '<='
  | '>=';

/** `start` is the offset of the token's first character; error messages point there. */
export type Token =
  | { readonly kind: 'number'; readonly value: number; readonly start: number }
  | { readonly kind: 'string'; readonly value: string; readonly start: number }
  /** Identifiers and keywords alike; the parser tells them apart. */
  | { readonly kind: 'name'; readonly value: string; readonly start: number }
  | { readonly kind: 'punct'; readonly value: Punctuator; readonly start: number }
  | { readonly kind: 'eof'; readonly start: number };

const SINGLE: Readonly<Record<string, Punctuator>> = {
  '(': '(',
  ')': ')',
  '[': '[',
  ']': ']',
  ',': ',',
  '.': '.',
  '+': '+',
  '-': '-',
  '*': '*',
  '/': '/',
  '%': '%',
};

/** Operators from other languages, refused with the word Attune uses instead. */
const FOREIGN: Readonly<Record<string, string>> = {
  '&&': 'and',
  '||': 'or',
  '!': 'not',
  '=': '==',
};

/**
 * The character classes take a `charCodeAt` result, which is NaN past the end of the source:
 * no class accepts NaN, so a scan stops there without a bound check.
 */
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isNamePart(c: number): boolean {
  return isNameStart(c) || isDigit(c);
}

function isSpace(ch: string, c: number): boolean {
  if (c === 32 || c === 9 || c === 10 || c === 13) return true;
  return c > 127 && /\s/.test(ch);
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Tokenizes the whole source; the last token is always `eof`. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = source.length;
  while (i < n) {
    const ch = source[i]!;
    const c = source.charCodeAt(i);
    if (isSpace(ch, c)) {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(c)) {
      i = readNumber(source, i, tokens);
    } else if (isNameStart(c)) {
      while (isNamePart(source.charCodeAt(i))) i++;
      tokens.push({ kind: 'name', value: source.slice(start, i), start });
    } else if (ch === '"' || ch === "'") {
      i = readString(source, i, tokens);
    } else {
      const two = source.slice(i, i + 2);
      if (two === '==' || two === '!=' || two === '<=' || two === '>=') {
        tokens.push({ kind: 'punct', value: two, start });
        i += 2;
      } else if (ch === '<' || ch === '>') {
        tokens.push({ kind: 'punct', value: ch, start });
        i++;
      } else if (SINGLE[ch] !== undefined) {
        tokens.push({ kind: 'punct', value: SINGLE[ch], start });
        i++;
      } else {
        const foreign = FOREIGN[two] !== undefined ? two : FOREIGN[ch] !== undefined ? ch : undefined;
        if (foreign !== undefined) {
          throw new ExprSyntaxError(`Unexpected "${foreign}" (use "${FOREIGN[foreign]}")`, source, start);
        }
        const shown = String.fromCodePoint(source.codePointAt(i) ?? c);
        throw new ExprSyntaxError(`Unexpected character "${shown}"`, source, start);
      }
    }
  }
  tokens.push({ kind: 'eof', start: n });
  return tokens;
}

/** digits, optional `.digits`, optional exponent; `42.x` stays a number followed by `.x`. */
function readNumber(source: string, start: number, tokens: Token[]): number {
  let i = start;
  while (isDigit(source.charCodeAt(i))) i++;
  if (source[i] === '.' && isDigit(source.charCodeAt(i + 1))) {
    i++;
    while (isDigit(source.charCodeAt(i))) i++;
  }
  if (source[i] === 'e' || source[i] === 'E') {
    let j = i + 1;
    if (source[j] === '+' || source[j] === '-') j++;
    if (isDigit(source.charCodeAt(j))) {
      while (isDigit(source.charCodeAt(j))) j++;
      i = j;
    }
  }
  const text = source.slice(start, i);
  const value = Number(text);
  if (!Number.isFinite(value)) throw new ExprSyntaxError(`Number ${text} is out of range`, source, start);
  tokens.push({ kind: 'number', value, start });
  return i;
}

/**
 * `\" \' \\ \n \t \r \uXXXX` are escapes; any other backslash pair is kept as written, so
 * regular expressions read naturally: `match("^\d+$", s)` (as in Attune).
 */
function readString(source: string, start: number, tokens: Token[]): number {
  const quote = source[start];
  const n = source.length;
  let out = '';
  let i = start + 1;
  let runStart = i;
  while (i < n) {
    const ch = source[i];
    if (ch === quote) {
      out += source.slice(runStart, i);
      tokens.push({ kind: 'string', value: out, start });
      return i + 1;
    }
    if (ch !== '\\') {
      i++;
      continue;
    }
    out += source.slice(runStart, i);
    const next = source[i + 1];
    if (next === undefined) break;
    switch (next) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case '"':
      case "'":
      case '\\':
        out += next;
        break;
      case 'u': {
        const hex = source.slice(i + 2, i + 6);
        if (![0, 1, 2, 3].every((k) => isHex(hex.charCodeAt(k)))) {
          throw new ExprSyntaxError('Invalid \\u escape (expected four hex digits)', source, i);
        }
        out += String.fromCharCode(Number.parseInt(hex, 16));
        i += 4;
        break;
      }
      default:
        out += `\\${next}`;
    }
    i += 2;
    runStart = i;
  }
  throw new ExprSyntaxError('Unterminated string', source, start);
}

/**
 * Where in `source` the character at `valueOffset` of a string literal's value is written, the
 * literal's opening quote being at `start`; escapes make the two differ (`"\\d"` is `\d`).
 */
export function stringSourceOffset(source: string, start: number, valueOffset: number): number {
  let i = start + 1;
  let value = 0;
  // Ends within the literal: `valueOffset` is an offset in the value that literal spells.
  while (value < valueOffset) {
    if (source[i] !== '\\') {
      i++;
      value++;
    } else if (source[i + 1] === 'u') {
      i += 6;
      value++;
    } else if ('ntr"\'\\'.includes(source.charAt(i + 1))) {
      i += 2;
      value++;
    } else {
      // Kept as written: the backslash and the next character are both in the value.
      const step = Math.min(2, valueOffset - value);
      i += step;
      value += step;
    }
  }
  return i;
}

/** How a token reads in an error message: `")"`, `"foo"`, `number 2`, `string "x"`, `end of expression`. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return 'end of expression';
    case 'number':
      return `number ${token.value}`;
    case 'string':
      return `string ${JSON.stringify(token.value)}`;
    case 'name':
    case 'punct':
      return `"${token.value}"`;
  }
}
