/**
 * docs/engine.md, "The evaluation record" — every event stores, per candidate rule, why it did or did not fire: `matched`,
 * `condition_false` with the expression, `error` with the message.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AttuneEvent, Enforcement } from '../../../core/model/entities.ts';
import { startTestHost } from '../../helpers/host.ts';

test('three rules on one trigger fire exactly where their conditions hold, and say why not elsewhere', async (t) => {
  const host = await startTestHost(t);
  await host.api('POST', '/api/v1/triggers', { ref: 'log' });
  const hook = await host.api<{ data: { url: string } }>(
    'POST',
    '/api/v1/triggers/local.log/webhooks/enable',
    {},
  );
  const rule = (ref: string, expression: string | null) =>
    host.api('POST', '/api/v1/rules', {
      ref,
      trigger_ref: 'local.log',
      action_ref: 'core.noop',
      conditions: expression ? { expression } : null,
    });
  assert.equal((await rule('infos', 'event.payload.level == "info"')).status, 201);
  assert.equal((await rule('errors', 'event.payload.level == "error"')).status, 201);
  assert.equal((await rule('everything', null)).status, 201);
  assert.equal((await rule('broken', 'event.payload.level + 1 == 2')).status, 201);

  const ids: Record<string, number> = {};
  for (const level of ['info', 'error', 'debug']) {
    const r = await fetch(hook.body.data.url, {
      method: 'POST',
      body: JSON.stringify({ payload: { level } }),
    });
    ids[level] = ((await r.json()) as { data: { event_id: number } }).data.event_id;
  }
  const events = await host.api<{ items: AttuneEvent[] }>('GET', '/api/v1/events?trigger_ref=local.log');
  assert.equal(events.body.items.length, 3);

  const expected: Record<string, string[]> = {
    info: ['local.everything', 'local.infos'],
    error: ['local.errors', 'local.everything'],
    debug: ['local.everything'],
  };
  for (const [level, id] of Object.entries(ids)) {
    const enf = await host.api<{ items: Enforcement[] }>('GET', `/api/v1/enforcements?event=${id}`);
    assert.deepEqual(enf.body.items.map((e) => e.rule_ref).sort(), expected[level]);

    const ev = await host.api<{ data: AttuneEvent }>('GET', `/api/v1/events/${id}`);
    const byRule = Object.fromEntries((ev.body.data.evaluations ?? []).map((e) => [e.rule_ref, e]));
    assert.deepEqual(Object.keys(byRule).sort(), [
      'local.broken',
      'local.errors',
      'local.everything',
      'local.infos',
    ]);
    assert.equal(byRule['local.everything']?.outcome, 'matched');
    assert.equal(byRule['local.broken']?.outcome, 'error');
    assert.match(byRule['local.broken']?.detail ?? '', /string.*number|number.*string/i);
    for (const [ref, expr] of [
      ['local.infos', 'event.payload.level == "info"'],
      ['local.errors', 'event.payload.level == "error"'],
    ] as const) {
      const e = byRule[ref];
      if (expected[level]?.includes(ref)) {
        assert.equal(e?.outcome, 'matched');
        assert.equal(typeof e?.enforcement_id, 'number');
      } else {
        assert.equal(e?.outcome, 'condition_false');
        assert.equal(e?.detail, expr);
      }
    }
  }
});

test('a disabled rule is recorded as rule_disabled and does not fire', async (t) => {
  const host = await startTestHost(t);
  await host.api('POST', '/api/v1/triggers', { ref: 'ping' });
  const hook = await host.api<{ data: { url: string } }>(
    'POST',
    '/api/v1/triggers/local.ping/webhooks/enable',
    {},
  );
  await host.api('POST', '/api/v1/rules', {
    ref: 'off',
    trigger_ref: 'local.ping',
    action_ref: 'core.noop',
    enabled: false,
  });
  const r = await fetch(hook.body.data.url, { method: 'POST', body: '{}' });
  const id = ((await r.json()) as { data: { event_id: number } }).data.event_id;
  const ev = await host.api<{ data: AttuneEvent }>('GET', `/api/v1/events/${id}`);
  assert.deepEqual(ev.body.data.evaluations, [
    {
      rule_ref: 'local.off',
      outcome: 'rule_disabled',
      detail: null,
      enforcement_id: null,
      explanation: null,
    },
  ]);
  const enf = await host.api<{ items: Enforcement[] }>('GET', `/api/v1/enforcements?event=${id}`);
  assert.equal(enf.body.items.length, 0);
});
