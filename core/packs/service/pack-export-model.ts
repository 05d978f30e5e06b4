/**
 * Store → PackModel for export (docs/packs.md, "Exporting": "any set of rules, with the triggers/actions they need
 * that are not in core, becomes a pack"). Rules, triggers and actions come from the store (their
 * current state); scripts, sensors, policies, the README, pack metadata and each rule's declared
 * `enabled` come from the pack's installed folder. Entities of other packs that the exported
 * rules need are copied in and re-qualified with the exported pack's ref (refs inside condition
 * expressions and templates are text and stay as written).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Action, Pack, Rule, Trigger } from '../../model/entities.ts';
import { AttuneError, notFound } from '../../model/errors.ts';
import type { ParamSchema } from '../../model/param-schema.ts';
import { packOf, qualifyRef, USER_PACK } from '../../model/refs.ts';
import { webhookSecretRef } from '../../services/trigger-service.ts';
import {
  getAction,
  getPack,
  getRule,
  getTrigger,
  listActions,
  listAllRules,
  listTriggers,
  type Store,
} from '../../store/index.ts';
import {
  type ActionDef,
  emptyPackModel,
  formatProblem,
  labelFromName,
  type PackModel,
  type PolicyDef,
  type RuleDef,
  readPackFolder,
  refName,
  type ScriptFile,
  type SensorDef,
  sortModel,
  type TriggerDef,
} from '../index.ts';

export interface ExportSelection {
  rules?: readonly string[] | undefined;
  pack?: string | undefined;
  asPack?: string | undefined;
}

export interface ExportModel {
  model: PackModel;
  warnings: string[];
}

const MAX_SCRIPT_BYTES = 10 * 1_048_576;

/** Source ref → exported ref for one kind of entity; names stay, clashes get the source pack's name. */
class RefMap {
  private readonly taken = new Set<string>();
  private readonly map = new Map<string, string>();

  constructor(private readonly target: string) {}

  /** Assigns refs, entities already in the target pack first, so they keep their names. */
  assign(sources: Iterable<string>): void {
    const own = (r: string) => (packOf(r) === this.target ? 0 : 1);
    const sorted = [...new Set(sources)].sort((a, b) => own(a) - own(b) || (a < b ? -1 : a > b ? 1 : 0));
    for (const src of sorted) {
      if (this.map.has(src)) continue;
      if (packOf(src) === 'core') {
        this.map.set(src, src);
        continue;
      }
      const name = refName(src);
      let ref = `${this.target}.${name}`;
      if (this.taken.has(ref)) ref = `${this.target}.${packOf(src)}_${name}`;
      for (let n = 2; this.taken.has(ref); n++) ref = `${this.target}.${packOf(src)}_${name}_${n}`;
      this.taken.add(ref);
      this.map.set(src, ref);
    }
  }

  get(src: string): string {
    return this.map.get(src) ?? src;
  }
}

function omitTimes<T extends { created: string; updated: string }>(e: T): Omit<T, 'created' | 'updated'> {
  const { created: _c, updated: _u, ...rest } = e;
  return rest;
}

/** Reads the script an action's entry point names in its pack folder, when it names a file. */
function readScript(packPath: string, entry: string): ScriptFile | null {
  const ep = entry.trim();
  if (ep === '' || /\s/.test(ep) || ep.split('/').includes('..') || path.isAbsolute(ep)) return null;
  const actionsDir = path.join(packPath, 'actions');
  try {
    const real = fs.realpathSync(path.join(actionsDir, ep));
    if (!real.startsWith(fs.realpathSync(actionsDir) + path.sep)) return null;
    const info = fs.statSync(real);
    if (!info.isFile() || info.size > MAX_SCRIPT_BYTES) return null;
    return {
      path: `actions/${ep
        .split('/')
        .filter((s) => s !== '' && s !== '.')
        .join('/')}`,
      bytes: fs.readFileSync(real),
    };
  } catch {
    return null;
  }
}

