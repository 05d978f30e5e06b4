/**
 * The watcher's calls run one at a time (docs/sensors.md, "One watcher call at a time"): each
 * starts when the one before it has settled, or has hung for `STUCK_MS`; ending a watch never fails ("Ending a watch").
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import type parcel from '@parcel/watcher';
import { STUCK_MS, serially, unsubscribe } from '../../../core/sensors/filewatch/parcel-calls.ts';

/** Lets every pending promise callback run. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

test('a call starts only when the one before it has finished', async () => {
  const order: string[] = [];
  let finishFirst = () => {};
  void serially(
    () =>
      new Promise<void>((resolve) => {
        order.push('first starts');
        finishFirst = () => {
          order.push('first ends');
          resolve();
        };
      }),
  );
  const second = serially(async () => {
    order.push('second starts');
    return 2;
  });
  await flush();
  assert.deepEqual(order, ['first starts']);
  finishFirst();
  assert.equal(await second, 2);
  assert.deepEqual(order, ['first starts', 'first ends', 'second starts']);
});

test('a call that fails rejects to its caller and lets the next one run', async () => {
  const failed = serially(() => Promise.reject(new Error('no such folder')));
  const next = serially(async () => 'ran');
  await assert.rejects(failed, /no such folder/);
  assert.equal(await next, 'ran');
});

test('a call that never settles holds the next one for STUCK_MS, not for ever', {
  timeout: 10_000,
}, async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  void serially(() => new Promise<void>(() => {}));
  let ran = false;
  const next = serially(async () => {
    ran = true;
  });
  await flush();
  t.mock.timers.tick(STUCK_MS - 1);
  await flush();
  assert.equal(ran, false);
  t.mock.timers.tick(1);
  await next;
  assert.equal(ran, true);
});

test('ending a watch resolves even when the native removal fails, and the next call still runs', async () => {
  // What @parcel/watcher does, on some runs only, for a watch whose folder was removed (the kernel
  // dropped the watch first): its unsubscribe rejects. The native failure cannot be caused on
  // demand, so the subscription here is one whose removal fails that way.
  const dropped: parcel.AsyncSubscription = {
    unsubscribe: () => Promise.reject(new Error('Unable to remove watcher: Invalid argument')),
  };
  await assert.doesNotReject(unsubscribe(dropped));
  assert.equal(await serially(async () => 'next'), 'next');
});
