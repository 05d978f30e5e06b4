/**
 * Supervision of pack sensors (docs/sensors.md, "Supervision"): a killed sensor is restarted
 * after a delay and its events resume; one that exits at once five times in a row is `failed`
 * with its stderr in the error and the log; stopping the engine stops every sensor's process
 * group, and a start after a crash stops the sensors the crashed host left behind.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readToken } from '../../../core/host/api-token.ts';
import { groupAlive } from '../../../core/runners/process-group.ts';
import { installFixturePacks, startTestHost } from '../../helpers/host.ts';
import { hostInfo, spawnHost } from '../../helpers/host-process.ts';
import { pidsWithMarker, waitFor } from '../../helpers/processes.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { logs, QUICK_BACKOFF, sensorHost, sensorState, tickEvent } from './helpers.ts';

/** The watcher run with this pid starts `sleep 4242.<pid>1` in its process group. */
const helperOf = (pid: number) => `sleep 4242.${pid}1`;

test('a sensor killed with SIGKILL is restarted after a backoff delay and its events resume', {
  timeout: 180_000,
}, async (t) => {
  const h = await sensorHost(t);
  const first = await tickEvent(h, 'the first start', (e) => e.payload.via === 'stdout');
  const pid = first.payload.pid as number;
  process.kill(pid, 'SIGKILL');
  const again = await tickEvent(
    h,
    'an event from the restarted sensor',
    (e) => e.payload.via === 'stdout' && e.payload.pid !== pid,
  );
  const s = await sensorState(h, 'sensorkit.watcher', 'running again', (x) => x.status === 'running');
  assert.equal(s.pid, again.payload.pid);
  assert.equal(s.restarts, 1);
  assert.equal(s.last_error, 'killed by SIGKILL');
  const lines = await logs(h, 'sensorkit.watcher');
  assert.ok(lines.some((l) => l.text === `killed by SIGKILL; restart 1 in ${QUICK_BACKOFF.baseMs} ms`));
  // The helper of the killed run went with it; the new run has its own.
  const newPid = again.payload.pid as number;
  await waitFor(
    () => pidsWithMarker(helperOf(pid)).length === 0 && pidsWithMarker(helperOf(newPid)).length === 1,
    "the killed run's helper gone, the new run's running",
  );
});

test('a sensor that exits at once five times in a row is failed, with its stderr in the error and the log', {
  timeout: 180_000,
}, async (t) => {
  const h = await sensorHost(t);
  const s = await sensorState(h, 'sensorkit.crasher', 'the crash loop to end', (x) => x.status === 'failed');
  assert.equal(s.pid, null);
  assert.equal(s.restarts, 4);
  assert.match(s.last_error ?? '', /^exited with code 3; it exited 5 times in a row within 10 s of starting/);
  assert.match(s.last_error ?? '', /Last stderr:\ncrasher: cannot reach the device/);
  const lines = await logs(h, 'sensorkit.crasher');
  assert.equal(
    lines.filter((l) => l.stream === 'stderr' && l.text === 'crasher: cannot reach the device').length,
    5,
  );
  assert.deepEqual(
    lines
      .filter((l) => l.stream === 'supervisor' && l.text.includes('; restart '))
      .map((l) => l.text.split('; ')[1]),
    ['restart 1 in 50 ms', 'restart 2 in 100 ms', 'restart 3 in 200 ms', 'restart 4 in 400 ms'],
  );

  // A restart by the user tries again from scratch.
  const r = await h.api<{ data: { status: string } }>('POST', '/api/v1/sensors/sensorkit.crasher/restart');
  assert.equal(r.status, 200);
  assert.notEqual(r.body.data.status, 'failed');
  await sensorState(h, 'sensorkit.crasher', 'failed again', (x) => x.status === 'failed');
});

test('stopping the engine leaves no sensor process behind, helpers in its group included', {
  timeout: 180_000,
}, async (t) => {
  const h = await sensorHost(t);
  const e = await tickEvent(h, 'the sensor to run', (x) => x.payload.via === 'stdout');
  const pid = e.payload.pid as number;
  await waitFor(() => pidsWithMarker(helperOf(pid)).length === 1, 'the helper to start');
  await h.close(2000);
  assert.equal(groupAlive(pid), false);
  assert.deepEqual(pidsWithMarker(helperOf(pid)), []);
});

test('a start after a crash stops the sensors the crashed host left running', {
  timeout: 180_000,
}, async (t) => {
  const dataDir = tempDir(t);
  installFixturePacks(dataDir, ['sensorkit']);
  const crashed = spawnHost(t, dataDir);
  const info = await waitFor(() => hostInfo(dataDir), 'the host to listen', 90_000);
  const token = readToken(dataDir);
  const watcher = await waitFor(
    async () => {
      const r = await fetch(`${info.url}/api/v1/sensors/sensorkit.watcher`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const s = ((await r.json()) as { data: { status: string; pid: number | null; events_emitted: number } })
        .data;
      // Past its start-up calls to the API, it only sleeps: nothing but a kill ends it.
      return s.status === 'running' && s.events_emitted >= 2 ? s.pid : null;
    },
    'the watcher to run and emit',
    60_000,
  );
  crashed.child.kill('SIGKILL');
  await crashed.exited;
  // Detached in its own group, the sensor outlives its host.
  assert.equal(groupAlive(watcher), true);
  await startTestHost(t, { dataDir, sensorBackoff: QUICK_BACKOFF });
  await waitFor(() => !groupAlive(watcher), 'the orphan to be stopped', 60_000);
});
