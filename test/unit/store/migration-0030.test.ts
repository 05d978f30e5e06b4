/**
 * Migration 0030 (docs/performance.md, "Store"): the FTS5 index over event payloads. It indexes events stored before
 * it ran, stays in sync through triggers on insert, update and delete, holds values rather than
 * keys, and stops at SEARCH_TEXT_CHARS characters.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { currentVersion, migrate } from '../../../core/store/migrate.ts';
import { migration0010 } from '../../../core/store/migrations/0010-initial.ts';
import { migration0030, SEARCH_TEXT_CHARS } from '../../../core/store/migrations/0030-events-search.ts';
import { MIGRATIONS } from '../../../core/store/migrations/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

function open(t: Parameters<typeof tempDir>[0]): Database.Database {
  const db = new Database(path.join(tempDir(t), 'search.db'));
  t?.after(() => db.close());
  return db;
}

function addEvent(db: Database.Database, payload: unknown): number {
  return Number(
    db
      .prepare("INSERT INTO events (trigger_ref, payload, trace_tag, created) VALUES ('p.t', ?, 'tag', 1)")
      .run(typeof payload === 'string' ? payload : JSON.stringify(payload)).lastInsertRowid,
  );
}

function search(db: Database.Database, match: string): number[] {
  return (
    db
      .prepare('SELECT rowid FROM events_search WHERE events_search MATCH ? ORDER BY rowid')
      .all(match) as Array<{
      rowid: number;
    }>
  ).map((r) => r.rowid);
}

test('0030 comes after every earlier migration and is registered', () => {
  const versions = MIGRATIONS.map((m) => m.version);
  assert.ok(versions.includes(30));
  assert.deepEqual(
    versions,
    [...versions].sort((a, b) => a - b),
  );
});

test('0030 indexes the events stored before it ran', (t) => {
  const db = open(t);
  migrate(db, [migration0010]);
  const id = addEvent(db, { message: 'Parcel left Zürich', order: { id: 4711 } });
  migrate(db, [migration0010, migration0030]);
  assert.equal(currentVersion(db), 30);
  assert.deepEqual(search(db, 'zurich'), [id], 'diacritics are folded');
  assert.deepEqual(search(db, '4711'), [id]);
});

test('new, changed and deleted events keep the index in sync', (t) => {
  const db = open(t);
  migrate(db, [migration0010, migration0030]);
  const a = addEvent(db, { status: 'shipped', customer: { email: 'ann@example.com' } });
  const b = addEvent(db, { status: 'paid' });
  assert.deepEqual(search(db, 'shipped'), [a]);
  assert.deepEqual(search(db, '"ann@example.com"'), [a]);
  db.prepare('UPDATE events SET payload = ? WHERE id = ?').run(JSON.stringify({ status: 'shipped' }), b);
  assert.deepEqual(search(db, 'shipped'), [a, b]);
  assert.deepEqual(search(db, 'paid'), []);
  db.prepare('DELETE FROM events WHERE id = ?').run(a);
  assert.deepEqual(search(db, 'shipped'), [b]);
});

test('values are indexed, keys and nulls are not', (t) => {
  const db = open(t);
  migrate(db, [migration0010, migration0030]);
  const id = addEvent(db, { error: null, detail: { reason: 'timeout' } });
  assert.deepEqual(search(db, 'error'), []);
  assert.deepEqual(search(db, 'reason'), []);
  assert.deepEqual(search(db, 'null'), []);
  assert.deepEqual(search(db, 'timeout'), [id]);
});

test(`only the first ${SEARCH_TEXT_CHARS} characters of a payload's text are indexed`, (t) => {
  const db = open(t);
  migrate(db, [migration0010, migration0030]);
  const id = addEvent(db, { head: 'early', filler: 'x'.repeat(SEARCH_TEXT_CHARS), tail: 'late' });
  assert.deepEqual(search(db, 'early'), [id]);
  assert.deepEqual(search(db, 'late'), []);
});

test('a payload that is not JSON is indexed as text instead of failing the insert', (t) => {
  const db = open(t);
  migrate(db, [migration0010, migration0030]);
  const id = addEvent(db, 'plain words, not json');
  assert.deepEqual(search(db, 'words'), [id]);
});
