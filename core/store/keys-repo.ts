/**
 * The key/value store (docs/concepts.md, "Keys and secrets"). Encrypted values are stored sealed;
 * callers seal and open. `managed` keys hold the app's own settings (webhook HMAC secrets, secret
 * pack settings): the key API neither lists nor changes them.
 */
import { iso, type PageRequest } from './codec.ts';
import type { ReadHandle, WriteHandle } from './handles.ts';

export type KeyScope = 'system' | 'pack' | 'action';

export interface KeyRow {
  id: number;
  ref: string;
  name: string;
  /** JSON text, or the sealed JSON text when `encrypted`. */
  value: string;
  encrypted: boolean;
  scope: KeyScope;
  owner: string | null;
  managed: boolean;
  created: string;
  updated: string;
}

interface Row {
  id: number;
  ref: string;
  name: string;
  value: string;
  encrypted: number;
  scope: string;
  owner: string | null;
  managed: number;
  created: number;
  updated: number;
}

function toKey(r: Row): KeyRow {
  return {
    ...r,
    encrypted: r.encrypted === 1,
    managed: r.managed === 1,
    scope: r.scope as KeyScope,
    created: iso(r.created),
    updated: iso(r.updated),
  };
}

export function getKey(h: ReadHandle, ref: string): KeyRow | null {
  const r = h.stmt('SELECT * FROM keys WHERE ref = ?').get(ref) as Row | undefined;
  return r ? toKey(r) : null;
}

export function getKeyById(h: ReadHandle, id: number): KeyRow | null {
  const r = h.stmt('SELECT * FROM keys WHERE id = ?').get(id) as Row | undefined;
  return r ? toKey(r) : null;
}

/** Writes one of the app's own keys (managed), creating or replacing it. */
export function putKey(
  w: WriteHandle,
  k: { ref: string; value: string; encrypted: boolean; scope: KeyScope; owner: string | null },
  now: number,
): void {
  w.stmt(
    `INSERT INTO keys (ref, value, encrypted, scope, owner, managed, created, updated) VALUES (?, ?, ?, ?, ?, 1, ?, ?)
     ON CONFLICT(ref) DO UPDATE SET value=excluded.value, encrypted=excluded.encrypted, scope=excluded.scope,
       owner=excluded.owner, managed=1, updated=excluded.updated`,
  ).run(k.ref, k.value, k.encrypted ? 1 : 0, k.scope, k.owner, now, now);
}

/** What the key API writes: a user's key. */
export interface UserKeyInput {
  ref: string;
  name: string;
  value: string;
  encrypted: boolean;
  scope: KeyScope;
  owner: string | null;
}

/** Inserts a user's key; the caller has checked that the ref is free. */
export function insertKey(w: WriteHandle, k: UserKeyInput, now: number): KeyRow {
  const id = Number(
    w
      .stmt(
        `INSERT INTO keys (ref, name, value, encrypted, scope, owner, managed, created, updated)
         VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)`,
      )
      .run(k.ref, k.name, k.value, k.encrypted ? 1 : 0, k.scope, k.owner, now, now).lastInsertRowid,
  );
  return getKeyById(w, id) as KeyRow;
}

/** Replaces a user's key's name, value and encryption, keeping its id, owner and creation time. */
export function updateKey(
  w: WriteHandle,
  ref: string,
  k: Pick<UserKeyInput, 'name' | 'value' | 'encrypted'>,
  now: number,
): KeyRow | null {
  w.stmt('UPDATE keys SET name = ?, value = ?, encrypted = ?, updated = ? WHERE ref = ? AND managed = 0').run(
    k.name,
    k.value,
    k.encrypted ? 1 : 0,
    now,
    ref,
  );
  return getKey(w, ref);
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

export interface KeyFilter {
  scope?: KeyScope | undefined;
  owner?: string | undefined;
}

/** One page of the user's keys (never the managed ones), by ref. */
export function listKeys(h: ReadHandle, f: KeyFilter, p: PageRequest): { items: KeyRow[]; total: number } {
  const where = ['managed = 0'];
  const args: unknown[] = [];
  if (f.scope) {
    where.push('scope = ?');
    args.push(f.scope);
  }
  if (f.owner !== undefined) {
    where.push('owner = ?');
    args.push(f.owner);
  }
  const clause = where.join(' AND ');
  const total = (h.stmt(`SELECT count(*) AS n FROM keys WHERE ${clause}`).get(...args) as { n: number }).n;
  const rows = h
    .stmt(`SELECT * FROM keys WHERE ${clause} ORDER BY ref LIMIT ? OFFSET ?`)
    .all(...args, p.page_size, (p.page - 1) * p.page_size) as Row[];
  return { items: rows.map(toKey), total };
}

/**
 * The user keys a rule's templates may read: system keys, the keys of the rule's pack and of its
 * action's pack, and the action's own.
 */
export function templateKeys(h: ReadHandle, packRefs: readonly string[], actionRef: string): KeyRow[] {
  const packs = packRefs.map(() => '?').join(', ') || "''";
  const rows = h
    .stmt(
      `SELECT * FROM keys WHERE managed = 0 AND (scope = 'system'
         OR (scope = 'pack' AND owner IN (${packs})) OR (scope = 'action' AND owner = ?))
       ORDER BY ref`,
    )
    .all(...packRefs, actionRef) as Row[];
  return rows.map(toKey);
}
