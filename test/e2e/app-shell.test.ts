/**
 * The app shell in real Chromium against the headless host (docs/renderer.md): opening with the
 * printed link, the token kept for the tab and stripped from the address bar, hash routes with
 * back/forward and deep links, the command palette, the theme, and a status bar that follows
 * the engine live.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Execution } from '../../core/model/entities.ts';
import { startUiSession, watchErrors } from './support/session.ts';

test('the printed link opens the UI, the token leaves the address bar and survives a reload', async (t) => {
  const s = await startUiSession(t);
  assert.ok(!s.page.url().includes(s.host.token), 'the token is gone from the address bar');
  assert.equal(s.shell.route(), '/');
  await s.shell.version().waitFor();
  assert.equal(await s.shell.version().textContent(), s.host.engine.version);
  await s.page.reload();
  await s.shell.statusBar().getByText('Connected').waitFor();
  // A deep link in the same tab works without the token in it.
  await s.shell.goto('/events/123');
  await s.shell.heading('Event 123').waitFor();
  s.assertNoErrors();
});

test('a page opened without the token explains how to get in', async (t) => {
  const s = await startUiSession(t, { open: false });
  await s.page.goto(`${s.host.url}/#/rules`);
  await s.page.getByText('Open this page with the link the host printed').waitFor();
  await s.page.getByText('npm start').waitFor();
  s.assertNoErrors();
});

test('a refused token says so and is forgotten', async (t) => {
  const s = await startUiSession(t, { open: false });
  await s.page.goto(`${s.host.url}/#token=not-the-token`);
  await s.page.getByRole('alert').getByText('did not accept this page’s token').waitFor();
  const kept = await s.page.evaluate(() => sessionStorage.getItem('attune.token'));
  assert.equal(kept, null);
  // The refused WebSocket upgrade is logged by Chromium itself; nothing else may fail.
  assert.deepEqual(
    s.errors.filter((e) => !/WebSocket connection .* failed|401/.test(e)),
    [],
  );
});

test('the sidebar routes by hash, with back and forward', async (t) => {
  const s = await startUiSession(t);
  for (const view of ['Rules', 'Events', 'Executions', 'Timers', 'Packs', 'Settings', 'Dashboard'] as const) {
    await s.shell.navigate(view);
    assert.equal(await s.shell.navLink(view).getAttribute('aria-current'), 'page');
  }
  assert.equal(s.shell.route(), '/');
  await s.page.goBack();
  await s.shell.heading('Settings').waitFor();
  assert.equal(s.shell.route(), '/settings');
  await s.page.goBack();
  await s.shell.heading('Packs').waitFor();
  await s.page.goForward();
  await s.shell.heading('Settings').waitFor();
  s.assertNoErrors();
});

test('the command palette jumps to a view, a rule, or an event by number', async (t) => {
  const s = await startUiSession(t);
  await s.host.api('POST', '/api/v1/triggers', { ref: 'palette' });
  await s.host.api('POST', '/api/v1/rules', {
    ref: 'found_by_palette',
    trigger_ref: 'local.palette',
    action_ref: 'core.noop',
  });
  await s.shell.runFromPalette('timers', 'Go to Timers');
  await s.shell.heading('Timers').waitFor();
  await s.shell.runFromPalette('found_by', /local\.found_by_palette/);
  assert.equal(s.shell.route(), '/rules/local.found_by_palette');
  await s.shell.runFromPalette('#42', 'Event #42');
  await s.shell.heading('Event 42').waitFor();
  // Escape closes it and gives focus back.
  await s.shell.openPalette();
  await s.page.keyboard.press('Escape');
  await s.shell.palette().waitFor({ state: 'hidden' });
  s.assertNoErrors();
});

test('keys typed while the palette still loads are kept: its query, and Enter picks the best match', async (t) => {
  const s = await startUiSession(t, { open: false });
  // The palette's chunk is held back until the keys are typed, as on a slow first load.
  let release = () => {};
  const held = new Promise<void>((r) => {
    release = r;
  });
  await s.page.route(/command-palette-[^/]*\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await s.shell.open(s.host.token);
  await s.page.keyboard.press('Control+k');
  await s.shell.palette().getByRole('searchbox').waitFor();
  await s.page.keyboard.type('timers');
  await s.page.keyboard.press('Enter');
  release();
  await s.shell.heading('Timers').waitFor();
  await s.shell.palette().waitFor({ state: 'hidden' });
  s.assertNoErrors();
});

test('the theme follows the OS until one is picked, and the pick is kept', async (t) => {
  const s = await startUiSession(t, { colorScheme: 'dark' });
  assert.equal(await s.shell.theme(), 'dark');
  await s.page.emulateMedia({ colorScheme: 'light' });
  await s.page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
  await s.shell.pickTheme('Dark');
  assert.ok(await s.shell.themeChoice('Dark').isChecked());
  assert.equal(await s.shell.theme(), 'dark');
  await s.page.reload();
  await s.shell.statusBar().getByText('Connected').waitFor();
  assert.equal(await s.shell.theme(), 'dark', 'kept across a reload while the OS says light');
  await s.shell.pickTheme('System');
  assert.equal(await s.shell.theme(), 'light');
  s.assertNoErrors();
});

test('the status bar counts running executions live', async (t) => {
  const s = await startUiSession(t);
  const running = s.shell.statusBar().getByRole('link', { name: /executions? running/ });
  await running.filter({ hasText: '0 executions running' }).waitFor();
  const r = await s.host.api<{ data: Execution }>('POST', '/api/v1/executions/execute', {
    action_ref: 'core.sleep',
    parameters: { seconds: 2 },
  });
  await running.filter({ hasText: '1 execution running' }).waitFor();
  await s.host.waitForExecution(r.body.data.id);
  await running.filter({ hasText: '0 executions running' }).waitFor();
  s.assertNoErrors();
});

test('a second tab opened from a deep link without the token explains how to get in', async (t) => {
  const s = await startUiSession(t);
  const other = await s.context.newPage();
  const errors: string[] = [];
  watchErrors(other, errors);
  await other.goto(`${s.host.url}/#/rules`);
  await other.getByText('Open this page with the link the host printed').waitFor();
  assert.deepEqual(errors, []);
});
