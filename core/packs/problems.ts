/**
 * Problems found while loading or validating a pack (docs/packs.md, "Validation and problems": "each problem is reported with
 * file, line and field"). Loading never stops at the first one: every file is read and every
 * problem collected, so the user fixes a pack in one pass.
 */
import { AttuneError } from '../model/errors.ts';

/** One problem (or warning), anchored in a pack file. Lines and columns are 1-based. */
export interface PackProblem {
  /** Path relative to the pack root, with forward slashes: `rules/nightly.yaml`. */
  file: string;
  line: number;
  column: number;
  /** Dotted field path as the model names it: `trigger_params.expression`, `entry_point`. */
  field: string;
  message: string;
}

/** `file:line:column field — message`, the one way problems are shown (CLI, UI, logs). */
export function formatProblem(p: PackProblem): string {
  const where = `${p.file}:${p.line}:${p.column}`;
  return p.field === '' ? `${where} — ${p.message}` : `${where} ${p.field} — ${p.message}`;
}

/** Problems in a stable order: by file, then line, column, field and message. */
export function sortProblems(problems: readonly PackProblem[]): PackProblem[] {
  return [...problems].sort(
    (a, b) =>
      compare(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      compare(a.field, b.field) ||
      compare(a.message, b.message),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The whole list as one error for a caller that wants to throw (REST handlers, the CLI): the
 * message lists every problem, `details.problems` carries them as data.
 */
export function problemsError(problems: readonly PackProblem[]): AttuneError {
  const sorted = sortProblems(problems);
  const first = sorted[0];
  const lines = sorted.map(formatProblem);
  const extra: ConstructorParameters<typeof AttuneError>[2] = { details: { problems: sorted } };
  if (first !== undefined) {
    extra.field = first.field;
    extra.location = { file: first.file, line: first.line, column: first.column };
  }
  return new AttuneError(
    'VALIDATION_ERROR',
    `The pack has ${sorted.length} problem${sorted.length === 1 ? '' : 's'}:\n${lines.join('\n')}`,
    extra,
  );
}

/** Collects errors and warnings as loading and validation go. */
export class ProblemSink {
  readonly errors: PackProblem[] = [];
  readonly warnings: PackProblem[] = [];

  error(p: PackProblem): void {
    this.errors.push(p);
  }

  warn(p: PackProblem): void {
    this.warnings.push(p);
  }
}
