/**
 * Entity → YAML text for export, deterministically: a fixed key order per kind, fixed
 * formatting, and the YAML 1.1 schema when writing, so a string such as `yes`, `on` or `1.0` is
 * quoted and reads back as a string in both YAML 1.1 (PyYAML, StackStorm) and 1.2 (Attune)
 * parsers. Attune interop (docs/packs.md, "Attune interop"): pack.yaml writes both keys of each pair with the same value
 * and a quoted semver `version`; actions write `timeout_seconds` and `timeout`, `output`, and an
 * Attune runner name; rules write fully qualified refs; our own keys stay as extra keys.
 */
import { Document, isScalar } from 'yaml';
import type { JsonObject } from '../model/entities.ts';
import type { ParamSchema, ParamSpec } from '../model/param-schema.ts';
import { attuneRunnerName } from './export-shims.ts';
import { DESKTOP_KEY } from './normalize-action.ts';
import type { ActionDef, PackMeta, PolicyDef, RuleDef, SensorDef, TriggerDef } from './pack-model.ts';

/** YAML text of `value` (plain data in the wanted key order); `quoted` keys get double quotes. */
export function yamlText(value: JsonObject, quoted: readonly string[] = []): string {
  const doc = new Document(value, { version: '1.1', aliasDuplicateObjects: false });
  for (const key of quoted) {
    const node = doc.get(key, true);
    if (isScalar(node)) node.type = 'QUOTE_DOUBLE';
  }
  return doc.toString({ indent: 2, lineWidth: 0, directives: false });
}

const SPEC_ORDER = [
  'type',
  'description',
  'required',
  'secret',
  'shell',
  'default',
  'enum',
  'minimum',
  'maximum',
] as const;

/** A parameter spec in a fixed key order. */
function specObject(spec: ParamSpec): JsonObject {
  const out: JsonObject = {};
  for (const key of SPEC_ORDER) if (spec[key] !== undefined) out[key] = structuredClone(spec[key]);
  if (spec.items !== undefined) out['items'] = specObject(spec.items);
  return out;
}

/** A flat schema (parameter order kept: it is the order the UI shows). */
export function schemaObject(schema: ParamSchema): JsonObject {
  const out: JsonObject = {};
  for (const [name, spec] of Object.entries(schema)) out[name] = specObject(spec);
  return out;
}

/** pack.yaml. */
export function packYaml(pack: PackMeta): string {
  const out: JsonObject = {
    ref: pack.ref,
    label: pack.label,
    name: pack.label,
    description: pack.description,
    version: pack.version,
  };
  if (pack.author !== null) out['author'] = pack.author;
  out['dependencies'] = [...pack.dependencies];
  out['tags'] = [...pack.tags];
  out['keywords'] = [...pack.tags];
  out['conf_schema'] = schemaObject(pack.conf_schema);
  out['config_schema'] = schemaObject(pack.conf_schema);
  out['config'] = structuredClone(pack.config);
  out['meta'] = structuredClone(pack.meta);
  out['metadata'] = structuredClone(pack.meta);
  return yamlText(out, ['version']);
}

/** Top-level fields of an action as an Attune server reads them, and our own where they differ. */
export interface ActionExportShape {
  runner_type: string;
  entry_point: string;
  /** Our values the top level cannot carry, for the `attune_desktop` block; null when none. */
  desktop: JsonObject | null;
  parameter_delivery: string;
  parameter_format: string;
  output_format: string;
}

/** actions/<name>.yaml. */
export function actionYaml(a: ActionDef, shape: ActionExportShape): string {
  const out: JsonObject = {
    ref: a.ref,
    label: a.label,
    description: a.description,
    enabled: a.enabled,
    runner_type: shape.runner_type,
    entry_point: shape.entry_point,
    parameter_delivery: shape.parameter_delivery,
    parameter_format: shape.parameter_format,
    output_format: shape.output_format,
    timeout_seconds: a.timeout_seconds,
    timeout: a.timeout_seconds,
    parameters: schemaObject(a.parameters),
    output: schemaObject(a.output),
  };
  if (a.retry !== null) out['retry'] = structuredClone(a.retry);
  if (shape.desktop !== null) out[DESKTOP_KEY] = shape.desktop;
  return yamlText(out);
}

/** triggers/<name>.yaml (Attune reads `parameters` and `output`). */
export function triggerYaml(t: TriggerDef): string {
  const out: JsonObject = {
    ref: t.ref,
    label: t.label,
    description: t.description,
    enabled: t.enabled,
    parameters: schemaObject(t.param_schema),
    output: schemaObject(t.out_schema),
  };
  if (t.webhook_enabled) {
    out['webhook_enabled'] = true;
    out['webhook_config'] = structuredClone(t.webhook_config);
  }
  return yamlText(out);
}

/** rules/<name>.yaml; `conditions: {}` means always, as Attune writes it. */
export function ruleYaml(r: RuleDef): string {
  const out: JsonObject = {
    ref: r.ref,
    label: r.label,
    description: r.description,
    enabled: r.enabled,
    trigger_ref: r.trigger_ref,
    trigger_params: structuredClone(r.trigger_params),
    conditions: r.conditions === null ? {} : { expression: r.conditions.expression },
    action_ref: r.action_ref,
    action_params: structuredClone(r.action_params),
    overlap: r.overlap,
  };
  if (r.retry !== null) out['retry'] = structuredClone(r.retry);
  if (r.misfire !== null) out['misfire'] = structuredClone(r.misfire);
  return yamlText(out);
}

/** sensors/<name>.yaml. */
export function sensorYaml(s: SensorDef): string {
  const out: JsonObject = {
    ref: s.ref,
    label: s.label,
    description: s.description,
    enabled: s.enabled,
    runner_type: attuneRunnerName(s.runner_type),
    entry_point: s.entry_point,
    trigger_types: [...s.trigger_types],
  };
  if (s.poll_interval !== null) out['poll_interval'] = s.poll_interval;
  out['parameters'] = schemaObject(s.parameters);
  out['config'] = structuredClone(s.config);
  return yamlText(out);
}

/** policies/<name>.yaml: our fields first, then the policy's own keys as read. */
export function policyYaml(p: PolicyDef): string {
  const out: JsonObject = {
    ref: p.ref,
    label: p.label,
    description: p.description,
    enabled: p.enabled,
  };
  if (p.action_ref !== null) out['action_ref'] = p.action_ref;
  for (const [k, v] of Object.entries(p.settings)) if (!Object.hasOwn(out, k)) out[k] = structuredClone(v);
  return yamlText(out);
}
