/**
 * Retry policy math (docs/engine.md "Retry"): which outcomes retry, and how long each retry
 * waits. Constant backoff waits `delay` every time; exponential waits `delay · 2^(n-1)` before
 * retry n; `max_delay` caps every wait.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { retryDelaySeconds, shouldRetry } from '../../../core/engine/retry.ts';
import type { RetryPolicy } from '../../../core/model/entities.ts';
import { EXECUTION_STATUSES } from '../../../core/model/status.ts';

/** The waits before retries 1..n. */
function waits(policy: RetryPolicy, n: number): number[] {
  return Array.from({ length: n }, (_, i) => retryDelaySeconds(policy, i + 1));
}

describe('retry delays', () => {
  test('constant backoff waits the same delay before every retry', () => {
    assert.deepEqual(waits({ count: 4, delay: 5, backoff: 'constant' }, 4), [5, 5, 5, 5]);
  });

  test('exponential backoff doubles the delay before each retry', () => {
    assert.deepEqual(waits({ count: 6, delay: 1, backoff: 'exponential' }, 6), [1, 2, 4, 8, 16, 32]);
    assert.deepEqual(waits({ count: 4, delay: 0.5, backoff: 'exponential' }, 4), [0.5, 1, 2, 4]);
  });

  test('max_delay caps exponential backoff once the doubling reaches it', () => {
    assert.deepEqual(
      waits({ count: 7, delay: 2, backoff: 'exponential', max_delay: 30 }, 7),
      [2, 4, 8, 16, 30, 30, 30],
    );
    assert.deepEqual(
      waits({ count: 3, delay: 0.1, backoff: 'exponential', max_delay: 0.35 }, 3),
      [0.1, 0.2, 0.35],
    );
  });

  test('max_delay caps constant backoff too, and a cap above every wait changes nothing', () => {
    assert.deepEqual(waits({ count: 3, delay: 10, backoff: 'constant', max_delay: 4 }, 3), [4, 4, 4]);
    assert.deepEqual(waits({ count: 3, delay: 3, backoff: 'exponential', max_delay: 100 }, 3), [3, 6, 12]);
  });

  test('a zero delay retries at once, whatever the backoff', () => {
    assert.deepEqual(waits({ count: 3, delay: 0, backoff: 'exponential', max_delay: 5 }, 3), [0, 0, 0]);
    assert.deepEqual(waits({ count: 2, delay: 0, backoff: 'constant' }, 2), [0, 0]);
  });

  const policy = fc.record({
    count: fc.integer({ min: 1, max: 20 }),
    delay: fc.integer({ min: 0, max: 3600 }),
    backoff: fc.constantFrom('constant' as const, 'exponential' as const),
    max_delay: fc.option(fc.integer({ min: 0, max: 86_400 }), { nil: undefined }),
  });

  test('every wait is at most max_delay, never less than an earlier wait, and doubles until capped (property)', () => {
    fc.assert(
      fc.property(policy, (p) => {
        const w = waits(p, p.count);
        const cap = p.max_delay ?? Number.POSITIVE_INFINITY;
        assert.equal(w[0], Math.min(p.delay, cap), 'the first retry waits delay (capped)');
        for (let i = 1; i < w.length; i++) {
          const prev = w[i - 1] as number;
          const cur = w[i] as number;
          assert.ok(cur <= cap, `retry ${i + 1} waits ${cur} > max_delay ${cap}`);
          if (p.backoff === 'constant') assert.equal(cur, prev);
          else assert.equal(cur, Math.min(prev * 2, cap), `retry ${i + 1} after ${prev}`);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('which outcomes retry', () => {
  const policy: RetryPolicy = { count: 2, delay: 1, backoff: 'constant' };

  test('failed and timeout retry while retries remain', () => {
    assert.equal(shouldRetry(policy, 'failed', 0), true);
    assert.equal(shouldRetry(policy, 'timeout', 0), true);
    assert.equal(shouldRetry(policy, 'failed', 1), true);
    assert.equal(shouldRetry(policy, 'timeout', 1), true);
  });

  test('no retry once count retries have run, and none with count 0 or no policy', () => {
    assert.equal(shouldRetry(policy, 'failed', 2), false);
    assert.equal(shouldRetry(policy, 'timeout', 2), false);
    assert.equal(shouldRetry({ ...policy, count: 0 }, 'failed', 0), false);
    assert.equal(shouldRetry(null, 'failed', 0), false);
    assert.equal(shouldRetry(null, 'timeout', 0), false);
  });

  test('no other status retries: a cancel is the user decision, abandoned is a crash', () => {
    for (const status of EXECUTION_STATUSES) {
      if (status === 'failed' || status === 'timeout') continue;
      assert.equal(shouldRetry(policy, status, 0), false, status);
    }
  });
});
