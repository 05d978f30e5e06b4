/**
 * Replay (docs/explain.md, "Replay"): a stored event decided again against a rule, as stored or
 * as drafted, through the pipeline's own match and render (rule-trial.ts) with nothing run and
 * nothing stored; set next to what happened when the event arrived.
 */
import type { RuleReplayDraft } from '../contract/channels.ts';
import type { ReplayResult } from '../contract/replay.ts';
import { describeConjuncts } from '../expr/index.ts';
import type { AttuneEvent, JsonObject, Rule } from '../model/entities.ts';
import { AttuneError, notFound } from '../model/errors.ts';
import type { ConditionParts } from '../model/explanation.ts';
import { REDACTED } from '../model/secret-values.ts';
import type { PackCatalog } from '../packs/service/pack-catalog.ts';
import { normalizeMisfire, type RuleService } from '../services/rule-service.ts';
import {
  getAction,
  getEnforcement,
  getEvent,
  listExecutions,
  type RuleInput,
  type Store,
} from '../store/index.ts';
import { eventContext } from './match.ts';
import { type CompiledRule, compileRule } from './rule-index.ts';
import { decideEvent } from './rule-trial.ts';

export interface ReplayDeps {
  store: Store;
  packs: PackCatalog;
  rules: RuleService;
  /** The stored rule compiled as ingest has it. */
  compiled: (rule: Rule) => CompiledRule;
  /** The stored event with the explanations left to its readers (explain-on-read.ts). */
  explainOnRead: (event: AttuneEvent) => AttuneEvent;
}

/** Executions of the original enforcement listed in a replay. */
const MAX_ORIGINAL_EXECUTIONS = 20;

/** Replays event `eventId` against rule `ref`, or against `draft` of it. Throws NOT_FOUND / VALIDATION_ERROR. */
export function replayEvent(
  d: ReplayDeps,
  ref: string,
  eventId: number,
  draft: RuleReplayDraft | undefined,
): ReplayResult {
  const stored = findRule(d, ref);
  if (!stored && !draft) throw notFound('rule', ref);
  const found = getEvent(d.store.read, eventId);
  if (!found) {
    throw new AttuneError('NOT_FOUND', `event ${eventId} not found`, { field: 'event_id' });
  }
  // The original evaluation is shown with its explanation, as events.get shows it.
  const event = d.explainOnRead(found);
  const compiled = draft ? compileDraft(d, ref, stored, draft) : d.compiled(stored as Rule);
  const { rule } = compiled;
  checkReplayable(event, rule);
  const created = Date.parse(event.created);
  const trial = decideEvent(d, compiled, event, created);
  const secrets = () => d.packs.get(rule.pack_ref).secretValues;
  const original = originalOf(d, event, stored?.ref ?? rule.ref);
  const originalParams = original.enforcement?.config ?? null;
  const outcomeChanged = original.evaluation?.outcome !== trial.evaluation.outcome;
  const paramChanges = diffParams(originalParams, trial.action_params);
  return {
    event: { id: event.id, kind: event.kind, trigger_ref: event.trigger_ref, created: event.created },
    rule: {
      ref: rule.ref,
      draft: draft !== undefined,
      enabled: rule.enabled,
      condition: rule.conditions?.expression ?? null,
    },
    evaluation: trial.evaluation,
    conditions: conjuncts(compiled, event, secrets),
    action_params: trial.action_params,
    params: describeParams(d, rule, trial.action_params),
    original,
    diff: {
      changed: outcomeChanged || paramChanges.length > 0,
      outcome: outcomeChanged
        ? { original: original.evaluation?.outcome ?? null, replayed: trial.evaluation.outcome }
        : null,
      params: paramChanges,
    },
  };
}

function findRule(d: ReplayDeps, ref: string): Rule | null {
  try {
    return d.rules.get(ref);
  } catch (err) {
    if (err instanceof AttuneError && err.code === 'NOT_FOUND') return null;
    throw err;
  }
}

