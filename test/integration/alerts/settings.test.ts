/**
 * Alert settings (docs/alerts.md): an engine-wide default, overridden per rule; missed timer
 * slots past their misfire window; dismissing; re-running the failed execution. A real engine
 * on a temp data folder, real processes, a SimClock.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUILT_IN_ALERT_CONFIG } from '../../../core/model/alerts.ts';
import { getExecution } from '../../../core/store/index.ts';
import { advanceTo, at, eventsOf, timerRule } from '../timers/support.ts';
import { alertAt, alertEngine, exitRule, run, settle, summary } from './support.ts';

test('the default applies to rules without their own settings; a rule’s own settings win', async (t) => {
  const { engine, seen } = await alertEngine(t);
  assert.deepEqual(engine.alerts.defaultConfig, BUILT_IN_ALERT_CONFIG);
  engine.alerts.setConfig(null, { ...BUILT_IN_ALERT_CONFIG, after_failures: 1 });
  exitRule(engine, 'follows');
  exitRule(engine, 'two');
  exitRule(engine, 'quiet');
  engine.alerts.setConfig('local.two', { ...BUILT_IN_ALERT_CONFIG, after_failures: 2 });
  engine.alerts.setConfig('local.quiet', { ...BUILT_IN_ALERT_CONFIG, enabled: false });
  await run(engine, 'local.follows', 1);
  await run(engine, 'local.two', 1);
  await run(engine, 'local.quiet', 1);
  assert.deepEqual(summary(seen), ['alert_opened local.follows failure']);
  await run(engine, 'local.two', 1);
  for (let i = 0; i < 4; i++) await run(engine, 'local.quiet', 1);
  assert.deepEqual(summary(seen), ['alert_opened local.follows failure', 'alert_opened local.two failure']);
  // Removing the rule's own settings puts it back on the default (1): it alerts at once.
  engine.alerts.setConfig('local.quiet', null);
  assert.equal(engine.alerts.ownConfig('local.quiet'), null);
  await run(engine, 'local.quiet', 1);
  assert.equal(summary(seen).at(-1), 'alert_opened local.quiet failure');
});

test('settings survive a restart', async (t) => {
  const first = await alertEngine(t);
  exitRule(first.engine, 'kept');
  first.engine.alerts.setConfig(null, { ...BUILT_IN_ALERT_CONFIG, after_failures: 5 });
  first.engine.alerts.setConfig('local.kept', { ...BUILT_IN_ALERT_CONFIG, on_recovery: false });
  const dataDir = first.engine.dataDir;
  await first.engine.stop(1000);
  const second = await alertEngine(t, { dataDir });
  assert.equal(second.engine.alerts.defaultConfig.after_failures, 5);
  assert.deepEqual(second.engine.alerts.configFor('local.kept'), {
    ...BUILT_IN_ALERT_CONFIG,
    on_recovery: false,
  });
});

test('without on_recovery the alert closes at the next success but the user is not told', async (t) => {
  const { engine, seen } = await alertEngine(t);
  exitRule(engine, 'r');
  engine.alerts.setConfig('local.r', { ...BUILT_IN_ALERT_CONFIG, after_failures: 1, on_recovery: false });
  await run(engine, 'local.r', 1);
  await run(engine, 'local.r', 0);
  assert.deepEqual(summary(seen), ['alert_opened local.r failure', 'alert_resolved local.r failure']);
  assert.equal(alertAt(seen, 1).announce, false);
});

test('a timer slot past its misfire window opens one missed alert, closed quietly by the next run', async (t) => {
  const { engine, clock, seen } = await alertEngine(t);
  timerRule(
    engine,
    'tick',
    'core.intervaltimer',
    { interval: 10 },
    { misfire: { policy: 'coalesce', misfire_window: 60 } },
  );
  timerRule(
    engine,
    'calm',
    'core.intervaltimer',
    { interval: 10 },
    { misfire: { policy: 'coalesce', misfire_window: 60 } },
  );
  engine.alerts.setConfig('local.calm', { ...BUILT_IN_ALERT_CONFIG, on_missed: false });
  const refs = ['local.tick', 'local.calm'];
  await advanceTo(engine, clock, at('2027-06-01T09:00:30Z'), refs);
  clock.sleep(300_000); // asleep five minutes: the slots older than a minute are outside the window
  await advanceTo(engine, clock, at('2027-06-01T09:06:00Z'), refs);
  await settle(engine);
  const outside = eventsOf(engine, 'local.tick', 'missed').filter(
    (e) => e.payload.reason === 'outside_window',
  );
  assert.ok(outside.length > 1, 'several slots passed the window');
  assert.deepEqual(summary(seen), ['alert_opened local.tick missed', 'alert_resolved local.tick missed']);
  const opened = alertAt(seen, 0);
  assert.equal(opened.alert.event_id, outside[0]?.id, 'the first missed slot opened it; the others did not');
  assert.equal(opened.title, 'tick (local.tick) missed a run');
  assert.match(opened.body, /did not run at 2027-06-01T09:00:40\.000Z: the slot passed its misfire window/);
  assert.equal(alertAt(seen, 1).announce, false);
});

test('dismissing closes the open alert; a later failure opens a new one', async (t) => {
  const { engine, seen } = await alertEngine(t);
  exitRule(engine, 'd');
  for (let i = 0; i < 3; i++) await run(engine, 'local.d', 1);
  const open = alertAt(seen, 0).alert;
  const dismissed = engine.alerts.dismiss(open.id);
  assert.deepEqual([dismissed.status, dismissed.closed_by], ['dismissed', null]);
  assert.throws(() => engine.alerts.dismiss(open.id), /already dismissed/);
  await run(engine, 'local.d', 1);
  assert.deepEqual(summary(seen), [
    'alert_opened local.d failure',
    'alert_resolved local.d failure',
    'alert_opened local.d failure',
  ]);
});

test('re-running the failed execution uses its parameters and, when it completes, closes the alert', async (t) => {
  const { engine, seen } = await alertEngine(t);
  engine.rules.create({
    ref: 'flag',
    trigger_ref: 'local.job',
    action_ref: 'core.shell',
    action_params: { cmd: 'test -e {{ event.payload.file }}' },
  });
  engine.alerts.setConfig('local.flag', { ...BUILT_IN_ALERT_CONFIG, after_failures: 1 });
  const dir = engine.dataDir;
  const r = await engine.runRule('local.flag', { file: `${dir}/flag` });
  await settle(engine);
  const failed = r.execution_ids[0] as number;
  assert.equal(getExecution(engine.store.read, failed)?.status, 'failed');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(`${dir}/flag`, '');
  const again = engine.rerun(failed);
  await settle(engine);
  const done = getExecution(engine.store.read, again.id);
  assert.deepEqual(
    [done?.status, done?.config.cmd, done?.rule_ref, done?.enforcement_id],
    ['completed', `test -e '${dir}/flag'`, 'local.flag', null],
  );
  assert.deepEqual(summary(seen), ['alert_opened local.flag failure', 'alert_resolved local.flag failure']);
  assert.equal(alertAt(seen, 1).alert.closed_by, again.id);
});

test('deleting a rule dismisses its open alert and forgets its settings', async (t) => {
  const { engine, seen } = await alertEngine(t);
  exitRule(engine, 'gone');
  engine.alerts.setConfig('local.gone', { ...BUILT_IN_ALERT_CONFIG, after_failures: 1 });
  await run(engine, 'local.gone', 1);
  engine.rules.delete('local.gone');
  assert.deepEqual(summary(seen), ['alert_opened local.gone failure', 'alert_resolved local.gone failure']);
  assert.equal(alertAt(seen, 1).alert.status, 'dismissed');
  assert.equal(engine.alerts.ownConfig('local.gone'), null);
});
