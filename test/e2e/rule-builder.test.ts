/**
 * The visual rule builder in real Chromium against the headless host (docs/renderer.md "Rule
 * builder"): rules built node by node are saved by the engine and fire; schedules are checked
 * before saving; Try it shows what the action would get; the engine's errors land on their
 * field and node, and nothing is saved half.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { RuleView } from '../../core/contract/entities.ts';
import type { Execution } from '../../core/model/entities.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { EventLogPage } from './pages/event-log.ts';
import { ExecutionsPage } from './pages/executions.ts';
import { RuleBuilderPage } from './pages/rule-builder.ts';
import { inBothThemes } from './support/screenshots.ts';
import { startUiSession } from './support/session.ts';

async function executionsOf(api: Awaited<ReturnType<typeof startUiSession>>['host']['api'], rule: string) {
  return (await api<{ items: Execution[] }>('GET', `/api/v1/executions?rule_ref=${rule}`)).body.items;
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await read();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('an interval rule built in the builder fires, live in the event log and the executions view', async (t) => {
  const s = await startUiSession(t);
  const b = new RuleBuilderPage(s.page);
  await s.shell.goto('/rules/new');
  await b.name().fill('tick');
  await b.label().fill('Every second');
  await b.intervalEvery().fill('1');
  await b.intervalUnit().selectOption('seconds');
  await b.node('Trigger').getByText('every second').waitFor();
  await b.nextFires().getByRole('listitem').first().waitFor();
  await b.open('Action');
  await b.action().selectOption('core.echo');
  await b.param('message').fill('tick {{ event.payload.exe');
  await b.suggestions().getByRole('option', { name: 'event.payload.execution_count' }).click();
  assert.equal(await b.param('message').inputValue(), 'tick {{ event.payload.execution_count }}');
  await b.save();
  await s.page.waitForFunction(() => location.hash === '#/rules/local.tick');
  await b.saved().waitFor();
  const rule = await s.host.api<{ data: RuleView }>('GET', '/api/v1/rules/local.tick');
  assert.deepEqual(rule.body.data.trigger_params, { interval: 1, unit: 'seconds' });
  const runs = await until(
    () => executionsOf(s.host.api, 'local.tick'),
    (xs) => xs.some((x) => x.status === 'completed'),
    'the rule to fire',
  );
  const done = runs.find((x) => x.status === 'completed');
  assert.match(done?.result?.stdout ?? '', /^tick \d+/);

  // Without a reload, new fires keep arriving in both views.
  const log = new EventLogPage(s.page);
  await s.shell.navigate('Events');
  await log.rows().first().getByText('fired', { exact: true }).waitFor();
  const newest = await log.rows().first().getByRole('link').textContent();
  await s.page.waitForFunction(
    (before) => document.querySelector('main table tbody tr a')?.textContent !== before,
    newest,
    { timeout: 15_000 },
  );
  const runsView = new ExecutionsPage(s.page);
  await s.shell.navigate('Executions');
  await runsView.rows().first().getByText('local.tick').waitFor();
  const count = await runsView.rows().count();
  await s.page.waitForFunction((n) => document.querySelectorAll('main table tbody tr').length > n, count, {
    timeout: 15_000,
  });
  s.assertNoErrors();
});

test('a webhook rule with a condition, built from a new webhook trigger, fires only when it holds', async (t) => {
  const s = await startUiSession(t);
  const b = new RuleBuilderPage(s.page);
  await s.shell.goto('/rules/new');
  await b.name().fill('adults');
  await b.newWebhookTrigger('signup', 'New signup');
  await b.node('Trigger').getByText('when the webhook of local.signup is called').waitFor();
  const url = (await b.webhook().locator('code').textContent()) ?? '';
  // A webhook key is base64url: letters, digits, `-` and `_`.
  assert.match(url, /\/api\/v1\/webhooks\/[\w-]+$/);
  await b.webhook().getByText('curl -X POST').waitFor();
  await b.open('Conditions');
  await b.addCondition('event.payload.age', '>=', '18');
  await b.node('Conditions').getByText('event.payload.age >= 18').waitFor();
  await b.open('Action');
  await b.action().selectOption('core.echo');
  await b.param('message').fill('Hi {{ event.payload.name }}');
  await b.save();
  await b.saved().waitFor();
  const rule = await s.host.api<{ data: RuleView }>('GET', '/api/v1/rules/local.adults');
  assert.deepEqual(rule.body.data.conditions, { expression: 'event.payload.age >= 18' });
  for (const payload of [
    { name: 'Kid', age: 9 },
    { name: 'Ada', age: 36 },
  ]) {
    const r = await fetch(url, { method: 'POST', body: JSON.stringify({ payload }) });
    assert.equal(r.status, 200);
  }
  const runs = await until(
    () => executionsOf(s.host.api, 'local.adults'),
    (xs) => xs.length === 1 && xs[0]?.status === 'completed',
    'one execution',
  );
  assert.match(runs[0]?.result?.stdout ?? '', /Hi Ada/);

  // The log says which call fired and why the other did not.
  const log = new EventLogPage(s.page);
  await s.shell.navigate('Events');
  await log.rows().nth(1).waitFor();
  await log.rows().nth(0).getByText('fired').waitFor();
  await log.rows().nth(1).getByText('condition false').waitFor();
  await log.rows().nth(1).getByRole('link').click();
  await log
    .evaluationRecord()
    .getByRole('row', { name: /local\.adults/ })
    .getByText('the condition was false: event.payload.age >= 18')
    .waitFor();
  s.assertNoErrors();
});

test('the cron field refuses 61 * * * * with a message, and Save keeps nothing', async (t) => {
  const s = await startUiSession(t);
  const b = new RuleBuilderPage(s.page);
  await s.shell.goto('/rules/new');
  await b.name().fill('bad_cron');
  await b.pickTrigger('core.crontimer');
  await b.cronExpression().fill('30 7 * * 1-5');
  await b.main().getByText('every weekday at 07:30').first().waitFor();
  await b.nextFires().getByRole('listitem').nth(4).waitFor();
  await b.cronExpression().fill('61 * * * *');
  const field = b.cronExpression();
  await s.page.waitForFunction(
    () =>
      document.querySelector('[name="triggerParams.expression"]')?.getAttribute('aria-invalid') === 'true',
  );
  const described = (await field.getAttribute('aria-describedby')) ?? '';
  const messages = await Promise.all(
    described.split(' ').map((id) => s.page.locator(`[id="${id}"]`).textContent()),
  );
  assert.ok(
    messages.some((m) =>
      /"61 \* \* \* \*" is not a valid cron expression: invalid value for minute: 61/.test(m ?? ''),
    ),
    messages.join(' | '),
  );
  await b.save();
  await b
    .alert()
    .getByText(/Not saved/)
    .waitFor();
  await b.node('Trigger').getByText('1 problem').waitFor();
  assert.equal(await b.node('Trigger').getAttribute('aria-invalid'), 'true');
  assert.equal((await s.host.api('GET', '/api/v1/rules/local.bad_cron')).status, 404);
  s.assertNoErrors();
});

test('Try it shows the match and the rendered parameters with their types', async (t) => {
  const s = await startUiSession(t);
  await s.host.api('POST', '/api/v1/triggers', { ref: 'order' });
  const b = new RuleBuilderPage(s.page);
  await s.shell.goto('/rules/new');
  await b.name().fill('orders');
  await b.pickTrigger('local.order');
  await b.open('Conditions');
  await b.addCondition('event.payload.total', '>', '100');
  await b.open('Action');
  await b.action().selectOption('core.http_request');
  await b.param('url').fill('https://example.com/orders/{{ event.payload.id }}');
  await b.param('timeout').fill('{{ event.payload.wait }}');
  await b.param('json_body').fill('{{ event.payload }}');
  await b.sample().fill('{"id": 7, "total": 250, "wait": 12}');
  await b.tryIt();
  const table = b.renderedParams();
  await table.waitFor();
  const row = (name: string) =>
    table.getByRole('row').filter({ has: s.page.getByRole('rowheader', { name }) });
  assert.equal(await row('url').getByRole('cell').nth(0).textContent(), '"https://example.com/orders/7"');
  assert.equal(await row('timeout').getByRole('cell').nth(1).textContent(), 'integer');
  assert.equal(await row('json_body').getByRole('cell').nth(1).textContent(), 'object');
  await b.main().getByText('matched').waitFor();
  // Every cell of every row is ruled below, the last row's too, not only its name.
  const borders = await table.evaluate((t) =>
    [...t.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.children].map((c) => getComputedStyle(c).borderBottomStyle).join(' '),
    ),
  );
  assert.deepEqual(borders, ['solid solid solid', 'solid solid solid', 'solid solid solid']);
  await inBothThemes(s.page, 'builder-try');
  await b.sample().fill('{"id": 8, "total": 5, "wait": 1}');
  await b.tryIt();
  await b.main().getByText('conditions did not match').waitFor();
  assert.equal((await s.host.api('GET', '/api/v1/rules/local.orders')).status, 404, 'trying saves nothing');
  s.assertNoErrors();
});

test('an error the engine finds at save lands on its field and node, with the position', async (t) => {
  const s = await startUiSession(t);
  await s.host.api('POST', '/api/v1/triggers', { ref: 'hook' });
  const b = new RuleBuilderPage(s.page);
  await s.shell.goto('/rules/new');
  await b.name().fill('broken');
  await b.pickTrigger('local.hook');
  await b.open('Conditions');
  await b.conditionMode('Expression');
  await b.expression().fill('event.payload.a == ');
  await b.save();
  await b.node('Conditions').getByText('1 problem').waitFor();
  assert.equal(await b.expression().getAttribute('aria-invalid'), 'true');
  await b
    .main()
    .getByText(/at position 19/)
    .first()
    .waitFor();
  await b.expression().fill('length(event.payload.items) > 2');
  await b.open('Action');
  await b.action().selectOption('core.echo');
  await b.param('message').fill('{{ event.payload. }}');
  await b.save();
  await b.node('Action').getByText('1 problem').waitFor();
  assert.equal(await b.param('message').getAttribute('aria-invalid'), 'true');
  assert.equal((await s.host.api('GET', '/api/v1/rules/local.broken')).status, 404, 'nothing saved half');
  await b.param('message').fill('{{ event.payload.items }}');
  await b.save();
  await b.saved().waitFor();
  // Reopened, an expression rows cannot say stays an expression.
  await s.page.reload();
  await b.open('Conditions');
  assert.equal(await b.expression().inputValue(), 'length(event.payload.items) > 2');
  s.assertNoErrors();
});

test('a file-watch rule built with the keyboard fires when a file lands in the watched folder', async (t) => {
  const s = await startUiSession(t);
  const b = new RuleBuilderPage(s.page);
  const inbox = tempDir(t);
  await s.shell.goto('/rules/new');
  await b.name().fill('inbox');
  await b.pickTrigger('core.filewatch');
  await b.filewatchPath().fill(inbox);
  await b.filewatchGlob().fill('*.pdf');
  // The change boxes answer the keyboard.
  await b.fileEvent('changed').focus();
  await s.page.keyboard.press('Space');
  await s.page.keyboard.press('Tab');
  await s.page.keyboard.press('Space');
  assert.equal(await b.fileEvent('added').isChecked(), true);
  assert.equal(await b.fileEvent('changed').isChecked(), false);
  assert.equal(await b.fileEvent('removed').isChecked(), false);
  await b.quietPeriod().fill('100');
  await b.node('Trigger').getByText(`when a file is added in ${inbox} matching *.pdf`).waitFor();
  await b.open('Action');
  await b.action().selectOption('core.noop');
  await b.save();
  await s.page.waitForFunction(() => location.hash === '#/rules/local.inbox');
  const rule = await s.host.api<{ data: RuleView }>('GET', '/api/v1/rules/local.inbox');
  assert.deepEqual(rule.body.data.trigger_params, {
    path: inbox,
    glob: '*.pdf',
    events: ['add'],
    debounce_ms: 100,
    recursive: false,
  });
  await until(
    async () => s.host.engine.filewatch.watches(),
    (ws) => ws.some((w) => w.status === 'running'),
    'the watch to run',
  );

  fs.writeFileSync(path.join(inbox, 'notes.txt'), 'not a pdf');
  fs.writeFileSync(path.join(inbox, 'invoice.pdf'), '%PDF-1.7');
  const events = await until(
    async () =>
      (
        await s.host.api<{ items: Array<{ payload: Record<string, unknown> }> }>(
          'GET',
          '/api/v1/events?rule_ref=local.inbox',
        )
      ).body.items,
    (xs) => xs.length > 0,
    'the file event',
  );
  assert.deepEqual(
    events.map((e) => [e.payload['event'], e.payload['path'], e.payload['size']]),
    [['add', path.join(inbox, 'invoice.pdf'), 8]],
  );
  await until(
    () => executionsOf(s.host.api, 'local.inbox'),
    (xs) => xs.some((x) => x.status === 'completed'),
    'the rule to run',
  );

  // The rules list says it in words.
  await s.shell.navigate('Rules');
  await s.page.getByRole('main').getByText(`when a file is added in ${inbox} matching *.pdf`).waitFor();
  s.assertNoErrors();
});
