/**
 * docs/performance.md, "Explanations" — the engine option that turns explanations off (the
 * benchmark's baseline) may be a function, asked once per event, so one engine alternates
 * between the two settings on the same store: events ingested while it says no are recorded
 * without an explanation, the others with one.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine } from '../../../core/engine/create-engine.ts';
import { silentLogger } from '../../../core/model/logger.ts';
import { getEvent } from '../../../core/store/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

test('explanations switched off between two events are recorded only for the event ingested while on', async (t) => {
  let explaining = true;
  const engine = createEngine({ dataDir: tempDir(t), logger: silentLogger, explanations: () => explaining });
  await engine.start();
  t.after(() => engine.stop(1000));
  engine.triggers.create({ ref: 'orders' });
  engine.rules.create({
    ref: 'big',
    trigger_ref: 'local.orders',
    action_ref: 'core.noop',
    conditions: { expression: 'event.payload.total > 100' },
  });

  const on = await engine.ingest({ trigger_ref: 'local.orders', payload: { total: 5 } });
  explaining = false;
  const off = await engine.ingest({ trigger_ref: 'local.orders', payload: { total: 6 } });
  explaining = true;
  const onAgain = await engine.ingest({ trigger_ref: 'local.orders', payload: { total: 7 } });

  const stored = (id: number) => getEvent(engine.store.read, id)?.evaluations?.[0];
  assert.equal(stored(on.event_id)?.outcome, 'condition_false');
  assert.deepEqual(stored(on.event_id)?.explanation?.failures[0]?.operands, [
    { expression: 'event.payload.total', value: '5' },
  ]);
  assert.equal(stored(off.event_id)?.outcome, 'condition_false');
  assert.equal(stored(off.event_id)?.explanation, null);
  assert.deepEqual(stored(onAgain.event_id)?.explanation?.failures[0]?.operands, [
    { expression: 'event.payload.total', value: '7' },
  ]);
});
