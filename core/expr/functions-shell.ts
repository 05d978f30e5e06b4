/**
 * Shell quoting (docs/expressions.md, "Shell commands"). `shell_quote(x)` makes any value one
 * literal word for a POSIX shell; in a parameter marked `shell: true` every `{{ }}` placeholder
 * is written as literal text for the context it sits in, and `raw(x)` is the explicit way out.
 */
import type { ExprNode } from './ast.ts';
import { ExprEvalError } from './errors.ts';
import type { FunctionSpec } from './function-args.ts';
import type { ShellSpot } from './shell-context.ts';
import { toTemplateText } from './values.ts';

/**
 * POSIX single quotes: nothing inside '…' is special (not `$`, backquotes, `\`, newlines or
 * globs) except the quote itself, written '\'' (close, escaped quote, reopen). A NUL cannot be
 * passed to any program's arguments or shell variables, so it is an error rather than dropped.
 */
export function shellQuote(text: string): string {
  if (text.includes('\0')) {
    throw new ExprEvalError('shell_quote() cannot pass a NUL character to a shell');
  }
  return `'${text.replaceAll("'", "'\\''")}'`;
}

export const SHELL_FUNCTIONS = {
  /** The value as template text (strings raw, null empty, others JSON), single-quoted. */
  shell_quote: { min: 1, max: 1, call: ([v]) => shellQuote(toTemplateText(v)) },
  /** The value itself; in a shell parameter, a placeholder that is `raw(…)` is not quoted. */
  raw: { min: 1, max: 1, call: ([v]) => v },
} satisfies Record<string, FunctionSpec>;

function isCall(node: ExprNode, name: string): boolean {
  return node.type === 'call' && node.name === name;
}

/** Whether a placeholder is exactly a `raw(…)` call: the author's text, written as it is anywhere. */
export function isRawPlaceholder(node: ExprNode): boolean {
  return isCall(node, 'raw');
}

function refuseNul(text: string): void {
  if (text.includes('\0')) throw new ExprEvalError('a NUL character cannot be passed to a shell');
}

/**
 * A placeholder's text inside a shell parameter, written for the context it sits in
 * (shell-context.ts): unquoted, it becomes one single-quoted word (a `shell_quote(…)` call is not
 * quoted twice); inside "…", `$`, backquotes, `"` and `\` are escaped; inside '…', each `'`
 * closes, adds an escaped quote and reopens. Either way the value stays literal text. A `raw(…)`
 * call is the author's explicit choice and is inserted as it is. Refused contexts never get here.
 */
export function shellPlaceholder(node: ExprNode, value: unknown, spot: ShellSpot): string {
  const text = toTemplateText(value);
  if (isRawPlaceholder(node)) return text;
  switch (spot.kind) {
    case 'unquoted':
      return isCall(node, 'shell_quote') ? text : shellQuote(text);
    case 'double':
      refuseNul(text);
      return text.replace(/[$`"\\]/g, '\\$&');
    case 'single':
      refuseNul(text);
      return text.replaceAll("'", "'\\''");
    case 'refused':
      throw new ExprEvalError(spot.reason);
  }
}
