/**
 * The explaining evaluator (docs/explain.md): after a condition came out false or failed, it is
 * walked again to find the smallest sub-expressions that made it so, each with the actual values
 * of its operands. Every value comes from `evaluateExpression` on the sub-tree, so the operators
 * and functions are the evaluator's own; only the walk is here. It runs only for outcomes that
 * did not fire: the firing path never calls it.
 *
 * It runs for every non-firing outcome, so it is kept cheap (docs/performance.md,
 * "Explanations"): each sub-tree is evaluated at most once per explanation, a false `and`/`or`
 * is not evaluated again (its value is `false`), and what depends only on the tree — a node's
 * text, its operands — is worked out once per tree (explain-text.ts).
 *
 * Bounded: at most MAX_EXPLAINED_FAILURES parts, MAX_EXPLAIN_DEPTH levels of `and`/`or`/`not`,
 * texts and values cut at MAX_EXPLAINED_TEXT characters, and one step budget of
 * MAX_EVALUATION_STEPS for all of its evaluations together. Secret values are replaced by `***`
 * before anything is cut.
 */
import type {
  ConditionPart,
  ConditionParts,
  ExplainedFailure,
  ExplainedOperand,
  Explanation,
} from '../model/explanation.ts';
import { redactForms, secretForms } from '../model/secret-values.ts';
import type { ExprNode } from './ast.ts';
import { StepBudget } from './budget.ts';
import { ExprEvalError } from './errors.ts';
import { type ExprContext, evaluateExpression } from './evaluate.ts';
import { cut, printedText, printValue } from './explain-text.ts';
import { parseExpression } from './parser.ts';
import { hasOwnKey, isPlainObject, isTruthy } from './values.ts';

export { MAX_EXPLAINED_TEXT } from './explain-text.ts';

/** Failing parts listed per explanation. */
export const MAX_EXPLAINED_FAILURES = 8;
/** Levels of `and`/`or`/`not` descended before a part is reported whole. */
export const MAX_EXPLAIN_DEPTH = 12;

type Outcome = { ok: true; value: unknown } | { ok: false; error: string };

/** Thrown to end the walk when a bound is reached; the explanation is then marked truncated. */
class Enough extends Error {}

class Walk {
  readonly failures: ExplainedFailure[] = [];
  truncated = false;
  private readonly budget = new StepBudget();
  private readonly memo = new Map<ExprNode, Outcome>();
  private readonly secrets: readonly string[];

  constructor(
    private readonly context: ExprContext,
    secrets: readonly string[],
  ) {
    this.secrets = secretForms(secrets);
  }

  run(node: ExprNode): Outcome {
    const known = this.memo.get(node);
    if (known) return known;
    let outcome: Outcome;
    try {
      outcome = { ok: true, value: evaluateExpression(node, this.context, this.budget) };
    } catch (err) {
      if (!(err instanceof ExprEvalError)) throw err;
      if (this.budget.used > this.budget.limit) {
        this.truncated = true;
        throw new Enough();
      }
      outcome = { ok: false, error: err.message };
    }
    this.memo.set(node, outcome);
    return outcome;
  }

  /** Explains a node that is known to be falsy or to fail. */
  explain(node: ExprNode, outcome: Outcome, depth: number): void {
    if (depth < MAX_EXPLAIN_DEPTH && node.type === 'binary' && node.op === 'and') {
      this.explainAnd(node.left, node.right, depth);
    } else if (depth < MAX_EXPLAIN_DEPTH && node.type === 'binary' && node.op === 'or') {
      this.explainOr(node.left, node.right, outcome, depth);
    } else {
      // A failure: the smallest failing part is inside the first operand that fails on its own.
      const failing = outcome.ok ? undefined : children(node).find((child) => !this.run(child).ok);
      if (failing) this.explain(failing, this.run(failing), depth + 1);
      else this.record(node, outcome);
    }
  }