/** Builds the model to export; throws NOT_FOUND / VALIDATION_ERROR naming the input field. */
export function buildExportModel(store: Store, sel: ExportSelection): ExportModel {
  const warnings: string[] = [];
  const read = store.read;
  const packRows = new Map<string, Pack | null>();
  const packRow = (ref: string): Pack | null => {
    if (!packRows.has(ref)) packRows.set(ref, getPack(read, ref));
    return packRows.get(ref) ?? null;
  };
  const folders = new Map<string, PackModel | null>();
  const folderOf = (ref: string): PackModel | null => {
    if (folders.has(ref)) return folders.get(ref) ?? null;
    const p = packRow(ref);
    let m: PackModel | null = null;
    if (p?.path && !p.system) {
      try {
        const loaded = readPackFolder(p.path);
        const first = loaded.problems[0];
        if (first)
          warnings.push(`the installed files of pack "${ref}" have problems (${formatProblem(first)})`);
        m = loaded.model;
      } catch (err) {
        warnings.push(`the installed files of pack "${ref}" cannot be read: ${(err as Error).message}`);
      }
    }
    folders.set(ref, m);
    return m;
  };

  const { rules, base, ownTriggers, ownActions } = select(store, sel);
  const target = sel.asPack ?? base?.ref ?? USER_PACK;
  if (target === 'core') {
    throw new AttuneError('VALIDATION_ERROR', 'as_pack: "core" is the built-in pack; choose another ref', {
      field: 'as_pack',
    });
  }

  const triggerRows = new Map<string, Trigger>(ownTriggers.map((t) => [t.ref, t]));
  const actionRows = new Map<string, Action>(ownActions.map((a) => [a.ref, a]));
  for (const r of rules) {
    if (packOf(r.trigger_ref) !== 'core' && !triggerRows.has(r.trigger_ref)) {
      const t = getTrigger(read, r.trigger_ref);
      if (t) triggerRows.set(t.ref, t);
    }
    if (packOf(r.action_ref) !== 'core' && !actionRows.has(r.action_ref)) {
      const a = getAction(read, r.action_ref);
      if (a) actionRows.set(a.ref, a);
    }
  }

  const triggerMap = new RefMap(target);
  triggerMap.assign(triggerRows.keys());
  const actionMap = new RefMap(target);
  actionMap.assign(actionRows.keys());
  const ruleMap = new RefMap(target);
  ruleMap.assign(rules.map((r) => r.ref));

  const model = emptyPackModel(target);
  model.triggers = [...triggerRows.values()].map((t): TriggerDef => {
    const { webhook_key: _key, ...rest } = omitTimes(t);
    const ref = triggerMap.get(t.ref);
    const hmac = t.webhook_config.hmac_secret_ref;
    // The webhook's own secret entry follows the trigger's new name, and so does any ref outside
    // the exported pack's namespace, which an import would refuse; refs inside it stay.
    const hmacRef =
      hmac === null || (hmac.startsWith(`${target}.`) && hmac !== webhookSecretRef(t.ref))
        ? hmac
        : webhookSecretRef(ref);
    return {
      ...rest,
      ref,
      pack_ref: target,
      webhook_config: { ...t.webhook_config, hmac_secret_ref: hmacRef },
      source: null,
    };
  });

  const scriptOwners = new Map<string, { bytes: Uint8Array; pack: string }>();
  const sortedActions = [...actionRows.values()].sort(
    (a, b) => (a.pack_ref === target ? 0 : 1) - (b.pack_ref === target ? 0 : 1) || (a.ref < b.ref ? -1 : 1),
  );
  model.actions = sortedActions.map((a): ActionDef => {
    const def: ActionDef = {
      ...omitTimes(a),
      ref: actionMap.get(a.ref),
      pack_ref: target,
      script: scriptOf(a, folderOf(a.pack_ref), packRow(a.pack_ref)),
      source: null,
    };
    if (def.script) {
      const owner = scriptOwners.get(def.script.path);
      if (owner && Buffer.compare(Buffer.from(owner.bytes), Buffer.from(def.script.bytes)) !== 0) {
        // Two packs' scripts share a path: the copied one moves into a folder named after its pack.
        const entry = `${a.pack_ref}/${def.script.path.slice('actions/'.length)}`;
        def.entry_point = entry;
        def.script = { path: `actions/${entry}`, bytes: def.script.bytes };
      }
      scriptOwners.set(def.script.path, { bytes: def.script.bytes, pack: a.pack_ref });
    }
    return def;
  });

  model.rules = rules.map(
    (r): RuleDef => ({
      ...omitTimes(r),
      ref: ruleMap.get(r.ref),
      pack_ref: target,
      trigger_ref: triggerMap.get(r.trigger_ref),
      action_ref: actionMap.get(r.action_ref),
      // What the pack's author declared; this machine's on/off switch is not part of a definition.
      enabled: folderOf(r.pack_ref)?.rules.find((x) => x.ref === r.ref)?.enabled ?? r.enabled,
      conversionProblems: [],
      source: null,
    }),
  );

  const sourcePacks = [
    ...new Set([
      ...(base ? [base.ref] : []),
      ...[...triggerRows.values(), ...actionRows.values(), ...rules].map((e) => e.pack_ref).sort(),
    ]),
  ];
  model.sensors = sensorsFor(sourcePacks.map(folderOf), triggerRows, triggerMap, target, warnings);
  if (sel.pack !== undefined && base) {
    const policyMap = new RefMap(target);
    const policies = folderOf(base.ref)?.policies ?? [];
    policyMap.assign(policies.map((p) => p.ref));
    model.policies = policies.map(
      (p): PolicyDef => ({
        ...p,
        ref: policyMap.get(p.ref),
        pack_ref: target,
        action_ref: p.action_ref === null ? null : actionMap.get(p.action_ref),
        source: null,
      }),
    );
  }

  const conf: ParamSchema = {};
  const config: Record<string, unknown> = {};
  for (const ref of sourcePacks) {
    const p = packRow(ref);
    if (!p || p.system) continue;
    for (const [k, v] of Object.entries(p.conf_schema)) if (!Object.hasOwn(conf, k)) conf[k] = v;
    for (const [k, v] of Object.entries(p.config)) if (!Object.hasOwn(config, k)) config[k] = v;
  }
  const same = base?.ref === target;
  const baseFolder = base ? folderOf(base.ref) : null;
  model.pack = {
    ...model.pack,
    label: same && base ? base.label : labelFromName(target),
    description: base?.description ?? '',
    version: base?.version ?? '1.0.0',
    author: base?.author ?? null,
    conf_schema: conf,
    config,
    dependencies: (base?.dependencies ?? []).filter((d) => d === 'core' || !sourcePacks.includes(d)),
    tags: [...(base?.tags ?? [])],
    meta: baseFolder?.pack.meta ?? {},
  };
  model.readme = same ? (baseFolder?.readme ?? null) : null;
  sortModel(model);
  return { model, warnings };
}

