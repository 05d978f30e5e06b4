/**
 * When retention runs (docs/retention.md): a first pass a minute after the start, then every
 * `check_interval_seconds` on the engine's Clock; a changed interval applies at once; a disabled
 * retention deletes nothing; a stopped one leaves no wake-up behind.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { count, seeded, until } from './support.ts';

test('a pass runs a minute after the start, then every check_interval_seconds of the clock', async (t) => {
  const f = seeded(t, { events: 500, rules: 2 });
  f.retention.setConfig({
    check_interval_seconds: 600,
    min_per_outcome: 0,
    targets: { events: { max_rows: 400 } },
  });
  f.retention.start();
  t.after(() => f.retention.stop());
  f.clock.advance(59_999);
  await until(() => true, 'a turn');
  assert.equal(f.retention.lastPass(), null, 'nothing before a minute');
  f.clock.advance(1);
  await until(() => f.retention.lastPass() !== null, 'the first pass');
  assert.equal(count(f.store, 'SELECT count(*) AS n FROM events'), 400);
  const first = f.retention.lastPass()?.started_at;

  f.retention.setConfig({ targets: { events: { max_rows: 300 } } });
  f.clock.advance(599_000);
  await until(() => true, 'a turn');
  assert.equal(f.retention.lastPass()?.started_at, first, 'no pass before the interval is up');
  assert.equal(count(f.store, 'SELECT count(*) AS n FROM events'), 400);
  f.clock.advance(1_000);
  await until(() => f.retention.lastPass()?.started_at !== first, 'the second pass');
  assert.equal(count(f.store, 'SELECT count(*) AS n FROM events'), 300);
});

test('a disabled retention deletes nothing at its interval; a stopped one leaves no wake-up', async (t) => {
  const f = seeded(t, { events: 200, rules: 2 });
  f.retention.setConfig({
    enabled: false,
    check_interval_seconds: 60,
    targets: { events: { max_rows: 10 } },
  });
  f.retention.start();
  for (let i = 0; i < 3; i++) {
    f.clock.advance(60_000);
    await until(() => true, 'a turn');
  }
  assert.equal(f.retention.lastPass(), null);
  assert.equal(count(f.store, 'SELECT count(*) AS n FROM events'), 200);
  assert.equal(f.clock.pendingTimers(), 1);
  await f.retention.stop();
  assert.equal(f.clock.pendingTimers(), 0);
});

test('a bad config is refused with the field named, and the stored one is unchanged', (t) => {
  const f = seeded(t, { events: 1, rules: 1 });
  const before = f.retention.config();
  assert.throws(
    () => f.retention.setConfig({ targets: { events: { max_age_seconds: 0 } } }),
    (err: { code: string; field?: string; message: string }) =>
      err.code === 'VALIDATION_ERROR' &&
      err.field === 'targets.events.max_age_seconds' &&
      err.message.startsWith('targets.events.max_age_seconds:'),
  );
  assert.deepEqual(f.retention.config(), before);
});
