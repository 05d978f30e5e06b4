/**
 * actions/<name>.yaml → ActionDef (without the script's bytes, which load.ts reads). Accepts
 * `entrypoint`, `parameters_schema`, `output_schema`, `timeout`, and StackStorm/Attune runner
 * names; reads back the `attune_desktop` block export writes for runners an Attune server lacks.
 */
import { type JsonObject, RUNNER_TYPES, type RunnerType } from '../model/entities.ts';
import { RUNNER_ALIASES } from './aliases.ts';
import { classifyEntryPoint } from './entry-point.ts';
import { type FieldReader, isObject } from './field-reader.ts';
import {
  entityHeader,
  entitySource,
  type NormalizeContext,
  readEntityRef,
  readEntryPoint,
  readRetry,
  requireMapping,
} from './normalize-common.ts';
import { ACTION_DEFAULTS, type ActionDef } from './pack-model.ts';
import type { YamlFile } from './yaml-source.ts';

/** Key of the block export adds when the Attune-facing runner differs from ours. */
export const DESKTOP_KEY = 'attune_desktop';

/** Action keys an Attune server or StackStorm reads that mean nothing here. */
const FOREIGN_KEYS = [
  'tags',
  'examples',
  'log_retention_policy',
  'log_retention_limit',
  'artifact_retention_policy',
  'artifact_retention_limit',
  'runtime_version',
  'required_worker_runtimes',
  'worker_selector',
  'worker_tolerations',
  'worker_affinity',
  'accesses_mcp',
  'default_execution_permission_set_refs',
  'reference_visibility',
  'reference_allowed_pack_refs',
  'notify',
];

const WORKFLOW_RUNNERS = new Set([
  'orquesta',
  'action-chain',
  'mistral-v2',
  'mistral',
  'workflow',
  'inquirer',
]);

/** An action read from its file; `scriptPath` is the pack file load.ts must read, if any. */
export interface NormalizedAction {
  def: ActionDef;
  scriptPath: string | null;
}

