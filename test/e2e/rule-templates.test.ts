/**
 * The dashboard's rule templates in real Chromium against the headless host (docs/renderer.md
 * "Rule builder templates"): a template link opens the builder filled in, whichever shape the
 * link has (`#/rules/new?template=…` or `/?template=…#/rules/new`); saving makes the rule the
 * template describes, and a plain "New rule" afterwards starts empty again.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RuleView } from '../../core/contract/entities.ts';
import type { Execution } from '../../core/model/entities.ts';
import { DashboardPage } from './pages/dashboard.ts';
import { RuleBuilderPage } from './pages/rule-builder.ts';
import { callWebhook, webhookTrigger } from './support/api-seed.ts';
import { startUiSession } from './support/session.ts';

test('the morning template fills the builder with a 08:00 cron timer and a notification, and saves', async (t) => {
  const s = await startUiSession(t);
  const b = new RuleBuilderPage(s.page);
  await new DashboardPage(s.page)
    .card('Create your first rule')
    .getByRole('link', { name: /Every morning at 08:00 show a notification/ })
    .click();
  await b.cronExpression().waitFor();
  assert.equal(await b.name().inputValue(), 'morning_notification');
  assert.equal(await b.cronExpression().inputValue(), '0 8 * * *');
  await b.main().getByRole('status').filter({ hasText: 'Filled in from the template' }).waitFor();
  await b.open('Action');
  assert.equal(await b.action().inputValue(), 'core.notify');
  assert.equal(await b.param('title').inputValue(), 'Good morning');
  await b.save();
  await s.page.waitForFunction(() => location.hash === '#/rules/local.morning_notification');
  const rule = (await s.host.api<{ data: RuleView }>('GET', '/api/v1/rules/local.morning_notification')).body
    .data;
  assert.equal(rule.trigger_ref, 'core.crontimer');
  assert.equal(rule.trigger_params.expression, '0 8 * * *');
  assert.equal(rule.action_ref, 'core.notify');
  assert.deepEqual(rule.action_params, {
    title: 'Good morning',
    body: 'Attune is running. Have a good day.',
  });

  // The template belonged to that link: a new rule now starts empty.
  await s.shell.navigate('Rules');
  await s.page.getByRole('main').getByRole('button', { name: 'New rule' }).first().click();
  await b.name().waitFor();
  assert.equal(await b.name().inputValue(), '');
  assert.equal(new URL(s.page.url()).search, '');
  s.assertNoErrors();
});

test('the webhook template, linked as /?template=…#/rules/new, picks the webhook and runs the script', async (t) => {
  const s = await startUiSession(t);
  const url = await webhookTrigger(s.host, 'deploys');
  const b = new RuleBuilderPage(s.page);
  await s.page.goto(`${s.host.url}/?template=webhook-script#/rules/new`);
  await b.name().waitFor();
  assert.equal(await b.name().inputValue(), 'on_webhook');
  assert.equal(await b.trigger().inputValue(), 'local.deploys');
  // The query moved into the hash, so it leaves with the route.
  assert.equal(new URL(s.page.url()).search, '');
  await b.open('Action');
  assert.equal(await b.action().inputValue(), 'core.shell');
  await b.save();
  await s.page.waitForFunction(() => location.hash === '#/rules/local.on_webhook');
  await callWebhook(url, { build: 42 });
  let runs: Execution[] = [];
  for (let i = 0; i < 150 && !runs.some((x) => x.status === 'completed'); i++) {
    await new Promise((r) => setTimeout(r, 100));
    runs = (await s.host.api<{ items: Execution[] }>('GET', '/api/v1/executions?rule_ref=local.on_webhook'))
      .body.items;
  }
  assert.match(runs.find((x) => x.status === 'completed')?.result?.stdout ?? '', /^webhook called with .*42/);
  s.assertNoErrors();
});

test('the webhook template without a webhook trigger says to make one, typed into the hash too', async (t) => {
  const s = await startUiSession(t);
  const b = new RuleBuilderPage(s.page);
  await s.shell.goto('/rules/new?template=webhook-script');
  await b
    .main()
    .getByRole('status')
    .filter({ hasText: 'Make its webhook with “New webhook trigger…”' })
    .waitFor();
  await b.newWebhookTrigger('signup', 'New signup');
  assert.equal(await b.trigger().inputValue(), 'local.signup');
  await b.save();
  await s.page.waitForFunction(() => location.hash === '#/rules/local.on_webhook');
  s.assertNoErrors();
});