  /** `and`: the conjunct that failed (the left one first: it is evaluated first). */
  private explainAnd(left: ExprNode, right: ExprNode, depth: number): void {
    const l = this.run(left);
    if (!l.ok || !isTruthy(l.value)) {
      this.explain(left, l, depth + 1);
    } else {
      const r = this.run(right);
      if (!r.ok || !isTruthy(r.value)) this.explain(right, r, depth + 1);
    }
  }

  /** `or`: every disjunct with its value (or, when it failed, the disjunct that failed). */
  private explainOr(left: ExprNode, right: ExprNode, outcome: Outcome, depth: number): void {
    const l = this.run(left);
    // A failed `or` is explained by its failing disjunct alone.
    if (!outcome.ok && !l.ok) {
      this.explain(left, l, depth + 1);
      return;
    }
    if (outcome.ok && !isTruthy(l.ok ? l.value : null)) this.explain(left, l, depth + 1);
    const r = this.run(right);
    if (!r.ok || !isTruthy(r.value)) this.explain(right, r, depth + 1);
  }

  private record(node: ExprNode, outcome: Outcome): void {
    if (this.failures.length >= MAX_EXPLAINED_FAILURES) {
      this.truncated = true;
      throw new Enough();
    }
    this.failures.push(this.describe(node, outcome));
  }

  /** A part as the trace shows it: its text, its own value or error, its operands' values. */
  describe(node: ExprNode, outcome: Outcome): ExplainedFailure {
    const operands = operandsOf(node).map((child) => this.operand(child));
    const failure: ExplainedFailure = { expression: this.text(printedText(node)), operands };
    if (outcome.ok) failure.value = this.value(outcome.value);
    else failure.error = this.text(outcome.error);
    return failure;
  }

  /** Records a failure that is not one expression's (a shell placeholder refused, say). */
  recordMessage(expression: string, message: string, param: string): void {
    if (this.failures.length >= MAX_EXPLAINED_FAILURES) {
      this.truncated = true;
      return;
    }
    this.failures.push({ expression: this.text(expression), error: this.text(message), operands: [], param });
  }

  private operand(node: ExprNode): ExplainedOperand {
    const out: ExplainedOperand = { expression: this.text(printedText(node)) };
    const o = this.run(node);
    if (!o.ok) {
      out.error = this.text(o.error);
      return out;
    }
    out.value = this.value(o.value);
    if (node.type === 'member') {
      const parent = this.run(node.object);
      if (parent.ok && isPlainObject(parent.value) && !hasOwnKey(parent.value, node.name)) out.missing = true;
    }
    return out;
  }

  /** Secret values replaced, then cut. */
  text(s: string): string {
    return cut(this.secrets.length === 0 ? s : redactForms(s, this.secrets));
  }

  /** A value as JSON, redacted and cut. */
  value(v: unknown): string {
    return printValue(v, this.secrets);
  }

  result(): Explanation {
    return { failures: this.failures, truncated: this.truncated };
  }
}

function isAndOr(node: ExprNode): boolean {
  return node.type === 'binary' && (node.op === 'and' || node.op === 'or');
}

/** A bare field or variable: reported with itself as the operand, to show whether it exists. */
function isPath(node: ExprNode): boolean {
  return node.type === 'member' || node.type === 'variable' || node.type === 'index';
}

/** The operands a part is shown with: itself for a bare path, else its children but literals. */
const operandLists = new WeakMap<ExprNode, readonly ExprNode[]>();

function operandsOf(node: ExprNode): readonly ExprNode[] {
  let list = operandLists.get(node);
  if (list === undefined) {
    list = (isPath(node) ? [node] : children(node)).filter((child) => child.type !== 'literal');
    operandLists.set(node, list);
  }
  return list;
}

