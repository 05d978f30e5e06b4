/**
 * Shell quoting (docs/expressions.md, "Shell commands"). `shell_quote(x)` makes any value one
 * literal word for a POSIX shell; a parameter marked `shell: true` gets it around every `{{ }}`
 * placeholder by default, and `raw(x)` is the explicit way out.
 */
import type { ExprNode } from './ast.ts';
import { ExprEvalError } from './errors.ts';
import type { FunctionSpec } from './function-args.ts';
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

/**
 * A placeholder's text inside a shell parameter: quoted, unless the placeholder is a `raw(…)`
 * call (the author's explicit choice) or already a `shell_quote(…)` call (not quoted twice).
 */
export function shellPlaceholder(node: ExprNode, value: unknown): string {
  const text = toTemplateText(value);
  if (node.type === 'call' && (node.name === 'raw' || node.name === 'shell_quote')) return text;
  return shellQuote(text);
}
