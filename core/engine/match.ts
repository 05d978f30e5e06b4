/**
 * Deciding one rule for one event: the single function behind ingest, the "try with a sample
 * event" button and `attune-desktop rule test` (StackStorm's rule tester idea).
 */
import { type ExprNode, explainCondition, isReadStable, isTruthy, parseExpression } from '../expr/index.ts';
import type { AttuneEvent, JsonObject } from '../model/entities.ts';
import type { Explanation } from '../model/explanation.ts';
import { redactText } from '../model/secret-values.ts';
import type { EvaluationOutcome } from '../model/status.ts';
import type { CompiledRule } from './rule-index.ts';

export interface MatchResult {
  outcome: Extract<EvaluationOutcome, 'matched' | 'condition_false' | 'error' | 'rule_disabled'>;
  detail: string | null;
  /** Why the condition was false or failed (docs/explain.md); null for the other outcomes. */
  explanation: Explanation | null;
}

/**
 * When a non-firing decision gets its explanation (docs/explain.md, "When an explanation is
 * made"): `decide` makes it with the decision; `read` leaves a false condition's to its readers
 * when it can be made again from what is stored (explain-on-read.ts), and makes the others with
 * the decision; `never` makes none (the benchmark's baseline).
 */
export type ExplainWhen = 'decide' | 'read' | 'never';

/** The `event` variable conditions and templates see (docs/expressions.md, "The language"). A null payload is `{}`. */
export function eventContext(e: Pick<AttuneEvent, 'id' | 'trigger_ref' | 'payload' | 'created'>): JsonObject {
  return {
    id: e.id,
    trigger: e.trigger_ref,
    trigger_ref: e.trigger_ref,
    payload: e.payload ?? {},
    created: e.created,
  };
}

/**
 * One rule's decision on one event. A false or failing condition is evaluated a second time by
 * the explaining evaluator, with `secrets` (the values to redact) asked for only then: the
 * firing path pays nothing for explanations. With `when` = `read`, a false condition that reads
 * only the event is not explained here: its `detail` (the condition's text) and the stored event
 * are all a reader needs to make the same explanation.
 */
export function matchRule(
  c: CompiledRule,
  event: JsonObject,
  secrets: () => readonly string[] = () => [],
  when: ExplainWhen = 'decide',
): MatchResult {
  if (!c.rule.enabled) return { outcome: 'rule_disabled', detail: null, explanation: null };
  if (c.compileError) return { outcome: 'error', detail: c.compileError, explanation: null };
  if (!c.condition) return { outcome: 'matched', detail: null, explanation: null };
  const source = c.rule.conditions?.expression ?? '';
  let error: string;
  try {
    if (isTruthy(c.condition({ event }))) return { outcome: 'matched', detail: null, explanation: null };
    const now = when === 'decide' || (when === 'read' && !readStable(c, source));
    return {
      outcome: 'condition_false',
      detail: source,
      explanation: now ? explain(c, source, event, undefined, secrets) : null,
    };
  } catch (err) {
    // The message may quote an event value that is also a secret; the explanation hides it too.
    error = redactText(err instanceof Error ? err.message : String(err), secrets());
  }
  // Errors are rare: theirs is always made with the decision.
  return {
    outcome: 'error',
    detail: error,
    explanation: when !== 'never' ? explain(c, source, event, error, secrets) : null,
  };
}

/** Each rule's condition parsed once for its explanations (ingest keeps its compiled rules). */
const trees = new WeakMap<CompiledRule, ExprNode>();

function treeOf(c: CompiledRule, source: string): ExprNode {
  let tree = trees.get(c);
  if (!tree) {
    tree = parseExpression(source);
    trees.set(c, tree);
  }
  return tree;
}

/** Whether each rule's false condition can be explained again on read, decided once per rule. */
const stable = new WeakMap<CompiledRule, boolean>();

function readStable(c: CompiledRule, source: string): boolean {
  let known = stable.get(c);
  if (known === undefined) {
    try {
      known = isReadStable(treeOf(c, source));
    } catch {
      known = false;
    }
    stable.set(c, known);
  }
  return known;
}

/** An explanation is a courtesy: if making one fails, the decision is recorded without it. */
function explain(
  c: CompiledRule,
  source: string,
  event: JsonObject,
  error: string | undefined,
  secrets: () => readonly string[],
): Explanation | null {
  try {
    return explainCondition(treeOf(c, source), { event }, error, secrets());
  } catch {
    return null;
  }
}
