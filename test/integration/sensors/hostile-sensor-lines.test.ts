/**
 * docs/sensors.md, "Emitting events"; docs/security.md, "Attacker review": a JSON line on a
 * sensor's stdout is held to what `POST /api/v1/events` accepts. Nesting past the bound and
 * prototype keys (`__proto__`, `constructor.prototype`) are refused with a sentence in the
 * sensor's log, not stored (a 1,000-deep payload was, and a 100,000-deep one was refused only by a
 * stack overflow); the plain event after them is stored as usual.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AttuneEvent } from '../../../core/model/entities.ts';
import { startTestHost } from '../../helpers/host.ts';
import { waitFor } from '../../helpers/processes.ts';
import { logs, QUICK_BACKOFF } from './helpers.ts';

test('a sensor line nested too deep or with prototype keys is refused like a request body', {
  timeout: 120_000,
}, async (t) => {
  const h = await startTestHost(t, { packs: ['hostilesensor'], sensorBackoff: QUICK_BACKOFF });
  const events = await waitFor(
    async () => {
      const r = await h.api<{ items: AttuneEvent[] }>('GET', '/api/v1/events?trigger_ref=hostilesensor.tick');
      return r.body.items.some((e) => e.payload.kind === 'plain') ? r.body.items : null;
    },
    'the plain event',
    60_000,
  );
  assert.deepEqual(
    events.map((e) => e.payload.kind),
    ['plain'],
  );
  const refusals = (await logs(h, 'hostilesensor.hostile'))
    .filter((l) => l.stream === 'supervisor' && l.text.startsWith('event refused'))
    .map((l) => l.text.replace(/position [0-9]+/, 'position N'));
  assert.deepEqual(refusals, [
    'event refused: JSON is nested deeper than 256 levels (at position N)',
    'event refused: JSON is nested deeper than 256 levels (at position N)',
    'event refused: the key "__proto__" is not accepted in JSON (as in a request body)',
    'event refused: the key "constructor" is not accepted in JSON (as in a request body)',
  ]);

  // The same bodies over REST, with the user's token: refused too.
  for (const body of [
    `{"trigger_ref": "hostilesensor.tick", "payload": {"v": ${'['.repeat(1000)}${']'.repeat(1000)}}}`,
    '{"trigger_ref": "hostilesensor.tick", "payload": {"__proto__": {"polluted": true}}}',
    '{"trigger_ref": "hostilesensor.tick", "payload": {"constructor": {"prototype": {"polluted": true}}}}',
  ]) {
    assert.equal((await h.api('POST', '/api/v1/events', body)).status, 400, body.slice(0, 80));
  }
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});
