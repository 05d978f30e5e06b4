/**
 * The dashboard in real Chromium against the headless host (docs/renderer.md "Dashboard"): the
 * first start teaches with two templates linking into the rule builder; later it shows events,
 * executions and failures over the last hour or day, failures since the last visit, and the
 * next fires.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DashboardPage } from './pages/dashboard.ts';
import { callWebhook, createRule, webhookTrigger } from './support/api-seed.ts';
import { inBothThemes } from './support/screenshots.ts';
import { startUiSession } from './support/session.ts';

test('the first start offers two templates that open the rule builder filled in', async (t) => {
  const s = await startUiSession(t);
  const dash = new DashboardPage(s.page);
  const first = dash.card('Create your first rule');
  await first.waitFor();
  await inBothThemes(s.page, 'dashboard-first-start');
  await first.getByRole('link', { name: /Every morning at 08:00 show a notification/ }).waitFor();
  await first.getByRole('link', { name: /When this webhook is called run a script/ }).click();
  await s.page.waitForFunction(() => location.hash === '#/rules/new?template=webhook-script');
  await s.page.getByRole('main').getByRole('textbox', { name: 'Name' }).waitFor();
  assert.equal(await s.page.getByRole('main').getByLabel('Name', { exact: true }).inputValue(), 'on_webhook');
  s.assertNoErrors();
});

test('activity, failures and next fires, live; the range switches between hour and day', async (t) => {
  const s = await startUiSession(t);
  const url = await webhookTrigger(s.host, 'deploys');
  await createRule(s.host, {
    ref: 'notify_deploy',
    trigger_ref: 'local.deploys',
    conditions: { expression: 'event.payload.ok' },
    action_ref: 'core.shell',
    action_params: { cmd: 'exit 3' },
  });
  await createRule(s.host, {
    ref: 'daily',
    label: 'Daily report',
    trigger_ref: 'core.crontimer',
    trigger_params: { expression: '0 8 * * *', timezone: 'UTC' },
    action_ref: 'core.noop',
  });
  const dash = new DashboardPage(s.page);
  await s.shell.goto('/');
  await dash.card('Activity').waitFor();
  await dash.card('Failures').getByText('Nothing failed.').waitFor();
  await dash.card('Next fires').getByRole('link', { name: 'Daily report' }).waitFor();

  await callWebhook(url, { ok: true });
  await callWebhook(url, { ok: false });
  // The failed run is listed at once; the headline never says "Nothing failed" beside it.
  await dash
    .card('Failures')
    .getByRole('link', { name: /^#\d+$/ })
    .waitFor();
  assert.equal(await dash.card('Failures').getByText('Nothing failed.').count(), 0);
  // Counts are read again a few seconds after a burst (the router's slow lane), without a reload.
  await dash.card('Failures').getByText('failed execution').waitFor({ timeout: 15_000 });
  await dash
    .card('Failures')
    .getByRole('link', { name: /^#\d+$/ })
    .waitFor();
  await s.page.waitForFunction(
    () =>
      /Last hour: 2 events, 1 executions, 1 failures/.test(
        document.querySelector('main svg')?.getAttribute('aria-label') ?? '',
      ),
    undefined,
    { timeout: 15_000 },
  );
  await inBothThemes(s.page, 'dashboard');
  await dash.range('Last day');
  await s.page.waitForFunction(() =>
    /^Last day: 2 events/.test(document.querySelector('main svg')?.getAttribute('aria-label') ?? ''),
  );
  // The next visit counts from this one.
  await s.page.reload();
  await dash
    .card('Failures')
    .getByText(/^Since your last visit/)
    .waitFor();
  s.assertNoErrors();
});
