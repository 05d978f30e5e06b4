/**
 * The review report of an import (docs/packs.md, "Importing": "the user sees what each action will run before
 * enabling"): per action its runner, entry point and the first lines of the script; per rule
 * its trigger, condition and action; what a StackStorm rule lost in conversion; the secrets the
 * pack needs. Never a secret value: literals given to secret parameters are shown as ***. Script
 * lines show control characters written out (`\x1b`, `\r`, `\u202e`): a preview cannot hide a line.
 */
import type { PackReport } from '../../contract/packs.ts';
import type { JsonObject } from '../../model/entities.ts';
import { type ParamSchema, secretFields } from '../../model/param-schema.ts';
import { REDACTED } from '../../model/secret-values.ts';
import { visibleText } from '../../model/visible-text.ts';
import { packSecretRef } from '../../secrets/vault.ts';
import { getAction, getKey, getRule, type ReadHandle } from '../../store/index.ts';
import type { ActionDef, PackModel, PackProblem } from '../index.ts';

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
  /** Rules enabled before an upgrade and disabled by it: the pack's own and those below. */
  previouslyEnabled: readonly string[];
  /** Rules of other packs disabled because an action of this pack they use changed. */
  otherRulesDisabled: ReadonlyArray<{ ref: string; action_ref: string; reason: string }>;
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
    // Cut first, so an escape is never cut in half; escaped, so the line shows every byte.
    first_lines: lines
      .slice(0, PREVIEW_LINES)
      .map((l) => visibleText(l.length > MAX_LINE ? `${l.slice(0, MAX_LINE)}…` : l)),
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
    other_rules_disabled: i.otherRulesDisabled.map((r) => ({ ...r })),
  };
}

/** What an import knows when it reports; the rest is looked up in the store. */
export type StoreReportInput = Pick<
  ReportInput,
  'model' | 'operation' | 'problems' | 'warnings' | 'previousVersion' | 'path'
> &
  Partial<Pick<ReportInput, 'removed' | 'previouslyEnabled' | 'otherRulesDisabled'>> & {
    /** Secret values given with the import. */
    given: JsonObject;
  };

/** The report of an import, validation or reload, with secrets, keys and rules as the store has them. */
export function reportFromStore(read: ReadHandle, i: StoreReportInput): PackReport {
  const { model, operation, given } = i;
  const ref = model.pack.ref;
  return buildPackReport({
    removed: [],
    previouslyEnabled: [],
    otherRulesDisabled: [],
    ...i,
    valid: i.problems.length === 0,
    installed: operation !== 'validated',
    hasSecret: (name) =>
      Object.hasOwn(given, name) ||
      Object.hasOwn(model.secretConfig, name) ||
      getKey(read, packSecretRef(ref, name)) !== null,
    hasKey: (key) => getKey(read, key) !== null,
    ruleEnabled: (r) => (operation === 'validated' ? false : (getRule(read, r)?.enabled ?? false)),
    foreignParameters: (a) => getAction(read, a)?.parameters ?? null,
  });
}
