/**
 * docs/timers.md, "The clock" — the timer sensor orders rules by next fire instant in a keyed
 * binary heap, so a wake touches only the due rules. Checked against a sorted list on random
 * operation sequences, plus the ordering promises the sensor relies on.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DueHeap } from '../../../core/sensors/due-heap.ts';

test('pops keys earliest first, and keys due at the same instant in the order they were set', () => {
  const h = new DueHeap<string>();
  h.set('c', 30);
  h.set('a', 10);
  h.set('b', 10);
  h.set('d', 5);
  assert.deepEqual(h.peek(), { key: 'd', due: 5 });
  assert.deepEqual(
    [h.pop(), h.pop(), h.pop(), h.pop(), h.pop()].map((x) => x?.key),
    ['d', 'a', 'b', 'c', undefined],
  );
});

test('moving a key re-orders it, and deleting one leaves the rest in order', () => {
  const h = new DueHeap<string>();
  for (const [k, due] of [
    ['a', 1],
    ['b', 2],
    ['c', 3],
    ['d', 4],
  ] as const)
    h.set(k, due);
  h.set('d', 0);
  h.set('a', 10);
  assert.equal(h.dueOf('a'), 10);
  assert.equal(h.delete('b'), true);
  assert.equal(h.delete('b'), false);
  assert.equal(h.has('b'), false);
  assert.equal(h.size, 3);
  assert.deepEqual(h.popDue(3), ['d', 'c']);
  assert.deepEqual(h.popDue(9), []);
  assert.deepEqual(h.popDue(10), ['a']);
  assert.equal(h.size, 0);
});

test('behaves like a sorted list on random sequences of set, delete and pop', () => {
  const op = fc.oneof(
    fc.record({ kind: fc.constant('set' as const), key: fc.nat(30), due: fc.integer({ min: -50, max: 50 }) }),
    fc.record({ kind: fc.constant('delete' as const), key: fc.nat(30) }),
    fc.record({ kind: fc.constant('pop' as const) }),
    fc.record({ kind: fc.constant('popDue' as const), due: fc.integer({ min: -50, max: 50 }) }),
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
      const h = new DueHeap<number>();
      // The model: [key, due, seq] kept sorted by (due, seq).
      let model: Array<[number, number, number]> = [];
      let seq = 0;
      const sort = () => model.sort((a, b) => a[1] - b[1] || a[2] - b[2]);
      for (const o of ops) {
        if (o.kind === 'set') {
          h.set(o.key, o.due);
          model = model.filter((m) => m[0] !== o.key);
          model.push([o.key, o.due, seq++]);
          sort();
        } else if (o.kind === 'delete') {
          assert.equal(
            h.delete(o.key),
            model.some((m) => m[0] === o.key),
          );
          model = model.filter((m) => m[0] !== o.key);
        } else if (o.kind === 'pop') {
          const top = model.shift();
          assert.deepEqual(h.pop(), top ? { key: top[0], due: top[1] } : undefined);
        } else {
          const due = model.filter((m) => m[1] <= o.due).map((m) => m[0]);
          model = model.filter((m) => m[1] > o.due);
          assert.deepEqual(h.popDue(o.due), due);
        }
        assert.equal(h.size, model.length);
        const top = model[0];
        assert.deepEqual(h.peek(), top ? { key: top[0], due: top[1] } : undefined);
      }
    }),
    { numRuns: 300 },
  );
});

test('holds 100 000 keys and pops them in order', () => {
  const h = new DueHeap<number>();
  const n = 100_000;
  for (let i = 0; i < n; i++) h.set(i, (i * 7919) % n);
  for (let i = 0; i < n; i += 3) h.set(i, n + i); // move a third of them later
  let last = Number.NEGATIVE_INFINITY;
  let count = 0;
  for (let top = h.pop(); top !== undefined; top = h.pop()) {
    assert.ok(top.due >= last);
    last = top.due;
    count++;
  }
  assert.equal(count, n);
});