/** Reads one action file; problems go to the context's sink. Null when the file is unusable. */
export function normalizeAction(yaml: YamlFile, ctx: NormalizeContext): NormalizedAction | null {
  const r = requireMapping(yaml, ctx.sink, 'action');
  if (r === null) return null;
  const rawRunner = typeof r.obj['runner_type'] === 'string' ? r.obj['runner_type'].trim().toLowerCase() : '';
  if (Object.hasOwn(r.obj, 'workflow_file') || WORKFLOW_RUNNERS.has(rawRunner)) {
    r.warn('runner_type', 'workflow actions are not supported yet; this action is skipped', []);
    return null;
  }
  const id = readEntityRef(r, ctx, 'action');
  if (id === null) return null;
  const desktop = readDesktopBlock(r);

  let runner: RunnerType;
  let entry: string;
  let entryKey = 'entry_point';
  let generatedEntry = false;
  if (desktop !== null) {
    r.consume('runner_type', 'entry_point', 'entrypoint');
    // The block's values win over the ones written for an Attune server.
    for (const [key, value] of Object.entries(desktop.overrides)) {
      r.obj[key] = value;
      ctx.sources.alias(yaml.file, key, [DESKTOP_KEY, key]);
    }
    runner = desktop.runner;
    entry = desktop.entry;
    generatedEntry = true;
    ctx.sources.alias(yaml.file, 'runner_type', [DESKTOP_KEY, 'runner_type']);
    ctx.sources.alias(yaml.file, 'entry_point', [DESKTOP_KEY, 'entry_point']);
  } else {
    runner = r.oneOf(['runner_type'], RUNNER_TYPES, 'shell', RUNNER_ALIASES);
    ({ entry, key: entryKey } = readEntryPoint(r, ctx));
  }

  const parameters = r.paramSchema(['parameters', 'parameters_schema']);
  if (!Object.hasOwn(r.obj, 'parameters') && Object.hasOwn(r.obj, 'parameters_schema')) {
    ctx.sources.alias(yaml.file, 'parameters', ['parameters_schema']);
  }
  // StackStorm's local-shell-cmd runs its `cmd` parameter; that is an inline script here.
  const cmdDefault = parameters['cmd']?.default;
  if (entry === '' && rawRunner === 'local-shell-cmd' && typeof cmdDefault === 'string') {
    entry = cmdDefault;
    r.warn('entry_point', 'the default of parameter "cmd" becomes the inline script', 'runner_type');
  }

  let scriptPath: string | null = null;
  if (!generatedEntry) {
    const kind = classifyEntryPoint(entry, 'actions', runner, (p) => ctx.files.has(p));
    if (kind.kind === 'error') r.error('entry_point', kind.message, entryKey);
    if (kind.kind === 'file') scriptPath = kind.path;
  }
  if (runner === 'builtin' && entry.trim() === '') {
    r.error('entry_point', "is required for a builtin action: the builtin's name");
  }

  const output = r.paramSchema(['output', 'output_schema']);
  const parameterDelivery = readDelivery(r);
  const parameterFormat = r.oneOf(
    ['parameter_format'],
    ['json', 'dotenv', 'yaml'] as const,
    ACTION_DEFAULTS.parameter_format,
  );
  const outputFormat = r.oneOf(
    ['output_format'],
    ['text', 'json', 'yaml', 'jsonl'] as const,
    ACTION_DEFAULTS.output_format,
  );
  const timeout =
    r.number(['timeout_seconds', 'timeout'], ACTION_DEFAULTS.timeout_seconds, { integer: true, min: 1 }) ??
    ACTION_DEFAULTS.timeout_seconds;
  if (!Object.hasOwn(r.obj, 'timeout_seconds') && Object.hasOwn(r.obj, 'timeout')) {
    ctx.sources.alias(yaml.file, 'timeout_seconds', ['timeout']);
  }
  const def: ActionDef = {
    ...entityHeader(r, ctx, id),
    runner_type: runner,
    entry_point: entry,
    parameters,
    output,
    parameter_delivery: parameterDelivery,
    parameter_format: parameterFormat,
    output_format: outputFormat,
    timeout_seconds: timeout,
    retry: readRetry(r),
    enabled: r.bool(['enabled'], true),
    script: null,
    source: entitySource(yaml),
  };
  r.consume(...FOREIGN_KEYS);
  r.reportUnknownKeys('action');
  return { def, scriptPath };
}

/** `env` delivery (Attune's default) would put secrets in the environment; we use stdin. */
function readDelivery(r: FieldReader): 'stdin' | 'file' {
  if (r.obj['parameter_delivery'] === 'env') {
    r.consume('parameter_delivery');
    r.warn(
      'parameter_delivery',
      '"env" is not supported (parameters never go in the environment); stdin is used',
    );
    return 'stdin';
  }
  return r.oneOf(['parameter_delivery'], ['stdin', 'file'] as const, ACTION_DEFAULTS.parameter_delivery);
}

/**
 * Fields the `attune_desktop` block may hold besides `runner_type` and `entry_point`: ours,
 * where the Attune-facing ones differ.
 */
const DESKTOP_OVERRIDES = ['parameter_delivery', 'parameter_format', 'output_format'] as const;

/**
 * The `attune_desktop` block export writes, when present and well formed. Its fields replace the
 * top-level ones, which were written for an Attune server.
 */
function readDesktopBlock(
  r: FieldReader,
): { runner: RunnerType; entry: string; overrides: JsonObject } | null {
  const found = r.pick([DESKTOP_KEY]);
  if (found === null) return null;
  if (!isObject(found.value)) {
    r.error(DESKTOP_KEY, 'must be a mapping {runner_type, entry_point, ...}');
    return null;
  }
  const sub = r.child(found.key, found.value as JsonObject);
  const runner = sub.oneOf(['runner_type'], RUNNER_TYPES, 'shell', RUNNER_ALIASES);
  const entry = sub.string(['entry_point'], '');
  const overrides: JsonObject = {};
  for (const key of DESKTOP_OVERRIDES) {
    if (Object.hasOwn(found.value, key)) {
      overrides[key] = found.value[key];
      sub.consume(key);
    }
  }
  sub.reportUnknownKeys(DESKTOP_KEY);
  return { runner, entry, overrides };
}
