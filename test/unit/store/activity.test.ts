/**
 * Activity per bucket (core/store/activity-repo.ts, the dashboard's chart): events, events with
 * an evaluation error, missed slots, executions and failed ones, each counted in the bucket of
 * its time, only inside the range, with empty buckets as zeros.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import {
  activity,
  insertEvaluation,
  insertEvent,
  insertExecution,
  openStore,
} from '../../../core/store/index.ts';
import { eventRow, executionRow } from '../../helpers/rows.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const MIN = 60_000;
const T = 1_700_000_000_000;

test('each kind of activity is counted in the minute it happened, and only inside the range', (t) => {
  const store = openStore({ file: path.join(tempDir(t), 'a.db') });
  t.after(() => store.close());
  store.transaction((w) => {
    insertEvent(w, eventRow({ created: T - 1 })); // before the range
    insertEvent(w, eventRow({ created: T }));
    insertEvent(w, eventRow({ created: T + 10_000 }));
    const bad = insertEvent(w, eventRow({ created: T + MIN + 5 }));
    insertEvaluation(w, bad, { rule_ref: 'p.r1', outcome: 'error', detail: 'boom', enforcement_id: null });
    insertEvaluation(w, bad, { rule_ref: 'p.r2', outcome: 'error', detail: 'boom', enforcement_id: null });
    insertEvent(w, eventRow({ kind: 'missed', rule_ref: 'p.r1', created: T + 2 * MIN }));
    insertEvent(w, eventRow({ created: T + 3 * MIN })); // at `until`: outside
    insertExecution(w, executionRow({ created: T - MIN, status: 'failed' })); // before
    insertExecution(w, executionRow({ created: T + 1000, status: 'completed' }));
    insertExecution(w, executionRow({ created: T + MIN, status: 'failed' }));
    insertExecution(w, executionRow({ created: T + MIN + 1, status: 'timeout' }));
    insertExecution(w, executionRow({ created: T + 2 * MIN, status: 'running' }));
  });
  const buckets = activity(store.read, T, T + 3 * MIN, MIN);
  assert.deepEqual(buckets, [
    { start: T, events: 2, event_errors: 0, missed: 0, executions: 1, failed: 0 },
    { start: T + MIN, events: 1, event_errors: 1, missed: 0, executions: 2, failed: 2 },
    { start: T + 2 * MIN, events: 1, event_errors: 0, missed: 1, executions: 1, failed: 0 },
  ]);
});

test('a range with nothing in it is all zeros', (t) => {
  const store = openStore({ file: path.join(tempDir(t), 'a.db') });
  t.after(() => store.close());
  const buckets = activity(store.read, T, T + 2 * MIN, MIN);
  assert.equal(buckets.length, 2);
  assert.ok(buckets.every((b) => b.events + b.executions + b.missed + b.failed + b.event_errors === 0));
});
