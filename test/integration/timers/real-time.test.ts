/**
 * Timers (docs/timers.md) on the real clock (not simulated): a `* * * * * *` rule through the real headless host
 * (HTTP, engine, SQLite, the system clock) produces a completed execution each second, and
 * `GET /api/v1/rules/{ref}` shows its next and last fire. Order and outcome only: how late a
 * fire is on the real clock depends on the machine and is measured by `npm run bench -- timers`
 * (docs/performance.md), not asserted here.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AttuneEvent, Execution } from '../../../core/model/entities.ts';
import { startTestHost } from '../../helpers/host.ts';
import { waitFor } from '../../helpers/processes.ts';

test('a per-second cron rule through the real host completes an execution each second', async (t) => {
  const host = await startTestHost(t);
  const beforeCreate = Date.now();
  const created = await host.api<{ data: { next_fire_at: string } }>('POST', '/api/v1/rules', {
    ref: 'every_second',
    trigger_ref: 'core.crontimer',
    trigger_params: { expression: '* * * * * *', timezone: 'UTC' },
    action_ref: 'core.noop',
  });
  assert.equal(created.status, 201);
  const next = Date.parse(created.body.data.next_fire_at);
  assert.equal(next % 1_000, 0, `on a whole second: ${created.body.data.next_fire_at}`);
  assert.ok(next > beforeCreate, `after the rule was created: ${created.body.data.next_fire_at}`);

  const done = await waitFor(
    async () => {
      const r = await host.api<{ items: Execution[] }>(
        'GET',
        '/api/v1/executions?rule_ref=local.every_second',
      );
      const completed = r.body.items.filter((e) => e.status === 'completed');
      return completed.length >= 4 ? completed : null;
    },
    'four completed executions',
    15_000,
  );
  assert.ok(done.length >= 4);

  const events = await host.api<{ items: AttuneEvent[] }>(
    'GET',
    '/api/v1/events?rule_ref=local.every_second&kind=event',
  );
  const slots = events.body.items
    .map((e) => Date.parse(e.payload.scheduled_at as string))
    .sort((a, b) => a - b);
  for (let i = 1; i < slots.length; i++) {
    assert.equal(
      (slots[i] as number) - (slots[i - 1] as number),
      1_000,
      'consecutive seconds, none skipped or doubled',
    );
  }
  assert.ok(slots.length >= 4, `one event per completed execution, got ${slots.length}`);
  assert.equal(slots[0], next, 'the first slot is the announced next fire');
  for (const e of events.body.items) {
    const scheduled = Date.parse(e.payload.scheduled_at as string);
    assert.ok(Date.parse(e.payload.fired_at as string) >= scheduled, 'never fired before its second');
  }

  const view = await host.api<{ data: { next_fire_at: string; last_fired_at: string } }>(
    'GET',
    '/api/v1/rules/local.every_second',
  );
  assert.ok(Date.parse(view.body.data.next_fire_at) > Date.parse(view.body.data.last_fired_at));
  await host.api('DELETE', '/api/v1/rules/local.every_second');
});
