/**
 * docs/engine.md, shutdown — SIGTERM/SIGINT: no new work, running executions finish or are recorded as
 * cancelled, the store is closed, exit 0. (In-process variant; the crash test covers a real
 * SIGTERM to a child process.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { databaseFile } from '../../../core/engine/create-engine.ts';
import type { Execution } from '../../../core/model/entities.ts';
import { getExecution, openStore } from '../../../core/store/index.ts';
import { startTestHost } from '../../helpers/host.ts';
import { waitFor } from '../../helpers/processes.ts';

test('closing the host lets short runs finish and records long ones as cancelled', async (t) => {
  const host = await startTestHost(t, { packs: ['testkit'] });
  const short = await host.api<{ data: Execution }>('POST', '/api/v1/executions/execute', {
    action_ref: 'testkit.nap',
    parameters: { seconds: 0.3 },
  });
  const long = await host.api<{ data: Execution }>('POST', '/api/v1/executions/execute', {
    action_ref: 'testkit.nap',
    parameters: { seconds: 30 },
  });
  const running = (id: number) => getExecution(host.engine.store.read, id)?.status === 'running';
  await waitFor(() => running(long.body.data.id), 'the long run to start');
  // A grace far beyond the short nap (even on a loaded machine) and far short of the long one.
  await host.close(5000);
  const store = openStore({ file: databaseFile(host.dataDir) });
  t.after(() => store.close());
  assert.equal(getExecution(store.read, short.body.data.id)?.status, 'completed');
  const l = getExecution(store.read, long.body.data.id);
  assert.equal(l?.status, 'cancelled');
  assert.match(l?.result?.stdout ?? '', /nap start/);
  await assert.rejects(fetch(`${host.url}/api/v1/health`), 'the listener is closed');
});
