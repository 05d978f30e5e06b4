/**
 * rules/<name>.yaml → RuleDef. Attune's shape (`trigger_ref`, `trigger_params`, `conditions`,
 * `action_ref`, `action_params`) plus the aliases older packs use: `trigger.payload.x` and
 * `trigger.x` for `event.payload.x`, and `core.timer` with `interval_seconds`. StackStorm-shaped
 * files go to st2-convert.ts.
 */
import type { JsonObject } from '../model/entities.ts';
import { rewriteTemplateTriggerRefs, rewriteTriggerRefs } from './aliases.ts';
import { type FieldReader, isObject } from './field-reader.ts';
import {
  entityHeader,
  entitySource,
  type NormalizeContext,
  qualifyOrReport,
  readEntityRef,
  readRetry,
  requireMapping,
} from './normalize-common.ts';
import { readMisfire, readOverlap } from './normalize-rule-policies.ts';
import type { RuleDef, TriggerDef } from './pack-model.ts';
import { convertStackStormRule, isStackStormRule } from './st2-convert.ts';
import type { YamlFile } from './yaml-source.ts';

const FOREIGN_KEYS = [
  'tags',
  'trace_tag_template',
  'permission_set_refs',
  'permission_set_ref',
  'sensor_worker_selector',
  'sensor_worker_tolerations',
  'sensor_worker_affinity',
];

export interface NormalizedRule {
  rule: RuleDef;
  /** A trigger the conversion created (StackStorm webhooks). */
  trigger: TriggerDef | null;
}

/** Reads one rule file, in either shape. */
export function normalizeRule(yaml: YamlFile, ctx: NormalizeContext): NormalizedRule | null {
  const r = requireMapping(yaml, ctx.sink, 'rule');
  if (r === null) return null;
  if (isStackStormRule(r.obj)) return convertStackStormRule(r, yaml, ctx);
  const id = readEntityRef(r, ctx, 'rule');
  if (id === null) return null;
  const triggerRef = readRef(r, ['trigger_ref', 'trigger'], ctx);
  const actionRef = readRef(r, ['action_ref', 'action'], ctx);
  let triggerParams = r.object(['trigger_params']);
  let finalTrigger = triggerRef;
  // Older Attune timers: `core.timer` with `interval_seconds`.
  if (triggerRef === 'core.timer' && Object.hasOwn(triggerParams, 'interval_seconds')) {
    const { interval_seconds, ...rest } = triggerParams;
    finalTrigger = 'core.intervaltimer';
    triggerParams = { ...rest, interval: interval_seconds, unit: 'seconds' };
    r.warn(
      'trigger_ref',
      'core.timer with interval_seconds becomes core.intervaltimer {interval, unit: seconds}',
    );
  }
  const conditions = readConditions(r, yaml, ctx);
  const actionParams = rewriteParams(r, yaml, ctx, r.object(['action_params']));
  const rule: RuleDef = {
    ...entityHeader(r, ctx, id),
    trigger_ref: finalTrigger,
    trigger_params: triggerParams,
    conditions,
    action_ref: actionRef,
    action_params: actionParams,
    enabled: r.bool(['enabled'], true),
    overlap: readOverlap(r),
    retry: readRetry(r),
    misfire: readMisfire(r),
    conversionProblems: [],
    source: entitySource(yaml),
  };
  r.consume(...FOREIGN_KEYS);
  r.reportUnknownKeys('rule');
  return { rule, trigger: null };
}

function readRef(r: FieldReader, keys: readonly string[], ctx: NormalizeContext): string {
  const field = keys[0]!;
  const found = r.pick(keys);
  if (found === null || typeof found.value !== 'string' || found.value.trim() === '') {
    r.error(field, found === null ? 'is required' : 'must be a ref such as "core.echo"', found?.key ?? []);
    return '';
  }
  if (found.key !== field) ctx.sources.alias(r.yaml.file, field, [found.key]);
  return qualifyOrReport(r, found.value.trim(), ctx.packRef, field, { key: found.key }) ?? found.value;
}

/** `null`, `{}`, `{expression: "…"}`, or a bare string (taken as the expression). */
function readConditions(r: FieldReader, yaml: YamlFile, ctx: NormalizeContext): RuleDef['conditions'] {
  const found = r.pick(['conditions']);
  if (found === null || found.value === null) return null;
  let expression: string;
  let field = 'conditions.expression';
  if (typeof found.value === 'string') {
    expression = found.value;
    ctx.sources.alias(yaml.file, 'conditions.expression', ['conditions']);
    field = 'conditions.expression';
  } else if (isObject(found.value) && Object.keys(found.value).length === 0) {
    return null;
  } else if (isObject(found.value) && typeof found.value['expression'] === 'string') {
    expression = found.value['expression'];
    const extra = Object.keys(found.value).filter((k) => k !== 'expression');
    for (const k of extra)
      r.warn(`conditions.${k}`, `unknown conditions key "${k}" is ignored`, ['conditions', k]);
  } else {
    r.error('conditions', 'must be null, {} or {expression: "<expression>"}');
    return null;
  }
  if (expression.trim() === '') return null;
  const rewritten = rewriteTriggerRefs(expression, 'attune');
  if (rewritten.changed) {
    ctx.sources.rewrite(yaml.file, field, rewritten.toOriginal);
    r.warn(field, 'trigger.… references are read as event.payload.…', ['conditions']);
  }
  return { expression: rewritten.text };
}

/** Rewrites `trigger.…` inside every template of the action parameters. */
function rewriteParams(
  r: FieldReader,
  yaml: YamlFile,
  ctx: NormalizeContext,
  params: JsonObject,
): JsonObject {
  let changed = false;
  const walk = (value: unknown, path: Array<string | number>): unknown => {
    if (typeof value === 'string') {
      const rw = rewriteTemplateTriggerRefs(value, 'attune');
      if (!rw.changed) return value;
      changed = true;
      ctx.sources.rewrite(yaml.file, ['action_params', ...path].join('.'), rw.toOriginal);
      return rw.text;
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, i]));
    if (isObject(value)) {
      const out: JsonObject = {};
      for (const [k, v] of Object.entries(value)) out[k] = walk(v, [...path, k]);
      return out;
    }
    return value;
  };
  const out = walk(params, []) as JsonObject;
  if (changed) r.warn('action_params', 'trigger.… references in templates are read as event.payload.…');
  return out;
}
