/**
 * The explaining evaluator (docs/explain.md): after a condition came out false or failed, it is
 * walked again to find the smallest sub-expressions that made it so, each with the actual values
 * of its operands. Every value comes from `evaluateExpression` on the sub-tree, so the operators
 * and functions are the evaluator's own; only the walk is here. It runs only for outcomes that
 * did not fire: the firing path never calls it.
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
import { redactText } from '../model/secret-values.ts';
import type { ExprNode } from './ast.ts';
import { StepBudget } from './budget.ts';
import { ExprEvalError } from './errors.ts';
import { type ExprContext, evaluateExpression } from './evaluate.ts';
import { parseExpression } from './parser.ts';
import { printExpression } from './print.ts';
import { hasOwnKey, isPlainObject, isTruthy, ownValue } from './values.ts';

/** Failing parts listed per explanation. */
export const MAX_EXPLAINED_FAILURES = 8;
/** Levels of `and`/`or`/`not` descended before a part is reported whole. */
export const MAX_EXPLAIN_DEPTH = 12;
/** Characters kept of an expression's text, a value's JSON or an error message. */
export const MAX_EXPLAINED_TEXT = 200;
/** Levels of a nested value printed before `[…]`/`{…}` stands for the rest. */
const MAX_VALUE_DEPTH = 4;

type Outcome = { ok: true; value: unknown } | { ok: false; error: string };

/** Thrown to end the walk when a bound is reached; the explanation is then marked truncated. */
class Enough extends Error {}

class Walk {
  readonly failures: ExplainedFailure[] = [];
  truncated = false;
  private readonly budget = new StepBudget();
  private readonly memo = new Map<ExprNode, Outcome>();
  private readonly secrets: string[];

  constructor(
    private readonly context: ExprContext,
    secrets: readonly string[],
  ) {
    // Longest first, so a secret that contains another is replaced whole.
    this.secrets = [...new Set(secrets.filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
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
    const operands = (isPath(node) ? [node] : children(node))
      .filter((child) => child.type !== 'literal')
      .map((child) => this.operand(child));
    const failure: ExplainedFailure = { expression: this.text(printExpression(node)), operands };
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
    const out: ExplainedOperand = { expression: this.text(printExpression(node)) };
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
    return cut(this.redact(s), MAX_EXPLAINED_TEXT);
  }

  private redact(s: string): string {
    return redactText(s, this.secrets);
  }

  /** A value as JSON, built leaf by leaf so a large payload is never serialised whole. */
  value(v: unknown): string {
    const parts: string[] = [];
    let length = 0;
    const emit = (s: string): boolean => {
      parts.push(s);
      length += s.length;
      return length <= MAX_EXPLAINED_TEXT;
    };
    const walk = (x: unknown, depth: number): boolean => {
      if (typeof x === 'string') return emit(JSON.stringify(cut(this.redact(x), MAX_EXPLAINED_TEXT)));
      if (typeof x === 'number') return emit(this.redact(JSON.stringify(x)));
      if (Array.isArray(x)) {
        if (depth >= MAX_VALUE_DEPTH) return emit('[…]');
        if (!emit('[')) return false;
        for (let i = 0; i < x.length; i++) if ((i > 0 && !emit(',')) || !walk(x[i], depth + 1)) return false;
        return emit(']');
      }
      if (isPlainObject(x)) {
        if (depth >= MAX_VALUE_DEPTH) return emit('{…}');
        if (!emit('{')) return false;
        let first = true;
        for (const key of Object.keys(x)) {
          if (!first && !emit(',')) return false;
          first = false;
          if (!emit(`${JSON.stringify(this.redact(key))}:`) || !walk(ownValue(x, key), depth + 1))
            return false;
        }
        return emit('}');
      }
      return emit(JSON.stringify(x ?? null));
    };
    walk(v, 0);
    return cut(parts.join(''), MAX_EXPLAINED_TEXT);
  }

  result(): Explanation {
    return { failures: this.failures, truncated: this.truncated };
  }
}

function cut(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** A bare field or variable: reported with itself as the operand, to show whether it exists. */
function isPath(node: ExprNode): boolean {
  return node.type === 'member' || node.type === 'variable' || node.type === 'index';
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
    // A false condition is evaluated again for its actual value (`null`, `0`, `""`…); a failure
    // is not: its message is known and running into a spent budget twice helps no one.
    walk.explain(node, error === undefined ? walk.run(node) : { ok: false, error }, 0);
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
        if (f.expression !== walk.text(p.source.trim())) f.placeholder = walk.text(p.source.trim());
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
