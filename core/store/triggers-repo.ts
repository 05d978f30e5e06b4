/** Triggers (event types), including webhook settings. */
import { DEFAULT_WEBHOOK_CONFIG, type Trigger, type WebhookConfig } from '../model/entities.ts';
import { bool, fromJson, iso, toJson } from './codec.ts';
import type { ReadHandle, WriteHandle } from './handles.ts';

interface TriggerRow {
  id: number;
  ref: string;
  pack_ref: string;
  label: string;
  description: string;
  param_schema: string;
  out_schema: string;
  enabled: number;
  webhook_enabled: number;
  webhook_key: string | null;
  webhook_config: string;
  created: number;
  updated: number;
}

export { DEFAULT_WEBHOOK_CONFIG };

function toTrigger(r: TriggerRow): Trigger {
  return {
    id: r.id,
    ref: r.ref,
    pack_ref: r.pack_ref,
    label: r.label,
    description: r.description,
    param_schema: fromJson(r.param_schema, {}),
    out_schema: fromJson(r.out_schema, {}),
    enabled: bool(r.enabled),
    webhook_enabled: bool(r.webhook_enabled),
    webhook_key: r.webhook_key,
    webhook_config: { ...DEFAULT_WEBHOOK_CONFIG, ...fromJson<Partial<WebhookConfig>>(r.webhook_config, {}) },
    created: iso(r.created),
    updated: iso(r.updated),
  };
}

export type TriggerInput = Omit<Trigger, 'id' | 'created' | 'updated'>;

export function getTrigger(h: ReadHandle, ref: string): Trigger | null {
  const r = h.stmt('SELECT * FROM triggers WHERE ref = ?').get(ref) as TriggerRow | undefined;
  return r ? toTrigger(r) : null;
}

export function getTriggerByWebhookKey(h: ReadHandle, key: string): Trigger | null {
  const r = h
    .stmt('SELECT * FROM triggers WHERE webhook_key = ? AND webhook_enabled = 1 AND enabled = 1')
    .get(key) as TriggerRow | undefined;
  return r ? toTrigger(r) : null;
}

export function listTriggers(h: ReadHandle, packRef?: string): Trigger[] {
  const rows = packRef
    ? (h.stmt('SELECT * FROM triggers WHERE pack_ref = ? ORDER BY ref').all(packRef) as TriggerRow[])
    : (h.stmt('SELECT * FROM triggers ORDER BY ref').all() as TriggerRow[]);
  return rows.map(toTrigger);
}

export function upsertTrigger(w: WriteHandle, t: TriggerInput, now: number): Trigger {
  w.stmt(
    `INSERT INTO triggers (ref, pack_ref, label, description, param_schema, out_schema, enabled, webhook_enabled, webhook_key, webhook_config, created, updated)
     VALUES (@ref, @pack_ref, @label, @description, @param_schema, @out_schema, @enabled, @webhook_enabled, @webhook_key, @webhook_config, @now, @now)
     ON CONFLICT(ref) DO UPDATE SET pack_ref=excluded.pack_ref, label=excluded.label, description=excluded.description,
       param_schema=excluded.param_schema, out_schema=excluded.out_schema, enabled=excluded.enabled,
       webhook_enabled=excluded.webhook_enabled, webhook_key=excluded.webhook_key, webhook_config=excluded.webhook_config,
       updated=excluded.updated`,
  ).run({
    ref: t.ref,
    pack_ref: t.pack_ref,
    label: t.label,
    description: t.description,
    param_schema: toJson(t.param_schema),
    out_schema: toJson(t.out_schema),
    enabled: t.enabled ? 1 : 0,
    webhook_enabled: t.webhook_enabled ? 1 : 0,
    webhook_key: t.webhook_key,
    webhook_config: toJson(t.webhook_config),
    now,
  });
  return getTrigger(w, t.ref) as Trigger;
}

export function deleteTrigger(w: WriteHandle, ref: string): boolean {
  return w.stmt('DELETE FROM triggers WHERE ref = ?').run(ref).changes > 0;
}
