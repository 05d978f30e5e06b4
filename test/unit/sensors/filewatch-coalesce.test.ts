/**
 * The coalescing rule of the file watcher (docs/sensors.md, "Built-in sensors: filewatch and
 * system"), on a SimClock: one change per path per window, the net of the state before and
 * after, a window capped at ten debounce periods, and a cap on open windows.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimClock } from '../../../core/schedule/index.ts';
import { type CoalescedChange, Coalescer, netChange } from '../../../core/sensors/filewatch/index.ts';

function setup(o: { debounceMs?: number; maxPending?: number } = {}) {
  const clock = new SimClock('2026-03-01T10:00:00Z');
  const out: Array<CoalescedChange & { at: number }> = [];
  const c = new Coalescer({
    clock,
    debounceMs: o.debounceMs ?? 100,
    ...(o.maxPending !== undefined ? { maxPending: o.maxPending } : {}),
    flush: (change) => out.push({ ...change, at: clock.monotonic() }),
  });
  return { clock, out, c, t0: clock.monotonic() };
}

test('the net change is decided by the state before and after the window', () => {
  assert.equal(netChange(false, true), 'add');
  assert.equal(netChange(true, true), 'change');
  assert.equal(netChange(true, false), 'unlink');
  assert.equal(netChange(false, false), null);
});

test('a single change is reported once, one debounce period after it', () => {
  const { clock, out, c, t0 } = setup();
  c.push('/a', 'change');
  clock.advance(99);
  assert.deepEqual(out, []);
  clock.advance(1);
  assert.deepEqual(out, [{ path: '/a', event: 'change', at: t0 + 100 }]);
  clock.advance(10_000);
  assert.equal(out.length, 1);
  assert.equal(clock.pendingTimers(), 0);
});

test('each further change moves the end of the window to one debounce period after it', () => {
  const { clock, out, c, t0 } = setup();
  c.push('/a', 'add');
  clock.advance(60);
  c.push('/a', 'change');
  clock.advance(60);
  c.push('/a', 'change');
  clock.advance(99);
  assert.deepEqual(out, []);
  clock.advance(1);
  assert.deepEqual(out, [{ path: '/a', event: 'add', at: t0 + 220 }]);
});

test('1,000 writes without pause are reported every ten debounce periods and the last state is not lost', () => {
  const { clock, out, c } = setup();
  c.push('/log', 'add');
  for (let i = 1; i < 1000; i++) {
    clock.advance(5);
    c.push('/log', 'change');
  }
  clock.advance(100);
  // 1,000 writes over 5 s in windows of at most 1 s: five windows.
  assert.deepEqual(
    out.map((o) => o.event),
    ['add', 'change', 'change', 'change', 'change'],
  );
  assert.equal(c.pending, 0);
  // The last window closed after the last write.
  assert.ok((out.at(-1)?.at ?? 0) >= clock.monotonic() - 100);
});

test('paths are coalesced apart, each with its own window', () => {
  const { clock, out, c } = setup();
  c.push('/a', 'add');
  clock.advance(50);
  c.push('/b', 'change');
  clock.advance(50);
  assert.deepEqual(
    out.map((o) => o.path),
    ['/a'],
  );
  clock.advance(50);
  assert.deepEqual(
    out.map((o) => `${o.event} ${o.path}`),
    ['add /a', 'change /b'],
  );
});

test('a file that is created and removed within the window is not reported; one replaced is a change', () => {
  const { clock, out, c } = setup();
  c.push('/tmp-file', 'add');
  c.push('/tmp-file', 'change');
  c.push('/tmp-file', 'unlink');
  c.push('/saved', 'unlink');
  c.push('/saved', 'add');
  c.push('/gone', 'change');
  c.push('/gone', 'unlink');
  clock.advance(100);
  assert.deepEqual(
    out.map((o) => `${o.event} ${o.path}`),
    ['change /saved', 'unlink /gone'],
  );
});

test('more open windows than the cap close the oldest early, so memory stays bounded', () => {
  const { clock, out, c } = setup({ maxPending: 3 });
  for (const p of ['/1', '/2', '/3', '/4', '/5']) c.push(p, 'add');
  assert.equal(c.pending, 3);
  assert.deepEqual(
    out.map((o) => o.path),
    ['/1', '/2'],
  );
  clock.advance(100);
  assert.deepEqual(
    out.map((o) => o.path),
    ['/1', '/2', '/3', '/4', '/5'],
  );
});

test('flushAll reports every open window now; dispose drops them and leaves no timer', () => {
  const { clock, out, c } = setup();
  c.push('/a', 'add');
  c.push('/b', 'unlink');
  c.flushAll();
  assert.deepEqual(
    out.map((o) => `${o.event} ${o.path}`),
    ['add /a', 'unlink /b'],
  );
  c.push('/c', 'add');
  c.dispose();
  assert.equal(clock.pendingTimers(), 0);
  clock.advance(1000);
  assert.equal(out.length, 2);
});
