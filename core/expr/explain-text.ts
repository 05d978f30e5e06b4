/**
 * How an explanation prints what it shows (docs/explain.md, "Reading an explanation"): a part's
 * source text and a value's JSON, each cut at MAX_EXPLAINED_TEXT characters, with secret
 * values replaced by `***` before anything is cut. Explanations are made for every non-firing
 * outcome, so the printing is kept cheap: a node's text is printed once per tree, a pack's
 * secrets are prepared once per list (`secretForms`), and a value is built leaf by leaf only until the bound.
 */
import { redactForms } from '../model/secret-values.ts';
import type { ExprNode } from './ast.ts';
import { printExpression } from './print.ts';
import { isPlainObject, ownValue } from './values.ts';

/** Characters kept of an expression's text, a value's JSON or an error message. */
export const MAX_EXPLAINED_TEXT = 200;
/** Levels of a nested value printed before `[…]`/`{…}` stands for the rest. */
const MAX_VALUE_DEPTH = 4;

/** Cuts `s` to `max` characters, a trailing `…` saying so. */
export function cut(s: string, max: number = MAX_EXPLAINED_TEXT): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** What does not change between two explanations of the same tree: a node's printed text. */
const printed = new WeakMap<ExprNode, string>();

/** `printExpression(node)`, printed once per node (a rule's tree lives as long as the rule). */
export function printedText(node: ExprNode): string {
  let text = printed.get(node);
  if (text === undefined) {
    text = printExpression(node);
    printed.set(node, text);
  }
  return text;
}

/** A value as JSON, redacted (`secrets` as `secretForms` returns them) and cut; built leaf by leaf so a large payload is never serialised whole. */
export function printValue(v: unknown, secrets: readonly string[]): string {
  switch (typeof v) {
    case 'string':
      return cut(JSON.stringify(cut(redactForms(v, secrets))));
    case 'number':
      return cut(redactForms(JSON.stringify(v), secrets));
    case 'object':
      if (v !== null) {
        const out = new JsonParts(secrets);
        out.value(v, 0);
        return cut(out.parts.join(''));
      }
      return 'null';
    default:
      return cut(JSON.stringify(v ?? null));
  }
}

/** The JSON of a nested value, stopping once it is longer than the bound. */
class JsonParts {
  readonly parts: string[] = [];
  private length = 0;

  constructor(private readonly secrets: readonly string[]) {}

  /** Appends `s`; false once the text is past the bound (the caller stops there). */
  private emit(s: string): boolean {
    this.parts.push(s);
    this.length += s.length;
    return this.length <= MAX_EXPLAINED_TEXT;
  }

  value(x: unknown, depth: number): boolean {
    if (typeof x === 'string') return this.emit(JSON.stringify(cut(redactForms(x, this.secrets))));
    if (typeof x === 'number') return this.emit(redactForms(JSON.stringify(x), this.secrets));
    if (Array.isArray(x)) {
      if (depth >= MAX_VALUE_DEPTH) return this.emit('[…]');
      if (!this.emit('[')) return false;
      for (let i = 0; i < x.length; i++) {
        if ((i > 0 && !this.emit(',')) || !this.value(x[i], depth + 1)) return false;
      }
      return this.emit(']');
    }
    if (isPlainObject(x)) {
      if (depth >= MAX_VALUE_DEPTH) return this.emit('{…}');
      if (!this.emit('{')) return false;
      let first = true;
      for (const key of Object.keys(x)) {
        if (!first && !this.emit(',')) return false;
        first = false;
        if (!this.emit(`${JSON.stringify(redactForms(key, this.secrets))}:`)) return false;
        if (!this.value(ownValue(x, key), depth + 1)) return false;
      }
      return this.emit('}');
    }
    return this.emit(JSON.stringify(x ?? null));
  }
}
