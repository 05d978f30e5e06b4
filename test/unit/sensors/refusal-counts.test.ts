/**
 * docs/security.md, "Webhooks" — refusals past a throttle are counted per reason, trigger and
 * address (one summary row each, not one row per call), and the table of counts stays bounded
 * however many addresses call.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RefusalCounts } from '../../../core/sensors/refusal-counts.ts';

test('refusals are counted per reason, trigger and address, with their bytes and time span', () => {
  const c = new RefusalCounts();
  c.add('with unknown keys', null, '10.0.0.1', 5, 1000);
  c.add('with unknown keys', null, '10.0.0.1', 7, 2000);
  c.add('with unknown keys', null, '10.0.0.2', 1, 1500);
  c.add('with a wrong signature', 'local.x', '10.0.0.1', 3, 1800);
  assert.deepEqual(c.drain(), [
    {
      reason: 'with unknown keys',
      triggerRef: null,
      remote: '10.0.0.1',
      count: 2,
      bodyBytes: 12,
      first: 1000,
      last: 2000,
    },
    {
      reason: 'with unknown keys',
      triggerRef: null,
      remote: '10.0.0.2',
      count: 1,
      bodyBytes: 1,
      first: 1500,
      last: 1500,
    },
    {
      reason: 'with a wrong signature',
      triggerRef: 'local.x',
      remote: '10.0.0.1',
      count: 1,
      bodyBytes: 3,
      first: 1800,
      last: 1800,
    },
  ]);
  assert.deepEqual(c.drain(), [], 'a drain starts the counts again');
});

test('past the bound, further addresses are folded into one count without an address', () => {
  const c = new RefusalCounts(3);
  for (let i = 0; i < 100; i++) c.add('with unknown keys', null, `10.0.0.${i}`, 1, i);
  assert.equal(c.size, 4);
  const all = c.drain();
  assert.deepEqual(
    all.map((x) => [x.remote, x.count]),
    [
      ['10.0.0.0', 1],
      ['10.0.0.1', 1],
      ['10.0.0.2', 1],
      [null, 97],
    ],
  );
  assert.equal(
    all.reduce((n, x) => n + x.count, 0),
    100,
    'nothing is lost',
  );
});

test('refusals for different triggers are counted apart, also from the same address', () => {
  const c = new RefusalCounts();
  c.add('with a wrong signature', 'local.a', '10.0.0.1', 1, 1);
  c.add('with a wrong signature', 'local.b', '10.0.0.1', 1, 2);
  c.add('with a wrong signature', 'local.b', '10.0.0.1', 1, 3);
  c.add('with a wrong signature', null, '10.0.0.1', 1, 4);
  assert.deepEqual(
    c.drain().map((x) => [x.triggerRef, x.count]),
    [
      ['local.a', 1],
      ['local.b', 2],
      [null, 1],
    ],
  );
});

test('past the bound, the folded counts stay apart per reason and per trigger', () => {
  const c = new RefusalCounts(1);
  c.add('with unknown keys', null, '10.0.0.1', 1, 1);
  c.add('with unknown keys', null, '10.0.0.2', 1, 2);
  c.add('with a wrong signature', 'local.a', '10.0.0.3', 1, 3);
  c.add('with a wrong signature', 'local.b', '10.0.0.4', 1, 4);
  c.add('with a wrong signature', 'local.a', '10.0.0.5', 1, 5);
  assert.deepEqual(
    c.drain().map((x) => [x.reason, x.triggerRef, x.remote, x.count]),
    [
      ['with unknown keys', null, '10.0.0.1', 1],
      ['with unknown keys', null, null, 1],
      ['with a wrong signature', 'local.a', null, 2],
      ['with a wrong signature', 'local.b', null, 1],
    ],
  );
});

test('a refusal without a trigger or address is counted apart from one naming an empty one', () => {
  const c = new RefusalCounts();
  c.add('with unknown keys', null, null, 1, 1);
  c.add('with unknown keys', '', null, 1, 2);
  c.add('with unknown keys', null, '', 1, 3);
  c.add('with unknown keys', null, null, 1, 4);
  assert.deepEqual(
    c.drain().map((x) => [x.triggerRef, x.remote, x.count]),
    [
      [null, null, 2],
      ['', null, 1],
      [null, '', 1],
    ],
  );
});
