/**
 * Executions for people (docs/renderer.md "Executions"): durations in words, the status
 * timeline from the instants an execution keeps, parameters with secrets masked, and which
 * parameters a re-run must be given again.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  durationMs,
  formatDuration,
  maskedParameters,
  redactedKeys,
  statusTimeline,
} from '../../../renderer/src/domain/execution.ts';

const T0 = '2026-03-01T10:00:00.000Z';
const T1 = '2026-03-01T10:00:01.000Z';
const T2 = '2026-03-01T10:00:05.500Z';

test('durations read in the unit that fits', () => {
  assert.deepEqual([850, 1234, 42_000, 184_000, 600_000, 7_500_000, 7_200_000].map(formatDuration), [
    '850 ms',
    '1.2 s',
    '42 s',
    '3 min 04 s',
    '10 min',
    '2 h 05 min',
    '2 h',
  ]);
  assert.equal(formatDuration(-1), '—');
});

test('a finished run takes its own duration; a running one counts to now; a waiting one has none', () => {
  const result = { duration_ms: 321 } as never;
  assert.equal(durationMs({ result, started_at: T0, finished_at: T2 }, 0), 321);
  assert.equal(durationMs({ result: null, started_at: T0, finished_at: null }, Date.parse(T1)), 1000);
  assert.equal(durationMs({ result: null, started_at: null, finished_at: null }, Date.parse(T1)), null);
});

test('the timeline: requested, started, then how it ended — or where it waits', () => {
  const steps = (x: Parameters<typeof statusTimeline>[0]) =>
    statusTimeline(x).map((s) => `${s.label}:${s.state}${s.at ? '@' : ''}`);
  assert.deepEqual(steps({ status: 'requested', created: T0, started_at: null, finished_at: null }), [
    'Requested:current@',
    'Started:pending',
    'Finished:pending',
  ]);
  assert.deepEqual(steps({ status: 'running', created: T0, started_at: T1, finished_at: null }), [
    'Requested:done@',
    'Started:current@',
    'Finished:pending',
  ]);
  assert.deepEqual(steps({ status: 'canceling', created: T0, started_at: T1, finished_at: null }), [
    'Requested:done@',
    'Started:current@',
    'Cancelling:current',
    'Finished:pending',
  ]);
  assert.deepEqual(steps({ status: 'completed', created: T0, started_at: T1, finished_at: T2 }), [
    'Requested:done@',
    'Started:done@',
    'Completed:done@',
  ]);
  assert.deepEqual(steps({ status: 'cancelled', created: T0, started_at: null, finished_at: T2 }), [
    'Requested:done@',
    'Cancelled:failed@',
  ]);
});

test('secret parameters are masked whatever their stored value, and a re-run asks for them', () => {
  const schema = { token: { secret: true }, to: {} };
  assert.deepEqual(maskedParameters({ to: 'ada', token: 'leaked?' }, schema), { to: 'ada', token: '***' });
  assert.deepEqual(maskedParameters({ to: 'ada', key: '***' }, undefined), { to: 'ada', key: '***' });
  assert.deepEqual(redactedKeys({ to: 'ada', token: '***', other: '***' }, schema), ['token', 'other']);
  assert.deepEqual(redactedKeys({ to: 'ada' }, schema), []);
});
