/**
 * One Attune Desktop per data folder (docs/security.md, "Faults"): a second host — or the
 * desktop app, which calls the same createEngine — is refused with one sentence naming the
 * folder and the holder's pid, exits 1 and touches nothing; the OS frees the lock when the
 * holder dies, kill -9 included.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { createEngine } from '../../../core/engine/create-engine.ts';
import type { Execution } from '../../../core/model/entities.ts';
import { AttuneError } from '../../../core/model/errors.ts';
import { installFixturePacks } from '../../helpers/host.ts';
import { apiFor, assertRefused, spawnHost, waitUntilListening } from '../../helpers/host-process.ts';
import { waitFor } from '../../helpers/processes.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

test('a second host on a data folder in use exits 1 with one sentence and touches nothing', async (t) => {
  const dataDir = tempDir(t);
  installFixturePacks(dataDir, ['testkit']);
  const first = spawnHost(t, dataDir);
  const info = await waitUntilListening(dataDir, first);
  const api = apiFor(dataDir, info.url);
  const run = await api<{ data: Execution }>('POST', '/api/v1/executions/execute', {
    action_ref: 'testkit.nap',
    parameters: { seconds: 60 },
  });
  const id = run.body.data.id;
  await waitFor(
    async () =>
      (await api<{ data: Execution }>('GET', `/api/v1/executions/${id}`)).body.data.status === 'running',
    'the nap to run',
  );
  const tokenBefore = fs.readFileSync(path.join(dataDir, 'api-token'), 'utf8');
  const hostJsonBefore = fs.readFileSync(path.join(dataDir, 'host.json'), 'utf8');

  const second = spawnHost(t, dataDir);
  await assertRefused(dataDir, second);
  await second.exited;
  const lines = second.stderr().trim().split('\n');
  assert.equal(lines.length, 1, `one line, not ${JSON.stringify(second.stderr())}`);
  assert.match(
    lines[0] ?? '',
    new RegExp(`data folder ${dataDir} is in use by another Attune Desktop \\(pid ${first.child.pid}\\)`),
  );
  assert.equal(second.stdout(), '', 'it did not claim to be running');

  assert.equal(fs.readFileSync(path.join(dataDir, 'api-token'), 'utf8'), tokenBefore, 'token unchanged');
  assert.equal(
    fs.readFileSync(path.join(dataDir, 'host.json'), 'utf8'),
    hostJsonBefore,
    'host.json unchanged',
  );
  const still = await api<{ data: Execution }>('GET', `/api/v1/executions/${id}`);
  assert.equal(still.status, 200, 'the first host still answers with its token');
  assert.equal(still.body.data.status, 'running', 'its running execution was not abandoned');

  // kill -9 leaves no stale lock: the OS released it with the process.
  first.child.kill('SIGKILL');
  await first.exited;
  const third = spawnHost(t, dataDir);
  const info3 = await waitUntilListening(dataDir, third);
  const after = await apiFor(dataDir, info3.url)<{ data: Execution }>('GET', `/api/v1/executions/${id}`);
  assert.equal(after.body.data.status, 'abandoned', 'the next start repairs what the killed one left');
  third.child.kill('SIGTERM');
  assert.equal(await third.exited, 0);
});

test('the desktop entry point (createEngine) is refused while a headless host holds the folder', async (t) => {
  const dataDir = tempDir(t);
  const host = spawnHost(t, dataDir);
  await waitUntilListening(dataDir, host);
  const dbBefore = fs.statSync(path.join(dataDir, 'attune.db')).mtimeMs;
  assert.throws(
    () => createEngine({ dataDir }),
    (err: unknown) =>
      err instanceof AttuneError &&
      err.code === 'CONFLICT' &&
      err.message.includes(`in use by another Attune Desktop (pid ${host.child.pid})`),
  );
  assert.equal(fs.statSync(path.join(dataDir, 'attune.db')).mtimeMs, dbBefore, 'the database untouched');
  host.child.kill('SIGTERM');
  assert.equal(await host.exited, 0);
  // Released on a clean exit too: the desktop can have the folder now.
  const engine = createEngine({ dataDir });
  await engine.start();
  await engine.stop(0);
});
