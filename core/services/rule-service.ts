/**
 * Rule create / update / delete with validation at save (docs/timers.md, "Validation at save"; docs/expressions.md, "The language"): an invalid rule is
 * refused with a message naming the field before anything is stored. Every change is applied at
 * once — the rule index is refreshed and listeners (the timer sensor) reschedule; nothing ever
 * needs a restart.
 */
import type { RuleCreate, RulePatch } from '../contract/channels.ts';
import { type CompiledCondition, checkActionParams, compileCondition } from '../expr/index.ts';
import {
  DEFAULT_MISFIRE,
  type JsonObject,
  type MisfirePolicy,
  type MisfirePolicyName,
  type Rule,
} from '../model/entities.ts';
import { AttuneError, notFound } from '../model/errors.ts';
import { validateParams } from '../model/param-schema.ts';
import { packOf, qualifyRef, USER_PACK, userEntityRef } from '../model/refs.ts';
import type { Clock } from '../schedule/clock.ts';
import { isTimerTrigger, validateTimerParams } from '../schedule/index.ts';
import {
  deleteRule,
  getAction,
  getPack,
  getRule,
  getTrigger,
  insertRule,
  type RuleInput,
  type Store,
  updateRule,
} from '../store/index.ts';
import type { ChangeFeed, RuleCache, TriggerParamsCheck } from './ports.ts';

export type RuleChange =
  | { kind: 'created'; rule: Rule }
  | { kind: 'updated'; rule: Rule; previous: Rule }
  | { kind: 'deleted'; previous: Rule };

export type RuleChangeListener = (change: RuleChange) => void;

export interface RuleServiceDeps {
  store: Store;
  rules: RuleCache;
  notifier: ChangeFeed;
  clock: Clock;
  defaultTimezone: string;
  /** Checks of built-in triggers' params by trigger ref, run instead of the param schema. */
  triggerParamsChecks?: Readonly<Record<string, TriggerParamsCheck>>;
}

type MisfireInput =
  | MisfirePolicyName
  | (Partial<MisfirePolicy> & { policy: MisfirePolicyName })
  | null
  | undefined;

export function normalizeMisfire(m: MisfireInput): MisfirePolicy | null {
  if (m === null || m === undefined) return null;
  if (typeof m === 'string') return { ...DEFAULT_MISFIRE, policy: m };
  return { ...DEFAULT_MISFIRE, ...m };
}

export class RuleService {
  private readonly listeners = new Set<RuleChangeListener>();

  constructor(private readonly d: RuleServiceDeps) {}

