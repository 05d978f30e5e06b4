/**
 * Secret values never leave through an export (docs/packs.md, "How secrets are scrubbed"; docs/concepts.md, "Keys and secrets"). Before anything is written, a copy
 * of the model is scrubbed: secret config values and secret parameter defaults are dropped, and
 * a literal a rule passes to a secret parameter is replaced by `{{ pack.config.<key> }}` with a
 * `secret: true` entry in conf_schema, which the importer asks the user for. The rule keeps
 * working once the secret is entered again.
 */
import type { JsonObject } from '../model/entities.ts';
import type { ParamSchema, ParamSpec } from '../model/param-schema.ts';
import { type PackModel, refName } from './pack-model.ts';

/** Looks up actions outside the pack (core, installed packs) so their secret parameters are known. */
export interface SecretLookup {
  action(ref: string): { parameters?: ParamSchema } | null;
}

/** A conf_schema key made from entity and parameter names: lower case, `[a-z0-9_]` only. */
function configKey(...parts: string[]): string {
  return parts
    .join('_')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
}

function withoutDefault(spec: ParamSpec): ParamSpec {
  const { default: _dropped, ...rest } = spec;
  return rest;
}

/** The schema with every secret parameter's default removed. */
function scrubSchema(schema: ParamSchema): ParamSchema {
  const out: ParamSchema = {};
  for (const [name, spec] of Object.entries(schema)) out[name] = spec.secret ? withoutDefault(spec) : spec;
  return out;
}

/** `{{ … }}` somewhere in a value: it is computed at run time, not a secret literal. */
function isTemplate(value: unknown): boolean {
  return typeof value === 'string' && value.includes('{{');
}

/**
 * A deep copy of `model` that carries no secret value. `lookup` tells which parameters of
 * actions outside the pack are secret (a rule calling core.http_request with a literal `auth`).
 */
export function scrubSecrets(model: PackModel, lookup?: SecretLookup): PackModel {
  const m = structuredClone(model);
  m.secretConfig = {};
  const conf = scrubSchema(m.pack.conf_schema);
  const addSecret = (key: string, like: ParamSpec, description: string): string => {
    let k = key;
    for (let n = 2; Object.hasOwn(conf, k) && conf[k]!.secret !== true; n++) k = `${key}_${n}`;
    if (!Object.hasOwn(conf, k)) {
      const entry: ParamSpec = { secret: true, description };
      if (like.type !== undefined) entry.type = like.type;
      conf[k] = entry;
    }
    return k;
  };
  const config: JsonObject = {};
  for (const [key, value] of Object.entries(m.pack.config)) {
    if (conf[key]?.secret !== true) config[key] = value;
  }

  const actions = new Map(m.actions.map((a) => [a.ref, a]));
  // Which secret defaults the rules below must be wired to, per action.
  const defaultKeys = new Map<string, Map<string, string>>();
  for (const action of m.actions) {
    for (const [param, spec] of Object.entries(action.parameters)) {
      if (spec.secret !== true || spec.default === undefined) continue;
      const key = addSecret(
        configKey(refName(action.ref), param),
        spec,
        `Secret default of parameter ${param} of action ${action.ref}`,
      );
      const forAction = defaultKeys.get(action.ref) ?? new Map<string, string>();
      forAction.set(param, key);
      defaultKeys.set(action.ref, forAction);
    }
    action.parameters = scrubSchema(action.parameters);
  }
  for (const rule of m.rules) {
    const parameters =
      actions.get(rule.action_ref)?.parameters ?? lookup?.action(rule.action_ref)?.parameters;
    if (parameters === undefined) continue;
    for (const [param, spec] of Object.entries(parameters)) {
      if (spec.secret !== true) continue;
      const given = rule.action_params[param];
      if (given !== undefined && given !== null && !isTemplate(given)) {
        const key = addSecret(
          configKey(refName(rule.ref), param),
          spec,
          `Secret value of parameter ${param} in rule ${rule.ref}`,
        );
        rule.action_params[param] = `{{ pack.config.${key} }}`;
      } else if (given === undefined) {
        const key = defaultKeys.get(rule.action_ref)?.get(param);
        if (key !== undefined) rule.action_params[param] = `{{ pack.config.${key} }}`;
      }
    }
  }
  const triggers = new Map(m.triggers.map((t) => [t.ref, t]));
  for (const rule of m.rules) {
    const schema = triggers.get(rule.trigger_ref)?.param_schema ?? {};
    for (const [param, spec] of Object.entries(schema)) {
      if (spec.secret === true && rule.trigger_params[param] !== undefined) {
        addSecret(
          configKey(refName(rule.ref), param),
          spec,
          `Secret trigger parameter ${param} of rule ${rule.ref}`,
        );
        delete rule.trigger_params[param];
      }
    }
  }
  for (const trigger of m.triggers) trigger.param_schema = scrubSchema(trigger.param_schema);
  for (const sensor of m.sensors) sensor.parameters = scrubSchema(sensor.parameters);
  m.pack.conf_schema = conf;
  m.pack.config = config;
  return m;
}
