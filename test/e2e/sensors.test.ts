/**
 * The Sensors view in real Chromium against the headless host (docs/sensors.md): the built-in
 * and pack sensors with their live state, a failed sensor's error, one sensor's detail with its
 * last log lines, disable and enable with the keyboard, in light and dark without an axe finding.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Sensor } from '../../core/contract/sensors.ts';
import { SensorsPage } from './pages/sensors.ts';
import { inBothThemes } from './support/screenshots.ts';
import { startUiSession } from './support/session.ts';

const QUICK = { baseMs: 50, factor: 2, maxMs: 400, quickExitMs: 10_000, crashLoopExits: 5 };

test('the sensors view shows each sensor live, its log, and toggles a pack sensor by keyboard', async (t) => {
  const s = await startUiSession(t, { packs: ['sensorkit'], sensorBackoff: QUICK });
  const view = new SensorsPage(s.page);
  await s.shell.navigate('Sensors');
  await view.table().waitFor();
  for (const ref of ['core.timer', 'core.webhook', 'sensorkit.watcher', 'sensorkit.crasher'])
    await view.row(ref).waitFor();
  await view.row('core.timer').getByText('runs with the engine').waitFor();
  // Live: the crasher fails and the watcher runs, without a reload.
  await view.row('sensorkit.crasher').getByText('failed', { exact: true }).waitFor({ timeout: 30_000 });
  await view
    .row('sensorkit.crasher')
    .getByText(/exited 5 times in a row/)
    .waitFor();
  await view.row('sensorkit.watcher').getByText('running', { exact: true }).waitFor({ timeout: 30_000 });
  await inBothThemes(s.page, 'sensors');

  // Keyboard: focus the Disable button and press it.
  await view.button('sensorkit.watcher', 'Disable').focus();
  await s.page.keyboard.press('Enter');
  await view.button('sensorkit.watcher', 'Enable').waitFor();
  await view.row('sensorkit.watcher').getByText('stopped', { exact: true }).waitFor();
  const off = await s.host.api<{ data: Sensor }>('GET', '/api/v1/sensors/sensorkit.watcher');
  assert.equal(off.body.data.enabled, false);
  assert.equal(off.body.data.pid, null);
  await view.button('sensorkit.watcher', 'Enable').focus();
  await s.page.keyboard.press('Space');
  await view.row('sensorkit.watcher').getByText('running', { exact: true }).waitFor({ timeout: 30_000 });

  // One sensor: its fields, its last error, its last log lines.
  await view.row('sensorkit.crasher').getByRole('link', { name: 'Crasher' }).click();
  await s.shell.heading('Sensor sensorkit.crasher').waitFor();
  assert.equal(s.shell.route(), '/sensors/sensorkit.crasher');
  await view
    .main()
    .getByRole('alert')
    .getByText(/crasher: cannot reach the device/)
    .waitFor();
  await view
    .log('sensorkit.crasher')
    .getByText(/restart 4 in 400 ms/)
    .waitFor();
  await inBothThemes(s.page, 'sensor-detail');
  s.assertNoErrors();
});
