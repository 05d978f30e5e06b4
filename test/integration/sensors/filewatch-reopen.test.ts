/**
 * A watch opened while another closes hears its folder (docs/sensors.md, "One watcher call at a
 * time"). The native watcher drops its backend when the last subscription ends; a subscription
 * started in between used to attach to the dropped one and stay deaf, about once in a hundred
 * times on a busy machine, so each case is repeated many times over the real watcher.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import test, { type TestContext } from 'node:test';
import type parcel from '@parcel/watcher';
import { subscribe, unsubscribe } from '../../../core/sensors/filewatch/parcel-calls.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { eventsOf, filewatchRule, startEngine, waitFor, watchRunning } from './support.ts';

const ROUNDS = 100;
/** A deaf subscription used to hang what came after it; the test fails instead. */
const LIMIT = { timeout: 120_000 };

/** Writes a file into `dir` and waits until `heard()` says the subscription saw it. */
async function hears(dir: string, heard: () => boolean, round: number): Promise<void> {
  fs.writeFileSync(path.join(dir, 'x.txt'), String(round));
  await waitFor(
    `round ${round}: the new subscription to hear its folder`,
    () => (heard() ? true : undefined),
    10_000,
  );
}

/** Each round: the only subscription ends while a new one on another folder starts. */
async function rounds(t: TestContext, closeFirst: boolean): Promise<void> {
  let old = await subscribe(tempDir(t), () => {}, {});
  for (let round = 0; round < ROUNDS; round++) {
    const dir = tempDir(t);
    let heard = false;
    const onEvents: parcel.SubscribeCallback = (_err, events) => {
      if (events.length > 0) heard = true;
    };
    let next: Promise<parcel.AsyncSubscription>;
    if (closeFirst) {
      void unsubscribe(old);
      next = subscribe(dir, onEvents, {});
    } else {
      next = subscribe(dir, onEvents, {});
      void Promise.resolve(old).then(unsubscribe);
    }
    old = await next;
    await hears(dir, () => heard, round);
  }
  await unsubscribe(old);
}

test(
  'a subscription started just after the last one was ended hears its folder, every time',
  LIMIT,
  async (t) => {
    await rounds(t, true);
  },
);

test(
  'a subscription started just before the last one is ended hears its folder, every time',
  LIMIT,
  async (t) => {
    await rounds(t, false);
  },
);

test('a rule whose folder is edited again and again hears each new folder', async (t) => {
  const engine = await startEngine(t);
  filewatchRule(engine, 'moving', { path: tempDir(t), debounce_ms: 10 });
  await watchRunning(engine, 'local.moving');
  const folders: string[] = [];
  for (let i = 0; i < 15; i++) {
    const dir = tempDir(t);
    folders.push(dir);
    engine.rules.update('local.moving', { trigger_params: { path: dir, debounce_ms: 10 } });
    await watchRunning(engine, 'local.moving');
    assert.equal(engine.filewatch.watches()[0]?.path, dir);
    fs.writeFileSync(path.join(dir, 'seen.txt'), 'x');
    await waitFor(`the event from folder ${i}`, () =>
      eventsOf(engine, 'local.moving').length > i ? true : undefined,
    );
  }
  assert.deepEqual(
    eventsOf(engine, 'local.moving').map((e) => e.payload['path']),
    folders.map((dir) => path.join(dir, 'seen.txt')),
  );
});
