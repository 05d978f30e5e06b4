/**
 * Attune's integer ids beside our refs (docs/attune-compat.md, "Identity"): a path segment that
 * is all digits names a definition by id, anything else by ref; responses carry the ids of the
 * definitions an entity points at (a rule's trigger and action, an event's trigger and rule).
 */
import type { ReadHandle } from './handles.ts';

/** The definitions that have both an id and a ref. */
export type DefinitionKind = 'pack' | 'trigger' | 'action' | 'rule' | 'sensor';

const TABLE: Record<DefinitionKind, string> = {
  pack: 'packs',
  trigger: 'triggers',
  action: 'actions',
  rule: 'rules',
  sensor: 'sensors',
};

/** The ref of the definition with this id, or null when there is none. */
export function refById(h: ReadHandle, kind: DefinitionKind, id: number): string | null {
  const r = h.stmt(`SELECT ref FROM ${TABLE[kind]} WHERE id = ?`).get(id) as { ref: string } | undefined;
  return r?.ref ?? null;
}

/** The id of the definition with this ref, or null when there is none (deleted, or never was). */
export function idByRef(h: ReadHandle, kind: DefinitionKind, ref: string | null): number | null {
  if (ref === null) return null;
  const r = h.stmt(`SELECT id FROM ${TABLE[kind]} WHERE ref = ?`).get(ref) as
    | { id: number | null }
    | undefined;
  return r?.id ?? null;
}

/** An event's payload alone (an enforcement's view shows the payload that caused it). */
export function eventPayloadText(h: ReadHandle, eventId: number): string | null {
  const r = h.stmt('SELECT payload FROM events WHERE id = ?').get(eventId) as { payload: string } | undefined;
  return r?.payload ?? null;
}
