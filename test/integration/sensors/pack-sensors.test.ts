/**
 * Pack sensors as supervised child processes speaking Attune's managed-sensor protocol
 * (docs/sensors.md): a Python sensor that uses only the standard library emits over
 * `POST /api/v1/events` and as JSON lines on stdout, rules on its trigger run, rule changes reach
 * it live, and its token is good for nothing but its own triggers.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Sensor } from '../../../core/contract/sensors.ts';
import type { Execution } from '../../../core/model/entities.ts';
import { waitFor } from '../../helpers/processes.ts';
import { logs, sensorHost, sensorState, tickEvent, tickEvents } from './helpers.ts';

test('a stdlib Python sensor emits over POST /api/v1/events and on stdout, and the rule on its trigger runs', {
  timeout: 180_000,
}, async (t) => {
  const h = await sensorHost(t);
  const viaApi = await tickEvent(h, 'the event posted to the API', (e) => e.payload.via === 'api');
  const viaStdout = await tickEvent(h, 'the event printed on stdout', (e) => e.payload.via === 'stdout');
  // The source is the sensor whatever the body claims ("spoofed").
  assert.equal(viaApi.source_ref, 'sensorkit.watcher');
  assert.equal(viaStdout.source_ref, 'sensorkit.watcher');
  assert.deepEqual(viaApi.payload.rules, [
    {
      id: (viaApi.payload.rules as Array<{ id: number }>)[0]?.id,
      ref: 'sensorkit.first',
      trigger_ref: 'sensorkit.tick',
      config: { threshold: 1 },
    },
  ]);

  const runs = await waitFor(async () => {
    const r = await h.api<{ items: Execution[] }>('GET', '/api/v1/executions?rule_ref=sensorkit.first');
    return r.body.items.length >= 2 ? r.body.items : null;
  }, 'two executions of the rule');
  const done = await h.waitForExecution(runs[0]?.id as number);
  assert.equal(done.status, 'completed');
  assert.match(done.result?.stdout ?? '', /^via=(api|stdout)$/m);

  const lines = await logs(h, 'sensorkit.watcher');
  assert.ok(
    lines.some((l) => l.stream === 'stdout' && l.text === 'this line is not JSON and goes to the log'),
  );
  assert.ok(lines.some((l) => l.stream === 'stderr' && l.text === 'started with 1 rule(s); greeting=hello'));
  // Events are not log lines.
  assert.ok(!lines.some((l) => l.text.includes('"trigger_ref"')));

  const list = await h.api<{ items: Sensor[] }>('GET', '/api/v1/sensors');
  const byRef = new Map(list.body.items.map((s) => [s.ref, s]));
  assert.equal(byRef.get('core.timer')?.entrypoint, 'internal://timer');
  assert.equal(byRef.get('core.timer')?.status, 'running');
  assert.deepEqual(Object.keys(byRef.get('core.timer')?.detail ?? {}).sort(), [
    'armed_timers',
    'next_wake_at',
  ]);
  assert.equal(byRef.get('core.webhook')?.entrypoint, 'internal://webhook');
  for (const [ref, entrypoint, trigger] of [
    ['core.filewatch', 'internal://filewatch', 'core.filewatch'],
    ['core.system', 'internal://system', 'core.system'],
  ] as const) {
    assert.equal(byRef.get(ref)?.entrypoint, entrypoint);
    assert.deepEqual(byRef.get(ref)?.trigger_types, [trigger]);
    assert.equal(byRef.get(ref)?.runner_type, 'internal');
  }
  const watcher = byRef.get('sensorkit.watcher');
  assert.equal(watcher?.status, 'running');
  assert.equal(watcher?.pid, viaApi.payload.pid);
  assert.ok((watcher?.events_emitted ?? 0) >= 2);
  assert.notEqual(watcher?.last_event_at, null);
});

test("its token is refused for POST /api/v1/rules, keys, another pack's trigger and another sensor", {
  timeout: 180_000,
}, async (t) => {
  const h = await sensorHost(t);
  const e = await tickEvent(h, 'the probe report', (x) => x.payload.via === 'api');
  assert.deepEqual(e.payload.probes, {
    create_rule: 403,
    foreign_trigger: 403,
    read_keys: 403,
    own_sensor: 200,
    other_sensor: 403,
  });
  assert.equal((await h.api('GET', '/api/v1/rules/local.sneaky')).status, 404);
  const timerEvents = await h.api<{ items: unknown[] }>(
    'GET',
    '/api/v1/events?trigger_ref=core.intervaltimer',
  );
  assert.equal(timerEvents.body.items.length, 0);
});

test('enabling a second rule reaches the running sensor with its config, without an engine restart', {
  timeout: 180_000,
}, async (t) => {
  const h = await sensorHost(t);
  const first = await tickEvent(h, 'the first start', (e) => e.payload.via === 'api');
  // And its line on stdout, which follows the POST: a restart before it would end the sensor
  // before it printed (on a busy machine it did), and the count at the end expects both.
  await tickEvent(
    h,
    "the first start's event on stdout",
    (e) => e.payload.via === 'stdout' && (e.payload.rules as unknown[]).length === 1,
  );
  const startedAt = h.engine.startedAt;
  const r = await h.api('PUT', '/api/v1/rules/sensorkit.second', { enabled: true });
  assert.equal(r.status, 200);
  const next = await tickEvent(
    h,
    'an event from a sensor that knows both rules',
    (e) => e.payload.via === 'api' && (e.payload.rules as unknown[]).length === 2,
  );
  const rules = next.payload.rules as Array<{ ref: string; config: unknown }>;
  assert.deepEqual(
    rules.map((x) => [x.ref, x.config]),
    [
      ['sensorkit.first', { threshold: 1 }],
      ['sensorkit.second', { threshold: 7 }],
    ],
  );
  assert.notEqual(next.payload.pid, first.payload.pid);
  assert.equal(h.engine.startedAt, startedAt);
  const lines = await logs(h, 'sensorkit.watcher');
  assert.ok(
    lines.some((l) => l.text === 'restarting: its rules or settings changed'),
    JSON.stringify(lines, null, 1),
  );

  // Its line on stdout follows the POST; wait for it, so stopping cannot race it.
  await tickEvent(
    h,
    "the restarted sensor's event on stdout",
    (e) => e.payload.via === 'stdout' && (e.payload.rules as unknown[]).length === 2,
  );

  // No enabled rule needs it any more: it stops.
  await h.api('PUT', '/api/v1/rules/sensorkit.first', { enabled: false });
  await h.api('PUT', '/api/v1/rules/sensorkit.second', { enabled: false });
  const stopped = await sensorState(
    h,
    'sensorkit.watcher',
    'the sensor to stop',
    (s) => s.status === 'stopped',
  );
  assert.equal(stopped.pid, null);
  // Two starts with both events each; disabling one rule at a time may restart it once more.
  assert.ok((await tickEvents(h)).length >= 4);
});
