/**
 * docs/performance.md, "Explanations" — the engine option that turns explanations off (the
 * benchmark's baseline) may be a function, asked once per event, so one engine alternates
 * between the two settings on the same store. On (the default), a false condition is stored
 * without its explanation and made when the event is read (docs/explain.md, "When an
 * explanation is made"); off, none is stored, and none is made on read while it stays off.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine } from '../../../core/engine/create-engine.ts';
import { silentLogger } from '../../../core/model/logger.ts';
import { getEvent } from '../../../core/store/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

test('with explanations on a false condition is explained on read; switched off, none is stored or made', async (t) => {
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

  const stored = (id: number) => getEvent(engine.store.read, id);
  const read = (id: number) =>
    engine.explainOnRead(stored(id) as NonNullable<ReturnType<typeof stored>>).evaluations?.[0];
  for (const id of [on.event_id, off.event_id]) {
    assert.equal(stored(id)?.evaluations?.[0]?.outcome, 'condition_false');
    assert.equal(stored(id)?.evaluations?.[0]?.explanation, null);
    assert.equal(read(id)?.explanation, null, 'off: nothing made on read');
  }
  explaining = true;
  assert.deepEqual(read(on.event_id)?.explanation?.failures[0]?.operands, [
    { expression: 'event.payload.total', value: '5' },
  ]);
  assert.deepEqual(read(off.event_id)?.explanation?.failures[0]?.operands, [
    { expression: 'event.payload.total', value: '6' },
  ]);
});