/** The draft over the stored rule (or alone), validated as a save would validate it; errors name `rule.<field>`. */
function compileDraft(d: ReplayDeps, ref: string, stored: Rule | null, draft: RuleReplayDraft): CompiledRule {
  try {
    let input: RuleInput;
    if (stored) {
      const { ref: _ignored, ...patch } = draft;
      input = { ...stored };
      for (const [k, v] of Object.entries(patch)) {
        if (v !== undefined) (input as unknown as Record<string, unknown>)[k] = v;
      }
      if (patch.misfire !== undefined) input.misfire = normalizeMisfire(patch.misfire);
    } else {
      for (const field of ['trigger_ref', 'action_ref'] as const) {
        if (!draft[field]) {
          throw new AttuneError('VALIDATION_ERROR', `${field}: required for a rule that is not saved`, {
            field,
          });
        }
      }
      input = d.rules.draftOf({
        ...draft,
        ref: draft.ref ?? ref,
        trigger_ref: draft.trigger_ref as string,
        action_ref: draft.action_ref as string,
      });
    }
    const { rule, condition } = d.rules.validated(input, { checkSchedule: false });
    const at = stored?.created ?? new Date(0).toISOString();
    // A draft that is not saved has no id yet; 0 is never a stored rule's.
    return compileRule(
      { ...rule, id: stored?.id ?? 0, created: at, updated: stored?.updated ?? at },
      condition.evaluate,
    );
  } catch (err) {
    if (err instanceof AttuneError && err.code === 'VALIDATION_ERROR') {
      const field = `rule.${err.field ?? 'ref'}`;
      const message = err.message.startsWith(`${err.field}:`)
        ? `rule.${err.message}`
        : `${field}: ${err.message}`;
      throw new AttuneError('VALIDATION_ERROR', message, { field, details: err.details });
    }
    throw err;
  }
}

function checkReplayable(event: AttuneEvent, rule: Rule): void {
  if (event.kind === 'missed') {
    throw new AttuneError(
      'VALIDATION_ERROR',
      `event_id: event ${event.id} is a missed timer slot, not an event a rule decides on`,
      { field: 'event_id' },
    );
  }
  if (event.trigger_ref !== rule.trigger_ref) {
    throw new AttuneError(
      'VALIDATION_ERROR',
      `event_id: event ${event.id} is of trigger "${event.trigger_ref}"; rule "${rule.ref}" listens to "${rule.trigger_ref}"`,
      { field: 'event_id' },
    );
  }
  if (event.rule_ref && event.rule_ref !== rule.ref) {
    throw new AttuneError(
      'VALIDATION_ERROR',
      `event_id: event ${event.id} was addressed to rule "${event.rule_ref}" alone`,
      { field: 'event_id' },
    );
  }
}

function originalOf(d: ReplayDeps, event: AttuneEvent, ruleRef: string): ReplayResult['original'] {
  const evaluation = event.evaluations?.find((e) => e.rule_ref === ruleRef) ?? null;
  const enforcement =
    evaluation?.enforcement_id != null ? getEnforcement(d.store.read, evaluation.enforcement_id) : null;
  const executions = enforcement
    ? listExecutions(
        d.store.read,
        { enforcement_id: enforcement.id },
        { page: 1, page_size: MAX_ORIGINAL_EXECUTIONS },
      ).items.map((x) => ({ id: x.id, status: x.status }))
    : [];
  return { evaluation, enforcement, executions };
}

/** Each conjunct with its value; a condition that does not compile has none to show. */
function conjuncts(
  c: CompiledRule,
  event: AttuneEvent,
  secrets: () => readonly string[],
): ConditionParts | null {
  const source = c.rule.conditions?.expression;
  if (!source || c.compileError) return null;
  try {
    return describeConjuncts(source, { event: eventContext(event) }, secrets());
  } catch {
    return null;
  }
}

function jsonType(v: unknown): ReplayResult['params'][number]['type'] {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'string' || typeof v === 'boolean') return typeof v as 'string' | 'boolean';
  return 'object';
}

function describeParams(d: ReplayDeps, rule: Rule, params: JsonObject | null): ReplayResult['params'] {
  if (!params) return [];
  const schema = getAction(d.store.read, rule.action_ref)?.parameters ?? {};
  return Object.entries(params).map(([name, value]) => ({
    name,
    value,
    type: jsonType(value),
    expected: schema[name]?.type ?? null,
    redacted: value === REDACTED,
  }));
}

function diffParams(
  original: JsonObject | null,
  replayed: JsonObject | null,
): ReplayResult['diff']['params'] {
  if (!original || !replayed) return [];
  const names = [...new Set([...Object.keys(original), ...Object.keys(replayed)])].sort();
  return names.flatMap((name) => {
    const has = [Object.hasOwn(original, name), Object.hasOwn(replayed, name)];
    const a = original[name];
    const b = replayed[name];
    if (has[0] && has[1] && JSON.stringify(a) === JSON.stringify(b)) return [];
    return [{ name, ...(has[0] ? { original: a } : {}), ...(has[1] ? { replayed: b } : {}) }];
  });
}
