/**
 * The pack-sensor supervisor's lifecycle (docs/sensors.md, "Lifecycle", "Rule changes",
 * "Environment", "Emitting events" and "Logs"): a pack sensor runs while it is enabled and an
 * enabled rule uses one of its triggers; rule, pack, trigger and sensor changes reconcile; a
 * change to its rules or settings restarts it with the new `ATTUNE_SENSOR_TRIGGERS`; each start
 * is announced; its pid is recorded while it runs; a JSON line with a `trigger_ref` on stdout is
 * an event, and every refusal a `supervisor` line. Real node processes, a real store.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { idleState } from '../../../core/sensors/sensor-runtime.ts';
import { listSensorProcesses, recordSensorProcess, upsertSensor } from '../../../core/store/index.ts';
import { sensorOrphan, waitFor } from '../../helpers/processes.ts';
import { type SupFixture, supervisorFixture, T0 } from '../../helpers/sensor-supervisor.ts';

interface EnvLine {
  triggers: string[];
  url: string;
  token: string;
  level: string;
  tz: string;
  cwd: string;
}

/** The environment the running program printed. */
async function startedEnv(f: SupFixture, ref = 'acme.watch'): Promise<EnvLine> {
  const pid = f.sup.state(ref).pid;
  const line = await waitFor(
    () => f.texts('stdout', ref).find((l) => l.startsWith(`env ${pid} `)),
    'the program to print its environment',
  );
  return JSON.parse(line.slice(`env ${pid} `.length)) as EnvLine;
}

test('a sensor runs once an enabled rule uses its trigger, with its environment, and is stopped with the last rule', async (t) => {
  const f = supervisorFixture(t, { logLevel: 'debug' });
  f.saveSensor();
  f.sup.attach('http://127.0.0.1:8787');
  await f.sup.settled();
  // No rule yet: not started, nothing said.
  assert.deepEqual(f.state(), idleState());
  assert.deepEqual(f.lines(), []);

  f.setRule('on_tick', true, { every: 5 });
  f.notifier.publish('rule_changed', 'rule', 'acme.on_tick', { change: 'created' });
  await f.sup.settled();
  const s = f.state();
  assert.equal(s.status, 'running');
  assert.equal(typeof s.pid, 'number');
  assert.equal(s.started_at, new Date(T0).toISOString());
  assert.deepEqual(
    { restarts: s.restarts, events: s.events_emitted, last: s.last_event_at, error: s.last_error },
    { restarts: 0, events: 0, last: null, error: null },
  );
  assert.deepEqual(f.texts('supervisor'), [`started (pid ${s.pid}) with 1 rule(s)`]);
  assert.deepEqual(f.announced, [{ ref: 'acme.watch', status: 'running' }]);
  assert.deepEqual(listSensorProcesses(f.store.read), [
    { sensor_ref: 'acme.watch', pid: s.pid, started: T0 },
  ]);
  const env = await startedEnv(f);
  assert.deepEqual(
    { triggers: env.triggers, url: env.url, level: env.level, tz: env.tz, cwd: env.cwd },
    {
      triggers: ['acme.on_tick'],
      url: 'http://127.0.0.1:8787',
      level: 'debug',
      // The host's environment the supervisor was given, not this process's.
      tz: 'Pacific/Chatham',
      cwd: fs.realpathSync(path.join(f.packDir, 'sensors')),
    },
  );
  // The token is this run's, scoped to the sensor.
  assert.deepEqual(f.tokens.lookup(env.token), {
    sensorRef: 'acme.watch',
    packRef: 'acme',
    triggerTypes: ['acme.tick'],
  });

  f.setRule('on_tick', false);
  f.notifier.publish('rule_changed', 'rule', 'acme.on_tick', { change: 'updated' });
  await f.sup.settled();
  assert.deepEqual(f.state(), idleState());
  assert.deepEqual(f.texts('supervisor').slice(1), [
    'stopped (killed by SIGTERM)',
    'stopped: no enabled rule uses its triggers',
  ]);
  assert.deepEqual(f.announced.at(-1), { ref: 'acme.watch', status: 'stopped' });
  assert.equal(f.tokens.lookup(env.token), null);
  assert.deepEqual(listSensorProcesses(f.store.read), []);
});

