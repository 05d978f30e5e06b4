/**
 * The review report of an import (SPEC §7: "the user sees what each action will run before
 * enabling"): per action its runner, entry point and the first lines of the script; per rule
 * its trigger, condition and action; what a StackStorm rule lost in conversion; the secrets the
 * pack needs. Never a secret value: literals given to secret parameters are shown as ***.
 */
import type { PackReport } from '../contract/packs.ts';
import { type ParamSchema, secretFields } from '../model/param-schema.ts';
import { REDACTED } from '../model/secret-values.ts';
import type { ActionDef, PackModel, PackProblem } from '../packs/index.ts';

/** How many lines of each script the report shows. */
export const PREVIEW_LINES = 10;
const MAX_LINE = 200;

export interface ReportInput {
  model: PackModel;
  valid: boolean;
  installed: boolean;
  operation: PackReport['operation'];
  problems: readonly PackProblem[];
  warnings: readonly PackProblem[];
  previousVersion: string | null;
  path: string | null;
  removed: readonly string[];
  previouslyEnabled: readonly string[];
  /** A secret config field has a value (given now, in pack.yaml, or already in the key store). */
  hasSecret(name: string): boolean;
  /** A key-store entry exists (webhook HMAC secrets). */
  hasKey(ref: string): boolean;
  /** Whether a rule is (or, for a dry run, would be) enabled after install. */
  ruleEnabled(ref: string): boolean;
  /** Parameters of an action outside the pack (core), to know which ones are secret. */
  foreignParameters(ref: string): ParamSchema | null;
}

function preview(text: string, path: string | null): NonNullable<PackReport['actions'][number]['script']> {
  const lines = text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  return {
    path,
    first_lines: lines
      .slice(0, PREVIEW_LINES)
      .map((l) => (l.length > MAX_LINE ? `${l.slice(0, MAX_LINE)}…` : l)),
    total_lines: lines.length,
  };
}

function scriptPreview(a: ActionDef): PackReport['actions'][number]['script'] {
  if (a.script !== null) {
    const bytes = Buffer.from(a.script.bytes);
    // A binary would print as noise; say what it is instead.
    if (bytes.subarray(0, 8192).includes(0)) {
      return { path: a.script.path, first_lines: [`(binary file, ${bytes.length} bytes)`], total_lines: 0 };
    }
    return preview(bytes.toString('utf8'), a.script.path);
  }
  if (a.runner_type === 'http' || a.runner_type === 'builtin') return null;
  return preview(a.entry_point, null);
}

function runs(a: ActionDef): string {
  if (a.script !== null) return `${a.runner_type} ${a.script.path}`;
  if (a.runner_type === 'http') return 'an HTTP request built from its parameters (url, method, body…)';
  if (a.runner_type === 'builtin') return `the builtin "${a.entry_point}"`;
  return `an inline ${a.runner_type} script`;
}

/** Builds the report for a loaded (and possibly installed) pack. */
export function buildPackReport(i: ReportInput): PackReport {
  const { model } = i;
  const actions = new Map(model.actions.map((a) => [a.ref, a]));
  const secrets = secretFields(model.pack.conf_schema).map((name) => ({
    name,
    description: model.pack.conf_schema[name]?.description ?? '',
    provided: i.hasSecret(name),
  }));
  return {
    valid: i.valid,
    installed: i.installed,
    operation: i.operation,
    pack: {
      ref: model.pack.ref,
      label: model.pack.label,
      description: model.pack.description,
      version: model.pack.version,
      author: model.pack.author,
    },
    previous_version: i.previousVersion,
    path: i.path,
    problems: [...i.problems],
    warnings: [...i.warnings],
    actions: model.actions.map((a) => ({
      ref: a.ref,
      label: a.label,
      runner_type: a.runner_type,
      entry_point: a.entry_point,
      runs: runs(a),
      script: scriptPreview(a),
      timeout_seconds: a.timeout_seconds,
      secret_parameters: secretFields(a.parameters),
    })),
    triggers: model.triggers.map((t) => ({
      ref: t.ref,
      label: t.label,
      webhook_enabled: t.webhook_enabled,
      hmac_secret_ref: t.webhook_config.hmac_secret_ref,
      hmac_secret_missing:
        t.webhook_config.hmac_secret_ref !== null && !i.hasKey(t.webhook_config.hmac_secret_ref),
    })),
    rules: model.rules.map((r) => {
      const schema = actions.get(r.action_ref)?.parameters ?? i.foreignParameters(r.action_ref) ?? {};
      const params = { ...r.action_params };
      for (const name of secretFields(schema)) {
        const v = params[name];
        if (v !== undefined && !(typeof v === 'string' && v.includes('{{'))) params[name] = REDACTED;
      }
      return {
        ref: r.ref,
        label: r.label,
        enabled: i.ruleEnabled(r.ref),
        trigger_ref: r.trigger_ref,
        trigger_params: r.trigger_params,
        condition: r.conditions?.expression ?? null,
        action_ref: r.action_ref,
        action_params: params,
        conversion_problems: r.conversionProblems,
      };
    }),
    sensors: model.sensors.map((s) => ({
      ref: s.ref,
      runner_type: s.runner_type,
      entry_point: s.entry_point,
      trigger_types: s.trigger_types,
    })),
    secrets,
    missing_secrets: secrets.filter((s) => !s.provided).map((s) => s.name),
    removed: [...i.removed],
    previously_enabled: [...i.previouslyEnabled],
  };
}
