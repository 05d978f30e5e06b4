/**
 * The history and pack views from the keyboard alone (docs/renderer.md "Commands and
 * keyboard"): Tab reaches every control, and Enter, Space and the arrow keys operate them.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Execution } from '../../core/contract/entities.ts';
import { FIXTURE_PACKS } from '../helpers/host.ts';
import { callWebhook, createRule, webhookTrigger } from './support/api-seed.ts';
import { startUiSession } from './support/session.ts';

/** Tabs from the main region until `name` has the focus (or fails after `max` presses). */
async function tabTo(page: Page, name: RegExp, max = 40): Promise<void> {
  await page.getByRole('main').focus();
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const label = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return '';
      const labelled = el.getAttribute('aria-label');
      const byId = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
      const wrapping = el.closest('label')?.textContent;
      return (labelled ?? byId ?? wrapping ?? el.textContent ?? '').trim();
    });
    seen.push(label);
    if (name.test(label)) return;
  }
  assert.fail(`${name} was not reached by Tab; focus went: ${seen.join(' | ')}`);
}

test('events: filters and rows by Tab, the outcome chosen by keys, a row opened with Enter', async (t) => {
  const s = await startUiSession(t);
  const url = await webhookTrigger(s.host, 'k');
  await createRule(s.host, { ref: 'kr', trigger_ref: 'local.k', action_ref: 'core.noop' });
  const id = await callWebhook(url, { n: 1 });
  await s.shell.goto('/events');
  await s.page.getByRole('link', { name: new RegExp(`^Event ${id},`) }).waitFor();
  await tabTo(s.page, /^Outcome/);
  await s.page.keyboard.press('ArrowDown');
  await tabTo(s.page, new RegExp(`^Event ${id},`));
  await s.page.keyboard.press('Enter');
  await s.shell.heading(`Event ${id}`).waitFor();
  s.assertNoErrors();
});

test('executions: cancel reached by Tab and pressed with Enter', async (t) => {
  const s = await startUiSession(t);
  const r = await s.host.api<{ data: Execution }>('POST', '/api/v1/executions/execute', {
    action_ref: 'core.sleep',
    parameters: { seconds: 30 },
  });
  await s.shell.goto(`/executions/${r.body.data.id}`);
  await s.page.getByRole('button', { name: 'Cancel execution' }).waitFor();
  await tabTo(s.page, /^Cancel execution$/);
  await s.page.keyboard.press('Enter');
  await s.page.getByRole('article').getByText('cancelled').first().waitFor({ timeout: 10_000 });
  s.assertNoErrors();
});

test('packs: the archive button and the path field by Tab; a path checked with Enter', async (t) => {
  const s = await startUiSession(t);
  await s.shell.goto('/packs');
  await tabTo(s.page, /^Choose an archive…$/);
  await tabTo(s.page, /a folder or archive on this machine/);
  await s.page.keyboard.type(path.join(FIXTURE_PACKS, 'testkit'));
  await s.page.keyboard.press('Enter');
  await s.page.getByRole('button', { name: 'Import testkit' }).waitFor();
  await tabTo(s.page, /^Import testkit$/, 80);
  await s.page.keyboard.press('Enter');
  await s.page.getByText(/Imported testkit/).waitFor();
  s.assertNoErrors();
});

test('timers and dashboard: pause by keyboard; the chart’s range moves with the arrow keys', async (t) => {
  const s = await startUiSession(t);
  await createRule(s.host, {
    ref: 'tick',
    trigger_ref: 'core.intervaltimer',
    trigger_params: { interval: 1, unit: 'hours' },
    action_ref: 'core.noop',
  });
  await s.shell.goto('/timers');
  await s.page.getByRole('button', { name: 'Pause all timers' }).waitFor();
  await tabTo(s.page, /^Pause all timers$/);
  await s.page.keyboard.press('Space');
  await s.page.getByRole('button', { name: 'Resume all timers' }).waitFor();
  await tabTo(s.page, /^Resume all timers$/);
  await s.page.keyboard.press('Enter');
  await s.page.getByRole('button', { name: 'Resume all timers' }).waitFor({ state: 'detached' });

  await s.shell.goto('/');
  const range = s.page.getByRole('radiogroup', { name: 'Time range' });
  await range.waitFor();
  await tabTo(s.page, /^Last hour$/);
  await s.page.keyboard.press('ArrowRight');
  assert.ok(await range.getByRole('radio', { name: 'Last day' }).isChecked());
  s.assertNoErrors();
});
