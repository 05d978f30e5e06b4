/**
 * The supervisor's restarts (docs/sensors.md, "Supervision" and "Entry point and runner"): an
 * unplanned exit is restarted after a delay doubling from 1 s, the status `backoff` meanwhile and
 * `restarts` counting up; five quick exits (within 10 s of the start) in a row make the sensor
 * `failed`, with its last five stderr lines in `last_error`; a run of 10 s or more starts the
 * count over; a failed sensor is tried again when the user restarts it or it changes. A program
 * that is missing or cannot run is `failed` at once, not a crash loop. The delays run on a
 * SimClock; the programs are real node processes.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { listSensorProcesses } from '../../../core/store/index.ts';
import { supervisorFixture } from '../../helpers/sensor-supervisor.ts';

const LOOP =
  'exited with code 3; it exited 5 times in a row within 10 s of starting, so it is not restarted until it is changed or restarted';

test('a crashing sensor is restarted after 1, 2, 4 and 8 s, then failed with its last stderr lines', async (t) => {
  const f = supervisorFixture(t);
  f.saveSensor({ config: { mode: 'crash' } });
  f.setRule('on_tick', true);
  f.sup.attach(null);
  await f.sup.settled();
  for (const [n, delay] of [
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [4, 8000],
  ] as const) {
    const s = await f.waitFor((x) => x.status === 'backoff' && x.restarts === n, `restart ${n}`);
    assert.deepEqual(
      { pid: s.pid, started: s.started_at, error: s.last_error },
      { pid: null, started: null, error: 'exited with code 3' },
    );
    assert.equal(f.texts('supervisor').at(-1), `exited with code 3; restart ${n} in ${delay} ms`);
    assert.deepEqual(f.announced.at(-1), { ref: 'acme.watch', status: 'backoff' });
    assert.deepEqual(listSensorProcesses(f.store.read), []);
    // Not a moment before the delay is over, whatever else asks for a pass meanwhile.
    await f.sup.request();
    assert.equal(f.state().restarts, n);
    f.clock.advance(delay - 1);
    await f.sup.settled();
    assert.equal(f.state().status, 'backoff');
    f.clock.advance(1);
    await f.sup.settled();
  }
  const s = await f.waitFor((x) => x.status === 'failed', 'the crash loop to end');
  assert.equal(s.restarts, 4);
  assert.equal(s.pid, null);
  assert.equal(s.last_error, `${LOOP}\nLast stderr:\noops 2\noops 3\noops 1\noops 2\noops 3`);
  assert.equal(f.texts('supervisor').at(-1), `failed: ${s.last_error}`);
  assert.deepEqual(f.warnings, [['sensor failed', { sensor: 'acme.watch', error: s.last_error }]]);
  assert.deepEqual(f.announced.at(-1), { ref: 'acme.watch', status: 'failed' });
  // Failed stays failed across passes that change nothing, and starts no timer.
  await f.sup.request();
  f.clock.advance(120_000);
  await f.sup.settled();
  assert.equal(f.state().status, 'failed');
  assert.equal(f.texts('stderr').length, 15);

  // A user restart tries again from scratch: one quick exit is a restart after 1 s again.
  await f.sup.restart('acme.watch');
  await f.waitFor(
    (x) => x.status === 'backoff' && x.restarts === 5,
    'the first restart after the user restart',
  );
  assert.equal(f.texts('supervisor').at(-1), 'exited with code 3; restart 1 in 1000 ms');
});

test('a change to a failed sensor tries it again; a change to its rules while it waits restarts the count', async (t) => {
  const f = supervisorFixture(t, { policy: { crashLoopExits: 2 } });
  f.saveSensor({ config: { mode: 'crash' } });
  f.setRule('on_tick', true);
  f.sup.attach(null);
  await f.sup.settled();
  await f.waitFor((x) => x.status === 'backoff', 'the first exit');
  // While it waits, its rules change: it starts at once, and its count starts over.
  f.setRule('second', true);
  await f.sup.request();
  await f.waitFor((x) => x.status === 'backoff' && x.restarts === 2, 'the exit after the change');
  assert.equal(f.texts('supervisor').at(-1), 'exited with code 3; restart 1 in 1000 ms');
  // It was not running when the change came: nothing to say it is being restarted.
  assert.equal(f.texts('supervisor').filter((l) => l.startsWith('restarting')).length, 0);
  f.clock.advance(1000);
  await f.sup.settled();
  const s = await f.waitFor((x) => x.status === 'failed', 'the crash loop');
  assert.equal(s.last_error?.split('\n')[0], LOOP.replace('5 times', '2 times'));
  // The pending restart was cancelled by the change: no start came from it.
  assert.equal(f.texts('supervisor').filter((l) => l.startsWith('started (pid ')).length, 3);

  f.saveSensor({ config: { mode: 'run' } });
  await f.sup.request();
  assert.equal(f.state().status, 'running');
  assert.equal(f.state().last_error, s.last_error);
});

test('a run of 10 s or more starts the count and the delays over', async (t) => {
  const f = supervisorFixture(t, { policy: { crashLoopExits: 2 } });
  f.saveSensor();
  f.setRule('on_tick', true);
  f.sup.attach(null);
  await f.sup.settled();
  process.kill(f.state().pid as number, 'SIGKILL');
  await f.waitFor((x) => x.status === 'backoff', 'the first exit');
  assert.equal(f.texts('supervisor').at(-1), 'killed by SIGKILL; restart 1 in 1000 ms');
  f.clock.advance(1000);
  await f.sup.settled();
  assert.equal(f.state().status, 'running');
  f.clock.advance(10_000);
  process.kill(f.state().pid as number, 'SIGKILL');
  const s = await f.waitFor((x) => x.status === 'backoff' && x.restarts === 2, 'the second exit');
  assert.equal(s.last_error, 'killed by SIGKILL');
  assert.equal(f.texts('supervisor').at(-1), 'killed by SIGKILL; restart 1 in 1000 ms');
});

test('a sensor in backoff whose last rule goes is stopped, and its pending restart never comes', async (t) => {
  const f = supervisorFixture(t);
  f.saveSensor({ config: { mode: 'crash' } });
  f.setRule('on_tick', true);
  f.sup.attach(null);
  await f.sup.settled();
  await f.waitFor((x) => x.status === 'backoff', 'the first exit');
  f.setRule('on_tick', false);
  await f.sup.request();
  assert.equal(f.state().status, 'stopped');
  assert.equal(f.texts('supervisor').at(-1), 'stopped: no enabled rule uses its triggers');
  f.clock.advance(60_000);
  await f.sup.settled();
  assert.equal(f.state().status, 'stopped');
  assert.equal(f.texts('supervisor').filter((l) => l.startsWith('started (pid ')).length, 1);
  // Its count was reset: the next crash is a first one again.
  f.setRule('on_tick', true);
  await f.sup.request();
  await f.waitFor((x) => x.status === 'backoff' && x.restarts === 2, 'the next exit');
  assert.equal(f.texts('supervisor').at(-1), 'exited with code 3; restart 1 in 1000 ms');
});

test('a missing program or an unknown runner is failed at once with the reason', async (t) => {
  const f = supervisorFixture(t);
  f.saveSensor({ entrypoint: 'gone.js' });
  f.setRule('on_tick', true);
  f.sup.attach(null);
  await f.sup.settled();
  const missing = `entrypoint file not found: sensors/gone.js in ${f.packDir}`;
  assert.deepEqual(
    { status: f.state().status, error: f.state().last_error, pid: f.state().pid },
    { status: 'failed', error: missing, pid: null },
  );
  assert.deepEqual(f.texts('supervisor'), [`failed: ${missing}`]);
  assert.deepEqual(f.announced, [{ ref: 'acme.watch', status: 'failed' }]);

  f.saveSensor({ runner_type: 'ruby' });
  await f.sup.request();
  const ruby = 'runner_type "ruby" is not supported for sensors (use python, node, shell or native)';
  assert.equal(f.state().last_error, ruby);
  assert.deepEqual(f.warnings.at(-1), ['sensor failed', { sensor: 'acme.watch', error: ruby }]);
  assert.equal(f.state().status, 'failed');
});

test('a program the system cannot start counts as a quick exit and says why', async (t) => {
  const f = supervisorFixture(t, { policy: { crashLoopExits: 2 } });
  // `native` runs the file itself; this one is not executable.
  fs.writeFileSync(path.join(f.packDir, 'sensors', 'plain.txt'), 'not a program\n', { mode: 0o644 });
  f.saveSensor({ entrypoint: 'plain.txt', runner_type: 'native' });
  f.setRule('on_tick', true);
  // A start that fails is no run at all, however long since the supervisor began.
  f.clock.advance(30_000);
  f.sup.attach(null);
  await f.sup.settled();
  const s = await f.waitFor((x) => x.status === 'backoff', 'the failed start');
  const why = `spawn ${fs.realpathSync(path.join(f.packDir, 'sensors', 'plain.txt'))} EACCES`;
  assert.equal(s.last_error, why);
  assert.deepEqual(listSensorProcesses(f.store.read), []);
  assert.deepEqual(f.texts('supervisor'), [`${why}; restart 1 in 1000 ms`]);
  // A start that failed is no process to record, and no pass went wrong over it.
  assert.deepEqual(f.warnings, []);
  f.clock.advance(1000);
  await f.sup.settled();
  const failed = await f.waitFor((x) => x.status === 'failed', 'the crash loop');
  assert.equal(
    failed.last_error,
    `${why}; it exited 2 times in a row within 10 s of starting, so it is not restarted until it is changed or restarted`,
  );
  assert.deepEqual(f.warnings, [['sensor failed', { sensor: 'acme.watch', error: failed.last_error }]]);
});

test('a user restart of a failed sensor announces its start, not a stop of a run it did not have', async (t) => {
  // docs/sensors.md, "Supervision": a failed sensor is tried again when the user restarts it;
  // "Lifecycle": each start is announced with `sensor_changed`.
  const f = supervisorFixture(t);
  f.saveSensor({ entrypoint: 'later.js' });
  f.setRule('on_tick', true);
  f.sup.attach(null);
  await f.sup.settled();
  assert.equal(f.state().status, 'failed');
  fs.copyFileSync(path.join(f.packDir, 'sensors', 'watch.js'), path.join(f.packDir, 'sensors', 'later.js'));
  await f.sup.restart('acme.watch');
  assert.equal(f.state().status, 'running');
  assert.deepEqual(
    f.announced.map((a) => a.status),
    ['failed', 'running'],
  );
});
