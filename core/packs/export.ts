/**
 * PackModel → pack folder or .tar.gz (docs/packs.md, "Exporting"). Deterministic: the same model always
 * gives the same bytes (fixed key orders and YAML formatting, files sorted by path, fixed tar
 * metadata), so export → load → export is byte-identical. Secret values are scrubbed first
 * (export-secrets.ts) and never reach a file.
 */
import { chmod, mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AttuneError } from '../model/errors.ts';
import { type SecretLookup, scrubSecrets } from './export-secrets.ts';
import { attuneRunnerName, shimBytes, shimName, shimRunner } from './export-shims.ts';
import {
  type ActionExportShape,
  actionYaml,
  packYaml,
  policyYaml,
  ruleYaml,
  sensorYaml,
  triggerYaml,
} from './export-yaml.ts';
import { type ActionDef, type PackModel, refName, sortModel } from './pack-model.ts';
import { renderReadme } from './readme.ts';
import { gzipDeterministic, type TarEntry, tarBytes } from './tar-writer.ts';

/** One file of an exported pack. */
export interface ExportedFile {
  /** Relative path with forward slashes. */
  path: string;
  bytes: Uint8Array;
  /** 0o755 for scripts, 0o644 otherwise. */
  mode: number;
}

const encoder = new TextEncoder();
const text = (s: string): Uint8Array => encoder.encode(s);

/** How an action is written for an Attune server, and the file that goes with it, if generated. */
function actionShape(
  a: ActionDef,
  taken: Set<string>,
): { shape: ActionExportShape; generated: ExportedFile | null } {
  const base = {
    parameter_delivery: a.parameter_delivery,
    parameter_format: a.parameter_format,
    output_format: a.output_format,
  };
  if (a.script !== null || a.runner_type === 'native') {
    return {
      shape: {
        ...base,
        runner_type: attuneRunnerName(a.runner_type),
        entry_point: a.entry_point,
        desktop: null,
      },
      generated: null,
    };
  }
  let file = shimName(a, refName(a.ref));
  for (let n = 2; taken.has(`actions/${file}`); n++) file = shimName(a, `${refName(a.ref)}-${n}`);
  taken.add(`actions/${file}`);
  const generated: ExportedFile = { path: `actions/${file}`, bytes: shimBytes(a), mode: 0o755 };
  const desktop: Record<string, unknown> = { runner_type: a.runner_type, entry_point: a.entry_point };
  if (a.runner_type === 'http' || a.runner_type === 'builtin') {
    // The stand-in reads JSON on stdin and prints JSON; our own settings ride in the block.
    Object.assign(desktop, base);
    return {
      shape: {
        runner_type: shimRunner(a),
        entry_point: file,
        parameter_delivery: 'stdin',
        parameter_format: 'json',
        output_format: 'json',
        desktop,
      },
      generated,
    };
  }
  return { shape: { ...base, runner_type: shimRunner(a), entry_point: file, desktop }, generated };
}

/** Export settings. */
export interface ExportOptions {
  /**
   * Finds actions outside the pack (core, installed packs), so a rule passing a literal to one
   * of their secret parameters is scrubbed too. Without it only the pack's own actions are known.
   */
  resolver?: SecretLookup;
}

/** Every file of the exported pack, sorted by path. Secrets are scrubbed before anything else. */
export function renderPackFiles(input: PackModel, options: ExportOptions = {}): ExportedFile[] {
  const model = scrubSecrets(input, options.resolver);
  // A model built in code may be in any order; the files and the README list must not be.
  sortModel(model);
  const files: ExportedFile[] = [];
  const add = (path: string, bytes: Uint8Array, mode = 0o644): void => {
    files.push({ path, bytes, mode });
  };
  add('pack.yaml', text(packYaml(model.pack)));
  add('README.md', text(renderReadme(model)));
  const taken = new Set<string>();
  for (const a of model.actions) if (a.script) taken.add(a.script.path);
  for (const t of model.triggers) add(`triggers/${refName(t.ref)}.yaml`, text(triggerYaml(t)));
  for (const a of model.actions) {
    const { shape, generated } = actionShape(a, taken);
    add(`actions/${refName(a.ref)}.yaml`, text(actionYaml(a, shape)));
    if (a.script) add(a.script.path, a.script.bytes, 0o755);
    if (generated) files.push(generated);
  }
  for (const s of model.sensors) {
    add(`sensors/${refName(s.ref)}.yaml`, text(sensorYaml(s)));
    if (s.script) add(s.script.path, s.script.bytes, 0o755);
  }
  for (const r of model.rules) add(`rules/${refName(r.ref)}.yaml`, text(ruleYaml(r)));
  for (const p of model.policies) add(`policies/${refName(p.ref)}.yaml`, text(policyYaml(p)));

  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // Two actions may share one script: the same path with the same bytes is one file.
  const unique: ExportedFile[] = [];
  for (const f of files) {
    const prev = unique.at(-1);
    if (prev === undefined || prev.path !== f.path) {
      unique.push(f);
    } else if (Buffer.compare(Buffer.from(prev.bytes), Buffer.from(f.bytes)) !== 0) {
      throw new AttuneError('CONFLICT', `two different exported files would both be ${f.path}`, {
        field: 'ref',
      });
    }
  }
  return unique;
}

/**
 * Writes the pack into `dir`, which must not exist or be empty (stale files would make the
 * folder differ from the model). Returns the relative paths written.
 */
export async function writePackFolder(
  model: PackModel,
  dir: string,
  options: ExportOptions = {},
): Promise<string[]> {
  const files = renderPackFiles(model, options);
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length > 0) {
    throw new AttuneError('CONFLICT', `${dir} is not empty; export writes into an empty folder`);
  }
  for (const f of files) {
    const full = join(dir, ...f.path.split('/'));
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, f.bytes, { flag: 'wx', mode: f.mode });
    await chmod(full, f.mode);
  }
  return files.map((f) => f.path);
}

/** The pack as .tar.gz bytes, pack.yaml at the root (what Attune's upload endpoint takes). */
export function packTarGz(model: PackModel, options: ExportOptions = {}): Uint8Array {
  const files = renderPackFiles(model, options);
  const dirs = new Set<string>();
  for (const f of files) {
    const parts = f.path.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(`${parts.slice(0, i).join('/')}/`);
  }
  const entries: TarEntry[] = [
    ...[...dirs].map((d) => ({ path: d, bytes: new Uint8Array(0), mode: 0o755 })),
    ...files,
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return new Uint8Array(gzipDeterministic(tarBytes(entries)));
}

/** Writes the pack as a .tar.gz file (replacing `file` if it exists). */
export async function writePackTarGz(
  model: PackModel,
  file: string,
  options: ExportOptions = {},
): Promise<void> {
  await writeFile(file, packTarGz(model, options));
}
