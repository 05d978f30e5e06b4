/**
 * SIGTERM and SIGINT always end the host (docs/security.md, "Faults"), also when nobody reads
 * its output any more (`npm run serve | head`): writes to a closed stdout or stderr are dropped,
 * not fatal and not retried forever. A second signal ends a shutdown that is still waiting for
 * running executions. The test timeout is the time bound.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Execution } from '../../../core/model/entities.ts';
import { installFixturePacks } from '../../helpers/host.ts';
import { apiFor, spawnHost, waitUntilListening } from '../../helpers/host-process.ts';
import { ownSeconds, pidsWithMarker, waitFor } from '../../helpers/processes.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const BOUND = { timeout: 30_000 };

test('SIGTERM exits 0 after the reader of stdout and stderr went away', BOUND, async (t) => {
  const dataDir = tempDir(t);
  const host = spawnHost(t, dataDir, { env: { ATTUNE_LOG_LEVEL: 'info' } });
  await waitFor(() => host.stdout().includes('Data folder'), 'the host to print its address', 30_000);
  host.child.stdout?.destroy();
  host.child.stderr?.destroy();
  host.child.kill('SIGTERM');
  assert.equal(await host.exited, 0);
  assert.ok(!fs.existsSync(path.join(dataDir, 'host.json')), 'it shut down cleanly (host.json removed)');
});

test('SIGINT exits 0 when stdout was closed before the host printed anything', BOUND, async (t) => {
  const dataDir = tempDir(t);
  const host = spawnHost(t, dataDir, { env: { ATTUNE_LOG_LEVEL: 'info' } });
  host.child.stdout?.destroy();
  await waitUntilListening(dataDir, host);
  // Give it the moment it needs to print into the closed pipe.
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(host.child.exitCode, null, 'writing to a closed stdout did not crash it');
  host.child.kill('SIGINT');
  assert.equal(await host.exited, 0);
});

test('a second SIGTERM ends a shutdown that waits for a running execution (exit 1)', BOUND, async (t) => {
  const dataDir = tempDir(t);
  installFixturePacks(dataDir, ['testkit']);
  const host = spawnHost(t, dataDir);
  const info = await waitUntilListening(dataDir, host);
  const api = apiFor(dataDir, info.url);
  const seconds = ownSeconds(61.5);
  const run = await api<{ data: Execution }>('POST', '/api/v1/executions/execute', {
    action_ref: 'testkit.nap',
    parameters: { seconds },
  });
  // A forced exit leaves the nap to the next start's recovery (as kill -9 does): clean it up here.
  t.after(() => {
    for (const pid of pidsWithMarker(`sleep ${seconds}`)) process.kill(pid, 'SIGKILL');
  });
  await waitFor(
    async () =>
      (await api<{ data: Execution }>('GET', `/api/v1/executions/${run.body.data.id}`)).body.data.status ===
      'running',
    'the nap to run',
  );
  host.child.kill('SIGTERM');
  // The first signal closed the listener; the host now waits for the nap.
  await waitFor(async () => {
    try {
      await fetch(`${info.url}/api/v1/health`);
      return false;
    } catch {
      return true;
    }
  }, 'the listener to close');
  host.child.kill('SIGTERM');
  assert.equal(await host.exited, 1, 'ended by the second signal, not by the grace period');
});
