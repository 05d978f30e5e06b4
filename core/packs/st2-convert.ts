/**
 * A StackStorm rule file (`trigger: {type, parameters}`, `criteria`, `action: {ref, parameters}`)
 * → RuleDef. Timer triggers, criteria and Jinja templates are converted; whatever has no
 * equivalent is listed in the rule's `conversionProblems` (each with its file, line and field)
 * and the rule is loaded disabled, so the user sees it and decides.
 */
import { checkTemplates } from '../expr/index.ts';
import type { JsonObject } from '../model/entities.ts';
import type { TriggerDialect } from './aliases.ts';
import { type FieldReader, isObject } from './field-reader.ts';
import {
  entityHeader,
  entitySource,
  type NormalizeContext,
  qualifyOrReport,
  readEntityRef,
  readRetry,
} from './normalize-common.ts';
import { readMisfire, readOverlap } from './normalize-rule-policies.ts';
import { DEFAULT_WEBHOOK_CONFIG, labelFromName, type RuleDef, type TriggerDef } from './pack-model.ts';
import type { PackProblem } from './problems.ts';
import { convertCriteria } from './st2-criteria.ts';
import { convertJinjaParams } from './st2-templates.ts';
import { convertSt2Trigger } from './st2-timers.ts';
import type { YamlFile } from './yaml-source.ts';

/** StackStorm core actions with an Attune Desktop counterpart taking the same parameters. */
const ACTION_MAP: Readonly<Record<string, string>> = {
  'core.local': 'core.shell',
  'core.http': 'core.http_request',
  'core.noop': 'core.noop',
  'core.echo': 'core.echo',
};

/** Whether a rule file is written in StackStorm's shape. */
export function isStackStormRule(obj: JsonObject): boolean {
  return isObject(obj['trigger']) || isObject(obj['action']) || Object.hasOwn(obj, 'criteria');
}

export interface ConvertedRule {
  rule: RuleDef;
  /** A webhook trigger created for a `core.st2.webhook` rule. */
  trigger: TriggerDef | null;
}

