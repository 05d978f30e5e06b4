/**
 * The data folder is private on every start (docs/security.md, "Faults"): the folder 0700 and
 * every file in it 0600 — the database with its WAL and shared memory (webhook keys, event
 * payloads), the API token, the master key, host.json and the lock — also when the folder or
 * its files were made earlier with looser modes.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { databaseFile } from '../../../core/engine/create-engine.ts';
import { openStore } from '../../../core/store/index.ts';
import { spawnHost, waitUntilListening } from '../../helpers/host-process.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

function modes(dir: string): Record<string, string> {
  const out: Record<string, string> = { '.': (fs.statSync(dir).mode & 0o777).toString(8) };
  for (const name of fs.readdirSync(dir)) {
    const st = fs.statSync(path.join(dir, name));
    if (st.isFile()) out[name] = (st.mode & 0o777).toString(8);
  }
  return out;
}

async function modesWhileRunning(t: Parameters<typeof spawnHost>[0], dataDir: string) {
  const host = spawnHost(t, dataDir);
  await waitUntilListening(dataDir, host);
  const seen = modes(dataDir);
  host.child.kill('SIGTERM');
  assert.equal(await host.exited, 0);
  return seen;
}

test('a data folder made earlier with 0755 and 0644 files is made private on start', async (t) => {
  const dataDir = tempDir(t);
  const store = openStore({ file: databaseFile(dataDir) });
  store.close();
  fs.writeFileSync(path.join(dataDir, 'master.key'), `${'ab'.repeat(32)}\n`);
  fs.writeFileSync(path.join(dataDir, 'api-token'), 'an old token\n');
  fs.writeFileSync(path.join(dataDir, 'host.json'), '{"url":"http://127.0.0.1:1","pid":1}\n');
  for (const name of fs.readdirSync(dataDir)) fs.chmodSync(path.join(dataDir, name), 0o644);
  fs.chmodSync(dataDir, 0o755);

  const seen = await modesWhileRunning(t, dataDir);
  for (const name of [
    'attune.db',
    'attune.db-wal',
    'attune.db-shm',
    'master.key',
    'api-token',
    'host.json',
    'lock',
  ]) {
    assert.ok(name in seen, `${name} exists while the host runs`);
  }
  const expected = Object.fromEntries(Object.keys(seen).map((k) => [k, k === '.' ? '700' : '600']));
  assert.deepEqual(seen, expected);
});

test('a new data folder is private from the start', async (t) => {
  const dataDir = path.join(tempDir(t), 'new', 'Attune Desktop');
  const seen = await modesWhileRunning(t, dataDir);
  const expected = Object.fromEntries(Object.keys(seen).map((k) => [k, k === '.' ? '700' : '600']));
  assert.deepEqual(seen, expected);
  assert.ok('attune.db' in seen && 'api-token' in seen && 'lock' in seen);
});
