/**
 * Condition rows ↔ one expression (docs/renderer.md "Rule builder"). A row is `field operator
 * value`; rows are joined by `and` (all) or `or` (any). An expression the rows can represent
 * reads back into the same rows; anything else stays in raw-expression mode.
 */
import { memberText, quoteString, type Token, tokenize } from './lexer.ts';

/** The operators a row offers, and how each is written in the expression language. */
export const OPERATORS = [
  { id: '==', label: 'equals', value: 'any' },
  { id: '!=', label: 'does not equal', value: 'any' },
  { id: '<', label: 'is less than', value: 'any' },
  { id: '>', label: 'is greater than', value: 'any' },
  { id: '<=', label: 'is at most', value: 'any' },
  { id: '>=', label: 'is at least', value: 'any' },
  { id: 'in', label: 'is one of', value: 'list' },
  { id: 'contains', label: 'contains', value: 'any' },
  { id: 'starts_with', label: 'starts with', value: 'text' },
  { id: 'ends_with', label: 'ends with', value: 'text' },
  { id: 'matches', label: 'matches (regex)', value: 'text' },
] as const;

export type OperatorId = (typeof OPERATORS)[number]['id'];
export type Join = 'all' | 'any';

export interface ConditionRow {
  /** A path such as `event.payload.user.age`. */
  field: string;
  op: OperatorId;
  /** As typed: `42`, `ada`, `"42"` (a string), `a, b, 3` for "is one of". */
  value: string;
}

export interface RowProblem {
  row: number;
  part: 'field' | 'value';
  message: string;
}

type Literal = string | number | boolean | null;

const COMPARISONS = new Set(['==', '!=', '<', '>', '<=', '>=']);
const CALLS: Record<string, OperatorId> = {
  contains: 'contains',
  starts_with: 'starts_with',
  ends_with: 'ends_with',
};

export function operatorOf(id: OperatorId) {
  return OPERATORS.find((o) => o.id === id) ?? OPERATORS[0];
}

/** Typed text → a value: numbers, true/false/null and "quoted" text keep their type, else text. */
export function parseValueText(text: string): Literal {
  const t = text.trim();
  if (/^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(t)) return Number(t);
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (t === 'null') return null;
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    try {
      return JSON.parse(t) as string;
    } catch {
      return t;
    }
  }
  return t;
}

/** A value as the row shows it: text that would read as another type is quoted. */
export function valueText(v: Literal): string {
  if (typeof v !== 'string') return String(v);
  if (v === '') return '""';
  return typeof parseValueText(v) === 'string' && parseValueText(v) === v ? v : JSON.stringify(v);
}

