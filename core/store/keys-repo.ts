/** The key/value store (docs/concepts.md, "Keys and secrets"). Encrypted values are stored sealed; callers seal and open. */
import { iso } from './codec.ts';
import type { ReadHandle, WriteHandle } from './handles.ts';

export interface KeyRow {
  ref: string;
  value: string;
  encrypted: boolean;
  scope: 'system' | 'pack' | 'action';
  owner: string | null;
  created: string;
  updated: string;
}

interface Row {
  ref: string;
  value: string;
  encrypted: number;
  scope: string;
  owner: string | null;
  created: number;
  updated: number;
}

export function getKey(h: ReadHandle, ref: string): KeyRow | null {
  const r = h.stmt('SELECT * FROM keys WHERE ref = ?').get(ref) as Row | undefined;
  if (!r) return null;
  return {
    ...r,
    encrypted: r.encrypted === 1,
    scope: r.scope as KeyRow['scope'],
    created: iso(r.created),
    updated: iso(r.updated),
  };
}

export function putKey(
  w: WriteHandle,
  k: { ref: string; value: string; encrypted: boolean; scope: KeyRow['scope']; owner: string | null },
  now: number,
): void {
  w.stmt(
    `INSERT INTO keys (ref, value, encrypted, scope, owner, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(ref) DO UPDATE SET value=excluded.value, encrypted=excluded.encrypted, scope=excluded.scope,
       owner=excluded.owner, updated=excluded.updated`,
  ).run(k.ref, k.value, k.encrypted ? 1 : 0, k.scope, k.owner, now, now);
}

export function deleteKey(w: WriteHandle, ref: string): boolean {
  return w.stmt('DELETE FROM keys WHERE ref = ?').run(ref).changes > 0;
}

/** Deletes every key owned by one of `owners` (a pack and its triggers, when the pack is deleted). */
export function deleteKeysOwnedBy(w: WriteHandle, owners: readonly string[]): number {
  let n = 0;
  for (const owner of owners) n += w.stmt('DELETE FROM keys WHERE owner = ?').run(owner).changes;
  return n;
}
