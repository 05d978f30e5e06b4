/**
 * The rules list in real Chromium (docs/renderer.md "Views"): triggers in words, live next and
 * last fire, search, enable/disable one or many, run now, duplicate, delete with confirmation.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RuleView } from '../../core/contract/entities.ts';
import { RulesListPage } from './pages/rules-list.ts';
import { inBothThemes } from './support/screenshots.ts';
import { startUiSession } from './support/session.ts';

async function seed(api: (m: string, p: string, b?: unknown) => Promise<{ status: number }>) {
  await api('POST', '/api/v1/triggers', { ref: 'signup', label: 'New signup' });
  await api('POST', '/api/v1/triggers/local.signup/webhooks/enable', {});
  const rules = [
    {
      ref: 'morning',
      label: 'Morning briefing',
      trigger_ref: 'core.crontimer',
      trigger_params: { expression: '30 7 * * 1-5', timezone: 'Europe/Berlin' },
      action_ref: 'core.echo',
      action_params: { message: 'good morning' },
    },
    {
      ref: 'welcome',
      trigger_ref: 'local.signup',
      action_ref: 'core.echo',
      action_params: { message: 'hi' },
    },
    {
      ref: 'tick',
      trigger_ref: 'core.intervaltimer',
      trigger_params: { interval: 1, unit: 'hours' },
      action_ref: 'core.noop',
      enabled: false,
    },
  ];
  for (const r of rules) assert.equal((await api('POST', '/api/v1/rules', r)).status, 201);
}

test('rules show their trigger in words, and search narrows the list', async (t) => {
  const s = await startUiSession(t);
  await seed(s.host.api);
  const list = new RulesListPage(s.page);
  await s.shell.navigate('Rules');
  await list.row('local.morning').getByText('every weekday at 07:30 Europe/Berlin').waitFor();
  await list.row('local.welcome').getByText('when the webhook of local.signup is called').waitFor();
  await list.row('local.tick').getByText('every hour').waitFor();
  assert.match((await list.row('local.morning').textContent()) ?? '', /in \d+ (d|h|min)/, 'next fire shown');
  await inBothThemes(s.page, 'rules-list');
  await list.search('weekday');
  await list.row('local.tick').waitFor({ state: 'detached' });
  assert.equal(await list.table().getByRole('row').count(), 2, 'header and one rule');
  await list.search('nothing like this');
  await s.page.getByText('No rule matches').waitFor();
  s.assertNoErrors();
});

test('switches and bulk actions enable and disable rules through the engine', async (t) => {
  const s = await startUiSession(t);
  await seed(s.host.api);
  const list = new RulesListPage(s.page);
  await s.shell.navigate('Rules');
  await list.toggle('local.tick');
  const rule = async (ref: string) =>
    (await s.host.api<{ data: RuleView }>('GET', `/api/v1/rules/${ref}`)).body.data;
  for (let i = 0; i < 100 && !(await rule('local.tick')).enabled; i++)
    await new Promise((r) => setTimeout(r, 50));
  assert.equal((await rule('local.tick')).enabled, true);
  assert.ok(await list.enabledSwitch('local.tick').isChecked());

  await list.select('local.morning');
  await list.select('local.welcome');
  await list.bulkButton('Disable selected').click();
  await list.message().getByText('Disabled 2 rules.').waitFor();
  assert.equal((await rule('local.morning')).enabled, false);
  assert.equal((await rule('local.welcome')).enabled, false);
  assert.equal(await list.enabledSwitch('local.morning').isChecked(), false);
  // A change made elsewhere shows up here without a reload.
  await s.host.api('PUT', '/api/v1/rules/local.welcome', { enabled: true });
  await s.page.waitForFunction(() =>
    document
      .querySelector('[aria-label="local.welcome enabled"]')
      ?.closest('label')
      ?.hasAttribute('data-selected'),
  );
  s.assertNoErrors();
});

test('run now fires a timer rule at once and a webhook rule with a payload, and says what ran', async (t) => {
  const s = await startUiSession(t);
  await seed(s.host.api);
  const list = new RulesListPage(s.page);
  await s.shell.navigate('Rules');
  await list.runNow('local.morning');
  await list
    .message()
    .getByText(/Ran local\.morning: execution #\d+ started/)
    .waitFor();
  await list.runNow('local.welcome');
  const dialog = s.page.getByRole('dialog', { name: 'Run local.welcome now' });
  await dialog.getByRole('textbox', { name: 'Event payload (JSON)' }).fill('{"name": "Ada"}');
  await dialog.getByRole('button', { name: 'Run' }).click();
  await dialog.getByText(/Ran local\.welcome: execution #\d+ started/).waitFor();
  await dialog.getByRole('button', { name: 'Close' }).click();
  // The row's last status follows the execution live.
  await list.row('local.welcome').getByText('completed').waitFor();
  s.assertNoErrors();
});

test('duplicate opens the copy; delete asks first and removes the rule', async (t) => {
  const s = await startUiSession(t);
  await seed(s.host.api);
  const list = new RulesListPage(s.page);
  await s.shell.navigate('Rules');
  await list.rowAction('local.welcome', 'Duplicate');
  await s.page.waitForFunction(() => location.hash === '#/rules/local.welcome_copy');
  const copy = await s.host.api<{ data: RuleView }>('GET', '/api/v1/rules/local.welcome_copy');
  assert.equal(copy.body.data.enabled, false);
  await s.shell.navigate('Rules');
  await list.rowAction('local.welcome_copy', 'Delete…');
  const confirm = s.page.getByRole('alertdialog', { name: 'Delete this rule?' });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await confirm.waitFor({ state: 'hidden' });
  assert.equal((await s.host.api('GET', '/api/v1/rules/local.welcome_copy')).status, 200, 'cancel keeps it');
  await list.rowAction('local.welcome_copy', 'Delete…');
  await confirm.getByRole('button', { name: 'Delete rule' }).click();
  await list.row('local.welcome_copy').waitFor({ state: 'detached' });
  assert.equal((await s.host.api('GET', '/api/v1/rules/local.welcome_copy')).status, 404);
  s.assertNoErrors();
});

test('with no rules the list says how to start', async (t) => {
  const s = await startUiSession(t);
  await s.shell.navigate('Rules');
  await s.page.getByText('No rules yet').waitFor();
  await s.page.getByRole('button', { name: 'Create your first rule' }).click();
  await s.shell.heading('New rule').waitFor();
  s.assertNoErrors();
});