test("every kind of change reconciles; the supervisor's own state announcements and other notifications do not", async (t) => {
  const f = supervisorFixture(t);
  f.saveSensor();
  f.setRule('on_tick', true);
  // Before attach nothing runs, whatever is asked.
  await f.sup.request();
  assert.equal(f.state().status, 'stopped');
  f.sup.attach(null);
  await f.sup.settled();
  const first = f.state().pid;
  assert.equal(typeof first, 'number');
  const env = await startedEnv(f);
  assert.deepEqual({ url: env.url, level: env.level }, { url: '', level: 'info' });

  const stoppedBy = async (type: Parameters<SupFixture['notifier']['publish']>[0], payload = {}) => {
    f.setRule('on_tick', false);
    f.notifier.publish(type, 'sensor', 'acme.watch', payload);
    await f.sup.settled();
    const stopped = f.state().status === 'stopped';
    f.setRule('on_tick', true);
    f.sup.request();
    await f.sup.settled();
    assert.equal(f.state().status, 'running');
    return stopped;
  };
  assert.equal(await stoppedBy('execution_created'), false);
  assert.equal(await stoppedBy('sensor_changed', { change: 'state', status: 'running' }), false);
  assert.equal(await stoppedBy('sensor_changed', { change: 'updated' }), true);
  assert.equal(await stoppedBy('pack_changed'), true);
  assert.equal(await stoppedBy('trigger_changed'), true);
  assert.equal(await stoppedBy('rule_changed'), true);
  // Only the supervisor's own sensor_changed announcements are passed over.
  assert.equal(await stoppedBy('rule_changed', { change: 'state' }), true);

  // A second attach changes nothing (the API URL stays the first one).
  f.sup.attach('http://127.0.0.1:1');
  await f.sup.settled();
  f.sup.restart('acme.watch');
  await f.sup.settled();
  assert.equal((await startedEnv(f)).url, '');
});

test('a change to its rules or settings restarts a running sensor; an unrelated pass leaves it running', async (t) => {
  const f = supervisorFixture(t);
  f.saveSensor();
  f.setRule('on_tick', true);
  f.sup.attach(null);
  await f.sup.settled();
  const pid = f.state().pid;
  await f.sup.request();
  assert.equal(f.state().pid, pid);
  assert.equal(f.texts('supervisor').length, 1);

  f.setRule('second', true);
  await f.sup.request();
  const again = f.state();
  assert.equal(again.status, 'running');
  assert.notEqual(again.pid, pid);
  assert.deepEqual(f.texts('supervisor'), [
    `started (pid ${pid}) with 1 rule(s)`,
    'restarting: its rules or settings changed',
    'stopped (killed by SIGTERM)',
    `started (pid ${again.pid}) with 2 rule(s)`,
  ]);
  assert.deepEqual((await startedEnv(f)).triggers, ['acme.on_tick', 'acme.second']);
  assert.deepEqual(listSensorProcesses(f.store.read), [
    { sensor_ref: 'acme.watch', pid: again.pid, started: T0 },
  ]);

  // Removing one of two rules restarts it too; removing the last stops it.
  f.removeRule('second');
  await f.sup.request();
  assert.deepEqual((await startedEnv(f)).triggers, ['acme.on_tick']);
  // A user restart starts a fresh process although nothing changed.
  const before = f.state().pid;
  await f.sup.restart('acme.watch');
  assert.notEqual(f.state().pid, before);
  assert.equal(f.state().status, 'running');
  // Each stop and start is announced once.
  assert.deepEqual(
    f.announced.map((a) => a.status),
    ['running', 'stopped', 'running', 'stopped', 'running', 'stopped', 'running'],
  );
  // After a planned stop, an exit of the new run is unplanned again: restarted after a delay.
  process.kill(f.state().pid as number, 'SIGKILL');
  await f.waitFor((x) => x.status === 'backoff', 'the unplanned exit');
  assert.equal(f.texts('supervisor').at(-1), 'killed by SIGKILL; restart 1 in 1000 ms');
});