  onChange(listener: RuleChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(ref: string): Rule {
    const rule = getRule(this.d.store.read, qualifyRef(ref, USER_PACK));
    if (!rule) throw notFound('rule', ref);
    return rule;
  }

  /** A create input as the rule it would store, before validation (defaults filled in). */
  draftOf(input: RuleCreate): RuleInput {
    const ref = userEntityRef(input.ref, 'ref');
    return {
      ref,
      pack_ref: packOf(ref),
      label: input.label ?? ref.slice(ref.indexOf('.') + 1),
      description: input.description ?? '',
      trigger_ref: input.trigger_ref,
      trigger_params: input.trigger_params ?? {},
      conditions: (input.conditions as RuleInput['conditions']) ?? null,
      action_ref: input.action_ref,
      action_params: input.action_params ?? {},
      enabled: input.enabled ?? true,
      overlap: input.overlap ?? 'parallel',
      retry: input.retry ?? null,
      misfire: normalizeMisfire(input.misfire),
    };
  }

  create(input: RuleCreate): Rule {
    const { rule, condition } = this.validated(this.draftOf(input), { checkSchedule: true });
    const { ref } = rule;
    const created = this.d.store.transaction((w) => {
      if (getRule(w, ref))
        throw new AttuneError('CONFLICT', `rule "${ref}" already exists`, { field: 'ref' });
      return insertRule(w, rule, this.d.clock.now());
    });
    this.d.rules.remember(created.ref, condition);
    this.changed({ kind: 'created', rule: created });
    return created;
  }

  update(refIn: string, patch: RulePatch): Rule {
    const previous = this.get(refIn);
    const draft: RuleInput = { ...previous };
    for (const [k, v] of Object.entries(patch)) {
      if (v !== undefined) (draft as unknown as Record<string, unknown>)[k] = v;
    }
    if (patch.misfire !== undefined) draft.misfire = normalizeMisfire(patch.misfire);
    const scheduleChanged =
      patch.trigger_ref !== undefined ||
      patch.trigger_params !== undefined ||
      (patch.enabled === true && !previous.enabled);
    const { rule, condition } = this.validated(draft, { checkSchedule: scheduleChanged });
    const updated = this.d.store.transaction((w) => updateRule(w, rule, this.d.clock.now()));
    this.d.rules.remember(updated.ref, condition);
    this.changed({ kind: 'updated', rule: updated, previous });
    return updated;
  }

  delete(refIn: string): Rule {
    const previous = this.get(refIn);
    this.d.store.transaction((w) => deleteRule(w, previous.ref));
    this.d.rules.remember(previous.ref, { conditions: null, evaluate: null });
    this.changed({ kind: 'deleted', previous });
    return previous;
  }

  /**
   * Checks a rule completely and returns it normalised (qualified refs, conditions `{}` → null,
   * timer params normalised). `checkSchedule` also refuses a one-shot in the past.
   */
  validate(draft: RuleInput, opts: { checkSchedule: boolean }): RuleInput {
    return this.validated(draft, opts).rule;
  }

  /** `validate`, with the condition compiled from its one parse (for the rule index). */
  validated(
    draft: RuleInput,
    opts: { checkSchedule: boolean },
  ): { rule: RuleInput; condition: CompiledCondition } {
    const { store } = this.d;
    const pack = getPack(store.read, draft.pack_ref);
    if (!pack) {
      throw new AttuneError('VALIDATION_ERROR', `ref: pack "${draft.pack_ref}" is not installed`, {
        field: 'ref',
      });
    }
    const triggerRef = qualifyRef(draft.trigger_ref, draft.pack_ref, 'trigger_ref');
    const trigger = getTrigger(store.read, triggerRef);
    if (!trigger) {
      throw new AttuneError('VALIDATION_ERROR', `trigger_ref: unknown trigger "${triggerRef}"`, {
        field: 'trigger_ref',
      });
    }
    const actionRef = qualifyRef(draft.action_ref, draft.pack_ref, 'action_ref');
    const action = getAction(store.read, actionRef);
    if (!action) {
      throw new AttuneError('VALIDATION_ERROR', `action_ref: unknown action "${actionRef}"`, {
        field: 'action_ref',
      });
    }
    let triggerParams: JsonObject = draft.trigger_params;
    if (isTimerTrigger(triggerRef)) {
      triggerParams = validateTimerParams(triggerRef, draft.trigger_params, {
        now: opts.checkSchedule ? this.d.clock.now() : Number.NEGATIVE_INFINITY,
        defaultTimezone: this.d.defaultTimezone,
      });
    } else {
      const check = this.d.triggerParamsChecks?.[triggerRef];
      if (check) triggerParams = check(draft.trigger_params, { atSave: opts.checkSchedule });
      const checked = check
        ? { ok: true as const }
        : validateParams(trigger.param_schema, draft.trigger_params);
      if (!checked.ok) {
        const first = checked.errors[0];
        throw new AttuneError('VALIDATION_ERROR', `trigger_params.${first?.field}: ${first?.message}`, {
          field: `trigger_params.${first?.field}`,
        });
      }
      if (draft.misfire) {
        throw new AttuneError('VALIDATION_ERROR', 'misfire: only timer rules have a misfire policy', {
          field: 'misfire',
        });
      }
    }
    const condition = compileCondition(draft.conditions);
    // A parameter the action runs as shell code may not hold a placeholder no quoting can keep
    // data (docs/expressions.md, "Shell commands").
    const problems = checkActionParams(draft.action_params, action.parameters);
    if (problems.length > 0) {
      const p = problems[0] as { field: string; message: string; position: number };
      throw new AttuneError('VALIDATION_ERROR', `${p.field}: ${p.message}`, {
        field: p.field,
        details: problems,
      });
    }
    return {
      rule: {
        ...draft,
        trigger_ref: triggerRef,
        action_ref: actionRef,
        trigger_params: triggerParams,
        conditions: condition.conditions,
      },
      condition,
    };
  }

  /**
   * Announces rule changes written outside this service (a pack installed, upgraded, reloaded or
   * deleted in one transaction), so the rule index and every listener — the timer sensor
   * reschedules — see them exactly as if each rule had been saved here.
   */
  announce(changes: readonly RuleChange[]): void {
    for (const c of changes) this.changed(c);
  }

  private changed(change: RuleChange): void {
    const triggers = new Set<string>();
    if (change.kind !== 'deleted') triggers.add(change.rule.trigger_ref);
    if (change.kind !== 'created') triggers.add(change.previous.trigger_ref);
    this.d.rules.invalidate(...triggers);
    const rule = change.kind === 'deleted' ? change.previous : change.rule;
    this.d.notifier.publish('rule_changed', 'rule', rule.ref, { change: change.kind, rule });
    for (const l of this.listeners) l(change);
  }
}
