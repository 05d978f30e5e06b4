/**
 * A database the host cannot trust is refused at start (docs/security.md, "Faults"): a damaged
 * page (caught by `PRAGMA quick_check`), a zero-length file and a file that is not SQLite each
 * stop `serve` with exit 1 and a sentence naming the file and what to do — and the file is left
 * exactly as it was. A folder without a database still gets a new one.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { createEngine, databaseFile } from '../../../core/engine/create-engine.ts';
import { startTestHost } from '../../helpers/host.ts';
import { assertRefused, spawnHost } from '../../helpers/host-process.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

function digest(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Runs `serve` on `dataDir`, which must refuse to start; returns its one-line complaint. */
async function refusedStart(t: Parameters<typeof spawnHost>[0], dataDir: string): Promise<string> {
  const host = spawnHost(t, dataDir);
  await assertRefused(dataDir, host);
  await host.exited;
  assert.equal(host.stdout(), '', 'it never claimed to be running');
  assert.ok(!fs.existsSync(path.join(dataDir, 'host.json')), 'no host.json');
  return host.stderr().trim();
}

test('a database with a damaged page is refused at start, naming the file and what to do', async (t) => {
  const host = await startTestHost(t);
  await host.api('POST', '/api/v1/triggers', { ref: 'ping' });
  for (let n = 0; n < 100; n++)
    await host.engine.ingest({ trigger_ref: 'local.ping', payload: { n, pad: 'x'.repeat(500) } });
  await host.close();
  const file = databaseFile(host.dataDir);
  const db = new Database(file);
  const { pageno } = db
    .prepare("SELECT pageno FROM dbstat WHERE name = 'events' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1")
    .get() as { pageno: number };
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  // One page of the events table overwritten with junk, as a bad sector or a torn copy would.
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (pageno - 1) * pageSize);
  fs.closeSync(fd);
  const before = digest(file);

  const said = await refusedStart(t, host.dataDir);
  assert.match(said, new RegExp(`the database ${file} is damaged \\(quick_check: .+\\)`));
  assert.match(said, /restore a backup copy/);
  assert.match(said, /\.recover/);
  assert.equal(digest(file), before, 'the damaged file is kept as it was');
});

test('a zero-length database file is refused, not silently started as an empty one', async (t) => {
  const dataDir = tempDir(t);
  fs.writeFileSync(databaseFile(dataDir), '');
  const said = await refusedStart(t, dataDir);
  assert.match(said, new RegExp(`the database ${databaseFile(dataDir)} is empty \\(0 bytes\\)`));
  assert.match(said, /restore a backup copy/);
  assert.equal(fs.statSync(databaseFile(dataDir)).size, 0, 'left as it was');
});

test('a file that is not an SQLite database is refused and left alone', async (t) => {
  const dataDir = tempDir(t);
  fs.writeFileSync(databaseFile(dataDir), 'these are my notes, not a database\n'.repeat(20));
  const before = digest(databaseFile(dataDir));
  const said = await refusedStart(t, dataDir);
  assert.match(said, new RegExp(`the database ${databaseFile(dataDir)} is not an SQLite database`));
  assert.equal(digest(databaseFile(dataDir)), before);
});

test("another program's SQLite database is refused and left alone", async (t) => {
  const dataDir = tempDir(t);
  const other = new Database(databaseFile(dataDir));
  other.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ada')");
  other.close();
  const before = digest(databaseFile(dataDir));
  const said = await refusedStart(t, dataDir);
  assert.match(said, /is an SQLite database of another program/);
  assert.equal(digest(databaseFile(dataDir)), before);
});

test('a folder without a database gets a new one, and it opens again the next time', async (t) => {
  const dataDir = tempDir(t);
  for (let i = 0; i < 2; i++) {
    const engine = createEngine({ dataDir });
    await engine.start();
    await engine.stop(0);
  }
  assert.ok(fs.statSync(databaseFile(dataDir)).size > 0);
  assert.ok(!fs.existsSync(`${databaseFile(dataDir)}.new`), 'no temporary file left');
});
