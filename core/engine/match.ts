/**
 * Deciding one rule for one event: the single function behind ingest, the "try with a sample
 * event" button and `attune-desktop rule test` (StackStorm's rule tester idea).
 */
import { isTruthy } from '../expr/index.ts';
import type { AttuneEvent, JsonObject } from '../model/entities.ts';
import type { EvaluationOutcome } from '../model/status.ts';
import type { CompiledRule } from './rule-index.ts';

export interface MatchResult {
  outcome: Extract<EvaluationOutcome, 'matched' | 'condition_false' | 'error' | 'rule_disabled'>;
  detail: string | null;
}

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

export function matchRule(c: CompiledRule, event: JsonObject): MatchResult {
  if (!c.rule.enabled) return { outcome: 'rule_disabled', detail: null };
  if (c.compileError) return { outcome: 'error', detail: c.compileError };
  if (!c.condition) return { outcome: 'matched', detail: null };
  try {
    return isTruthy(c.condition({ event }))
      ? { outcome: 'matched', detail: null }
      : { outcome: 'condition_false', detail: c.rule.conditions?.expression ?? null };
  } catch (err) {
    return { outcome: 'error', detail: err instanceof Error ? err.message : String(err) };
  }
}
