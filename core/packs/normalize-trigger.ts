/**
 * triggers/<name>.yaml → TriggerDef. Accepts Attune's `parameters`/`output` and older
 * `parameters_schema`/`payload_schema`/`output_schema` for the two schemas, and StackStorm's
 * inline trigger types inside sensor files (`trigger_types: [{name, payload_schema}]`).
 */
import type { JsonObject, WebhookConfig } from '../model/entities.ts';
import { type FieldReader, isObject } from './field-reader.ts';
import {
  entityHeader,
  entitySource,
  type NormalizeContext,
  readEntityRef,
  requireMapping,
} from './normalize-common.ts';
import { DEFAULT_WEBHOOK_CONFIG, type TriggerDef } from './pack-model.ts';
import type { YamlFile } from './yaml-source.ts';

const PARAM_KEYS = ['param_schema', 'parameters', 'parameters_schema'] as const;
const OUT_KEYS = ['out_schema', 'output', 'payload_schema', 'output_schema'] as const;
const FOREIGN_KEYS = ['type', 'tags', 'examples', 'reference_visibility', 'reference_allowed_pack_refs'];

/** Reads one trigger file. */
export function normalizeTrigger(yaml: YamlFile, ctx: NormalizeContext): TriggerDef | null {
  const r = requireMapping(yaml, ctx.sink, 'trigger');
  if (r === null) return null;
  const def = readTrigger(r, ctx, yaml);
  r.consume(...FOREIGN_KEYS);
  r.reportUnknownKeys('trigger');
  return def;
}

/**
 * The trigger described by the mapping `r` reads: a trigger file, or one entry of a StackStorm
 * sensor's `trigger_types`.
 */
export function readTrigger(r: FieldReader, ctx: NormalizeContext, yaml: YamlFile): TriggerDef | null {
  const id = readEntityRef(r, ctx, 'trigger');
  if (id === null) return null;
  for (const [canonical, keys] of [
    ['param_schema', PARAM_KEYS],
    ['out_schema', OUT_KEYS],
  ] as const) {
    const used = keys.find((k) => Object.hasOwn(r.obj, k));
    if (used !== undefined && used !== canonical) ctx.sources.alias(yaml.file, canonical, [...r.base, used]);
  }
  const webhookEnabled = r.bool(['webhook_enabled', 'webhook'], false);
  return {
    ...entityHeader(r, ctx, id),
    param_schema: r.paramSchema(PARAM_KEYS),
    out_schema: r.paramSchema(OUT_KEYS),
    enabled: r.bool(['enabled'], true),
    webhook_enabled: webhookEnabled,
    webhook_config: readWebhookConfig(r),
    source: { ...entitySource(yaml), ...(r.base.length > 0 ? r.where([], 'value') : {}) },
  };
}

function readWebhookConfig(r: FieldReader): WebhookConfig {
  const found = r.pick(['webhook_config']);
  if (found === null || found.value === null) return { ...DEFAULT_WEBHOOK_CONFIG };
  if (!isObject(found.value)) {
    r.error('webhook_config', 'must be a mapping {hmac_secret_ref, max_body_bytes, rate_limit_per_minute}');
    return { ...DEFAULT_WEBHOOK_CONFIG };
  }
  const sub = r.child(found.key, found.value as JsonObject);
  const config: WebhookConfig = {
    hmac_secret_ref: sub.string(['hmac_secret_ref'], null),
    max_body_bytes:
      sub.number(['max_body_bytes'], DEFAULT_WEBHOOK_CONFIG.max_body_bytes, { integer: true, min: 1 }) ??
      DEFAULT_WEBHOOK_CONFIG.max_body_bytes,
    rate_limit_per_minute:
      sub.number(['rate_limit_per_minute'], DEFAULT_WEBHOOK_CONFIG.rate_limit_per_minute, {
        integer: true,
        min: 0,
      }) ?? DEFAULT_WEBHOOK_CONFIG.rate_limit_per_minute,
  };
  sub.reportUnknownKeys('webhook_config');
  return config;
}