test('a disabled sensor is stopped and says so; a deleted one is forgotten; built-in sensors are not its business', async (t) => {
  const f = supervisorFixture(t);
  f.saveSensor();
  f.setRule('on_tick', true);
  f.store.transaction((w) =>
    upsertSensor(
      w,
      {
        ref: 'acme.timer',
        pack_ref: 'acme',
        label: 'Timer',
        description: '',
        entrypoint: 'internal://timer',
        runner_type: 'internal',
        trigger_types: ['acme.tick'],
        enabled: true,
        config: {},
        param_schema: {},
      },
      T0,
    ),
  );
  f.sup.attach(null);
  await f.sup.settled();
  assert.equal(f.state().status, 'running');
  assert.deepEqual(f.sup.state('acme.timer'), idleState());
  assert.deepEqual(f.sup.logs('acme.timer'), []);

  f.saveSensor({ enabled: false });
  await f.sup.request();
  assert.equal(f.state().status, 'stopped');
  assert.equal(f.texts('supervisor').at(-1), 'stopped: disabled');
  // Stopped already: a further pass says nothing more.
  await f.sup.request();
  assert.equal(f.texts('supervisor').at(-1), 'stopped: disabled');
  assert.equal(f.texts('supervisor').filter((l) => l === 'stopped: disabled').length, 1);

  f.saveSensor({ enabled: true });
  await f.sup.request();
  assert.equal(f.state().status, 'running');
  const pid = f.state().pid as number;
  f.store.transaction((w) => w.stmt('DELETE FROM sensors WHERE ref = ?').run('acme.watch'));
  await f.sup.request();
  assert.deepEqual(f.state(), idleState());
  assert.deepEqual(f.lines(), []);
  assert.deepEqual(f.announced.at(-1), { ref: 'acme.watch', status: 'stopped' });
  await waitFor(() => listSensorProcesses(f.store.read).length === 0, 'the record to go');
  assert.equal(f.sup.state('acme.watch').pid, null);
  assert.ok(pid > 0);
});

test('a JSON object with a trigger_ref on stdout is an event; refused ones and other lines go to the log', async (t) => {
  const f = supervisorFixture(t);
  const deep = `{"trigger_ref":"acme.tick","payload":${'['.repeat(300)}${']'.repeat(300)}}`;
  f.saveSensor({
    config: {
      lines: [
        '{"trigger_ref":"acme.tick","payload":{"n":1}}',
        'plain text',
        '[{"trigger_ref":"acme.tick"}]',
        '{"payload":{"n":2}}',
        '{not json',
        deep,
        '{"trigger_ref":"acme.tick","payload":{"__proto__":{"x":1}}}',
        '{"trigger_ref":"acme.tick","payload":{"n":3}}',
        '{"trigger_ref":"acme.tick","payload":{"n":4}}',
        '{"trigger_ref":"acme.tick","payload":{"n":5}}',
      ],
    },
  });
  f.setRule('on_tick', true);
  f.refuseNext(null);
  f.sup.attach(null);
  await f.sup.settled();
  await startedEnv(f);
  await waitFor(() => f.state().events_emitted === 3, 'the events to be taken');
  // The first was refused by the ingest (a reason that is not an Error is said as it is).
  assert.deepEqual(
    f.emitted.map((e) => e.body),
    [3, 4, 5].map((n) => ({ trigger_ref: 'acme.tick', payload: { n } })),
  );
  assert.deepEqual(f.emitted[0]?.scope, {
    sensorRef: 'acme.watch',
    packRef: 'acme',
    triggerTypes: ['acme.tick'],
  });
  assert.equal(f.state().last_event_at, new Date(T0).toISOString());
  assert.deepEqual(f.texts('stdout').slice(0, 5), [
    'plain text',
    '[{"trigger_ref":"acme.tick"}]',
    '{"payload":{"n":2}}',
    '{not json',
    f.texts('stdout')[4]?.startsWith(`env ${f.state().pid} `) ? (f.texts('stdout')[4] as string) : 'env …',
  ]);
  // The ingest's answer comes later than the refusals of the lines themselves: order aside.
  const refusals = f.texts('supervisor').filter((l) => l.startsWith('event refused: '));
  assert.deepEqual(refusals.sort(), [
    'event refused: JSON is nested deeper than 256 levels (at position 292)',
    'event refused: null',
    'event refused: the key "__proto__" is not accepted in JSON (as in a request body)',
  ]);

  // An Error's message is the reason.
  f.refuseNext(new Error('trigger "other.x" is not one of this sensor\'s'));
  f.saveSensor({ config: { lines: ['{"trigger_ref":"other.x"}'] } });
  await f.sup.request();
  await waitFor(
    () => f.texts('supervisor').includes('event refused: trigger "other.x" is not one of this sensor\'s'),
    'the refusal in the log',
  );
  assert.equal(f.state().events_emitted, 3);
});

