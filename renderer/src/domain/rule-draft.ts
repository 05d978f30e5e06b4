/**
 * The rule builder's draft: what the forms edit, how it becomes the contract's `RuleCreate`
 * (checked with the contract's own zod schema), and where an error about an engine field
 * (`trigger_params.expression`, `action_params.url`) lands: its form field and graph node.
 */
import { type RuleCreate, RuleCreateInput } from '../../../core/contract/channels.ts';
import type { RuleView } from '../../../core/contract/entities.ts';
import { describeIssues } from '../../../core/contract/result.ts';
import {
  type ConditionRow,
  expressionToRows,
  type Join,
  rowProblems,
  rowsToExpression,
} from './conditions/rows.ts';
import { type ParamSchema, paramTexts, readParams } from './param-form.ts';
import { isTimer } from './trigger-summary.ts';

/** Where a field is: a graph node's form, the settings panel, or the name row above the graph. */
export type BuilderNode = 'trigger' | 'conditions' | 'action' | 'settings' | 'details';

export interface RuleDraft {
  /** The name part; the user pack's prefix is added by the engine. */
  ref: string;
  label: string;
  description: string;
  enabled: boolean;
  triggerRef: string;
  /** Timer params and other triggers' params, as values. */
  triggerParams: Record<string, unknown>;
  conditionMode: 'rows' | 'raw';
  join: Join;
  rows: ConditionRow[];
  expression: string;
  actionRef: string;
  paramText: Record<string, string>;
  overlap: RuleView['overlap'];
  retryOn: boolean;
  retry: { count: number; delay: number; backoff: 'constant' | 'exponential' };
  misfire: 'default' | 'skip' | 'coalesce' | 'catch_up';
  misfireMaxCatchUp: number;
}

export function emptyDraft(): RuleDraft {
  return {
    ref: '',
    label: '',
    description: '',
    enabled: true,
    triggerRef: 'core.intervaltimer',
    triggerParams: { interval: 5, unit: 'minutes' },
    conditionMode: 'rows',
    join: 'all',
    rows: [],
    expression: '',
    actionRef: 'core.echo',
    paramText: {},
    overlap: 'parallel',
    retryOn: false,
    retry: { count: 3, delay: 10, backoff: 'exponential' },
    misfire: 'default',
    misfireMaxCatchUp: 10,
  };
}

/** A saved rule as a draft: conditions open as rows when rows can say them. */
export function draftFromRule(rule: RuleView): RuleDraft {
  const expression = rule.conditions?.expression ?? '';
  const rows = expressionToRows(expression);
  return {
    ref: rule.ref.slice(rule.ref.indexOf('.') + 1),
    label: rule.label,
    description: rule.description,
    enabled: rule.enabled,
    triggerRef: rule.trigger_ref,
    triggerParams: { ...rule.trigger_params },
    conditionMode: rows ? 'rows' : 'raw',
    join: rows?.join ?? 'all',
    rows: rows?.rows ?? [],
    expression,
    actionRef: rule.action_ref,
    paramText: paramTexts(rule.action_params),
    overlap: rule.overlap,
    retryOn: rule.retry !== null,
    retry: rule.retry
      ? { count: rule.retry.count, delay: rule.retry.delay, backoff: rule.retry.backoff }
      : emptyDraft().retry,
    misfire: rule.misfire?.policy ?? 'default',
    misfireMaxCatchUp: rule.misfire?.max_catch_up ?? 10,
  };
}

/** The condition expression the draft means ("" = always). */
export function draftExpression(
  d: Pick<RuleDraft, 'conditionMode' | 'rows' | 'join' | 'expression'>,
): string {
  if (d.conditionMode === 'rows') return rowsToExpression(d.rows, d.join);
  // Kept as typed (not trimmed), so the engine's error positions match the text on screen.
  return d.expression.trim() === '' ? '' : d.expression;
}

