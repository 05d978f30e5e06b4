/**
 * docs/api.md, "Webhooks" — rate limits count fixed one-minute windows per key, and the table of
 * windows stays bounded however many addresses call.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MinuteWindows } from '../../../core/sensors/minute-windows.ts';

test('a key gets `limit` hits per minute; the next window starts fresh', () => {
  const w = new MinuteWindows();
  const t0 = Date.UTC(2025, 0, 1);
  assert.deepEqual(
    [1, 2, 3, 4].map(() => w.take('a', 3, t0)),
    [true, true, true, false],
  );
  assert.equal(w.take('b', 3, t0), true, 'other keys are counted apart');
  assert.equal(w.take('a', 3, t0 + 59_999), false);
  assert.equal(w.take('a', 3, t0 + 60_000), true);
});

test('a limit of zero admits nothing; a clock that went back starts a new window', () => {
  const w = new MinuteWindows();
  assert.equal(w.take('a', 0, 1_000_000), false);
  assert.equal(w.take('b', 1, 1_000_000), true);
  assert.equal(w.take('b', 1, 1_000_000), false);
  assert.equal(w.take('b', 1, 900_000), true);
});

test('past the bound, expired windows go first, then the oldest live one', () => {
  const w = new MinuteWindows(3);
  w.take('old', 1, 0);
  w.take('x', 1, 70_000);
  w.take('y', 1, 70_000);
  w.take('z', 1, 70_000);
  assert.equal(w.size, 3);
  assert.equal(w.take('x', 1, 70_001), false, 'a live window survives');
  w.take('w', 1, 70_002);
  assert.equal(w.size, 3);
  assert.equal(w.take('x', 1, 70_003), true, 'the oldest live window made room');
  for (let i = 0; i < 10_000; i++) w.take(`addr${i}`, 1, 80_000);
  assert.equal(w.size, 3);
});