test('events counted over the API show in the state; the log can be asked for its newest lines', async (t) => {
  const f = supervisorFixture(t);
  f.saveSensor({ config: { lines: ['a', 'ERR:{"trigger_ref":"acme.tick"}', 'c'] } });
  f.setRule('on_tick', true);
  f.sup.attach(null);
  await f.sup.settled();
  f.clock.advance(1500);
  f.sup.noteEvent('acme.watch');
  f.sup.noteEvent('acme.watch');
  f.sup.noteEvent('acme.nobody');
  assert.equal(f.state().events_emitted, 2);
  assert.equal(f.state().last_event_at, new Date(T0 + 1500).toISOString());
  assert.deepEqual(f.sup.state('acme.nobody'), idleState());
  await startedEnv(f);
  await waitFor(() => f.texts('stderr').length === 1, 'the stderr line');
  // stdout and stderr are separate pipes: their lines interleave as they come.
  const all = f.sup.logs('acme.watch');
  assert.equal(all.length, 5);
  assert.deepEqual(f.sup.logs('acme.watch', 2), all.slice(-2));
  assert.equal(all[0]?.at, new Date(T0).toISOString());
  // A JSON line on stderr is no event: it is logged as it is.
  assert.deepEqual(f.texts('stderr'), ['{"trigger_ref":"acme.tick"}']);
  assert.deepEqual(f.texts('stdout').slice(0, 2), ['a', 'c']);
  assert.equal(f.state().events_emitted, 2);
  assert.deepEqual(f.sup.logs('acme.nobody', 3), []);
});

test('stopping the supervisor stops every sensor and follows no more changes', async (t) => {
  const f = supervisorFixture(t, { killGraceMs: 200 });
  f.saveSensor({ config: { mode: 'ignore-term' } });
  f.setRule('on_tick', true);
  f.sup.attach(null);
  await f.sup.settled();
  await startedEnv(f);
  const announced = f.announced.length;
  await f.sup.stop();
  const s = f.state();
  assert.equal(s.status, 'stopped');
  assert.equal(s.pid, null);
  assert.equal(f.texts('supervisor').at(-1), 'stopped (killed by SIGKILL)');
  assert.deepEqual(listSensorProcesses(f.store.read), []);
  // Closed: no announcement, no reconcile, no new start.
  assert.equal(f.announced.length, announced);
  f.setRule('second', true);
  f.notifier.publish('rule_changed', 'rule', 'acme.second', {});
  await f.sup.request();
  await f.sup.restart('acme.watch');
  assert.equal(f.state().status, 'stopped');
  f.sup.attach(null);
  await f.sup.settled();
  assert.equal(f.state().status, 'stopped');
});

test('a change arriving while a pass runs is folded into one more pass', async (t) => {
  const f = supervisorFixture(t);
  f.saveSensor();
  f.setRule('on_tick', true);
  f.sup.attach(null);
  await f.sup.settled();
  let asked = false;
  f.notifier.subscribe(['notification_type:sensor_changed'], (n) => {
    if (n.payload.status !== 'stopped' || asked) return;
    // The pass that stopped it is still running: the rule comes back meanwhile.
    asked = true;
    f.setRule('on_tick', true);
    void f.sup.request();
  });
  f.setRule('on_tick', false);
  await f.sup.request();
  await f.sup.settled();
  assert.equal(asked, true);
  assert.equal(f.state().status, 'running');
});

test('a pass that fails is logged and the next one runs; a closed store ends reconciling quietly', async (t) => {
  const f = supervisorFixture(t);
  f.saveSensor();
  f.setRule('on_tick', true);
  f.sup.attach(null);
  await f.sup.settled();
  const pid = f.state().pid as number;
  f.store.transaction((w) => w.stmt('ALTER TABLE sensors RENAME TO sensors_away').run());
  await f.sup.request();
  assert.deepEqual(f.warnings, [
    ['sensor reconcile failed', { error: 'SqliteError: no such table: sensors' }],
  ]);
  f.store.transaction((w) => w.stmt('ALTER TABLE sensors_away RENAME TO sensors').run());
  await f.sup.request();
  assert.equal(f.state().pid, pid);
  assert.equal(f.warnings.length, 1);

  // The engine closes its store: the exit of a sensor then records nothing and nothing restarts.
  f.store.close();
  process.kill(pid, 'SIGKILL');
  await f.waitFor((x) => x.status === 'backoff', 'the exit');
  f.clock.advance(1000);
  await f.sup.settled();
  assert.equal(f.state().status, 'backoff');
  assert.equal(f.warnings.length, 1);
});

test('stopping the supervisor while a pass restarts a sensor leaves it stopped: nothing starts after the stop', async (t) => {
  // docs/sensors.md, "Lifecycle": the engine stops every sensor when it shuts down; a pass that
  // was stopping one to restart it (its rules changed) must not start it again afterwards.
  const f = supervisorFixture(t, { killGraceMs: 300 });
  f.saveSensor({ config: { mode: 'ignore-term' } });
  f.setRule('on_tick', true);
  f.sup.attach(null);
  await f.sup.settled();
  await startedEnv(f);
  f.setRule('second', true);
  const pass = f.sup.request();
  await waitFor(() => f.texts('stdout').includes('term ignored'), 'the pass to be stopping the sensor');
  await f.sup.stop();
  await pass;
  await f.sup.settled();
  assert.deepEqual({ status: f.state().status, pid: f.state().pid }, { status: 'stopped', pid: null });
  assert.equal(f.texts('supervisor').filter((l) => l.startsWith('started (pid ')).length, 1);
  assert.deepEqual(listSensorProcesses(f.store.read), []);
});

