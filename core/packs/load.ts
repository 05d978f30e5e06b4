/**
 * Reads a pack folder into a PackModel (docs/packs.md). Every file is read and every problem is
 * collected with its file, line and field; nothing here touches a store. Scripts are read into
 * memory once, through checks that keep them inside the pack (no `..`, no absolute path, no
 * symlink leading out), so install and export never look at the folder again.
 */
import { type Dirent, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { normalizeAction } from './normalize-action.ts';
import type { NormalizeContext } from './normalize-common.ts';
import { normalizePackYaml } from './normalize-pack.ts';
import { normalizePolicy } from './normalize-policy.ts';
import { normalizeRule } from './normalize-rule.ts';
import { normalizeSensor } from './normalize-sensor.ts';
import { normalizeTrigger } from './normalize-trigger.ts';
import { emptyPackModel, type PackModel, type ScriptFile, sortModel } from './pack-model.ts';
import { type PackProblem, ProblemSink } from './problems.ts';
import { userReadme } from './readme.ts';
import { PackSourceMap } from './source-map.ts';
import { type ValidateOptions, type ValidationResult, validatePack } from './validate.ts';
import { parseYamlFile, type YamlFile } from './yaml-source.ts';

/** Limits that keep a hostile folder from exhausting memory. */
export interface LoadLimits {
  /** Largest YAML or README file read (default 1 MiB). */
  maxYamlBytes: number;
  /** Largest script read (default 10 MiB). */
  maxScriptBytes: number;
  /** Most files looked at under actions/ and sensors/ (default 10 000). */
  maxFiles: number;
}

export const DEFAULT_LOAD_LIMITS: LoadLimits = {
  maxYamlBytes: 1_048_576,
  maxScriptBytes: 10 * 1_048_576,
  maxFiles: 10_000,
};

/** A read pack: the model, what went wrong so far, and where everything was written. */
export interface LoadedPack {
  model: PackModel;
  /** Errors found while reading; `validatePack` adds the cross-file ones. */
  problems: PackProblem[];
  warnings: PackProblem[];
  sources: PackSourceMap;
  /** The folder read (resolved). */
  dir: string;
}

const KIND_FOLDERS = ['triggers', 'actions', 'sensors', 'rules', 'policies'] as const;
const SCRIPT_FOLDERS = ['actions', 'sensors'] as const;

/**
 * Reads and validates the pack in `dir`: `{ok: true, model, warnings}` or `{ok: false, problems}`
 * (see validate.ts). What import and the engine's core-pack install call.
 */
export function loadPackFolder(
  dir: string,
  options: ValidateOptions & { limits?: Partial<LoadLimits> } = {},
): ValidationResult {
  return validatePack(readPackFolder(dir, options.limits), options);
}

/**
 * Reads the pack in `dir` without the cross-file checks. Synchronous: packs are small and
 * capped, and the engine loads the core pack at start. Never throws for a problem in the pack;
 * only when `dir` cannot be resolved.
 */
export function readPackFolder(dir: string, limits: Partial<LoadLimits> = {}): LoadedPack {
  const lim = { ...DEFAULT_LOAD_LIMITS, ...limits };
  const root = realpathSync(dir);
  const sink = new ProblemSink();
  const sources = new PackSourceMap();
  const fail = (file: string, field: string, message: string): void =>
    sink.error({ file, line: 1, column: 1, field, message });

  const files = new Set<string>();
  for (const folder of SCRIPT_FOLDERS) walk(root, folder, files, lim.maxFiles, fail);

  const readYaml = (rel: string): YamlFile | null => {
    const bytes = readInside(root, rel, lim.maxYamlBytes, (m) => fail(rel, '', m));
    if (bytes === null) return null;
    const yaml = parseYamlFile(rel, Buffer.from(bytes).toString('utf8'), sink);
    if (yaml !== null) sources.addFile(yaml);
    return yaml;
  };

  if (!isFile(join(root, 'pack.yaml'))) {
    fail('pack.yaml', '', 'pack.yaml not found: a pack folder has pack.yaml at its root');
    return { model: emptyPackModel(''), problems: sink.errors, warnings: sink.warnings, sources, dir: root };
  }
  const packYaml = readYaml('pack.yaml');
  const schemaYaml = isFile(join(root, 'config.schema.yaml')) ? readYaml('config.schema.yaml') : null;
  const packMeta = packYaml === null ? null : normalizePackYaml(packYaml, sink, schemaYaml);
  const model = emptyPackModel(packMeta?.meta.ref ?? '');
  if (packMeta !== null) {
    model.pack = packMeta.meta;
    model.secretConfig = packMeta.secretConfig;
  }
  const ctx: NormalizeContext = { packRef: model.pack.ref, sink, sources, files };

  const yamlFiles = new Map<string, string[]>();
  for (const folder of KIND_FOLDERS) yamlFiles.set(folder, listYaml(root, folder));
  // A script problem is reported where the entry point is written, not in the script.
  const readScript = (path: string | null, yaml: YamlFile): ScriptFile | null => {
    if (path === null) return null;
    const bytes = readInside(root, path, lim.maxScriptBytes, (message) =>
      sink.error({
        file: yaml.file,
        ...sources.position(yaml.file, 'entry_point'),
        field: 'entry_point',
        message,
      }),
    );
    return bytes === null ? null : { path, bytes };
  };

  for (const rel of yamlFiles.get('triggers')!) {
    const y = readYaml(rel);
    const t = y && normalizeTrigger(y, ctx);
    if (t) model.triggers.push(t);
  }
  for (const rel of yamlFiles.get('actions')!) {
    const y = readYaml(rel);
    const a = y && normalizeAction(y, ctx);
    if (a) model.actions.push({ ...a.def, script: readScript(a.scriptPath, y) });
  }
  for (const rel of yamlFiles.get('sensors')!) {
    const y = readYaml(rel);
    const s = y && normalizeSensor(y, ctx);
    if (!s) continue;
    model.sensors.push({ ...s.def, script: readScript(s.scriptPath, y) });
    model.triggers.push(...s.triggers);
  }
  for (const rel of yamlFiles.get('rules')!) {
    const y = readYaml(rel);
    const r = y && normalizeRule(y, ctx);
    if (!r) continue;
    model.rules.push(r.rule);
    // One webhook trigger per URL, however many StackStorm rules share it.
    if (r.trigger && !model.triggers.some((t) => t.ref === r.trigger!.ref)) model.triggers.push(r.trigger);
  }
  for (const rel of yamlFiles.get('policies')!) {
    const y = readYaml(rel);
    const p = y && normalizePolicy(y, ctx);
    if (p) model.policies.push(p);
  }
  if (isFile(join(root, 'README.md'))) {
    const bytes = readInside(root, 'README.md', lim.maxYamlBytes, (m) => fail('README.md', '', m));
    if (bytes !== null) model.readme = userReadme(Buffer.from(bytes).toString('utf8'), model.pack);
  }
  sortModel(model);
  return { model, problems: sink.errors, warnings: sink.warnings, sources, dir: root };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** `folder/*.yaml` and `*.yml`, sorted; a missing folder has none. */
function listYaml(root: string, folder: string): string[] {
  try {
    const entries = readdirSync(join(root, folder), { withFileTypes: true });
    return entries
      .filter((e) => (e.isFile() || e.isSymbolicLink()) && /\.ya?ml$/.test(e.name))
      .map((e) => `${folder}/${e.name}`)
      .sort();
  } catch {
    return [];
  }
}

/** Every file and symlink under `folder`, as relative paths (symlinked folders are not entered). */
function walk(
  root: string,
  folder: string,
  out: Set<string>,
  max: number,
  fail: (file: string, field: string, message: string) => void,
): void {
  const queue = [folder];
  while (queue.length > 0) {
    const rel = queue.shift()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) queue.push(child);
      else if (e.isFile() || e.isSymbolicLink()) out.add(child);
      if (out.size > max) {
        fail(folder, '', `more than ${max} files under ${folder}/`);
        return;
      }
    }
  }
}

/**
 * Reads `rel` if it resolves to a regular file inside `root` and is at most `max` bytes;
 * reports why not otherwise.
 */
function readInside(
  root: string,
  rel: string,
  max: number,
  fail: (message: string) => void,
): Uint8Array | null {
  const full = join(root, rel);
  let real: string;
  try {
    real = realpathSync(full);
  } catch {
    fail(`${rel} cannot be read (missing, or a broken symlink)`);
    return null;
  }
  if (real !== full && !real.startsWith(root + sep)) {
    fail(`${rel} is a symlink leading outside the pack`);
    return null;
  }
  const info = lstatSync(real);
  if (!info.isFile()) {
    fail(`${rel} is not a regular file`);
    return null;
  }
  if (info.size > max) {
    fail(`${rel} is ${info.size} bytes; the limit is ${max}`);
    return null;
  }
  return new Uint8Array(readFileSync(real));
}
