/**
 * A pack in memory (docs/packs.md): what `loadPackFolder` produces and `writePackFolder` consumes.
 * Entities have the store's shapes (core/model/entities.ts) minus `created`/`updated`, already
 * normalised (aliases resolved, refs qualified), plus where each came from, so install can
 * turn a definition into a row without reading YAML again and later errors can point at a
 * file and line.
 */
import type { Action, JsonObject, Pack, Rule, RunnerType, Trigger } from '../model/entities.ts';
import type { ParamSchema } from '../model/param-schema.ts';
import type { PackProblem } from './problems.ts';

/** Where an entity is written: the file relative to the pack root, and the line of its first key. */
export interface EntitySource {
  file: string;
  line: number;
  column: number;
}

/** A script carried by the pack, read into memory so install and export never reread the folder. */
export interface ScriptFile {
  /** Relative to the pack root, forward slashes: `actions/backup.sh`. */
  path: string;
  bytes: Uint8Array;
}

/** pack.yaml, normalised. `system` and `path` are decided by install, never by a file. */
export interface PackMeta extends Omit<Pack, 'id' | 'path' | 'system' | 'created' | 'updated'> {
  /** Free-form metadata (Attune's `meta`), kept so it survives a round trip. */
  meta: JsonObject;
  source: EntitySource | null;
}

/** A trigger type. The webhook key is a credential, so it never lives in a pack. */
export interface TriggerDef extends Omit<Trigger, 'id' | 'webhook_key' | 'created' | 'updated'> {
  source: EntitySource | null;
}

/**
 * An action. `script` is the file `entry_point` names (under actions/); null for an inline
 * script (the code is `entry_point` itself), an http request or a builtin.
 */
export interface ActionDef extends Omit<Action, 'id' | 'created' | 'updated'> {
  script: ScriptFile | null;
  source: EntitySource | null;
}

/** A pack sensor (docs/concepts.md, "Sensors"): a supervised child process emitting events for its triggers. */
export interface SensorDef {
  ref: string;
  pack_ref: string;
  label: string;
  description: string;
  runner_type: RunnerType;
  /** A file under sensors/. */
  entry_point: string;
  /** Fully qualified trigger refs. */
  trigger_types: string[];
  /** Seconds; null = the sensor decides. */
  poll_interval: number | null;
  parameters: ParamSchema;
  config: JsonObject;
  enabled: boolean;
  script: ScriptFile | null;
  source: EntitySource | null;
}

/**
 * A rule. `conversionProblems` lists what could not be carried over from a StackStorm rule
 * (criteria operators, Jinja filters, timer fields); such a rule is loaded with `enabled: false`.
 */
export interface RuleDef extends Omit<Rule, 'id' | 'created' | 'updated'> {
  conversionProblems: PackProblem[];
  source: EntitySource | null;
}

/**
 * A policy file. Attune Desktop has no policy engine (overlap and retry live on rules and
 * actions), so a policy is carried verbatim: install may show it, export writes it back.
 */
export interface PolicyDef {
  ref: string;
  pack_ref: string;
  label: string;
  description: string;
  enabled: boolean;
  /** Fully qualified, or null for a pack-wide policy. */
  action_ref: string | null;
  /** Every other key of the file, as written (`policy_type`, `parameters`, `threshold`, ...). */
  settings: JsonObject;
  source: EntitySource | null;
}

/** A whole pack. Arrays are sorted by ref. */
export interface PackModel {
  pack: PackMeta;
  triggers: TriggerDef[];
  actions: ActionDef[];
  sensors: SensorDef[];
  rules: RuleDef[];
  policies: PolicyDef[];
  /** The README's own text, without the part export generates; null when there is none. */
  readme: string | null;
  /**
   * Values pack.yaml gave for config fields marked secret. They never stay in `pack.config` and
   * are never exported; install moves them to the key store (pack scope).
   */
  secretConfig: JsonObject;
}

/** Webhook settings of a trigger whose file does not give any (defaults: docs/api.md, "Webhooks"). */
export { DEFAULT_WEBHOOK_CONFIG } from '../model/entities.ts';

/** Action defaults (docs/runners.md, "Action fields"). */
export const ACTION_DEFAULTS = {
  parameter_delivery: 'stdin',
  parameter_format: 'json',
  output_format: 'text',
  timeout_seconds: 600,
} as const satisfies Partial<ActionDef>;

/** The name part of a ref: `demo.backup` → `backup`. */
export function refName(ref: string): string {
  const dot = ref.indexOf('.');
  return dot < 0 ? ref : ref.slice(dot + 1);
}

/** `http_request` → `Http Request`: the label Attune generates when a file gives none. */
export function labelFromName(name: string): string {
  return name
    .split(/[_.-]+/)
    .filter((w) => w !== '')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
}

/** An empty pack with the given ref, for building a model in code (the UI's user pack export). */
export function emptyPackModel(ref: string, label = labelFromName(ref)): PackModel {
  return {
    pack: {
      ref,
      label,
      description: '',
      version: '1.0.0',
      author: null,
      conf_schema: {},
      config: {},
      dependencies: [],
      tags: [],
      meta: {},
      source: null,
    },
    triggers: [],
    actions: [],
    sensors: [],
    rules: [],
    policies: [],
    readme: null,
    secretConfig: {},
  };
}

/** Entities by ref (then file), so a model's order never depends on the directory listing. */
export function sortModel(model: PackModel): void {
  const byRef = <T extends { ref: string; source: { file: string } | null }>(a: T, b: T): number =>
    a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : (a.source?.file ?? '') < (b.source?.file ?? '') ? -1 : 1;
  model.triggers.sort(byRef);
  model.actions.sort(byRef);
  model.sensors.sort(byRef);
  model.rules.sort(byRef);
  model.policies.sort(byRef);
}
