/**
 * Everything by keyboard (docs/renderer.md "Commands and keyboard"): a rule is created and
 * saved without the mouse, and the palette jumps to a rule and opens it in the builder.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RuleView } from '../../core/contract/entities.ts';
import { tabTo } from './support/keyboard.ts';
import { startUiSession } from './support/session.ts';

test('a rule is created and saved with the keyboard alone', async (t) => {
  const s = await startUiSession(t);
  const kb = s.page.keyboard;
  await kb.press('Control+k');
  await kb.type('new rule');
  await kb.press('Enter');
  await s.shell.heading('New rule').waitFor();
  await tabTo(s.page, 'Name');
  await kb.type('by_keyboard');
  await tabTo(s.page, 'Every');
  await kb.press('Control+a');
  await kb.type('10');
  await tabTo(s.page, 'Unit');
  await kb.press('s');
  await tabTo(s.page, /^action\b/i, { back: true });
  await kb.press('Enter');
  await tabTo(s.page, /^message/);
  await kb.type('hello from the keyboard');
  await kb.press('Control+s');
  await s.page.getByRole('main').getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  const r = await s.host.api<{ data: RuleView }>('GET', '/api/v1/rules/local.by_keyboard');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.data.trigger_params, { interval: 10, unit: 'seconds' });
  assert.deepEqual(r.body.data.action_params, { message: 'hello from the keyboard' });
  s.assertNoErrors();
});

test('the palette jumps to a rule by part of its name and opens it in the builder', async (t) => {
  const s = await startUiSession(t);
  await s.host.api('POST', '/api/v1/rules', {
    ref: 'nightly_backup',
    label: 'Nightly backup',
    trigger_ref: 'core.crontimer',
    trigger_params: { expression: '0 2 * * *', timezone: 'Europe/Berlin' },
    action_ref: 'core.noop',
  });
  const kb = s.page.keyboard;
  await kb.press('Control+k');
  await kb.type('backup');
  await s.shell
    .palette()
    .getByRole('menuitem', { name: /Nightly backup/ })
    .waitFor();
  await kb.press('Enter');
  await s.shell.heading('Rule local.nightly_backup').waitFor();
  await s.page.getByRole('main').getByText('every day at 02:00 Europe/Berlin').first().waitFor();
  // Alt+2 goes back to the list.
  await kb.press('Alt+2');
  await s.shell.heading('Rules').waitFor();
  s.assertNoErrors();
});
