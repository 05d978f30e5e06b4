/**
 * docs/explain.md, "Replay" — a replay lists every conjunct of a condition with its value and
 * its operands' values, whether it passed or not, bounded and with secrets replaced by `***`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_DESCRIBED_PARTS } from '../../../core/expr/explain.ts';
import { describeConjuncts } from '../../../core/expr/index.ts';

const event = (payload: Record<string, unknown>) => ({ event: { payload } });

test('each conjunct of a condition that holds is shown with its value', () => {
  const x = describeConjuncts(
    'event.payload.n > 1 and (event.payload.a or event.payload.b) and not event.payload.off',
    event({ n: 3, a: false, b: 'yes', off: false }),
  );
  assert.deepEqual(
    x.parts.map((p) => [p.expression, p.passed, p.value]),
    [
      ['event.payload.n > 1', true, 'true'],
      ['event.payload.a or event.payload.b', true, 'true'],
      ['not event.payload.off', true, 'true'],
    ],
  );
  assert.equal(x.truncated, false);
});

test('a failing conjunct shows its error and a missing field is marked missing', () => {
  const x = describeConjuncts('event.payload.n + 1 > 2 and event.payload.gone == 1', event({ n: 'x' }));
  assert.equal(x.parts[0]?.passed, false);
  assert.match(x.parts[0]?.error ?? '', /Cannot apply "\+"/);
  assert.deepEqual(x.parts[1]?.operands, [
    { expression: 'event.payload.gone', value: 'null', missing: true },
  ]);
});

test('secret values are replaced and the number of conjuncts is bounded', () => {
  const many = Array.from({ length: MAX_DESCRIBED_PARTS + 3 }, (_, i) => `event.payload.k != ${i}`).join(
    ' and ',
  );
  const x = describeConjuncts(many, event({ k: 's3cr3t-value' }), ['s3cr3t-value']);
  assert.equal(x.parts.length, MAX_DESCRIBED_PARTS);
  assert.equal(x.truncated, true);
  assert.ok(!JSON.stringify(x).includes('s3cr3t'), JSON.stringify(x.parts[0]));
  assert.equal(x.parts[0]?.operands[0]?.value, '"***"');
});