interface Selected {
  rules: Rule[];
  /** The pack whose metadata the export starts from: the pack exported, or the rules' one pack. */
  base: Pack | null;
  ownTriggers: Trigger[];
  ownActions: Action[];
}

function select(store: Store, sel: ExportSelection): Selected {
  const read = store.read;
  if (sel.pack !== undefined && sel.rules !== undefined) {
    throw new AttuneError('VALIDATION_ERROR', 'rules: give either rules or pack, not both', {
      field: 'rules',
    });
  }
  if (sel.pack !== undefined) {
    const base = getPack(read, sel.pack);
    if (!base) throw notFound('pack', sel.pack);
    if (base.system) {
      throw new AttuneError(
        'VALIDATION_ERROR',
        `pack: "${base.ref}" ships with Attune Desktop and is not exported; export the rules that use it`,
        { field: 'pack' },
      );
    }
    return {
      rules: listAllRules(read, { pack_ref: base.ref }),
      base,
      ownTriggers: listTriggers(read, base.ref),
      ownActions: listActions(read, base.ref),
    };
  }
  if (sel.rules === undefined || sel.rules.length === 0) {
    throw new AttuneError('VALIDATION_ERROR', 'rules: give the rules to export, or a pack', {
      field: 'rules',
    });
  }
  const rules = new Map<string, Rule>();
  sel.rules.forEach((given, i) => {
    const field = `rules.${i}`;
    const ref = qualifyRef(given, USER_PACK, field);
    const rule = getRule(read, ref);
    if (!rule) throw new AttuneError('NOT_FOUND', `${field}: rule "${ref}" not found`, { field });
    rules.set(ref, rule);
  });
  const packs = new Set([...rules.values()].map((r) => r.pack_ref));
  const only = packs.size === 1 ? getPack(read, [...packs][0]!) : null;
  return { rules: [...rules.values()], base: only, ownTriggers: [], ownActions: [] };
}

/** The script of an action: from the installed folder's model, else read from the folder. */
function scriptOf(a: Action, folder: PackModel | null, pack: Pack | null): ScriptFile | null {
  if (a.runner_type === 'http' || a.runner_type === 'builtin') return null;
  const declared = folder?.actions.find((x) => x.ref === a.ref);
  if (declared && declared.entry_point === a.entry_point) return declared.script;
  return pack?.path ? readScript(pack.path, a.entry_point) : null;
}

/** Sensors that feed an exported trigger, with their trigger types re-qualified. */
function sensorsFor(
  folders: ReadonlyArray<PackModel | null>,
  triggers: ReadonlyMap<string, Trigger>,
  map: RefMap,
  target: string,
  warnings: string[],
): SensorDef[] {
  const picked = folders.flatMap((f) =>
    (f?.sensors ?? []).filter((s) => s.trigger_types.some((t) => triggers.has(t))),
  );
  const sensorMap = new RefMap(target);
  sensorMap.assign(picked.map((s) => s.ref));
  return picked.map((s) => {
    const kept = s.trigger_types.filter((t) => triggers.has(t) || packOf(t) === 'core');
    if (kept.length < s.trigger_types.length) {
      warnings.push(`sensor ${s.ref}: trigger types outside the export are left out`);
    }
    return {
      ...s,
      ref: sensorMap.get(s.ref),
      pack_ref: target,
      trigger_types: kept.map((t) => map.get(t)),
      source: null,
    };
  });
}
