/**
 * docs/api.md, events — text search in the event log: `GET /api/v1/events?q=` finds events by the words of
 * their payload (FTS5, migration 0030), newest first in Attune's envelope, combined with the
 * other filters; input is words, never FTS syntax.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AttuneEvent } from '../../../core/model/entities.ts';
import { startTestHost } from '../../helpers/host.ts';

type List = { items: AttuneEvent[]; pagination: { total_items: number; has_next: boolean } };

test('q finds events by payload words, newest first, combined with other filters', async (t) => {
  const host = await startTestHost(t);
  for (const ref of ['orders', 'builds']) {
    assert.equal((await host.api('POST', '/api/v1/triggers', { ref })).status, 201);
  }
  const ingest = (trigger: string, payload: Record<string, unknown>) =>
    host.engine.ingest({ trigger_ref: `local.${trigger}`, payload });
  const a = await ingest('orders', {
    status: 'shipped',
    customer: { email: 'ann@example.com' },
    city: 'Zürich',
  });
  const b = await ingest('orders', { status: 'paid', customer: { email: 'bob@example.com' } });
  const c = await ingest('builds', { status: 'shipped', branch: 'main' });

  const search = async (query: string) => {
    const r = await host.api<List>('GET', `/api/v1/events?${query}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
  };
  const ids = (l: List) => l.items.map((e) => e.id);

  const shipped = await search('q=shipped');
  assert.deepEqual(ids(shipped), [c.event_id, a.event_id]);
  assert.equal(shipped.pagination.total_items, 2);
  assert.deepEqual(ids(await search('q=shipped&trigger_ref=local.orders')), [a.event_id]);
  assert.deepEqual(ids(await search(`q=${encodeURIComponent('bob@example.com')}`)), [b.event_id]);
  assert.deepEqual(ids(await search('q=zurich')), [a.event_id], 'diacritics fold');
  assert.deepEqual(ids(await search('q=ship*')), [c.event_id, a.event_id], 'a trailing * is a prefix');
  assert.deepEqual(ids(await search('q=shipped%20main')), [c.event_id], 'every word must occur');
  assert.deepEqual(ids(await search('q=status')), [], 'keys are not indexed, values are');
  assert.deepEqual(ids(await search('q=shipped&page=2&page_size=1')), [a.event_id]);
});

test('q is words, not query syntax: operators and quotes are searched for, never parsed', async (t) => {
  const host = await startTestHost(t);
  assert.equal((await host.api('POST', '/api/v1/triggers', { ref: 'notes' })).status, 201);
  const e = await host.engine.ingest({
    trigger_ref: 'local.notes',
    payload: { text: 'say "NEAR" or (not)' },
  });
  for (const q of ['"NEAR"', 'NEAR(or', 'text:say', 'OR', 'not)']) {
    const r = await host.api<List>('GET', `/api/v1/events?q=${encodeURIComponent(q)}`);
    assert.equal(r.status, 200, `${q}: ${JSON.stringify(r.body)}`);
    assert.deepEqual(
      r.body.items.map((i) => i.id),
      q === 'text:say' ? [] : [e.event_id],
      q,
    );
  }
  const nothing = await host.api<List>('GET', `/api/v1/events?q=${encodeURIComponent('@@ !')}`);
  assert.equal(nothing.status, 200);
  assert.deepEqual(nothing.body.items, []);
  const empty = await host.api<{ error: string }>('GET', '/api/v1/events?q=');
  assert.equal(empty.status, 400);
  assert.match(empty.body.error, /q/);
});
