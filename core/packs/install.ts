/**
 * Installing a validated PackModel into the store, in the caller's transaction (all or
 * nothing). Upgrading a pack replaces its triggers, actions and rules; entities the new version
 * no longer has are removed. Webhook keys and enablement of existing triggers survive upgrades;
 * a new trigger whose file says `webhook_enabled: true` gets its webhook (and a fresh key) at once,
 * so the URL exists by the time the user has reviewed and enabled the rules that use it.
 */
import crypto from 'node:crypto';
import type { JsonObject } from '../model/entities.ts';
import type { Vault } from '../secrets/vault.ts';
import { packSecretRef } from '../secrets/vault.ts';
import {
  deleteAction,
  deleteRule,
  deleteSensor,
  deleteTrigger,
  getRule,
  getSensor,
  getTrigger,
  insertRule,
  listActions,
  listAllRules,
  listSensors,
  listTriggers,
  updateRule,
  upsertAction,
  upsertPack,
  upsertSensor,
  upsertTrigger,
  type WriteHandle,
} from '../store/index.ts';
import type { PackModel } from './pack-model.ts';

export interface InstallOptions {
  /** Folder the pack's files live in (data folder copy, or the app's resources for core). */
  path: string | null;
  system: boolean;
  now: number;
  vault: Vault;
  /** Imported rules start disabled (docs/packs.md, "Importing"); the core pack has none. */
  enableRules: boolean;
  /**
   * Rules that already exist keep their enabled state (a reload of files the user edited in
   * place); new rules still follow `enableRules`, and a rule the new files disable stays off.
   */
  keepEnabled?: boolean;
  /** Values the user supplied for secret config fields at import. */
  secrets?: JsonObject;
}

export interface InstallSummary {
  pack: string;
  triggers: string[];
  actions: string[];
  rules: string[];
  removed: string[];
}

export function installPackModel(w: WriteHandle, model: PackModel, o: InstallOptions): InstallSummary {
  const ref = model.pack.ref;
  const { source: _s, meta: _m, ...meta } = model.pack;
  upsertPack(w, { ...meta, path: o.path, system: o.system }, o.now);

  const removed: string[] = [];
  const keepRules = new Set(model.rules.map((r) => r.ref));
  for (const r of listAllRules(w, { pack_ref: ref })) {
    if (keepRules.has(r.ref)) continue;
    deleteRule(w, r.ref);
    removed.push(r.ref);
  }
  for (const t of model.triggers) {
    const existing = getTrigger(w, t.ref);
    const { source: _src, ...def } = t;
    const webhookEnabled = existing ? existing.webhook_enabled : def.webhook_enabled;
    upsertTrigger(
      w,
      {
        ...def,
        webhook_enabled: webhookEnabled,
        webhook_key:
          existing?.webhook_key ?? (webhookEnabled ? crypto.randomBytes(24).toString('base64url') : null),
        webhook_config: existing?.webhook_config ?? def.webhook_config,
      },
      o.now,
    );
  }
  for (const a of model.actions) {
    const { source: _src, script: _script, ...def } = a;
    upsertAction(w, def, o.now);
  }
  for (const r of model.rules) {
    const { source: _src, conversionProblems: _p, ...def } = r;
    const existing = getRule(w, r.ref);
    const enabled =
      existing && o.keepEnabled ? existing.enabled && def.enabled : o.enableRules && def.enabled;
    const rule = { ...def, enabled };
    if (existing) updateRule(w, rule, o.now);
    else insertRule(w, rule, o.now);
  }
  const keepTriggers = new Set(model.triggers.map((t) => t.ref));
  for (const t of listTriggers(w, ref)) {
    if (keepTriggers.has(t.ref)) continue;
    deleteTrigger(w, t.ref);
    removed.push(t.ref);
  }
  const keepActions = new Set(model.actions.map((a) => a.ref));
  for (const a of listActions(w, ref)) {
    if (keepActions.has(a.ref)) continue;
    deleteAction(w, a.ref);
    removed.push(a.ref);
  }
  installSensors(w, model, o.now);
  for (const [name, value] of Object.entries({ ...model.secretConfig, ...(o.secrets ?? {}) })) {
    o.vault.putSecret(w, packSecretRef(ref, name), value, 'pack', ref, o.now);
  }
  return {
    pack: ref,
    triggers: model.triggers.map((t) => t.ref),
    actions: model.actions.map((a) => a.ref),
    rules: model.rules.map((r) => r.ref),
    removed,
  };
}

/**
 * The pack's sensors become sensor entities (docs/sensors.md); a sensor the user disabled stays
 * disabled across a reload. Built-in sensors (`internal://…`) are the engine's, never a file's.
 */
function installSensors(w: WriteHandle, model: PackModel, now: number): void {
  const keep = new Set(model.sensors.map((s) => s.ref));
  for (const s of listSensors(w, { pack_ref: model.pack.ref })) {
    if (!keep.has(s.ref) && !s.entrypoint.startsWith('internal://')) deleteSensor(w, s.ref);
  }
  for (const s of model.sensors) {
    const existing = getSensor(w, s.ref);
    upsertSensor(
      w,
      {
        ref: s.ref,
        pack_ref: s.pack_ref,
        label: s.label,
        description: s.description,
        entrypoint: s.entry_point,
        runner_type: s.runner_type,
        trigger_types: s.trigger_types,
        enabled: existing ? existing.enabled && s.enabled : s.enabled,
        config: s.config,
        param_schema: s.parameters,
      },
      now,
    );
  }
}