test('stopping the supervisor while a pass stops one sensor starts no other sensor after the stop', async (t) => {
  // docs/sensors.md, "Lifecycle": after the engine's shutdown stop no sensor runs.
  const f = supervisorFixture(t, { killGraceMs: 300 });
  f.saveSensor({ ref: 'acme.first', config: { mode: 'ignore-term' } });
  f.saveSensor({ enabled: false });
  f.setRule('on_tick', true);
  f.sup.attach(null);
  await f.sup.settled();
  await startedEnv(f, 'acme.first');
  assert.equal(f.state().status, 'stopped');
  // One change: the first sensor is disabled and `acme.watch` enabled; sensors are passed in
  // the order of their refs, so the pass is stopping `acme.first` when the supervisor stops.
  f.saveSensor({ ref: 'acme.first', enabled: false, config: { mode: 'ignore-term' } });
  f.saveSensor();
  const pass = f.sup.request();
  await waitFor(
    () => f.texts('stdout', 'acme.first').includes('term ignored'),
    'the pass to be stopping acme.first',
  );
  await f.sup.stop();
  await pass;
  await f.sup.settled();
  assert.deepEqual([f.state('acme.first').pid, f.state().status, f.state().pid], [null, 'stopped', null]);
  assert.deepEqual(f.texts('supervisor'), []);
  assert.deepEqual(listSensorProcesses(f.store.read), []);
});

test('a sensor that cleans up on SIGTERM gets 2 s by default to exit by itself', async (t) => {
  // docs/sensors.md, "Lifecycle": stopping sends SIGTERM to the group and SIGKILL after a grace
  // period (2 s). This program exits 100 ms after its SIGTERM.
  const f = supervisorFixture(t);
  f.saveSensor({ config: { mode: 'clean-up-on-term' } });
  f.setRule('on_tick', true);
  f.sup.attach(null);
  await f.sup.settled();
  await startedEnv(f);
  f.setRule('on_tick', false);
  await f.sup.request();
  assert.equal(f.state().status, 'stopped');
  assert.ok(f.texts('stdout').includes('cleaning up'));
  assert.deepEqual(f.texts('supervisor').slice(1), [
    'stopped (exited with code 0)',
    'stopped: no enabled rule uses its triggers',
  ]);
});

test('a client following one sensor (entity:sensor:<ref>) sees its starts and stops', async (t) => {
  // docs/sensors.md, "Lifecycle": each start is announced with `sensor_changed`; docs/api.md,
  // "Notifications": `entity:<t>:<id>` follows one entity.
  const f = supervisorFixture(t);
  const seen: unknown[] = [];
  f.notifier.subscribe(['entity:sensor:acme.watch'], (n) => seen.push(n.payload.status));
  f.saveSensor();
  f.setRule('on_tick', true);
  f.sup.attach(null);
  await f.sup.settled();
  f.setRule('on_tick', false);
  await f.sup.request();
  assert.deepEqual(seen, ['running', 'stopped']);
});

test('a restart of a sensor created since the last pass starts it', async (t) => {
  // docs/sensors.md, "Supervision": the user restarts a sensor with
  // `POST /api/v1/sensors/{ref}/restart`; one the supervisor has not seen yet is simply started.
  const f = supervisorFixture(t);
  f.sup.attach(null);
  await f.sup.settled();
  f.saveSensor();
  f.setRule('on_tick', true);
  await f.sup.restart('acme.watch');
  assert.equal(f.state().status, 'running');
  assert.deepEqual(f.announced, [{ ref: 'acme.watch', status: 'running' }]);
});

test("the start-up repair kills a recorded group of the previous engine's run that still names its sensor", async (t) => {
  // docs/sensors.md, "Lifecycle": a start after a crash kills each recorded group whose leader's
  // environment still names that sensor, and clears the records.
  const f = supervisorFixture(t);
  const { pid, exited } = await sensorOrphan(t, 'acme.watch');
  f.store.transaction((w) => recordSensorProcess(w, 'acme.watch', pid, T0 - 60_000));
  assert.equal(f.sup.cleanupOrphans(), 1);
  assert.deepEqual((await exited)[1], 'SIGKILL');
  assert.deepEqual(listSensorProcesses(f.store.read), []);
});
