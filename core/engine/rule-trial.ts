/**
 * Deciding a rule against a sample payload without storing anything: `rules.test` (a saved
 * rule) and `rules.try` (a draft from the rule builder) both end here, on the same
 * `matchRule` and `renderActionParams` that ingest uses.
 */
import type { AttuneEvent, Evaluation, JsonObject } from '../model/entities.ts';
import type { PackCatalog } from '../packs/service/pack-catalog.ts';
import type { Clock } from '../schedule/clock.ts';
import { getAction, type Store } from '../store/index.ts';
import { eventContext, matchRule } from './match.ts';
import { ActionParamsError, renderActionParams } from './render.ts';
import type { CompiledRule } from './rule-index.ts';

export interface TrialResult {
  evaluation: Evaluation;
  /** Rendered action params when the rule matched (secrets redacted). */
  action_params: JsonObject | null;
}

export interface TrialDeps {
  store: Store;
  clock: Clock;
  packs: PackCatalog;
}

/** The rule's decision for an event with `payload`, as if enabled; renders its params on a match. */
export function decideSample(d: TrialDeps, compiled: CompiledRule, payload: JsonObject): TrialResult {
  const now = d.clock.now();
  const event = {
    id: 0,
    trigger_ref: compiled.rule.trigger_ref,
    payload,
    created: new Date(now).toISOString(),
  };
  return decideEvent(d, compiled, event, now);
}

/**
 * The rule's decision for `event` at `now`, as if enabled, exactly as ingest makes it (the same
 * `matchRule` and `renderActionParams`), with nothing stored and nothing run. A replay passes a
 * stored event and the instant it was ingested.
 */
export function decideEvent(
  d: Pick<TrialDeps, 'store' | 'packs'>,
  compiled: CompiledRule,
  stored: Pick<AttuneEvent, 'id' | 'trigger_ref' | 'payload' | 'created'>,
  now: number,
): TrialResult {
  const { rule } = compiled;
  const event = eventContext(stored);
  const m = matchRule(
    { ...compiled, rule: { ...rule, enabled: true } },
    event,
    () => d.packs.get(rule.pack_ref, rule.action_ref).secretValues,
  );
  const evaluation: Evaluation = {
    rule_ref: rule.ref,
    outcome: m.outcome,
    detail: m.detail,
    enforcement_id: null,
    explanation: m.explanation,
  };
  if (m.outcome !== 'matched') return { evaluation, action_params: null };
  const action = getAction(d.store.read, rule.action_ref);
  try {
    const r = renderActionParams(
      rule,
      event,
      d.packs.get(rule.pack_ref, rule.action_ref),
      action?.parameters ?? {},
      now,
    );
    return { evaluation, action_params: r.redacted };
  } catch (err) {
    const detail = `action_params: ${err instanceof Error ? err.message : String(err)}`;
    const explanation = err instanceof ActionParamsError ? err.explanation : null;
    return { evaluation: { ...evaluation, outcome: 'error', detail, explanation }, action_params: null };
  }
}
