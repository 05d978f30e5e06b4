/**
 * What an upgrade changes under the rules of other packs (docs/packs.md, "Importing"). An upgrade
 * disables the pack's own rules for review; a rule of another pack that uses one of its actions
 * would otherwise run the new code unseen. So an action "changed" when what it runs or how it is
 * called differs: its runner, entry point, parameters or how they are delivered; for an action
 * that runs pack code (every runner but http and builtin), its script's bytes or mode, or any
 * other file of the pack apart from the entity definitions, since scripts run in the pack's
 * folder and can run or read whatever lies there. Rules of other packs using a changed action
 * are disabled in the upgrade's transaction and reported with the reason.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Action, Rule } from '../../model/entities.ts';
import { listAllRules, updateRule, type WriteHandle } from '../../store/index.ts';
import { canonicalJson } from '../../util/canonical-json.ts';
import type { ActionDef, PackModel } from '../index.ts';

/** A rule of another pack disabled by an upgrade, and why. */
export interface DisabledRule {
  ref: string;
  action_ref: string;
  reason: string;
  previous: Rule;
  rule: Rule;
}

/** Runners that run no file of the pack. */
const NO_PACK_CODE = new Set(['http', 'builtin']);
const KIND_FOLDERS = new Set(['triggers', 'actions', 'sensors', 'rules', 'policies']);
const DEFINITION_FILES = new Set(['pack.yaml', 'config.schema.yaml', 'README.md']);

/** Whether `rel` is an entity definition (read by the loader, compared field by field instead). */
function isDefinition(rel: string): boolean {
  if (DEFINITION_FILES.has(rel)) return true;
  const parts = rel.split('/');
  return parts.length === 2 && KIND_FOLDERS.has(parts[0]!) && /\.ya?ml$/.test(parts[1]!);
}

/** Every file under `dir`: relative path → digest of mode and bytes; null when `dir` is gone. */
function digests(dir: string | null): Map<string, string> | null {
  if (dir === null || !fs.existsSync(dir)) return null;
  const out = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(child);
      else if (e.isFile()) {
        const full = path.join(dir, child);
        const mode = fs.statSync(full).mode & 0o777;
        const hash = crypto.createHash('sha256').update(`${mode}\0`).update(fs.readFileSync(full));
        out.set(child, hash.digest('hex'));
      }
    }
  };
  walk('');
  return out;
}

function definitionChange(before: Action, after: ActionDef): string | null {
  if (before.runner_type !== after.runner_type) {
    return `its runner changed (${before.runner_type} → ${after.runner_type})`;
  }
  if (before.entry_point !== after.entry_point) {
    return after.script === null && !NO_PACK_CODE.has(after.runner_type)
      ? 'its inline script changed'
      : 'its entry point changed';
  }
  // Sorted keys: a schema read back from the store compares equal to the file's.
  if (canonicalJson(before.parameters) !== canonicalJson(after.parameters)) return 'its parameters changed';
  if (
    before.parameter_delivery !== after.parameter_delivery ||
    before.parameter_format !== after.parameter_format
  ) {
    return 'the way it receives its parameters changed';
  }
  return null;
}

/**
 * The actions of the new version that run something else than the installed ones, with the
 * reason; actions new in this version are left out (nothing outside the pack uses them yet).
 */
export function changedActions(
  installed: readonly Action[],
  oldDir: string | null,
  model: PackModel,
  newDir: string,
): Map<string, string> {
  const changed = new Map<string, string>();
  const previous = new Map(installed.map((a) => [a.ref, a]));
  let files: { before: Map<string, string> | null; after: Map<string, string> } | null = null;
  for (const action of model.actions) {
    const before = previous.get(action.ref);
    if (before === undefined) continue;
    const definition = definitionChange(before, action);
    if (definition !== null) {
      changed.set(action.ref, definition);
      continue;
    }
    if (NO_PACK_CODE.has(action.runner_type)) continue;
    files ??= { before: digests(oldDir), after: digests(newDir) ?? new Map() };
    const code = codeChange(action, files.before, files.after);
    if (code !== null) changed.set(action.ref, code);
  }
  return changed;
}

function codeChange(
  action: ActionDef,
  before: Map<string, string> | null,
  after: Map<string, string>,
): string | null {
  if (before === null) return "the previous version's files are gone, so nothing can be compared";
  const own = action.script?.path ?? null;
  if (own !== null && before.get(own) !== after.get(own)) return `its script ${own} changed`;
  const others = [...new Set([...before.keys(), ...after.keys()])]
    .filter((rel) => rel !== own && !isDefinition(rel) && before.get(rel) !== after.get(rel))
    .sort();
  if (others.length === 0) return null;
  const named = others.length === 1 ? others[0] : `${others[0]} and ${others.length - 1} more files`;
  return `${named} changed, and its ${own === null ? 'inline script' : 'script'} runs in the pack's folder where it can run or read them`;
}

/** Disables the enabled rules of packs other than `packRef` that use a changed action. */
export function disableRulesUsing(
  w: WriteHandle,
  packRef: string,
  changed: ReadonlyMap<string, string>,
  now: number,
): DisabledRule[] {
  if (changed.size === 0) return [];
  const out: DisabledRule[] = [];
  for (const previous of listAllRules(w, { enabled: true })) {
    const reason = changed.get(previous.action_ref);
    if (previous.pack_ref === packRef || reason === undefined) continue;
    const rule = updateRule(w, { ...previous, enabled: false }, now);
    out.push({ ref: previous.ref, action_ref: previous.action_ref, reason, previous, rule });
  }
  return out;
}