function children(node: ExprNode): readonly ExprNode[] {
  switch (node.type) {
    case 'literal':
    case 'variable':
      return [];
    case 'array':
      return node.elements;
    case 'member':
      return [node.object];
    case 'index':
      return [node.object, node.index];
    case 'call':
      return node.args;
    case 'unary':
      return [node.operand];
    case 'binary':
      return [node.left, node.right];
  }
}

/**
 * Explains a condition that came out false (`error` undefined) or failed with `error`: the
 * smallest failing parts with their operands' values. `secrets` are replaced by `***`.
 */
export function explainCondition(
  condition: ExprNode | string,
  context: ExprContext,
  error: string | undefined,
  secrets: readonly string[] = [],
): Explanation {
  const walk = new Walk(context, secrets);
  const node = typeof condition === 'string' ? parseExpression(condition) : condition;
  try {
    // A failure is not evaluated again: its message is known and running into a spent budget
    // twice helps no one. Nor is a false `and`/`or`: its value is `false`, and only its parts
    // are shown. Any other false condition is, for its actual value (`null`, `0`, `""`…).
    const outcome: Outcome =
      error !== undefined
        ? { ok: false, error }
        : isAndOr(node)
          ? { ok: true, value: false }
          : walk.run(node);
    walk.explain(node, outcome, 0);
  } catch (err) {
    if (!(err instanceof Enough)) throw err;
  }
  return walk.result();
}

/**
 * Explains a parameter whose template failed with `message`: each placeholder of the
 * parameter's strings that fails on its own, explained as a condition's error is (which part,
 * which values); when none does (a refused shell placeholder), the message alone.
 */
export function explainTemplate(
  param: string,
  placeholders: ReadonlyArray<{ source: string; node: ExprNode }>,
  context: ExprContext,
  message: string,
  secrets: readonly string[] = [],
): Explanation {
  const walk = new Walk(context, secrets);
  try {
    for (const p of placeholders) {
      const o = walk.run(p.node);
      if (o.ok) continue;
      const before = walk.failures.length;
      walk.explain(p.node, o, 0);
      for (const f of walk.failures.slice(before)) {
        f.param = param;
        const source = walk.text(p.source.trim());
        if (f.expression !== source) f.placeholder = source;
      }
    }
  } catch (err) {
    if (!(err instanceof Enough)) throw err;
  }
  if (walk.failures.length === 0) walk.recordMessage(param, message, param);
  return walk.result();
}

/** Conjuncts listed per condition by `describeConjuncts`. */
export const MAX_DESCRIBED_PARTS = 16;

/**
 * Every conjunct of a condition (its top-level `and` parts, left to right) with its value and
 * its operands' values, whether it passed or not: what a replay shows for a rule that fired
 * too. Bounded and redacted as explanations are.
 */
export function describeConjuncts(
  condition: ExprNode | string,
  context: ExprContext,
  secrets: readonly string[] = [],
): ConditionParts {
  const walk = new Walk(context, secrets);
  const node = typeof condition === 'string' ? parseExpression(condition) : condition;
  // Left to right without recursion: a long `a and b and c …` nests to the left.
  const conjuncts: ExprNode[] = [];
  const pending: ExprNode[] = [node];
  while (pending.length > 0 && conjuncts.length <= MAX_DESCRIBED_PARTS) {
    const n = pending.pop() as ExprNode;
    if (n.type === 'binary' && n.op === 'and') pending.push(n.right, n.left);
    else conjuncts.push(n);
  }
  const parts: ConditionPart[] = [];
  let truncated = conjuncts.length > MAX_DESCRIBED_PARTS || pending.length > 0;
  try {
    for (const c of conjuncts.slice(0, MAX_DESCRIBED_PARTS)) {
      const outcome = walk.run(c);
      parts.push({ ...walk.describe(c, outcome), passed: outcome.ok && isTruthy(outcome.value) });
    }
  } catch (err) {
    if (!(err instanceof Enough)) throw err;
    truncated = true;
  }
  return { parts, truncated };
}
