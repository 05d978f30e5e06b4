/**
 * Incremental vacuum (docs/retention.md, "The file shrinks"): new files start in incremental
 * mode; an existing file is converted at open while small, left as it is when larger; a vacuum
 * step gives free pages back and the file shrinks.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import {
  autoVacuumMode,
  convertToIncremental,
  incrementalVacuumStep,
} from '../../../core/store/auto-vacuum.ts';
import { openStore } from '../../../core/store/index.ts';
import { migrate } from '../../../core/store/migrate.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

test('a new database file starts with incremental vacuum', (t) => {
  const dir = tempDir(t);
  for (const check of [true, false]) {
    const store = openStore({ file: path.join(dir, `new-${check}.db`), check });
    assert.equal(autoVacuumMode(store.read.raw), 'incremental', `check: ${check}`);
    store.close();
  }
});

test('an existing database without it is converted at open, keeping its rows', (t) => {
  const file = path.join(tempDir(t), 'old.db');
  const old = new Database(file);
  migrate(old);
  old
    .prepare("INSERT INTO events (trigger_ref, payload, trace_tag, created) VALUES ('p.t', '{}', 'x', 1)")
    .run();
  assert.equal(autoVacuumMode(old), 'none');
  old.close();
  const store = openStore({ file });
  t.after(() => store.close());
  assert.equal(autoVacuumMode(store.read.raw), 'incremental');
  assert.equal((store.read.raw.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n, 1);
});

test('a database larger than the limit is left as it is', (t) => {
  const db = new Database(path.join(tempDir(t), 'big.db'));
  t.after(() => db.close());
  migrate(db);
  assert.equal(convertToIncremental(db, 0), 'none');
  assert.equal(autoVacuumMode(db), 'none');
});

test('vacuum steps give the free pages back and the file shrinks', (t) => {
  const file = path.join(tempDir(t), 'shrink.db');
  const store = openStore({ file });
  t.after(() => store.close());
  const db = store.read.raw;
  db.exec('CREATE TABLE filler (x TEXT)');
  const ins = db.prepare('INSERT INTO filler VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 2000; i++) ins.run('x'.repeat(2000));
  })();
  db.exec('DELETE FROM filler');
  db.pragma('wal_checkpoint(TRUNCATE)');
  const before = fs.statSync(file).size;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  assert.ok(free > 500);
  assert.equal(incrementalVacuumStep(db, 100), 100, 'a step frees at most what it is asked');
  let freed = 100;
  for (let n = incrementalVacuumStep(db, 1000); n > 0; n = incrementalVacuumStep(db, 1000)) freed += n;
  assert.equal(freed, free);
  db.pragma('wal_checkpoint(TRUNCATE)');
  assert.ok(fs.statSync(file).size < before - free * 4096 * 0.9, 'the file shrank by the pages freed');
});