/** Converts a StackStorm rule read by `r`. */
export function convertStackStormRule(
  r: FieldReader,
  yaml: YamlFile,
  ctx: NormalizeContext,
): ConvertedRule | null {
  const id = readEntityRef(r, ctx, 'rule');
  if (id === null) return null;
  const problems: PackProblem[] = [];
  const problem = (field: string, path: Array<string | number>, message: string): void => {
    problems.push({ file: yaml.file, ...yaml.locate(path), field, message });
  };
  const src = ctx.sources;
  src.alias(yaml.file, 'trigger_ref', ['trigger', 'type']);
  src.alias(yaml.file, 'trigger_params', ['trigger', 'parameters']);
  src.alias(yaml.file, 'action_ref', ['action', 'ref']);
  src.alias(yaml.file, 'action_params', ['action', 'parameters']);
  src.alias(yaml.file, 'conditions', ['criteria']);

  const trigger = isObject(r.obj['trigger']) ? r.obj['trigger'] : {};
  r.consume('trigger');
  const type = typeof trigger['type'] === 'string' ? trigger['type'] : null;
  if (type === null) r.error('trigger_ref', 'is required: trigger.type', ['trigger']);
  const params = isObject(trigger['parameters']) ? trigger['parameters'] : {};
  let triggerRef = type ?? '';
  let triggerParams: JsonObject = params;
  let dialect: TriggerDialect = 'stackstorm';
  let webhook: TriggerDef | null = null;
  if (type === 'core.st2.webhook') {
    const url = typeof params['url'] === 'string' ? params['url'] : 'webhook';
    const name = url.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'webhook';
    triggerRef = `${ctx.packRef}.${name}`;
    triggerParams = {};
    dialect = 'stackstorm-webhook';
    webhook = {
      ref: triggerRef,
      pack_ref: ctx.packRef,
      label: labelFromName(name),
      description: `Webhook converted from StackStorm's core.st2.webhook (url: ${url}).`,
      param_schema: {},
      out_schema: {},
      enabled: true,
      webhook_enabled: true,
      webhook_config: { ...DEFAULT_WEBHOOK_CONFIG },
      source: { file: yaml.file, ...yaml.locate(['trigger']) },
    };
  } else if (type !== null) {
    const converted = convertSt2Trigger(type, params);
    triggerRef = converted.trigger_ref;
    triggerParams = converted.trigger_params;
    for (const p of converted.problems)
      problem(`trigger_params.${p.field}`, ['trigger', 'parameters', p.field], p.message);
  }

  let conditions: RuleDef['conditions'] = null;
  if (Object.hasOwn(r.obj, 'criteria')) {
    r.consume('criteria');
    const criteria = r.obj['criteria'];
    if (criteria !== null && !isObject(criteria)) {
      r.error('conditions', 'criteria must be a mapping of payload keys to {type, pattern}', ['criteria']);
    } else if (criteria !== null) {
      const c = convertCriteria(
        dialect === 'stackstorm-webhook'
          ? webhookCriteria(criteria, (k, m) => problem(`criteria.${k}`, ['criteria', k], m))
          : criteria,
      );
      for (const p of c.problems) problem(`criteria.${p.key}`, ['criteria', p.key], p.message);
      if (c.expression !== null) conditions = { expression: c.expression };
    }
  }

  const action = isObject(r.obj['action']) ? r.obj['action'] : {};
  r.consume('action');
  let actionRef = typeof action['ref'] === 'string' ? action['ref'] : '';
  if (actionRef === '') r.error('action_ref', 'is required: action.ref', ['action']);
  const mapped = ACTION_MAP[actionRef];
  if (mapped !== undefined && mapped !== actionRef) {
    r.warn('action_ref', `StackStorm's ${actionRef} becomes ${mapped}`, ['action', 'ref']);
    actionRef = mapped;
  }
  const rawParams = isObject(action['parameters']) ? action['parameters'] : {};
  const jinja = convertJinjaParams(rawParams, dialect);
  for (const p of jinja.problems) {
    problem(['action_params', ...p.path].join('.'), ['action', 'parameters', ...p.path], p.message);
  }
  if (actionRef === 'core.shell' && !jinja.problems.some((p) => p.path[0] === 'cmd')) {
    // core.shell runs `cmd` as shell code: a placeholder that no quoting keeps data (in a
    // comment, a here-document, …) disables this rule instead of refusing the whole pack.
    const cmd = (jinja.value as JsonObject)['cmd'];
    for (const t of checkTemplates(cmd, 'action_params.cmd', 'shell')) {
      problem(
        t.field,
        ['action', 'parameters', 'cmd'],
        t.message.replace(/ at position \d+ \(line \d+, column \d+\)$/, ''),
      );
    }
  }
  if (r.obj['type'] !== undefined) {
    r.consume('type');
    const ruleType = isObject(r.obj['type']) ? r.obj['type']['ref'] : r.obj['type'];
    if (ruleType !== 'standard')
      problem('type', ['type'], `rule type "${String(ruleType)}" has no equivalent`);
  }
  r.consume('tags', 'metadata_file', 'context', 'uid', 'id');

  const rule: RuleDef = {
    ...entityHeader(r, ctx, id),
    trigger_ref: qualify(r, triggerRef, ctx.packRef, 'trigger_ref'),
    trigger_params: triggerParams,
    conditions,
    action_ref: qualify(r, actionRef, ctx.packRef, 'action_ref'),
    action_params: jinja.value as JsonObject,
    enabled: r.bool(['enabled'], true) && problems.length === 0,
    overlap: readOverlap(r),
    retry: readRetry(r),
    misfire: readMisfire(r),
    conversionProblems: problems,
    source: entitySource(yaml),
  };
  r.reportUnknownKeys('rule');
  r.sink.warn({
    file: yaml.file,
    ...yaml.locate([]),
    field: '',
    message:
      problems.length === 0
        ? 'converted from a StackStorm rule'
        : `converted from a StackStorm rule with ${problems.length} problem(s); the rule is disabled`,
  });
  return { rule, trigger: webhook };
}

/** st2 webhook payloads are `{headers, body}`; ours is the body, so `trigger.body.x` → `trigger.x`. */
function webhookCriteria(
  criteria: JsonObject,
  onProblem: (key: string, message: string) => void,
): JsonObject {
  const out: JsonObject = {};
  for (const [key, spec] of Object.entries(criteria)) {
    const m = /^\s*trigger\s*(?:\.\s*body\b|\[\s*["']body["']\s*\])(.*)$/s.exec(key);
    if (m !== null) out[`trigger${m[1]}`] = spec;
    else
      onProblem(key, 'only trigger.body.* can be converted: webhook headers are not part of an Attune event');
  }
  return out;
}

function qualify(r: FieldReader, ref: string, pack: string, field: string): string {
  if (ref === '') return '';
  return qualifyOrReport(r, ref, pack, field) ?? ref;
}
