/**
 * The two errors of the expression language (docs/expressions.md, "The language"). A syntax error is found at save and
 * carries where in the source it is; an evaluation error happens while an event is matched or
 * rendered and is recorded as the rule's `error` outcome.
 */
import { AttuneError } from '../model/errors.ts';

/** 1-based line and column of a 0-based offset, counting UTF-16 code units like JavaScript. */
export function lineColumn(source: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  // Past the end charCodeAt is NaN, never a line break.
  for (let i = 0; i < position; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: position - lineStart + 1 };
}

/**
 * A problem in expression or template source. `reason` is the message without the position,
 * so a template can re-anchor an inner error at its offset in the whole text.
 */
export class ExprSyntaxError extends AttuneError {
  /** 0-based offset in the source (UTF-16 code units). */
  readonly position: number;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  readonly reason: string;

  constructor(reason: string, source: string, position: number, field?: string) {
    const { line, column } = lineColumn(source, position);
    super('VALIDATION_ERROR', `${reason} at position ${position} (line ${line}, column ${column})`, {
      field,
      details: { position, line, column },
    });
    this.name = 'ExprSyntaxError';
    this.position = position;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }
}

/** A failure while evaluating: a type mismatch, a bad function argument, an unknown variable. */
export class ExprEvalError extends AttuneError {
  constructor(message: string) {
    super('UNPROCESSABLE_ENTITY', message);
    this.name = 'ExprEvalError';
  }
}
