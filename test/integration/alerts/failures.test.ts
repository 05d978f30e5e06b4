/**
 * Failure alerts (docs/alerts.md): a rule's executions failing N times in a row open one alert,
 * never a second while it is open; its next completed execution closes it and says so once. A
 * real engine on a temp data folder, real `core.shell` processes, a SimClock.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listAlerts } from '../../../core/store/index.ts';
import { alertAt, alertEngine, exitRule, run, summary } from './support.ts';

test('three failures in a row open one alert on the third; more failures open none while it is open', async (t) => {
  const { engine, seen } = await alertEngine(t);
  exitRule(engine, 'backup', 'Nightly backup');
  await run(engine, 'local.backup', 1);
  await run(engine, 'local.backup', 1);
  assert.deepEqual(summary(seen), [], 'two failures are not three');
  const third = await run(engine, 'local.backup', 2);
  assert.deepEqual(summary(seen), ['alert_opened local.backup failure']);
  const opened = alertAt(seen, 0);
  assert.equal(opened.alert.execution_id, third, 'the action opens the third failure');
  assert.equal(opened.alert.failures, 3);
  assert.equal(opened.title, 'Nightly backup (local.backup) is failing');
  assert.match(opened.body, /failed 3 times in a row; last: execution #\d+/);
  assert.equal(opened.announce, true);
  await run(engine, 'local.backup', 1);
  await run(engine, 'local.backup', 1);
  assert.equal(seen.length, 1, 'no alert storm: still the one alert');
  const open = listAlerts(engine.store.read, { status: 'open' }, { page: 1, page_size: 10 });
  assert.deepEqual(
    open.items.map((a) => [a.rule_ref, a.kind, a.status]),
    [['local.backup', 'failure', 'open']],
  );
});

test('the next completed execution closes the alert once, saying after how many failures', async (t) => {
  const { engine, seen } = await alertEngine(t);
  exitRule(engine, 'sync');
  for (let i = 0; i < 4; i++) await run(engine, 'local.sync', 1);
  const ok = await run(engine, 'local.sync', 0);
  await run(engine, 'local.sync', 0);
  assert.deepEqual(summary(seen), ['alert_opened local.sync failure', 'alert_resolved local.sync failure']);
  const resolved = alertAt(seen, 1);
  assert.equal(resolved.title, 'local.sync is back to normal');
  assert.equal(resolved.body, `local.sync is back to normal after 4 failures: execution #${ok} completed.`);
  assert.deepEqual(
    [resolved.alert.status, resolved.alert.closed_by, resolved.announce],
    ['resolved', ok, true],
  );
  // Counting starts again: two failures after the recovery open nothing, the third does.
  await run(engine, 'local.sync', 1);
  await run(engine, 'local.sync', 1);
  assert.equal(seen.length, 2);
  await run(engine, 'local.sync', 1);
  assert.deepEqual(summary(seen).at(-1), 'alert_opened local.sync failure');
});

test('a success between failures starts the count again; other rules count apart', async (t) => {
  const { engine, seen } = await alertEngine(t);
  exitRule(engine, 'a');
  exitRule(engine, 'b');
  for (const code of [1, 1, 0, 1, 1]) await run(engine, 'local.a', code);
  await run(engine, 'local.b', 1);
  await run(engine, 'local.b', 1);
  assert.deepEqual(summary(seen), []);
});

test('the failure count and the open alert survive a restart', async (t) => {
  const first = await alertEngine(t);
  exitRule(first.engine, 'job1');
  await run(first.engine, 'local.job1', 1);
  await run(first.engine, 'local.job1', 1);
  const dataDir = first.engine.dataDir;
  await first.engine.stop(1000);
  const second = await alertEngine(t, { dataDir });
  await run(second.engine, 'local.job1', 1);
  assert.deepEqual(
    summary(second.seen),
    ['alert_opened local.job1 failure'],
    'the third in a row, across the restart',
  );
  await second.engine.stop(1000);
  const third = await alertEngine(t, { dataDir });
  await run(third.engine, 'local.job1', 1);
  assert.deepEqual(summary(third.seen), [], 'still open after a restart: no second alert');
  await run(third.engine, 'local.job1', 0);
  assert.deepEqual(summary(third.seen), ['alert_resolved local.job1 failure']);
});

test('a failure that is retried is not counted; the failure after the last retry is', async (t) => {
  const { engine, seen } = await alertEngine(t);
  engine.rules.create({
    ref: 'flaky',
    trigger_ref: 'local.job',
    action_ref: 'core.shell',
    action_params: { cmd: 'exit {{ event.payload.code }}' },
    retry: { count: 2, delay: 0, backoff: 'constant' },
  });
  await run(engine, 'local.flaky', 1);
  await run(engine, 'local.flaky', 1);
  assert.deepEqual(summary(seen), [], 'six failed executions, two failed firings');
  const failed = engine.store.read
    .stmt("SELECT COUNT(*) AS n FROM executions WHERE rule_ref = 'local.flaky' AND status = 'failed'")
    .get() as { n: number };
  assert.equal(failed.n, 6);
  await run(engine, 'local.flaky', 1);
  assert.deepEqual(summary(seen), ['alert_opened local.flaky failure']);
});
