/** Settings in real Chromium: the data folder, API address and token to copy, webhook defaults, the theme. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SettingsPage } from './pages/settings.ts';
import { inBothThemes } from './support/screenshots.ts';
import { startUiSession } from './support/session.ts';

test('settings show the data folder, the API address and the token, each to copy', async (t) => {
  const s = await startUiSession(t);
  const settings = new SettingsPage(s.page);
  await s.shell.navigate('Settings');
  await settings.value('Data folder').getByText(s.host.dataDir).waitFor();
  await settings.value('Address').getByText(`${s.host.url}/api/v1`).waitFor();
  assert.ok(
    !((await settings.value('API token').textContent()) ?? '').includes(s.host.token),
    'hidden at first',
  );
  await inBothThemes(s.page, 'settings');
  await settings.showToken();
  await settings.value('API token').getByText(s.host.token).waitFor();
  await settings.copy('Copy the API token');
  assert.equal(await s.page.evaluate(() => navigator.clipboard.readText()), s.host.token);
  await settings.copy('Copy the data folder');
  assert.equal(await s.page.evaluate(() => navigator.clipboard.readText()), s.host.dataDir);
  s.assertNoErrors();
});

test('settings show the limits a new webhook gets', async (t) => {
  const s = await startUiSession(t);
  const settings = new SettingsPage(s.page);
  await s.shell.navigate('Settings');
  await settings.section('Webhooks').waitFor();
  assert.equal(await settings.value('Largest body').textContent(), '256 KiB');
  assert.equal(await settings.value('Requests per minute').textContent(), '60');
  assert.equal(
    await settings.value('Signature').textContent(),
    'not required (the key in the URL is the secret)',
  );
  s.assertNoErrors();
});

test('the theme picked in settings applies at once and is kept', async (t) => {
  const s = await startUiSession(t);
  const settings = new SettingsPage(s.page);
  await s.shell.navigate('Settings');
  await settings.pickTheme('Dark');
  assert.equal(await s.shell.theme(), 'dark');
  assert.equal(await s.page.evaluate(() => localStorage.getItem('attune.theme')), 'dark');
  await settings.pickTheme('System');
  assert.equal(await s.shell.theme(), 'light');
  s.assertNoErrors();
});
