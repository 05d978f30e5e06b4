/**
 * Why a rule did or did not fire, in real Chromium (docs/explain.md, "Reading a trace in the
 * app" and "Replay"): the event trace shows a false condition's failing part with its actual
 * value; "Replay against this rule" decides the event again against the rule as it is now and
 * shows the difference; the builder's "Try with event #…" replays a draft; all by keyboard too.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventLogPage } from './pages/event-log.ts';
import { RuleBuilderPage } from './pages/rule-builder.ts';
import { callWebhook, createRule, webhookTrigger } from './support/api-seed.ts';
import { tabTo } from './support/keyboard.ts';
import { inBothThemes } from './support/screenshots.ts';
import { startUiSession, type UiSession } from './support/session.ts';

/** A webhook trigger, a rule for adults on the pro plan, one event that fired and one that did not. */
async function seed(s: UiSession): Promise<{ kid: number; adult: number }> {
  const url = await webhookTrigger(s.host, 'signups');
  await createRule(s.host, {
    ref: 'adults',
    trigger_ref: 'local.signups',
    conditions: { expression: 'event.payload.age >= 18 and event.payload.plan == "pro"' },
    action_ref: 'core.echo',
    action_params: { message: 'welcome {{ event.payload.name }}' },
  });
  const adult = await callWebhook(url, { name: 'Ada', age: 36, plan: 'pro' });
  const kid = await callWebhook(url, { name: 'Kid', age: 9, plan: 'pro' });
  return { kid, adult };
}

test('the trace shows the failing part with its actual value; a replay against the edited rule shows the difference', async (t) => {
  const s = await startUiSession(t);
  const { kid, adult } = await seed(s);
  const log = new EventLogPage(s.page);
  await s.shell.goto(`/events/${kid}`);
  await s.shell.heading(`Event ${kid}`).waitFor();
  const why = log.detail().getByRole('region', { name: 'Why: local.adults' });
  await why.getByText('event.payload.age >= 18', { exact: true }).waitFor();
  await why.getByText('event.payload.age', { exact: true }).waitFor();
  await why.getByText('9', { exact: true }).waitFor();

  // "Did not fire" is one press in the filter bar: the event that fired leaves the log.
  await log.main().getByRole('button', { name: 'Did not fire' }).click();
  await log.row(kid).waitFor();
  await log.row(adult).waitFor({ state: 'detached' });

  await why.getByRole('button', { name: `Replay event ${kid} against local.adults` }).click();
  const panel = log.main().getByRole('region', { name: 'Replay against local.adults' });
  await panel.getByText('No difference: the replay decides as the first time did.').waitFor();
  await panel.getByRole('table', { name: 'Each part of the condition' }).getByText('failed').waitFor();

  const edited = await s.host.api('PUT', '/api/v1/rules/local.adults', {
    conditions: { expression: 'event.payload.age >= 5 and event.payload.plan == "pro"' },
  });
  assert.equal(edited.status, 200);
  await panel.getByRole('button', { name: 'Replay again' }).click();
  await panel.getByText(/^Outcome:/).waitFor();
  const params = panel.getByRole('table', { name: 'The action would get' });
  await params.getByRole('row', { name: /message "welcome Kid" string/ }).waitFor();
  assert.equal(
    await panel.getByRole('table', { name: 'Each part of the condition' }).getByText('passed').count(),
    2,
  );
  await inBothThemes(s.page, 'events-replay');
  const runs = await s.host.api<{ items: unknown[] }>('GET', '/api/v1/executions');
  assert.equal(runs.body.items.length, 1, 'the replay ran nothing: only the adult’s execution exists');
  s.assertNoErrors();
});

test('the builder tries a draft against a stored event and offers to run it with that event', async (t) => {
  const s = await startUiSession(t);
  const { kid } = await seed(s);
  const b = new RuleBuilderPage(s.page);
  await s.shell.goto('/rules/local.adults');
  await b.open('Conditions');
  await b.conditionMode('Expression');
  await b.expression().fill('event.payload.age >= 5');
  const tryEvent = b.main().getByRole('region', { name: 'Try with event #…' });
  await tryEvent
    .getByRole('combobox', { name: 'Or a recent event of this trigger' })
    .selectOption(String(kid));
  await tryEvent.getByRole('button', { name: 'Try with event' }).click();
  const result = tryEvent.getByTestId('replay-result');
  await result.getByText(/against the draft of/).waitFor();
  await result.getByText(/^Outcome:/).waitFor();
  await result.getByRole('table', { name: 'The action would get' }).getByText('"welcome Kid"').waitFor();
  await inBothThemes(s.page, 'builder-try-event');

  await tryEvent.getByRole('button', { name: 'Run now with this event…' }).click();
  const dialog = s.page.getByRole('dialog');
  assert.match(
    await dialog.getByRole('textbox', { name: 'Event payload (JSON)' }).inputValue(),
    /"name": "Kid"/,
  );
  await dialog.getByRole('button', { name: 'Close' }).first().click();
  await dialog.waitFor({ state: 'detached' });
  const stored = await s.host.api<{ data: { conditions: unknown } }>('GET', '/api/v1/rules/local.adults');
  assert.deepEqual(stored.body.data.conditions, {
    expression: 'event.payload.age >= 18 and event.payload.plan == "pro"',
  });
  s.assertNoErrors();
});

test('replay and Try with event are reached and used by keyboard alone', async (t) => {
  const s = await startUiSession(t);
  const { kid } = await seed(s);
  await s.shell.goto(`/events/${kid}`);
  await s.shell.heading(`Event ${kid}`).waitFor();
  await tabTo(s.page, `Replay event ${kid} against local.adults`);
  await s.page.keyboard.press('Enter');
  const panel = s.page.getByRole('region', { name: 'Replay against local.adults' });
  await panel.getByText(/No difference/).waitFor();
  assert.equal(
    await s.page.evaluate(() => document.activeElement?.textContent),
    'Replay against local.adults',
  );
  await tabTo(s.page, 'Close the replay');
  await s.page.keyboard.press('Enter');
  await panel.waitFor({ state: 'detached' });

  await s.shell.goto('/rules/local.adults');
  await s.page.getByRole('heading', { name: 'Try with event #…' }).waitFor();
  await tabTo(s.page, 'Event number', { max: 120 });
  await s.page.keyboard.type(String(kid));
  await s.page.keyboard.press('Enter');
  await s.page
    .getByTestId('replay-result')
    .getByText(/No difference/)
    .waitFor();
  s.assertNoErrors();
});
