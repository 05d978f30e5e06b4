/**
 * The dashboard's logic (docs/renderer.md "Dashboard"): the activity window aligned to its
 * buckets, the chart's geometry with failures as their own bars, the last visit, the next
 * fires, and the first-start templates' links into the rule builder.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  activityWindow,
  chartGeometry,
  FIRST_RULE_TEMPLATES,
  failuresOf,
  MAX_LOOKBACK_MS,
  nextFires,
  niceMax,
  parseLastVisit,
  sinceWindow,
  templateHref,
} from '../../../renderer/src/domain/dashboard.ts';

const NOW = Date.parse('2026-03-01T12:34:56.000Z');

test('the window ends with the current bucket, so the request holds until the next bucket begins', () => {
  assert.deepEqual(activityWindow('hour', NOW), { since: '2026-03-01T11:35:00.000Z', bucket_seconds: 60 });
  assert.deepEqual(activityWindow('hour', NOW + 3000), activityWindow('hour', NOW));
  assert.deepEqual(activityWindow('day', NOW), { since: '2026-02-28T13:00:00.000Z', bucket_seconds: 1800 });
});

const bucket = (events: number, executions: number, failed = 0, missed = 0) => ({
  start: new Date(NOW).toISOString(),
  events,
  executions,
  failed,
  missed,
  event_errors: 0,
});

test('lines for events and executions, a bar for each bucket with failures, on a round scale', () => {
  assert.deepEqual([0, 1, 3, 7, 12, 99, 101].map(niceMax), [1, 1, 5, 10, 20, 100, 200]);
  const g = chartGeometry([bucket(4, 2), bucket(10, 8, 2, 1), bucket(0, 0)], 300, 100, () => 't');
  assert.equal(g.max, 10);
  assert.equal(g.events, 'M50.0,60.0 L150.0,0.0 L250.0,100.0');
  assert.equal(g.executions, 'M50.0,80.0 L150.0,20.0 L250.0,100.0');
  assert.equal(g.failures.length, 1);
  assert.deepEqual(
    { ...g.failures[0], x: Math.round(g.failures[0]?.x ?? 0) },
    { x: 120, y: 70, width: 60, height: 30, count: 3 },
  );
  assert.equal(failuresOf({ failed: 1, event_errors: 2, missed: 3 }), 6);
});

test('the last visit reads back; a missing, garbled or future one is a first visit', () => {
  assert.equal(parseLastVisit('2026-03-01T10:00:00.000Z', NOW), Date.parse('2026-03-01T10:00:00.000Z'));
  assert.equal(parseLastVisit(null, NOW), null);
  assert.equal(parseLastVisit('yesterday', NOW), null);
  assert.equal(parseLastVisit('2027-01-01T00:00:00Z', NOW), null);
});

test('"since your last visit" is one bucket back to it, at most 31 days', () => {
  const w = sinceWindow(NOW - 3_600_000, NOW);
  assert.equal(w.since, new Date(NOW - 3_600_000).toISOString());
  assert.ok(w.bucket_seconds >= 3600);
  assert.equal(Date.parse(sinceWindow(0, NOW).since), NOW - MAX_LOOKBACK_MS);
});

test('the next fires: enabled rules with a next fire, soonest first', () => {
  const r = (ref: string, at: string | null, enabled = true) => ({
    ref,
    label: ref,
    enabled,
    next_fire_at: at,
  });
  assert.deepEqual(
    nextFires(
      [
        r('local.b', '2026-03-01T14:00:00Z'),
        r('local.a', '2026-03-01T13:00:00Z'),
        r('local.c', null),
        r('local.d', '2026-03-01T12:40:00Z', false),
      ],
      5,
    ).map((f) => f.ref),
    ['local.a', 'local.b'],
  );
});

test('the two first-start templates link to the builder with ?template=', () => {
  assert.deepEqual(
    FIRST_RULE_TEMPLATES.map((t) => templateHref(t.id)),
    ['/rules/new?template=morning-notification', '/rules/new?template=webhook-script'],
  );
});
