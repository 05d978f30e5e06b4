/**
 * The tray follows the engine by notification (docs/desktop.md "Tray"): a real engine on a temp
 * data folder with a SimClock; rules created, timers firing and executions failing rebuild the
 * state, and nothing rebuilds it without a notification.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type TrayState, trayMenu } from '../../../core/desktop/tray-model.ts';
import { watchTray } from '../../../core/desktop/tray-watch.ts';
import { SimClock } from '../../../core/schedule/index.ts';
import { settle, startEngine } from '../timers/support.ts';

const host = { startAtLogin: () => false, notifyOnFailure: () => false };

test('the next fires are the soonest timer rules with their labels, and move when a timer fires', async (t) => {
  const clock = new SimClock('2027-06-01T09:00:00.000Z');
  const engine = await startEngine(t, clock);
  const seen: TrayState[] = [];
  const watch = watchTray(engine, host, (s) => seen.push(s));
  t.after(() => watch.stop());
  for (const [ref, label, interval] of [
    ['every60', 'Every minute', 60],
    ['every10', 'Every ten seconds', 10],
    ['every30', 'Every half minute', 30],
    ['every90', 'Every ninety seconds', 90],
  ] as const) {
    engine.rules.create({
      ref,
      label,
      trigger_ref: 'core.intervaltimer',
      trigger_params: { interval },
      action_ref: 'core.noop',
    });
  }
  await settle(engine);
  const start = clock.now();
  assert.ok(seen.length > 0, 'rebuilt on rule changes');
  assert.deepEqual(
    watch.state().nextFires.map((f) => [f.label, f.at - start]),
    [
      ['Every ten seconds', 10_000],
      ['Every half minute', 30_000],
      ['Every minute', 60_000],
      ['Every ninety seconds', 90_000],
    ],
  );
  const menu = trayMenu(watch.state(), clock.now()).map((i) => (i.kind === 'separator' ? '---' : i.label));
  assert.deepEqual(menu.slice(0, 4), [
    'Attune Desktop: running',
    'Every ten seconds — in 1 min',
    'Every half minute — in 1 min',
    'Every minute — in 1 min',
  ]);
  const before = seen.length;
  clock.advance(10_000);
  await settle(engine);
  assert.ok(seen.length > before, 'rebuilt when the timer fired');
  assert.deepEqual(
    watch
      .state()
      .nextFires.slice(0, 2)
      .map((f) => [f.ruleRef, f.at - start]),
    [
      ['local.every10', 20_000],
      ['local.every30', 30_000],
    ],
  );
  assert.deepEqual(
    watch
      .state()
      .rules.map((r) => r.ref)
      .sort(),
    ['local.every10', 'local.every30', 'local.every60', 'local.every90'],
  );
});

test('failed executions count until the window is opened; successes do not count', async (t) => {
  const clock = new SimClock('2027-06-01T09:00:00.000Z');
  const engine = await startEngine(t, clock);
  const watch = watchTray(engine, host, () => {});
  t.after(() => watch.stop());
  engine.execute('core.shell', { cmd: 'exit 3' });
  engine.execute('core.shell', { cmd: 'exit 4' });
  engine.execute('core.noop', {});
  await settle(engine);
  assert.equal(watch.state().failuresSinceOpened, 2);
  watch.markOpened();
  await settle(engine);
  assert.equal(watch.state().failuresSinceOpened, 0);
});

test('nothing rebuilds the state without a notification (no polling), and after stop nothing does', async (t) => {
  const clock = new SimClock('2027-06-01T09:00:00.000Z');
  const engine = await startEngine(t, clock);
  let calls = 0;
  const watch = watchTray(engine, host, () => calls++);
  clock.advance(3_600_000);
  await settle(engine);
  assert.equal(calls, 0);
  engine.rules.create({
    ref: 'r',
    trigger_ref: 'core.intervaltimer',
    trigger_params: { interval: 5 },
    action_ref: 'core.noop',
  });
  await settle(engine);
  assert.equal(calls, 1, 'one burst of notifications, one rebuild');
  watch.stop();
  engine.rules.delete('local.r');
  await settle(engine);
  assert.equal(calls, 1);
});

test('host-owned state (start at login, notify on failure) is read on refresh', async (t) => {
  const clock = new SimClock('2027-06-01T09:00:00.000Z');
  const engine = await startEngine(t, clock);
  let atLogin = false;
  const watch = watchTray(engine, { startAtLogin: () => atLogin, notifyOnFailure: () => true }, () => {});
  t.after(() => watch.stop());
  assert.equal(watch.state().startAtLogin, false);
  assert.equal(watch.state().notifyOnFailure, true);
  atLogin = true;
  watch.refresh();
  await settle(engine);
  assert.equal(watch.state().startAtLogin, true);
});

test('pausing timers in the engine shows paused and enables Resume, without a refresh', async (t) => {
  const clock = new SimClock('2027-06-01T09:00:00.000Z');
  const engine = await startEngine(t, clock);
  let calls = 0;
  const watch = watchTray(engine, host, () => calls++);
  t.after(() => watch.stop());
  const item = (label: string) =>
    trayMenu(watch.state(), clock.now()).find((i) => i.kind === 'action' && i.label === label);
  assert.deepEqual(item('Pause all timers'), {
    kind: 'action',
    label: 'Pause all timers',
    action: { type: 'pause-timers' },
    enabled: true,
  });
  engine.pauseTimers();
  await settle(engine);
  assert.equal(calls, 1, 'the timers_paused notification rebuilt the state');
  assert.equal(watch.state().paused, true);
  assert.deepEqual(trayMenu(watch.state(), clock.now())[0], {
    kind: 'label',
    label: 'Attune Desktop: timers paused',
  });
  assert.deepEqual(item('Resume timers'), {
    kind: 'action',
    label: 'Resume timers',
    action: { type: 'resume-timers' },
    enabled: true,
  });
  engine.resumeTimers();
  await settle(engine);
  assert.equal(watch.state().paused, false);
});
