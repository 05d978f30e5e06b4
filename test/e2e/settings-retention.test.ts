/** Settings → History kept in real Chromium (docs/retention.md): sizes, limits, editing by keyboard. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SettingsPage } from './pages/settings.ts';
import { inBothThemes } from './support/screenshots.ts';
import { startUiSession } from './support/session.ts';

test('the history section shows rows per table and the limits, and saves a change made by keyboard', async (t) => {
  const s = await startUiSession(t);
  await s.host.api('POST', '/api/v1/triggers', { ref: 'hist' });
  for (let i = 0; i < 3; i++) await s.host.engine.ingest({ trigger_ref: 'local.hist', payload: { i } });
  const settings = new SettingsPage(s.page);
  await s.shell.navigate('Settings');
  const events = settings.historyRow('Events');
  await events.getByRole('cell', { name: '3', exact: true }).first().waitFor();
  assert.equal(await settings.historyField('Events: days kept').inputValue(), '30');
  assert.equal(await settings.historyField('Events: newest rows kept').inputValue(), '500000');
  assert.match((await settings.historyRow('Sensor logs').textContent()) ?? '', /none yet/);
  await inBothThemes(s.page, 'settings-retention');

  // Keyboard only: focus the field, replace its text, submit with Enter.
  const rows = settings.historyField('Events: newest rows kept');
  await rows.focus();
  await s.page.keyboard.press('ControlOrMeta+a');
  await s.page.keyboard.type('0');
  await s.page.keyboard.press('Enter');
  await s.page.getByText('Enter 1 or more. Leave empty for no limit.').waitFor();
  assert.equal(await rows.getAttribute('aria-invalid'), 'true');

  await s.page.keyboard.press('ControlOrMeta+a');
  await s.page.keyboard.type('2');
  await s.page.keyboard.press('Enter');
  await settings.section('History kept').getByRole('status').getByText('Saved').waitFor();
  const saved = await s.host.api<{ data: { targets: { events: { max_rows: number } } } }>(
    'GET',
    '/api/v1/retention-config',
  );
  assert.equal(saved.body.data.targets.events.max_rows, 2);
  await events.getByText('(1 go at the next pass)').waitFor();
  s.assertNoErrors();
});
