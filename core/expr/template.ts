/**
 * `{{ expr }}` templates in action parameters (docs/expressions.md). A string that is exactly one
 * `{{ … }}` (surrounding whitespace aside) keeps the JSON type of its value; mixed text gives a
 * string. `}}` inside a quoted string does not close an expression, so a literal `{{` can be
 * written as `{{ "{{" }}`. Nested objects and arrays are rendered; keys are not templated.
 */
import { LruCache } from '../util/lru.ts';
import type { ExprNode } from './ast.ts';
import { chargeDeep, StepBudget } from './budget.ts';
import { ExprEvalError, ExprSyntaxError } from './errors.ts';
import type { ExprContext } from './evaluate.ts';
import { evaluateExpression } from './evaluate.ts';
import { isRawPlaceholder, shellPlaceholder } from './functions-shell.ts';
import { PARSE_CACHE_SIZE } from './limits.ts';
import { parseExpression } from './parser.ts';
import { placeholderSpots, type ShellSpot } from './shell-context.ts';
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

const shellSpots = new WeakMap<ParsedTemplate, ShellSpot[]>();

/** The shell context of each expression part of a parsed template (shell-context.ts), cached. */
function spotsOf(parsed: ParsedTemplate): ShellSpot[] {
  let spots = shellSpots.get(parsed);
  if (spots === undefined) {
    const texts = [''];
    for (const part of parsed.parts) {
      if (part.type === 'text') texts[texts.length - 1] += part.text;
      else texts.push('');
    }
    spots = placeholderSpots(texts);
    shellSpots.set(parsed, spots);
  }
  return spots;
}

/**
 * The first placeholder of a shell parameter that sits where no quoting can keep its value
 * data (a comment, a here-document, backquotes, …) and is not `raw(…)`, as a syntax error at
 * its `{{`; null when there is none.
 */
function shellRefusal(text: string, parsed: ParsedTemplate): ExprSyntaxError | null {
  const spots = spotsOf(parsed);
  let n = 0;
  for (const part of parsed.parts) {
    if (part.type !== 'expression') continue;
    const spot = spots[n++] as ShellSpot;
    if (spot.kind === 'refused' && !isRawPlaceholder(part.node)) {
      return new ExprSyntaxError(spot.reason, text, part.position - 2);
    }
  }
  return null;
}

/**
 * Splits a template into literal text and `{{ expr }}` parts, parsing each expression.
 * Throws ExprSyntaxError positioned in the whole text (an unclosed `{{`, a bad expression).
 */
export function parseTemplate(text: string): TemplatePart[] {
  return parseCached(text).parts.slice();
}

/**
 * How placeholders become text: `plain` as docs/expressions.md says; `shell` for a parameter a
 * shell runs, where each placeholder is quoted for the shell context it sits in, even a lone one
 * gives a string, and a placeholder no quoting can keep data is refused (functions-shell.ts,
 * shell-context.ts).
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
  const parsed = parseCached(text);
  const { parts, whole } = parsed;
  if (whole !== null && mode === 'plain') return evaluateExpression(whole, context, budget) ?? null;
  let spots: ShellSpot[] = [];
  if (mode === 'shell') {
    // Checked at save too; a rule stored before that check fails here, before anything runs.
    const refusal = shellRefusal(text, parsed);
    if (refusal !== null) throw new ExprEvalError(refusal.message);
    spots = spotsOf(parsed);
  }
  let out = '';
  let n = 0;
  for (const part of parts) {
    if (part.type === 'text') {
      budget.charge(part.text.length);
      out += part.text;
    } else {
      const value = evaluateExpression(part.node, context, budget);
      chargeText(value, budget);
      const spot = spots[n++];
      out += spot === undefined ? toTemplateText(value) : shellPlaceholder(part.node, value, spot);
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
 * In `shell` mode a placeholder in a context no quoting can make safe is a problem too.
 */
export function checkTemplates(
  value: unknown,
  field = 'action_params',
  mode: TemplateMode = 'plain',
): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const visit = (node: unknown, path: string): void => {
    if (typeof node === 'string') {
      if (!node.includes('{{')) return;
      try {
        const parsed = parseCached(node);
        const refusal = mode === 'shell' ? shellRefusal(node, parsed) : null;
        if (refusal !== null) throw refusal;
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

/**
 * Checks a rule's `action_params` against the action's parameter schema: every template parses,
 * and those of parameters marked `shell: true` have no placeholder a shell would run as code.
 */
export function checkActionParams(
  params: Readonly<Record<string, unknown>>,
  schema: Readonly<Record<string, { shell?: boolean } | undefined>>,
): TemplateProblem[] {
  return Object.keys(params).flatMap((name) =>
    checkTemplates(
      ownValue(params, name),
      childPath('action_params', name),
      Object.hasOwn(schema, name) && schema[name]?.shell === true ? 'shell' : 'plain',
    ),
  );
}
