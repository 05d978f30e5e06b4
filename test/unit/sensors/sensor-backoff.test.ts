/**
 * When a crashed pack sensor is started again (docs/sensors.md, "Supervision"): after a delay
 * that doubles from 1 s up to a cap of 60 s; five exits in a row within 10 s of starting are a
 * crash loop and it is not started again; a run that lasted shows it works and starts the count
 * over. Pure arithmetic on run lengths: no clock is involved.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay, DEFAULT_BACKOFF, RestartTracker } from '../../../core/sensors/supervisor/backoff.ts';

test('the delay doubles from 1 s and stops at 60 s', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7, 8, 20, 1000].map((n) => backoffDelay(n)),
    [1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000, 60_000],
  );
});

test('the delay follows the policy it is given, and attempt numbers below 1 count as the first', () => {
  const p = { ...DEFAULT_BACKOFF, baseMs: 50, factor: 3, maxMs: 1000 };
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, p)),
    [50, 50, 150, 450, 1000, 1000],
  );
});

test('five quick exits in a row fail the sensor; the four before are restarted with growing delays', () => {
  const t = new RestartTracker();
  const decisions = [1, 2, 3, 4, 5].map(() => t.exited(200));
  assert.deepEqual(decisions, [
    { action: 'restart', delayMs: 1000, attempt: 1 },
    { action: 'restart', delayMs: 2000, attempt: 2 },
    { action: 'restart', delayMs: 4000, attempt: 3 },
    { action: 'restart', delayMs: 8000, attempt: 4 },
    { action: 'fail', quickExits: 5 },
  ]);
});

test('a run that lasted at least 10 s starts the count and the delays over', () => {
  const t = new RestartTracker();
  for (let i = 0; i < 4; i++) t.exited(100);
  assert.deepEqual(t.exited(10_000), { action: 'restart', delayMs: 1000, attempt: 1 });
  for (let i = 0; i < 4; i++) assert.equal(t.exited(9_999).action, 'restart');
  assert.deepEqual(t.exited(50), { action: 'fail', quickExits: 5 });
});

test('a sensor that keeps crashing after long runs is restarted forever, at the first delay', () => {
  const t = new RestartTracker();
  for (let i = 0; i < 50; i++)
    assert.deepEqual(t.exited(60_000), { action: 'restart', delayMs: 1000, attempt: 1 });
});

test('a reset (a user restart, a new configuration) forgets the quick exits', () => {
  const t = new RestartTracker();
  for (let i = 0; i < 4; i++) t.exited(0);
  t.reset();
  assert.deepEqual(t.exited(0), { action: 'restart', delayMs: 1000, attempt: 1 });
});

test('any attempt number, however large, answers the cap without counting up to it', () => {
  assert.equal(backoffDelay(Number.MAX_SAFE_INTEGER), 60_000);
  assert.equal(backoffDelay(Number.POSITIVE_INFINITY), 60_000);
});
