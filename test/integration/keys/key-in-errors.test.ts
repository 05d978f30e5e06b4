/**
 * docs/security.md, "Keys and Attune login" and "Attacker review": an encrypted key's value never
 * reaches an evaluation's `detail` or explanation, though error messages quote the value they
 * failed on (`int() cannot convert the string "…"`) — not when a template fails on the key, not
 * when a condition fails on an event value that equals it, not when the value holds characters
 * that JSON escapes. Checked in the event answer, the stored rows, the rule tester and a replay.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { databaseFile } from '../../../core/engine/create-engine.ts';
import { startTestHost, type TestHost } from '../../helpers/host.ts';

const SECRETS = { plain_pin: 'pin-5e4d3c2b-KEYSECRET', quoted_pin: 'say "open" \\ sesame-QUOTED' };

function everyRow(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{
      name: string;
    }>;
    return tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t.name}"`).all())).join('\n');
  } finally {
    db.close();
  }
}

/** Whether `text` holds a secret as written or as escaped inside JSON (once or twice). */
function leaks(text: string): string | null {
  for (const s of Object.values(SECRETS)) {
    const once = JSON.stringify(s).slice(1, -1);
    const twice = JSON.stringify(once).slice(1, -1);
    if ([s, once, twice].some((form) => text.includes(form))) return s;
  }
  return null;
}

async function hostWithKeys(t: Parameters<typeof startTestHost>[0]): Promise<TestHost> {
  const h = await startTestHost(t);
  for (const [ref, value] of Object.entries(SECRETS)) {
    const r = await h.api('POST', '/api/v1/keys', { ref, owner_type: 'system', value, encrypted: true });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  assert.equal((await h.api('POST', '/api/v1/triggers', { ref: 'ping' })).status, 201);
  return h;
}

test("a template that fails on an encrypted key records the error without the key's value", {
  timeout: 60_000,
}, async (t) => {
  const h = await hostWithKeys(t);
  for (const key of Object.keys(SECRETS)) {
    const r = await h.api('POST', '/api/v1/rules', {
      ref: `int_${key}`,
      trigger_ref: 'local.ping',
      action_ref: 'core.echo',
      action_params: { message: `{{ int(keystore.${key}) }}` },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  const ev = await h.api<{ data: { id: number; evaluations: Array<{ outcome: string; detail: string }> } }>(
    'POST',
    '/api/v1/events',
    { trigger_ref: 'local.ping', payload: {} },
  );
  assert.equal(ev.status, 201);
  assert.deepEqual(
    ev.body.data.evaluations.map((e) => [e.outcome, e.detail]),
    [
      ['error', 'action_params: int() cannot convert the string "***" to a number'],
      ['error', 'action_params: int() cannot convert the string "***" to a number'],
    ],
  );
  assert.equal(leaks(JSON.stringify(ev.body)), null, 'the event answer');
  assert.equal(leaks(JSON.stringify((await h.api('GET', `/api/v1/events/${ev.body.data.id}`)).body)), null);
  for (const key of Object.keys(SECRETS)) {
    const tested = await h.api('POST', `/api/v1/rules/local.int_${key}/test`, { payload: {} });
    assert.equal(tested.status, 200);
    assert.equal(leaks(JSON.stringify(tested.body)), null, `rules.test of ${key}`);
    const replayed = await h.api('POST', `/api/v1/rules/local.int_${key}/replay`, {
      event_id: ev.body.data.id,
    });
    assert.equal(replayed.status, 200);
    assert.equal(leaks(JSON.stringify(replayed.body)), null, `rules.replay of ${key}`);
  }
  assert.equal(leaks(everyRow(databaseFile(h.dataDir))), null, 'the stored rows');
});

test("a condition that fails on an event value equal to a key's secret records it redacted", {
  timeout: 60_000,
}, async (t) => {
  const h = await hostWithKeys(t);
  // The rule's templates read the key, so its value is among the rule's secrets.
  const r = await h.api('POST', '/api/v1/rules', {
    ref: 'guarded',
    trigger_ref: 'local.ping',
    action_ref: 'core.echo',
    conditions: { expression: 'int(event.payload.pin) > 0' },
    action_params: { message: '{{ keystore.quoted_pin }} {{ keystore.plain_pin }}' },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  for (const value of Object.values(SECRETS)) {
    const ev = await h.api<{ data: { evaluations: Array<{ outcome: string; detail: string }> } }>(
      'POST',
      '/api/v1/events',
      { trigger_ref: 'local.ping', payload: { pin: value } },
    );
    assert.equal(ev.body.data.evaluations[0]?.detail, 'int() cannot convert the string "***" to a number');
  }
});
