/**
 * The timer agenda in real Chromium against the headless host (docs/renderer.md "Timers"): the
 * next 24 hours of every enabled timer rule by day, frequent ones summarized, missed runs with
 * their reason, and pause/resume of all timers (the engine's own pause, as the tray's).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RuleView } from '../../core/contract/entities.ts';
import { TimersPage } from './pages/timers.ts';
import { createRule, webhookTrigger } from './support/api-seed.ts';
import { inBothThemes } from './support/screenshots.ts';
import { startUiSession } from './support/session.ts';

type Session = Awaited<ReturnType<typeof startUiSession>>;
const enabled = async (s: Session, ref: string) =>
  (await s.host.api<{ data: RuleView }>('GET', `/api/v1/rules/${ref}`)).body.data.enabled;

async function seed(s: Session) {
  await createRule(s.host, {
    ref: 'morning',
    label: 'Morning briefing',
    trigger_ref: 'core.crontimer',
    trigger_params: { expression: '30 7 * * *', timezone: 'Europe/Berlin' },
    action_ref: 'core.noop',
  });
  await createRule(s.host, {
    ref: 'backup',
    label: 'Backup',
    trigger_ref: 'core.intervaltimer',
    trigger_params: { interval: 6, unit: 'hours' },
    action_ref: 'core.noop',
  });
  await createRule(s.host, {
    ref: 'heartbeat',
    trigger_ref: 'core.intervaltimer',
    trigger_params: { interval: 10, unit: 'minutes' },
    action_ref: 'core.noop',
  });
  await createRule(s.host, {
    ref: 'off',
    trigger_ref: 'core.intervaltimer',
    trigger_params: { interval: 1, unit: 'hours' },
    action_ref: 'core.noop',
    enabled: false,
  });
  await webhookTrigger(s.host, 'hook');
  await createRule(s.host, { ref: 'on_hook', trigger_ref: 'local.hook', action_ref: 'core.noop' });
}

test('the next 24 hours by day, with frequent timers summarized and disabled ones left out', async (t) => {
  const s = await startUiSession(t);
  await seed(s);
  const timers = new TimersPage(s.page);
  await s.shell.navigate('Timers');
  await timers.entries().filter({ hasText: 'Morning briefing' }).first().waitFor();
  assert.equal(await timers.entries().filter({ hasText: 'Morning briefing' }).count(), 1, 'daily: once');
  assert.equal(await timers.entries().filter({ hasText: 'Backup' }).count(), 4, 'every 6 h: four times');
  await timers
    .often()
    .getByText(/^heartbeat every 10 min, 14[34] times/)
    .waitFor();
  // Rules without a label are shown by their name; a disabled timer and a webhook rule are absent.
  const link = (name: string) => timers.next24h().getByRole('link', { name, exact: true });
  assert.equal(await link('heartbeat').count(), 1);
  assert.equal(await link('off').count(), 0);
  assert.equal(await link('on_hook').count(), 0);
  await timers
    .next24h()
    .getByText(/^1(48|49) fires between now and/)
    .waitFor();
  await timers.main().getByText('No timer has missed a run.').waitFor();
  // Backup's last fire is 24 h out, at the lane's right end: its dot is drawn inside the lane.
  const outside = await s.page.evaluate(
    () =>
      [...document.querySelectorAll('.tm-dot')].filter((dot) => {
        const d = dot.getBoundingClientRect();
        const lane = (dot.parentElement as HTMLElement).getBoundingClientRect();
        return d.left < lane.left || d.right > lane.right;
      }).length,
  );
  assert.equal(outside, 0, 'timeline dots outside their lane');
  await inBothThemes(s.page, 'timers');
  s.assertNoErrors();
});

test('pause all pauses the engine’s timers (rules stay enabled); resume all resumes them, across a reload', async (t) => {
  const s = await startUiSession(t);
  await seed(s);
  const timers = new TimersPage(s.page);
  await s.shell.navigate('Timers');
  await timers.entries().first().waitFor();
  await timers.button('Pause all timers').click();
  await timers
    .main()
    .getByText(/All timers are paused since/)
    .waitFor();
  await s.page.getByRole('contentinfo').getByRole('link', { name: 'Timers paused' }).waitFor();
  const info = await s.host.api<{ data: { timers: { paused: boolean } } }>('GET', '/api/v1/engine');
  assert.equal(info.body.data.timers.paused, true);
  for (const ref of ['local.morning', 'local.backup', 'local.heartbeat'])
    assert.equal(await enabled(s, ref), true, `${ref} stays enabled: the engine pauses`);
  // The engine's state: a reload (or the tray) shows the same.
  await s.page.reload();
  await timers.button('Resume all timers').click();
  await timers.button('Pause all timers').waitFor();
  assert.equal(
    await timers
      .main()
      .getByText(/All timers are paused since/)
      .count(),
    0,
  );
  assert.equal(await s.page.getByRole('contentinfo').getByRole('link', { name: 'Timers paused' }).count(), 0);
  // Paused from elsewhere (the tray, the CLI): the view follows the notification.
  await s.host.api('POST', '/api/v1/timers/pause');
  await timers.button('Resume all timers').waitFor();
  s.assertNoErrors();
});

test('a missed run shows with its reason, live', async (t) => {
  const s = await startUiSession(t);
  const timers = new TimersPage(s.page);
  await s.shell.navigate('Timers');
  await timers.main().getByText('No timer has missed a run.').waitFor();
  await createRule(s.host, {
    ref: 'busy',
    trigger_ref: 'core.intervaltimer',
    trigger_params: { interval: 1, unit: 'seconds' },
    action_ref: 'core.sleep',
    action_params: { seconds: 2.5 },
    overlap: 'single',
  });
  const row = timers
    .missed()
    .getByRole('row', { name: /local\.busy/ })
    .first();
  await row.waitFor({ timeout: 15_000 });
  await row.getByText('the previous run was still going (overlap policy)').waitFor();
  await s.host.api('PUT', '/api/v1/rules/local.busy', { enabled: false });
  s.assertNoErrors();
});