/** Splits "is one of" text at commas outside quotes. */
function splitList(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted && ch === '\\') {
      cur += ch + (text[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

/** A list item as "is one of" shows it: text with a comma is quoted so it stays one item. */
function listItemText(v: Literal): string {
  return typeof v === 'string' && v.includes(',') ? JSON.stringify(v) : valueText(v);
}

function literalSource(v: Literal): string {
  return typeof v === 'string' ? quoteString(v) : String(v);
}

/** Reads a path (`event.payload.a["b c"][0]`) from tokens at `i`. */
function readPath(toks: Token[], i: number): { text: string; next: number } | null {
  const first = toks[i];
  if (first?.kind !== 'name') return null;
  let text = first.text;
  let j = i + 1;
  for (;;) {
    const t = toks[j];
    if (t?.text === '.' && toks[j + 1]?.kind === 'name') {
      text += `.${toks[j + 1]?.text}`;
      j += 2;
    } else if (
      t?.text === '[' &&
      toks[j + 2]?.text === ']' &&
      ['string', 'number'].includes(toks[j + 1]?.kind ?? '')
    ) {
      text += memberText(toks[j + 1]?.value as string | number);
      j += 3;
    } else return { text, next: j };
  }
}

function readLiteral(toks: Token[], i: number): { value: Literal; next: number } | null {
  const t = toks[i];
  if (!t) return null;
  if (t.kind === 'op' && t.text === '-' && toks[i + 1]?.kind === 'number') {
    return { value: -(toks[i + 1]?.value as number), next: i + 2 };
  }
  if (t.kind === 'number' || t.kind === 'string') return { value: t.value as Literal, next: i + 1 };
  if (t.kind === 'keyword' && ['true', 'false', 'null'].includes(t.text))
    return { value: t.value as Literal, next: i + 1 };
  return null;
}

/** One row from the whole of `toks`, or null. */
function readRow(toks: Token[]): ConditionRow | null {
  const head = toks[0];
  if (head?.kind === 'name' && toks[1]?.text === '(') {
    const name = head.text;
    if (name === 'match') {
      const pattern = toks[2];
      const path = readPath(toks, 4);
      if (pattern?.kind !== 'string' || toks[3]?.text !== ',' || !path) return null;
      if (toks[path.next]?.text !== ')' || path.next + 1 !== toks.length) return null;
      return { field: path.text, op: 'matches', value: pattern.value as string };
    }
    const op = CALLS[name];
    const path = readPath(toks, 2);
    if (!op || !path || toks[path.next]?.text !== ',') return null;
    const lit = readLiteral(toks, path.next + 1);
    if (!lit || toks[lit.next]?.text !== ')' || lit.next + 1 !== toks.length) return null;
    if (op !== 'contains' && typeof lit.value !== 'string') return null;
    return { field: path.text, op, value: op === 'contains' ? valueText(lit.value) : (lit.value as string) };
  }
  const path = readPath(toks, 0);
  if (!path) return null;
  const opTok = toks[path.next];
  if (opTok?.kind === 'op' && COMPARISONS.has(opTok.text)) {
    const lit = readLiteral(toks, path.next + 1);
    if (!lit || lit.next !== toks.length) return null;
    return { field: path.text, op: opTok.text as OperatorId, value: valueText(lit.value) };
  }
  if (opTok?.text === 'in' && toks[path.next + 1]?.text === '[') {
    const items: Literal[] = [];
    let j = path.next + 2;
    while (toks[j]?.text !== ']') {
      const lit = readLiteral(toks, j);
      if (!lit) return null;
      items.push(lit.value);
      j = lit.next;
      if (toks[j]?.text === ',') j++;
      else if (toks[j]?.text !== ']') return null;
    }
    if (j + 1 !== toks.length) return null;
    return { field: path.text, op: 'in', value: items.map(listItemText).join(', ') };
  }
  return null;
}

/**
 * The rows an expression stands for, or null when rows cannot say it (mixed and/or, `not`,
 * arithmetic, parentheses, other functions). An empty expression is no rows: always.
 */
export function expressionToRows(expression: string): { join: Join; rows: ConditionRow[] } | null {
  if (expression.trim() === '') return { join: 'all', rows: [] };
  const toks = tokenize(expression);
  if (!toks) return null;
  const parts: Token[][] = [[]];
  let depth = 0;
  let joiner: 'and' | 'or' | null = null;
  for (const t of toks) {
    if (t.text === '(' || t.text === '[') depth++;
    if (t.text === ')' || t.text === ']') depth--;
    if (depth === 0 && t.kind === 'keyword' && (t.text === 'and' || t.text === 'or')) {
      if (joiner && joiner !== t.text) return null;
      joiner = t.text;
      parts.push([]);
    } else parts.at(-1)?.push(t);
  }
  const rows: ConditionRow[] = [];
  for (const p of parts) {
    const row = readRow(p);
    if (!row) return null;
    rows.push(row);
  }
  return { join: joiner === 'or' ? 'any' : 'all', rows };
}

/** Whether `field` is a path the rows can write (`event.payload.x`, `event.payload["a b"]`). */
export function isPath(field: string): boolean {
  const toks = tokenize(field);
  if (!toks || toks.length === 0) return false;
  const p = readPath(toks, 0);
  return !!p && p.next === toks.length;
}

function rowSource(row: ConditionRow): string {
  const f = row.field.trim();
  switch (row.op) {
    case 'in':
      return `${f} in [${splitList(row.value).map(parseValueText).map(literalSource).join(', ')}]`;
    case 'contains':
      return `contains(${f}, ${literalSource(parseValueText(row.value))})`;
    case 'starts_with':
    case 'ends_with':
      return `${row.op}(${f}, ${quoteString(row.value)})`;
    case 'matches':
      return `match(${quoteString(row.value)}, ${f})`;
    default:
      return `${f} ${row.op} ${literalSource(parseValueText(row.value))}`;
  }
}

/** The problems that keep rows from compiling, each naming its row and part. */
export function rowProblems(rows: readonly ConditionRow[]): RowProblem[] {
  const out: RowProblem[] = [];
  rows.forEach((r, row) => {
    if (!r.field.trim())
      out.push({ row, part: 'field', message: 'Pick or type a field, e.g. event.payload.name' });
    else if (!isPath(r.field.trim()))
      out.push({ row, part: 'field', message: 'A field is a path such as event.payload.user.name' });
    if (r.op === 'in' && splitList(r.value).length === 0)
      out.push({ row, part: 'value', message: 'List the values, separated by commas' });
    if (r.op === 'matches' && r.value === '') out.push({ row, part: 'value', message: 'Type a pattern' });
  });
  return out;
}

/** The expression for rows joined by `join` ("" for no rows: always). */
export function rowsToExpression(rows: readonly ConditionRow[], join: Join): string {
  return rows.map(rowSource).join(join === 'all' ? ' and ' : ' or ');
}