/** Problems by form field (`ref`, `rows.0.field`, `paramText.url`, `triggerParams.interval`…). */
export type DraftErrors = Record<string, string>;

/**
 * The draft as the contract's create input, or the problems by form field. `actionSchema` reads
 * the parameter texts by type; the engine checks the rest when it saves.
 */
export function compileDraft(
  d: RuleDraft,
  actionSchema: ParamSchema | null,
): { ok: true; input: RuleCreate } | { ok: false; errors: DraftErrors } {
  const errors: DraftErrors = {};
  if (!d.ref.trim()) errors.ref = 'Give the rule a name (letters, digits, _ and -)';
  if (d.conditionMode === 'rows') {
    for (const p of rowProblems(d.rows)) errors[`rows.${p.row}.${p.part}`] = p.message;
  }
  const params = readParams(actionSchema ?? {}, d.paramText);
  if (!params.ok) for (const [k, m] of Object.entries(params.errors)) errors[`paramText.${k}`] = m;
  if (Object.keys(errors).length) return { ok: false, errors };

  const expression = draftExpression(d);
  const timer = isTimer(d.triggerRef);
  const input = {
    ref: d.ref.trim(),
    label: d.label.trim() || d.ref.trim(),
    description: d.description,
    trigger_ref: d.triggerRef,
    trigger_params: d.triggerParams,
    conditions: expression ? { expression } : null,
    action_ref: d.actionRef,
    action_params: params.ok ? params.params : {},
    enabled: d.enabled,
    overlap: d.overlap,
    retry: d.retryOn ? { ...d.retry } : null,
    misfire:
      timer && d.misfire !== 'default'
        ? { policy: d.misfire, ...(d.misfire === 'catch_up' ? { max_catch_up: d.misfireMaxCatchUp } : {}) }
        : null,
  };
  const checked = RuleCreateInput.safeParse(input);
  if (!checked.success) {
    const { message, field } = describeIssues(checked.error.issues);
    return { ok: false, errors: { [formFieldOf(field ?? '')]: message } };
  }
  return { ok: true, input: checked.data };
}

/** The form field an engine field lands on. */
export function formFieldOf(engineField: string): string {
  const [head = '', second] = engineField.split('.');
  switch (head) {
    case 'ref':
    case 'label':
    case 'description':
    case 'enabled':
    case 'overlap':
      return head;
    case 'trigger_ref':
      return 'triggerRef';
    case 'trigger_params':
      return second ? `triggerParams.${second}` : 'triggerRef';
    case 'conditions':
      return 'expression';
    case 'action_ref':
      return 'actionRef';
    case 'action_params':
      return second ? `paramText.${second}` : 'actionRef';
    case 'retry':
      return second ? `retry.${second}` : 'retryOn';
    case 'misfire':
      return 'misfire';
    default:
      return 'ref';
  }
}

/** The graph node (or the settings panel) a form field belongs to. */
export function nodeOf(formField: string): BuilderNode {
  if (formField === 'ref' || formField === 'label' || formField === 'enabled') return 'details';
  if (formField.startsWith('trigger')) return 'trigger';
  if (formField.startsWith('rows') || formField === 'expression' || formField === 'join') return 'conditions';
  if (formField.startsWith('action') || formField.startsWith('paramText')) return 'action';
  return 'settings';
}

/** An engine message without its leading field name (`trigger_params.interval 0 is…` → `0 is…`). */
export function messageFor(message: string, engineField: string | undefined): string {
  if (!engineField) return message;
  for (const prefix of [`${engineField}: `, `${engineField} `]) {
    if (message.startsWith(prefix)) return message.slice(prefix.length);
  }
  return message;
}

/** The update patch for a saved rule: everything the builder edits (its ref cannot change). */
export function patchOf(input: RuleCreate): Omit<RuleCreate, 'ref'> {
  const { ref: _ref, ...patch } = input;
  return patch;
}

export { isTimer };
