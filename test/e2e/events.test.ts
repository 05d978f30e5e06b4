/**
 * The event log in real Chromium against the headless host (docs/renderer.md "Event log"): each
 * event with what every rule decided and why, the trace to the executions it caused, live rows
 * at the top and "N new" elsewhere, filters and payload search, missed timer slots with reasons.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventLogPage } from './pages/event-log.ts';
import { callWebhook, createRule, webhookTrigger } from './support/api-seed.ts';
import { inBothThemes } from './support/screenshots.ts';
import { startUiSession } from './support/session.ts';

test('a matching and a non-matching webhook call: fired and condition false with the reason, and the trace', async (t) => {
  const s = await startUiSession(t);
  const url = await webhookTrigger(s.host, 'orders');
  await createRule(s.host, {
    ref: 'big_orders',
    trigger_ref: 'local.orders',
    conditions: { expression: 'event.payload.total > 100' },
    action_ref: 'core.echo',
    action_params: { message: 'big order {{ event.payload.total }}' },
  });
  const log = new EventLogPage(s.page);
  await s.shell.navigate('Events');
  await s.page.getByText('No events yet').waitFor();
  const big = await callWebhook(url, { total: 250, city: 'Lyon' });
  const small = await callWebhook(url, { total: 5, city: 'Berlin' });

  // Both arrive live, newest first, each with its outcome.
  await log.row(small).getByText('condition false').waitFor();
  await log.row(big).getByText('fired').waitFor();
  assert.equal(await log.rows().first().getByRole('link').textContent(), `#${small}`);

  await log.open(small);
  await s.shell.heading(`Event ${small}`).waitFor();
  const record = log.evaluationRecord();
  await record
    .getByRole('row', { name: /local\.big_orders/ })
    .getByText('the condition was false: event.payload.total > 100')
    .waitFor();
  await record.getByText('nothing').waitFor();

  await log.open(big);
  await log.evaluationRecord().getByText('the conditions matched').waitFor();
  const execution = log.evaluationRecord().getByRole('link', { name: /^Execution #\d+$/ });
  await execution.waitFor();
  await log.evaluationRecord().getByText('completed').waitFor();
  await log.detail().getByText('"city": "Lyon"').waitFor();
  await inBothThemes(s.page, 'events-trace');

  await execution.click();
  await s.page.waitForFunction(() => /^#\/executions\/\d+$/.test(location.hash));
  s.assertNoErrors();
});

test('filters and payload search narrow the log; totals are shown', async (t) => {
  const s = await startUiSession(t);
  const url = await webhookTrigger(s.host, 'orders');
  await createRule(s.host, {
    ref: 'big_orders',
    trigger_ref: 'local.orders',
    conditions: { expression: 'event.payload.total > 100' },
    action_ref: 'core.noop',
  });
  const ids: number[] = [];
  for (const [total, city] of [
    [250, 'Lyon'],
    [5, 'Berlin'],
    [7, 'Lyon'],
    [300, 'Paris'],
  ] as const)
    ids.push(await callWebhook(url, { total, city }));
  const log = new EventLogPage(s.page);
  await s.shell.navigate('Events');
  await log.main().getByText('4 events').waitFor();
  await inBothThemes(s.page, 'events-log');

  await log.filter('Outcome', 'Condition false');
  await log.main().getByText('2 events').waitFor();
  assert.equal(await log.rows().count(), 2);

  await log.filter('Outcome', 'Any outcome');
  await log.search('lyon');
  await log.main().getByText('2 events').waitFor();
  await log.row(ids[0] as number).waitFor();
  await log.row(ids[2] as number).waitFor();

  await log.search('nowhere');
  await s.page.getByText('No event matches these filters').waitFor();
  await log.main().getByRole('button', { name: 'Clear filters' }).click();
  await log.main().getByText('4 events').waitFor();
  s.assertNoErrors();
});

test('the log is read as a table whatever it is drawn as: headers, rows of cells, columns under their headers', async (t) => {
  const s = await startUiSession(t);
  const url = await webhookTrigger(s.host, 'orders');
  const ids: number[] = [];
  for (const total of [250, 5, 7]) ids.push(await callWebhook(url, { total, city: 'Lyon' }));
  const log = new EventLogPage(s.page);
  await s.shell.navigate('Events');
  await log.main().getByText('3 events').waitFor();

  assert.deepEqual(await log.accessibleTable(), {
    headers: ['event', 'time', 'trigger', 'outcome', 'payload'],
    rows: [5, 5, 5],
  });
  assert.ok((await log.columnMisalignment()) < 1, 'cells line up with their headers');

  // Beside an open event the payload column goes, and the others still line up.
  await log.open(ids[1] as number);
  assert.ok((await log.columnMisalignment()) < 1, 'cells line up with their headers beside the detail');
  assert.equal(await log.table().getByRole('columnheader', { name: 'Payload' }).isVisible(), false);
  s.assertNoErrors();
});

test('past the counting window the total reads as a lower bound, "10,000+ events"', async (t) => {
  const s = await startUiSession(t);
  await webhookTrigger(s.host, 'bulk');
  // Through the engine's own ingest, many per tick: as a busy webhook would.
  for (let from = 0; from < 10_050; from += 500) {
    const batch: Promise<unknown>[] = [];
    for (let i = from; i < Math.min(10_050, from + 500); i++)
      batch.push(
        s.host.engine.ingest({ trigger_ref: 'local.bulk', payload: { n: i }, source_ref: 'core.webhook' }),
      );
    await Promise.all(batch);
  }
  const log = new EventLogPage(s.page);
  await s.shell.navigate('Events');
  await log.main().getByText('10,000+ events').waitFor();
  await log.filter('Trigger', 'local.bulk');
  await log.main().getByText('10,000+ events').waitFor();
  s.assertNoErrors();
});

test('a long log reads pages as it scrolls, and new events wait behind "N new" away from the top', async (t) => {
  const s = await startUiSession(t);
  const url = await webhookTrigger(s.host, 'ticks');
  const ids: number[] = [];
  for (let i = 0; i < 260; i++) ids.push(await callWebhook(url, { n: i }));
  const log = new EventLogPage(s.page);
  await s.shell.navigate('Events');
  await log.main().getByText('260 events').waitFor();
  // Only the rows in view are drawn.
  assert.ok((await log.rows().count()) < 60, 'virtualized');

  // Scrolling to the bottom reads the older pages, down to the first event.
  for (let i = 0; i < 10 && !(await log.row(ids[0] as number).isVisible()); i++) {
    await log.scroller().evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await s.page.waitForTimeout(150);
  }
  await log.row(ids[0] as number).waitFor();
  await log.main().getByText('The start of the log.').waitFor();

  // Away from the top, a new event is counted, not inserted.
  const fresh = await callWebhook(url, { n: 'fresh' });
  await log.newerButton().waitFor();
  assert.match((await log.newerButton().textContent()) ?? '', /^1 new event — show/);
  await log.row(ids[0] as number).waitFor();
  await log.newerButton().click();
  await log.row(fresh).waitFor();
  assert.equal(await log.rows().first().getByRole('link').textContent(), `#${fresh}`);

  // The keyboard walks the rows: arrow keys move between them, Enter opens one.
  await log.rows().first().getByRole('link').focus();
  await s.page.keyboard.press('ArrowDown');
  await s.page.keyboard.press('ArrowDown');
  await s.page.keyboard.press('Enter');
  await s.shell.heading(`Event ${ids.at(-2)}`).waitFor();

  // At the top, new events flow in by themselves.
  const next = await callWebhook(url, { n: 'next' });
  await log.row(next).waitFor();
  assert.equal(await log.newerButton().count(), 0);
  s.assertNoErrors();
});

test('a log longer than the window keeps the rows in view in place as pages are dropped and read again', async (t) => {
  const s = await startUiSession(t);
  await webhookTrigger(s.host, 'long');
  const count = 1_400;
  for (let from = 0; from < count; from += 200) {
    const batch: Promise<unknown>[] = [];
    for (let i = from; i < from + 200; i++)
      batch.push(
        s.host.engine.ingest({ trigger_ref: 'local.long', payload: { n: i }, source_ref: 'core.webhook' }),
      );
    await Promise.all(batch);
  }
  const log = new EventLogPage(s.page);
  await s.shell.navigate('Events');
  await log.main().getByText('1,400 events').waitFor();
  const newest = (await log.topOfView())?.id ?? assert.fail('no rows');

  // The view moved by `rows` rows from the top shows the `rows`-th newest event at its top edge,
  // once the pages it needs are read — whatever pages the window read or dropped on the way
  // (it holds 1,000 rows; 1,300 rows down it has dropped the first three pages).
  const showsRow = async (rows: number) => {
    const want = { id: newest - rows, offset: 0 };
    let seen = null;
    for (let i = 0; i < 200; i++) {
      // Scrolled there again while pages are read, as a user would: the view cannot pass the
      // rows read so far, so a step taken before the next page arrived stops at the window's end.
      await log.scroller().evaluate((el, top) => {
        el.scrollTop = top;
      }, rows * 40);
      seen = await log.topOfView();
      if (seen?.id === want.id && seen.offset === want.offset) break;
      await s.page.waitForTimeout(50);
    }
    assert.deepEqual(seen, want, `${rows} rows down`);
  };
  const steps = Array.from({ length: 53 }, (_, i) => i * 25);
  // Down 1,300 rows, 25 at a time, then back up to the top.
  for (const rows of steps) await showsRow(rows);
  await log.row(newest - 1_300).waitFor();
  // The rows dropped above the window are not new events.
  assert.equal(await log.newerButton().count(), 0, 'no "N new events" for the dropped rows');
  for (const rows of steps.reverse()) await showsRow(rows);
  // Back at the top, the newest event is the first row, with nothing above it.
  assert.equal(await log.rows().first().getByRole('link').textContent(), `#${newest}`);
  assert.equal(await log.scroller().evaluate((el) => el.scrollTop), 0);
  s.assertNoErrors();
});

test('an interval rule’s events arrive live; slots skipped while a run goes on are missed, with why', async (t) => {
  const s = await startUiSession(t);
  const log = new EventLogPage(s.page);
  await s.shell.navigate('Events');
  await s.page.getByText('No events yet').waitFor();
  await createRule(s.host, {
    ref: 'every_second',
    trigger_ref: 'core.intervaltimer',
    trigger_params: { interval: 1, unit: 'seconds' },
    action_ref: 'core.sleep',
    action_params: { seconds: 2.5 },
    overlap: 'single',
  });
  await log.rows().filter({ hasText: 'fired' }).first().waitFor({ timeout: 10_000 });
  const missed = log.rows().filter({ hasText: 'missed' }).first();
  await missed.waitFor({ timeout: 15_000 });
  await missed.getByRole('link').click();
  await log
    .detail()
    .getByText(/did not run: the previous run was still going/)
    .waitFor();
  await s.host.api('PUT', '/api/v1/rules/local.every_second', { enabled: false });
  await inBothThemes(s.page, 'events-missed');
  s.assertNoErrors();
});
