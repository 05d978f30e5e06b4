/**
 * Sensors (docs/sensors.md) and the process groups of the pack sensors that run now, kept so a
 * start after a crash can stop what the previous process left behind.
 */
import type { SensorEntity } from '../model/entities.ts';
import { bool, fromJson, iso, toJson } from './codec.ts';
import type { ReadHandle, WriteHandle } from './handles.ts';

interface SensorRow {
  id: number;
  ref: string;
  pack_ref: string;
  label: string;
  description: string;
  entrypoint: string;
  runner_type: string;
  trigger_types: string;
  enabled: number;
  config: string;
  param_schema: string;
  created: number;
  updated: number;
}

function toSensor(r: SensorRow): SensorEntity {
  return {
    id: r.id,
    ref: r.ref,
    pack_ref: r.pack_ref,
    label: r.label,
    description: r.description,
    entrypoint: r.entrypoint,
    runner_type: r.runner_type,
    trigger_types: fromJson(r.trigger_types, []),
    enabled: bool(r.enabled),
    config: fromJson(r.config, {}),
    param_schema: fromJson(r.param_schema, {}),
    created: iso(r.created),
    updated: iso(r.updated),
  };
}

export type SensorInput = Omit<SensorEntity, 'id' | 'created' | 'updated'>;

export function getSensor(h: ReadHandle, ref: string): SensorEntity | null {
  const r = h.stmt('SELECT * FROM sensors WHERE ref = ?').get(ref) as SensorRow | undefined;
  return r ? toSensor(r) : null;
}

export interface SensorFilter {
  pack_ref?: string | undefined;
  trigger_ref?: string | undefined;
  enabled?: boolean | undefined;
}

/** Every sensor passing the filter, by ref (a machine has tens, not thousands). */
export function listSensors(h: ReadHandle, f: SensorFilter = {}): SensorEntity[] {
  const rows = h.stmt('SELECT * FROM sensors ORDER BY ref').all() as SensorRow[];
  return rows
    .map(toSensor)
    .filter(
      (s) =>
        (f.pack_ref === undefined || s.pack_ref === f.pack_ref) &&
        (f.enabled === undefined || s.enabled === f.enabled) &&
        (f.trigger_ref === undefined || s.trigger_types.includes(f.trigger_ref)),
    );
}

/** Inserts or replaces by ref; the id and `created` of an existing sensor are kept. */
export function upsertSensor(w: WriteHandle, s: SensorInput, now: number): SensorEntity {
  w.stmt(
    `INSERT INTO sensors (ref, pack_ref, label, description, entrypoint, runner_type, trigger_types, enabled, config, param_schema, created, updated)
     VALUES (@ref, @pack_ref, @label, @description, @entrypoint, @runner_type, @trigger_types, @enabled, @config, @param_schema, @now, @now)
     ON CONFLICT(ref) DO UPDATE SET pack_ref=excluded.pack_ref, label=excluded.label, description=excluded.description,
       entrypoint=excluded.entrypoint, runner_type=excluded.runner_type, trigger_types=excluded.trigger_types,
       enabled=excluded.enabled, config=excluded.config, param_schema=excluded.param_schema, updated=excluded.updated`,
  ).run({
    ref: s.ref,
    pack_ref: s.pack_ref,
    label: s.label,
    description: s.description,
    entrypoint: s.entrypoint,
    runner_type: s.runner_type,
    trigger_types: toJson(s.trigger_types),
    enabled: s.enabled ? 1 : 0,
    config: toJson(s.config),
    param_schema: toJson(s.param_schema),
    now,
  });
  return getSensor(w, s.ref) as SensorEntity;
}

/** The sensor that emits `triggerRef` (the lowest id when several do), as Attune's trigger names it. */
export function sensorOfTrigger(h: ReadHandle, triggerRef: string): { id: number; ref: string } | null {
  const r = h
    .stmt(
      'SELECT s.id, s.ref FROM sensors s, json_each(s.trigger_types) t WHERE t.value = ? ORDER BY s.id LIMIT 1',
    )
    .get(triggerRef) as { id: number; ref: string } | undefined;
  return r ?? null;
}

export function deleteSensor(w: WriteHandle, ref: string): boolean {
  return w.stmt('DELETE FROM sensors WHERE ref = ?').run(ref).changes > 0;
}

/** A pack sensor's process group, as recorded while it runs. */
export interface SensorProcessRow {
  sensor_ref: string;
  pid: number;
  started: number;
}

export function recordSensorProcess(w: WriteHandle, ref: string, pid: number, now: number): void {
  w.stmt(
    `INSERT INTO sensor_processes (sensor_ref, pid, started) VALUES (?, ?, ?)
     ON CONFLICT(sensor_ref) DO UPDATE SET pid=excluded.pid, started=excluded.started`,
  ).run(ref, pid, now);
}

/** Forgets a process; with `pid`, only if that is still the one recorded (a newer start wins). */
export function forgetSensorProcess(w: WriteHandle, ref: string, pid?: number): void {
  if (pid === undefined) w.stmt('DELETE FROM sensor_processes WHERE sensor_ref = ?').run(ref);
  else w.stmt('DELETE FROM sensor_processes WHERE sensor_ref = ? AND pid = ?').run(ref, pid);
}

export function listSensorProcesses(h: ReadHandle): SensorProcessRow[] {
  return h.stmt('SELECT * FROM sensor_processes ORDER BY sensor_ref').all() as SensorProcessRow[];
}

/** An enabled rule on one of a sensor's triggers, as `ATTUNE_SENSOR_TRIGGERS` lists it. */
export interface SensorRuleBinding {
  id: number;
  ref: string;
  trigger_ref: string;
  config: Record<string, unknown>;
}

/** The enabled rules on any of `triggerRefs`, by id (Attune's order). */
export function listActiveSensorRules(h: ReadHandle, triggerRefs: readonly string[]): SensorRuleBinding[] {
  if (triggerRefs.length === 0) return [];
  const rows = h
    .stmt(
      'SELECT id, ref, trigger_ref, trigger_params FROM rules WHERE enabled = 1 AND trigger_ref IN (SELECT value FROM json_each(?)) ORDER BY id',
    )
    .all(JSON.stringify(triggerRefs)) as Array<{
    id: number;
    ref: string;
    trigger_ref: string;
    trigger_params: string;
  }>;
  return rows.map((r) => ({
    id: r.id,
    ref: r.ref,
    trigger_ref: r.trigger_ref,
    config: fromJson(r.trigger_params, {}),
  }));
}

/** The rule with this integer id (Attune's SDK addresses a rule as `rule_<id>`). */
export function ruleRefById(h: ReadHandle, id: number): { ref: string; trigger_ref: string } | null {
  return (
    (h.stmt('SELECT ref, trigger_ref FROM rules WHERE id = ?').get(id) as
      | { ref: string; trigger_ref: string }
      | undefined) ?? null
  );
}

/** How many triggers have their webhook enabled (the webhook sensor's live detail). */
export function countWebhookTriggers(h: ReadHandle): number {
  return (h.stmt('SELECT COUNT(*) AS n FROM triggers WHERE webhook_enabled = 1').get() as { n: number }).n;
}
