/**
 * Every view and state of the shell, the rules list and the builder, in light and dark: no
 * serious or critical axe violation, no page error, and a screenshot of each in
 * test/e2e/output/ to look at (docs/renderer.md "Tests").
 */
import { test } from 'node:test';
import { RuleBuilderPage } from './pages/rule-builder.ts';
import { RulesListPage } from './pages/rules-list.ts';
import { inBothThemes } from './support/screenshots.ts';
import { startUiSession } from './support/session.ts';

test('the shell, the opening page and the palette are accessible in both themes', async (t) => {
  const s = await startUiSession(t);
  await s.shell.version().waitFor();
  // The view's code loads after the shell: until then the main region reads "Opening…".
  await s.shell.heading('Dashboard').waitFor();
  await inBothThemes(s.page, 'dashboard');
  await s.shell.openPalette();
  await s.shell.palette().getByRole('searchbox').fill('go');
  await inBothThemes(s.page, 'palette');
  await s.page.keyboard.press('Escape');
  const other = await s.context.newPage();
  await other.goto(`${s.host.url}/#/rules`);
  await other.getByText('Open this page with the link').waitFor();
  await inBothThemes(other, 'opening');
  s.assertNoErrors();
});

test('the rules list’s dialogs are accessible in both themes', async (t) => {
  const s = await startUiSession(t);
  await s.host.api('POST', '/api/v1/triggers', { ref: 'hook' });
  await s.host.api('POST', '/api/v1/rules', {
    ref: 'one',
    trigger_ref: 'local.hook',
    action_ref: 'core.noop',
  });
  const list = new RulesListPage(s.page);
  await s.shell.navigate('Rules');
  await list.runNow('local.one');
  await s.page.getByRole('dialog', { name: 'Run local.one now' }).waitFor();
  await inBothThemes(s.page, 'rules-run-dialog');
  await s.page.keyboard.press('Escape');
  await list.rowAction('local.one', 'Delete…');
  await s.page.getByRole('alertdialog', { name: 'Delete this rule?' }).waitFor();
  await inBothThemes(s.page, 'rules-delete-dialog');
  s.assertNoErrors();
});

test('every panel of the rule builder is accessible in both themes', async (t) => {
  const s = await startUiSession(t, { viewport: { width: 1400, height: 900 } });
  await s.host.api('POST', '/api/v1/triggers', { ref: 'signup', label: 'New signup' });
  await s.host.api('POST', '/api/v1/triggers/local.signup/webhooks/enable', {});
  const b = new RuleBuilderPage(s.page);
  await s.shell.goto('/rules/new');
  await b.nextFires().getByRole('listitem').first().waitFor();
  await inBothThemes(s.page, 'builder-interval');

  await b.pickTrigger('core.crontimer');
  await b.cronExpression().fill('30 2 * * *');
  await b.timezone().fill('Europe/Berlin');
  await b
    .nextFires()
    .getByText(/02:30 Europe\/Berlin|03:00 Europe\/Berlin/)
    .first()
    .waitFor();
  await inBothThemes(s.page, 'builder-cron');

  await b.pickTrigger('core.datetimetimer');
  await inBothThemes(s.page, 'builder-one-shot');

  await b.pickTrigger('local.signup');
  await b.webhook().waitFor();
  await inBothThemes(s.page, 'builder-webhook');

  await b.open('Conditions');
  await b.addCondition('event.payload.age', '>=', '18');
  await b.addCondition('event.payload.plan', 'in', 'pro, team');
  await inBothThemes(s.page, 'builder-conditions-rows');
  await b.conditionMode('Expression');
  await inBothThemes(s.page, 'builder-conditions-expression');

  await b.open('Action');
  await b.action().selectOption('core.http_request');
  await b.param('url').fill('https://example.com/{{ event.pa');
  await b.suggestions().waitFor();
  await inBothThemes(s.page, 'builder-action');
  await b.param('url').press('Escape');

  await b.sample().fill('{"age": 30, "plan": "pro", "id": 1}');
  await b.param('url').fill('https://example.com/{{ event.payload.id }}');
  await b.tryIt();
  await b.renderedParams().waitFor();
  await inBothThemes(s.page, 'builder-try');

  await b.open('Settings');
  await s.page.getByRole('main').getByText('Retry when the action fails').waitFor();
  await inBothThemes(s.page, 'builder-settings');

  await b.save();
  await b.alert().waitFor();
  await inBothThemes(s.page, 'builder-errors');

  await b.open('Trigger');
  await b.main().getByRole('button', { name: 'New webhook trigger…' }).click();
  await s.page.getByRole('dialog', { name: 'New webhook trigger' }).waitFor();
  await inBothThemes(s.page, 'builder-new-trigger');
  s.assertNoErrors();
});
