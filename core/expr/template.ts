/**
 * `{{ expr }}` templates in action parameters (docs/expressions.md). A string that is exactly one
 * `{{ … }}` (surrounding whitespace aside) keeps the JSON type of its value; mixed text gives a
 * string. `}}` inside a quoted string does not close an expression, so a literal `{{` can be
 * written as `{{ "{{" }}`. Nested objects and arrays are rendered; keys are not templated.
 */
import type { ExprNode } from './ast.ts';
import { chargeDeep, StepBudget } from './budget.ts';
import { ExprSyntaxError } from './errors.ts';
import type { ExprContext } from './evaluate.ts';
import { evaluateExpression } from './evaluate.ts';
import { shellPlaceholder } from './functions-shell.ts';
import { PARSE_CACHE_SIZE } from './limits.ts';
import { LruCache } from './lru.ts';
import { parseExpression } from './parser.ts';
import { isPlainObject, ownValue, toTemplateText } from './values.ts';

export type TemplatePart =
  | { readonly type: 'text'; readonly text: string }
  | {
      readonly type: 'expression';
      /** The text between `{{` and `}}`. */
      readonly source: string;
      readonly node: ExprNode;
      /** 0-based offset of `source` in the template text. */
      readonly position: number;
    };

interface ParsedTemplate {
  readonly parts: readonly TemplatePart[];
  /** Set when the text is one `{{ … }}` with only whitespace around it. */
  readonly whole: ExprNode | null;
}

/** Offset of the `}}` closing the expression that starts at `from`, skipping quoted strings; -1 if none. */
function findClose(text: string, from: number): number {
  let quote = '';
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (quote !== '') {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '}' && text[i + 1] === '}') {
      return i;
    }
  }
  return -1;
}

function parseUncached(text: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  let cursor = 0;
  for (;;) {
    const open = text.indexOf('{{', cursor);
    if (open < 0) break;
    const start = open + 2;
    const close = findClose(text, start);
    if (close < 0) throw new ExprSyntaxError('Unclosed "{{" (no matching "}}")', text, open);
    const source = text.slice(start, close);
    if (source.trim() === '') throw new ExprSyntaxError('Empty "{{ }}"', text, open);
    let node: ExprNode;
    try {
      node = parseExpression(source);
    } catch (err) {
      if (err instanceof ExprSyntaxError) throw new ExprSyntaxError(err.reason, text, start + err.position);
      throw err;
    }
    if (open > cursor) parts.push({ type: 'text', text: text.slice(cursor, open) });
    parts.push({ type: 'expression', source, node, position: start });
    cursor = close + 2;
  }
  if (cursor < text.length) parts.push({ type: 'text', text: text.slice(cursor) });
  const expressions = parts.filter((part) => part.type === 'expression');
  const onlySpace = parts.every((part) => part.type === 'expression' || part.text.trim() === '');
  const whole = expressions.length === 1 && onlySpace ? expressions[0]!.node : null;
  return { parts, whole };
}

const templates = new LruCache<string, ParsedTemplate>(PARSE_CACHE_SIZE);

function parseCached(text: string): ParsedTemplate {
  let parsed = templates.get(text);
  if (parsed === undefined) {
    parsed = parseUncached(text);
    templates.set(text, parsed);
  }
  return parsed;
}

/**
 * Splits a template into literal text and `{{ expr }}` parts, parsing each expression.
 * Throws ExprSyntaxError positioned in the whole text (an unclosed `{{`, a bad expression).
 */
export function parseTemplate(text: string): TemplatePart[] {
  return parseCached(text).parts.slice();
}

/**
/**
 * How placeholders become text: `plain` as docs/expressions.md says; `shell` for a parameter a
 * shell runs, where each placeholder is shell-quoted and even a lone one gives a string
 * (functions-shell.ts).
 */
export type TemplateMode = 'plain' | 'shell';

/** Charges a placeholder's value to the budget before it is written out as text. */
function chargeText(value: unknown, budget: StepBudget): void {
  if (typeof value === 'string') budget.charge(value.length);
  else if (value !== null && typeof value === 'object') chargeDeep(value, budget);
}

/**
 * Renders one string: a lone `{{ … }}` returns its value with its type (missing → null),
 * anything else a string. Text without `{{` is returned as it is. Without a `budget` it gets
 * a fresh one of MAX_EVALUATION_STEPS.
 */
export function renderTemplateString(
  text: string,
  context: ExprContext,
  mode: TemplateMode = 'plain',
  budget: StepBudget = new StepBudget(),
): unknown {
  if (!text.includes('{{')) return text;
  const { parts, whole } = parseCached(text);
  if (whole !== null && mode === 'plain') return evaluateExpression(whole, context, budget) ?? null;
  let out = '';
  for (const part of parts) {
    if (part.type === 'text') {
      budget.charge(part.text.length);
      out += part.text;
    } else {
      const value = evaluateExpression(part.node, context, budget);
      chargeText(value, budget);
      out += mode === 'shell' ? shellPlaceholder(part.node, value) : toTemplateText(value);
    }
  }
  return out;
}

/**
 * Renders every string in a nested value; object keys and non-string leaves are kept. All of
 * it shares one budget: pass the same one for every parameter of a rule so its action_params
 * get MAX_EVALUATION_STEPS in total.
 */
export function renderValue(
  value: unknown,
  context: ExprContext,
  mode: TemplateMode = 'plain',
  budget: StepBudget = new StepBudget(),
): unknown {
  if (typeof value === 'string') return renderTemplateString(value, context, mode, budget);
  if (Array.isArray(value)) return value.map((item) => renderValue(item, context, mode, budget));
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.keys(value).map((key) => [key, renderValue(ownValue(value, key), context, mode, budget)]),
    );
  }
  return value;
}

/** One template that does not parse, with the path of the field that holds it. */
export interface TemplateProblem {
  field: string;
  message: string;
  /** 0-based offset in that field's string. */
  position: number;
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function childPath(path: string, key: string): string {
  return PLAIN_KEY.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * Parses every template string in a nested value without evaluating, and returns each one
 * that fails (its first problem), e.g. `{field: "action_params.headers.Authorization", …}`.
 */
export function checkTemplates(value: unknown, field = 'action_params'): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const visit = (node: unknown, path: string): void => {
    if (typeof node === 'string') {
      if (!node.includes('{{')) return;
      try {
        parseCached(node);
      } catch (err) {
        if (!(err instanceof ExprSyntaxError)) throw err;
        problems.push({ field: path, message: err.message, position: err.position });
      }
    } else if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) visit(node[i], `${path}[${i}]`);
    } else if (isPlainObject(node)) {
      for (const key of Object.keys(node)) visit(ownValue(node, key), childPath(path, key));
    }
  };
  visit(value, field);
  return problems;
}
