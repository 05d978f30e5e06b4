/**
 * Notification routing (docs/desktop.md "Notifications"), headless with a real engine: the
 * `core.notify` action reaches the host's notification interface; failed and timed-out
 * executions raise one, naming the execution a click opens, only while the user has it on.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import {
  type DesktopNotification,
  loggingNotificationHost,
  notifyOnFailure,
  notifyThrough,
} from '../../../core/desktop/notification-router.ts';
import { readSettings, settingsFile, writeSettings } from '../../../core/desktop/settings.ts';
import { createEngine, type Engine } from '../../../core/engine/create-engine.ts';
import { createLogger } from '../../../core/host/logger.ts';
import { silentLogger } from '../../../core/model/logger.ts';
import { SimClock } from '../../../core/schedule/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { settle } from '../timers/support.ts';

async function engineShowingInto(
  t: Parameters<typeof tempDir>[0],
  shown: DesktopNotification[],
): Promise<Engine> {
  const host = { show: (n: DesktopNotification) => shown.push(n) };
  const engine = createEngine({
    dataDir: tempDir(t),
    clock: new SimClock('2027-06-01T09:00:00.000Z'),
    logger: silentLogger,
    runnerHost: { notify: notifyThrough(host), log: () => {} },
  });
  await engine.start();
  t?.after(() => engine.stop(1000));
  return engine;
}

test('the core.notify action shows its title and body through the host', async (t) => {
  const shown: DesktopNotification[] = [];
  const engine = await engineShowingInto(t, shown);
  engine.execute('core.notify', { title: 'Backup done', body: '3 files' });
  await settle(engine);
  assert.deepEqual(shown, [{ title: 'Backup done', body: '3 files', executionId: null }]);
});

test('a failed execution raises one notification naming it, when the user has it on', async (t) => {
  const shown: DesktopNotification[] = [];
  const engine = await engineShowingInto(t, shown);
  const off = notifyOnFailure(engine, { show: (n) => shown.push(n) }, () => true);
  t.after(off);
  const failed = engine.execute('core.shell', { cmd: 'exit 7' });
  engine.execute('core.noop', {});
  await settle(engine);
  assert.deepEqual(shown, [
    { title: 'An execution failed', body: `core.shell failed (#${failed.id}).`, executionId: failed.id },
  ]);
});

test('with the setting off nothing is raised, and turning it on takes effect without a restart', async (t) => {
  const shown: DesktopNotification[] = [];
  const engine = await engineShowingInto(t, shown);
  let on = false;
  const off = notifyOnFailure(engine, { show: (n) => shown.push(n) }, () => on);
  t.after(off);
  engine.execute('core.shell', { cmd: 'exit 1' });
  await settle(engine);
  assert.equal(shown.length, 0);
  on = true;
  const second = engine.execute('core.shell', { cmd: 'exit 1' });
  await settle(engine);
  assert.deepEqual(
    shown.map((n) => n.executionId),
    [second.id],
  );
});

test('the headless host writes a notification to its log', () => {
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (s: string) => lines.push(s) } });
  loggingNotificationHost(logger).show({ title: 'Hello', body: 'there', executionId: 4 });
  const line = JSON.parse(lines[0] as string) as Record<string, unknown>;
  assert.deepEqual(
    [line.msg, line.title, line.body, line.executionId],
    ['notification', 'Hello', 'there', 4],
  );
});

test('desktop settings default to off, survive a restart, and a damaged file is refused naming the field', (t) => {
  const dir = tempDir(t);
  assert.deepEqual(readSettings(dir), { notify_on_failure: false });
  writeSettings(dir, { notify_on_failure: true });
  assert.deepEqual(readSettings(dir), { notify_on_failure: true });
  assert.equal(fs.statSync(settingsFile(dir)).mode & 0o777, 0o600);
  fs.writeFileSync(settingsFile(dir), '{"notify_on_failure":"yes"}');
  assert.throws(() => readSettings(dir), /desktop\.json: notify_on_failure: /);
  fs.writeFileSync(settingsFile(dir), '{not json');
  assert.throws(() => readSettings(dir), /desktop\.json is not JSON/);
});
