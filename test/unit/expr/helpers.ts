/**
 * Shared helpers for the expression-language tests (docs/expressions.md, "The language").
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  ExprEvalError,
  ExprSyntaxError,
  evaluateExpression,
  parseExpression,
} from '../../../core/expr/index.ts';

/** Parses and evaluates `source` against `context`. */
export function run(source: string, context: Record<string, unknown> = {}): unknown {
  return evaluateExpression(parseExpression(source), context);
}

/** Asserts that evaluating `source` throws an ExprEvalError whose message matches `message`. */
export function assertEvalError(
  source: string,
  message: RegExp | string,
  context: Record<string, unknown> = {},
): void {
  assert.throws(
    () => run(source, context),
    (err: unknown) => {
      assert.ok(err instanceof ExprEvalError, `expected ExprEvalError, got ${String(err)}`);
      if (typeof message === 'string') assert.equal(err.message, message);
      else assert.match(err.message, message);
      return true;
    },
  );
}

/** Asserts that parsing `source` throws an ExprSyntaxError with this exact message and position. */
export function assertSyntaxError(source: string, message: string, position: number): void {
  assert.throws(
    () => parseExpression(source),
    (err: unknown) => {
      assert.ok(err instanceof ExprSyntaxError, `expected ExprSyntaxError, got ${String(err)}`);
      assert.equal(err.message, message);
      assert.equal(err.position, position);
      return true;
    },
  );
}

/** The shells on this machine that the shell-quoting tests run commands through. */
export const SHELLS = ['/bin/sh', 'bash'].filter((s) => {
  try {
    execFileSync(s, ['-c', 'true']);
    return true;
  } catch {
    return false;
  }
});
