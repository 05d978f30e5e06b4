/**
 * StackStorm's Jinja in action parameters → Attune templates (docs/packs.md, "StackStorm rules"). `{{ trigger.x }}`
 * becomes `{{ event.payload.x }}`, `config_context.x` (the pack's config) `pack.config.x`, and
 * the argument-free filters that have a function of the same meaning (`| upper`, `| length`, …)
 * become calls. Everything else (statements, datastore lookups, other filters) is reported.
 */
import { parseExpression } from '../expr/index.ts';
import { rewriteTriggerRefs, type TriggerDialect, templateSpans } from './aliases.ts';

/** Jinja filters without arguments that have an exact counterpart. */
const FILTERS: Readonly<Record<string, string>> = {
  upper: 'upper',
  lower: 'lower',
  trim: 'trim',
  length: 'length',
  count: 'length',
  string: 'string',
  int: 'int',
  float: 'number',
  abs: 'abs',
  unique: 'unique',
  sort: 'sort',
  reverse: 'reversed',
  tojson: 'string',
  to_json_string: 'string',
};

/** Root names Jinja knows and we don't, with what to say about each. */
const UNSUPPORTED_ROOTS: Readonly<Record<string, string>> = {
  st2kv: 'datastore lookups (st2kv) have no equivalent; use pack.config or a secret in the key store',
  system: 'StackStorm datastore lookups (system.*) have no equivalent; use pack.config',
  action_context: 'action_context has no equivalent',
};

export interface TemplateProblem {
  /** Path under the parameters: `['message']`, `['to', 0]`. */
  path: Array<string | number>;
  message: string;
}

/** Splits at top-level `|` (outside strings and brackets). */
function splitFilters(src: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let last = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quote !== null) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(src.slice(last, i));
      last = i + 1;
    }
  }
  parts.push(src.slice(last));
  return parts.map((p) => p.trim());
}

/** Identifiers at the start of a member chain (not after a dot), outside strings. */
function rootNames(src: string): Array<{ name: string; start: number; end: number }> {
  const out: Array<{ name: string; start: number; end: number }> = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '"' || c === "'") {
      i++;
      while (i < src.length && src[i] !== c) i += src[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (/[A-Za-z_]/.test(c) && !/[A-Za-z0-9_]/.test(src[i - 1] ?? '')) {
      let end = i;
      while (/[A-Za-z0-9_]/.test(src[end] ?? '')) end++;
      if (src.slice(0, i).trimEnd().at(-1) !== '.') out.push({ name: src.slice(i, end), start: i, end });
      i = end;
      continue;
    }
    i++;
  }
  return out;
}

const JINJA_LITERALS: Readonly<Record<string, string>> = { True: 'true', False: 'false', None: 'null' };

/** One `{{ … }}` body converted, or why not. */
export function convertJinjaExpression(
  body: string,
  dialect: TriggerDialect,
): { ok: true; expression: string } | { ok: false; reason: string } {
  const [head = '', ...filters] = splitFilters(body);
  let expr = head;
  for (const root of rootNames(head).reverse()) {
    const unsupported = UNSUPPORTED_ROOTS[root.name];
    if (unsupported !== undefined) return { ok: false, reason: unsupported };
    if (
      dialect === 'stackstorm-webhook' &&
      root.name === 'trigger' &&
      /^\s*(\.\s*headers\b|\[\s*["']headers["'])/.test(head.slice(root.end))
    ) {
      return { ok: false, reason: 'webhook headers are not part of an Attune event payload' };
    }
    const replacement = root.name === 'config_context' ? 'pack.config' : JINJA_LITERALS[root.name];
    if (replacement !== undefined) expr = expr.slice(0, root.start) + replacement + expr.slice(root.end);
  }
  expr = rewriteTriggerRefs(expr, dialect).text;
  for (const f of filters) {
    const fn = FILTERS[f];
    if (fn === undefined) return { ok: false, reason: `the Jinja filter "| ${f}" has no equivalent` };
    expr = `${fn}(${expr})`;
  }
  try {
    parseExpression(expr);
  } catch (err) {
    return { ok: false, reason: `"${body.trim()}" is not an Attune expression: ${(err as Error).message}` };
  }
  return { ok: true, expression: expr };
}

/** Converts one string; unconvertible spans are left as written and reported. */
function convertString(
  s: string,
  dialect: TriggerDialect,
  path: Array<string | number>,
  problems: TemplateProblem[],
): string {
  if (/\{%|\{#/.test(s)) {
    problems.push({ path, message: 'Jinja statements ({% … %}) and comments have no equivalent' });
    return s;
  }
  let out = '';
  let last = 0;
  for (const [start, end] of templateSpans(s)) {
    const r = convertJinjaExpression(s.slice(start, end), dialect);
    out += s.slice(last, start);
    if (r.ok) out += ` ${r.expression} `;
    else {
      problems.push({ path, message: r.reason });
      out += s.slice(start, end);
    }
    last = end;
  }
  return out + s.slice(last);
}

/** Converts every string of a (nested) parameter value. */
export function convertJinjaParams(
  value: unknown,
  dialect: TriggerDialect,
  path: Array<string | number> = [],
  problems: TemplateProblem[] = [],
): { value: unknown; problems: TemplateProblem[] } {
  if (typeof value === 'string') return { value: convertString(value, dialect, path, problems), problems };
  if (Array.isArray(value)) {
    return {
      value: value.map((v, i) => convertJinjaParams(v, dialect, [...path, i], problems).value),
      problems,
    };
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = convertJinjaParams(v, dialect, [...path, k], problems).value;
    return { value: out, problems };
  }
  return { value, problems };
}
