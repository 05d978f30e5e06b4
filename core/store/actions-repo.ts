/** Actions: what a rule or a manual run executes, and with which runner. */
import type { Action } from '../model/entities.ts';
import { bool, fromJson, iso, toJson } from './codec.ts';
import type { ReadHandle, WriteHandle } from './handles.ts';

interface ActionRow {
  id: number;
  ref: string;
  pack_ref: string;
  label: string;
  description: string;
  runner_type: string;
  entry_point: string;
  parameters: string;
  output: string;
  parameter_delivery: string;
  parameter_format: string;
  output_format: string;
  timeout_seconds: number;
  retry: string | null;
  enabled: number;
  created: number;
  updated: number;
}

function toAction(r: ActionRow): Action {
  return {
    id: r.id,
    ref: r.ref,
    pack_ref: r.pack_ref,
    label: r.label,
    description: r.description,
    runner_type: r.runner_type as Action['runner_type'],
    entry_point: r.entry_point,
    parameters: fromJson(r.parameters, {}),
    output: fromJson(r.output, {}),
    parameter_delivery: r.parameter_delivery as Action['parameter_delivery'],
    parameter_format: r.parameter_format as Action['parameter_format'],
    output_format: r.output_format as Action['output_format'],
    timeout_seconds: r.timeout_seconds,
    retry: fromJson(r.retry, null),
    enabled: bool(r.enabled),
    created: iso(r.created),
    updated: iso(r.updated),
  };
}

export type ActionInput = Omit<Action, 'id' | 'created' | 'updated'>;

export function getAction(h: ReadHandle, ref: string): Action | null {
  const r = h.stmt('SELECT * FROM actions WHERE ref = ?').get(ref) as ActionRow | undefined;
  return r ? toAction(r) : null;
}

export function listActions(h: ReadHandle, packRef?: string): Action[] {
  const rows = packRef
    ? (h.stmt('SELECT * FROM actions WHERE pack_ref = ? ORDER BY ref').all(packRef) as ActionRow[])
    : (h.stmt('SELECT * FROM actions ORDER BY ref').all() as ActionRow[]);
  return rows.map(toAction);
}

export function upsertAction(w: WriteHandle, a: ActionInput, now: number): Action {
  w.stmt(
    `INSERT INTO actions (ref, pack_ref, label, description, runner_type, entry_point, parameters, output, parameter_delivery,
       parameter_format, output_format, timeout_seconds, retry, enabled, created, updated)
     VALUES (@ref, @pack_ref, @label, @description, @runner_type, @entry_point, @parameters, @output, @parameter_delivery,
       @parameter_format, @output_format, @timeout_seconds, @retry, @enabled, @now, @now)
     ON CONFLICT(ref) DO UPDATE SET pack_ref=excluded.pack_ref, label=excluded.label, description=excluded.description,
       runner_type=excluded.runner_type, entry_point=excluded.entry_point, parameters=excluded.parameters, output=excluded.output,
       parameter_delivery=excluded.parameter_delivery, parameter_format=excluded.parameter_format,
       output_format=excluded.output_format, timeout_seconds=excluded.timeout_seconds, retry=excluded.retry,
       enabled=excluded.enabled, updated=excluded.updated`,
  ).run({
    ref: a.ref,
    pack_ref: a.pack_ref,
    label: a.label,
    description: a.description,
    runner_type: a.runner_type,
    entry_point: a.entry_point,
    parameters: toJson(a.parameters),
    output: toJson(a.output),
    parameter_delivery: a.parameter_delivery,
    parameter_format: a.parameter_format,
    output_format: a.output_format,
    timeout_seconds: a.timeout_seconds,
    retry: a.retry ? toJson(a.retry) : null,
    enabled: a.enabled ? 1 : 0,
    now,
  });
  return getAction(w, a.ref) as Action;
}

export function deleteAction(w: WriteHandle, ref: string): boolean {
  return w.stmt('DELETE FROM actions WHERE ref = ?').run(ref).changes > 0;
}
